// What the trainer and the evaluator read: one image, one prompt, one mask.
// Plain C++ so that dataset readers (Qt, OpenCV) need no torch headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tgc::training {

struct TrainingSample {
    std::string imageId; // rows sharing an image share this (text-swap pairs, split groups)
    int width = 0;
    int height = 0;
    std::vector<float> image;       // windowed intensities in [0, 1], row-major
    std::vector<std::uint8_t> mask; // 0 / 1, same grid
    std::string report;             // primary prompt
    std::string aux;                // auxiliary prompt, may be empty
};

class SampleSource {
public:
    virtual ~SampleSource() = default;
    virtual std::size_t size() const = 0;
    // Throws std::runtime_error naming the file on unreadable data.
    virtual TrainingSample sample(std::size_t index) const = 0;
    // The image id of a row without loading its pixels.
    virtual std::string imageId(std::size_t index) const = 0;
    // For the checkpoint's metadata: what the data was.
    virtual std::string description() const = 0;
    // Whether any row has an auxiliary prompt (the trainer then runs DATE).
    virtual bool hasAuxPrompts() const {
        for (std::size_t i = 0; i < size(); ++i) {
            if (!sample(i).aux.empty())
                return true;
        }
        return false;
    }
};

// Samples held in memory (tests, generated phantoms).
class MemorySampleSource : public SampleSource {
public:
    explicit MemorySampleSource(std::vector<TrainingSample> samples, std::string description = {})
        : m_samples(std::move(samples)), m_description(std::move(description)) {}
    std::size_t size() const override { return m_samples.size(); }
    TrainingSample sample(std::size_t index) const override { return m_samples.at(index); }
    std::string imageId(std::size_t index) const override { return m_samples.at(index).imageId; }
    std::string description() const override { return m_description; }

private:
    std::vector<TrainingSample> m_samples;
    std::string m_description;
};

} // namespace tgc::training

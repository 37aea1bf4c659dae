// Small data and a small network for the training suites: hand-made boxes,
// images of a bright disk (the mask is the disk), and the tiny architecture
// at small input sizes, so a training run takes seconds.
#pragma once

#include "tgc_config.h"
#include "trainer.h"

#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace tgc::training::test {

inline std::vector<std::uint8_t> box(int size, int x0, int y0, int x1, int y1) {
    std::vector<std::uint8_t> m(std::size_t(size) * size, 0);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            m[std::size_t(y) * size + x] = 1;
    return m;
}

// Images with a bright disk at a random place and the prompt "a bright round
// lesion"; with everyOtherAbsent, every odd image has no disk (an absent
// target, an empty mask). The random draws are the same either way.
inline MemorySampleSource diskData(int count, int size, std::uint64_t seed,
                                   bool everyOtherAbsent = false) {
    std::mt19937 rng{static_cast<unsigned>(seed)};
    std::uniform_real_distribution<float> where(0.3f * size, 0.7f * size), noise(-0.05f, 0.05f);
    std::vector<TrainingSample> samples;
    for (int i = 0; i < count; ++i) {
        TrainingSample s;
        s.imageId = "disk" + std::to_string(i);
        s.width = s.height = size;
        s.report = "a bright round lesion";
        const bool present = !everyOtherAbsent || i % 2 == 0;
        const float cx = where(rng), cy = where(rng), r = 0.15f * size;
        for (int y = 0; y < size; ++y) {
            for (int x = 0; x < size; ++x) {
                const bool inside = present && (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
                s.image.push_back((inside ? 0.8f : 0.3f) + noise(rng));
                s.mask.push_back(inside ? 1 : 0);
            }
        }
        samples.push_back(std::move(s));
    }
    return MemorySampleSource(std::move(samples),
                              everyOtherAbsent ? "disks with absent targets" : "disks");
}

// The tiny architecture at small input sizes, so a run takes seconds.
inline std::string smallTinyConfig() {
    auto config = tgc::model::tgcNetConfig("tiny");
    config.name = "tiny-test";
    config.vision.imageSize = 64;
    config.cnnImageSize = 64;
    return tgc::model::configToJson(config).dump();
}

// A run of a few steps on the CPU at the small config, with no validation
// or checkpoint along the way; each test sets what it is about.
inline TrainOptions shortRun(int steps, int batchSize) {
    TrainOptions options;
    options.configJson = smallTinyConfig();
    options.steps = steps;
    options.batchSize = batchSize;
    options.validateEvery = 0;
    options.checkpointEvery = 0;
    options.device = "cpu";
    return options;
}

// This process's own temporary folder, and a file in it.
inline std::filesystem::path tempFolder() {
    return std::filesystem::temp_directory_path() /
           ("tgc_training_test_" + std::to_string(getpid()));
}

inline std::string tempPath(const std::string& name) {
    std::filesystem::create_directories(tempFolder());
    return (tempFolder() / name).string();
}

} // namespace tgc::training::test

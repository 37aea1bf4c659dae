// A qata-layout folder (DESIGN.md §5) as training and evaluation rows.
// Pixels become [0, 1] by modelInputWindow (8-bit: /255; 16-bit: HU + 1024
// through the CT window). Decoded images and masks are kept in memory, since
// every epoch reads them again.
#pragma once

#include "model_input.h"
#include "training_sample.h"

#include <QString>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace tgc::cli {

class QataSampleSource : public training::SampleSource {
public:
    // Throws IoError naming text.csv and the line, or a file.
    QataSampleSource(const QString& folder, const ModelInputConvention& input = {});
    ~QataSampleSource() override;

    std::size_t size() const override;
    training::TrainingSample sample(std::size_t index) const override;
    std::string imageId(std::size_t index) const override;
    std::string description() const override;
    bool hasAuxPrompts() const override;
    // JSON object for the checkpoint: how pixels were brought to [0, 1].
    std::string inputJson() const;

private:
    struct Row;
    struct Decoded {
        int width = 0, height = 0;
        std::vector<float> unit;
    };
    // Decoded once, then from the cache.
    const Decoded& image(const QString& path) const;
    std::vector<std::uint8_t> mask(const QString& path, int width, int height) const;
    Decoded decodeImage(const QString& path) const;
    static std::vector<std::uint8_t> decodeMask(const QString& path, int width, int height);

    QString m_folder;
    ModelInputConvention m_input;
    std::vector<Row> m_rows;
    bool m_hasAux = false;
    std::size_t m_images = 0;
    mutable std::mutex m_mutex;
    mutable std::map<QString, Decoded> m_imageCache;
    mutable std::map<QString, std::vector<std::uint8_t>> m_maskCache;
};

} // namespace tgc::cli

#include "qata_samples.h"

#include "image_reader.h"
#include "image_volume.h"
#include "io_error.h"
#include "model_input.h"
#include "qata_dataset.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <set>

namespace tgc::cli {

struct QataSampleSource::Row {
    QString imagePath, maskPath, imageName;
    std::string report, aux;
};

QataSampleSource::QataSampleSource(const QString& folder, const ModelInputConvention& input)
    : m_folder(QDir(folder).absolutePath()), m_input(input) {
    const QataDataset dataset = QataDataset::read(folder);
    std::set<QString> images;
    for (const QataRow& row : dataset.rows()) {
        m_rows.push_back(Row{dataset.imagePath(row), dataset.maskPath(row), row.image,
                             row.description.toStdString(), row.aux.toStdString()});
        m_hasAux = m_hasAux || !row.aux.isEmpty();
        images.insert(row.image);
    }
    m_images = images.size();
    if (m_rows.empty())
        throw IoError(QDir(folder).filePath(QStringLiteral("text.csv")), QStringLiteral("no rows"));
}

QataSampleSource::~QataSampleSource() = default;

std::size_t QataSampleSource::size() const {
    return m_rows.size();
}

std::string QataSampleSource::imageId(std::size_t index) const {
    return m_rows.at(index).imageName.toStdString();
}

bool QataSampleSource::hasAuxPrompts() const {
    return m_hasAux;
}

std::string QataSampleSource::description() const {
    return QStringLiteral("qata folder %1: %2 rows on %3 images")
        .arg(QFileInfo(m_folder).fileName())
        .arg(m_rows.size())
        .arg(m_images)
        .toStdString();
}

std::string QataSampleSource::inputJson() const {
    QJsonObject json;
    json[QStringLiteral("convention")] =
        QStringLiteral("modelInputWindow: 8-bit value/255; 16-bit PNG HU+1024 and CT volumes "
                       "through the CT window");
    json[QStringLiteral("ct_window_center")] = m_input.ctWindowCenter;
    json[QStringLiteral("ct_window_width")] = m_input.ctWindowWidth;
    return QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
}

namespace {

// The entry of `path` in a cache, decoded by `decode` outside the lock when
// missing (two threads may decode the same file; the first one kept wins).
template <class T, class Decode>
const T& cached(std::mutex& mutex, std::map<QString, T>& cache, const QString& path,
                const Decode& decode) {
    {
        std::lock_guard lock(mutex);
        const auto found = cache.find(path);
        if (found != cache.end())
            return found->second;
    }
    T value = decode();
    std::lock_guard lock(mutex);
    return cache.emplace(path, std::move(value)).first->second;
}

} // namespace

const QataSampleSource::Decoded& QataSampleSource::image(const QString& path) const {
    return cached(m_mutex, m_imageCache, path, [&] { return decodeImage(path); });
}

std::vector<std::uint8_t> QataSampleSource::mask(const QString& path, int width, int height) const {
    return cached(m_mutex, m_maskCache, path, [&] { return decodeMask(path, width, height); });
}

QataSampleSource::Decoded QataSampleSource::decodeImage(const QString& path) const {
    const ImageVolume volume = readImage(path);
    const auto dims = volume.dims();
    if (dims[2] != 1)
        throw IoError(
            path, QStringLiteral("a qata image must be 2D, this one has %1 slices").arg(dims[2]));
    Decoded decoded;
    decoded.width = dims[0];
    decoded.height = dims[1];
    decoded.unit = unitSlice(volume, 0, modelInputWindow(volume, m_input));
    return decoded;
}

std::vector<std::uint8_t> QataSampleSource::decodeMask(const QString& path, int width, int height) {
    const ImageVolume volume = readImage(path);
    const auto dims = volume.dims();
    if (dims[0] != width || dims[1] != height || dims[2] != 1)
        throw IoError(path, QStringLiteral("the mask is %1x%2x%3, its image %4x%5")
                                .arg(dims[0])
                                .arg(dims[1])
                                .arg(dims[2])
                                .arg(width)
                                .arg(height));
    std::vector<std::uint8_t> mask(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            mask[std::size_t(y) * width + x] = volume.valueAt(x, y, 0) > 0 ? 1 : 0;
    return mask;
}

training::TrainingSample QataSampleSource::sample(std::size_t index) const {
    const Row& row = m_rows.at(index);
    const Decoded& decoded = image(row.imagePath);
    training::TrainingSample s;
    s.imageId = row.imageName.toStdString();
    s.width = decoded.width;
    s.height = decoded.height;
    s.image = decoded.unit;
    s.mask = mask(row.maskPath, decoded.width, decoded.height);
    s.report = row.report;
    s.aux = row.aux;
    return s;
}

} // namespace tgc::cli

#include "case_entry.h"

#include "qata_dataset.h"
#include "store/importer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <map>

namespace tgc {

namespace {

// Distinct colours for labels that come without one.
std::array<std::uint8_t, 3> paletteColour(int index) {
    static const std::uint8_t palette[][3] = {{230, 60, 60},  {60, 180, 75},  {255, 200, 40},
                                              {70, 130, 240}, {245, 130, 48}, {145, 30, 180},
                                              {70, 240, 240}, {240, 50, 230}};
    const auto& c = palette[index % 8];
    return {c[0], c[1], c[2]};
}

QString gridText(const std::array<int, 3>& d) {
    return QStringLiteral("%1x%2x%3").arg(d[0]).arg(d[1]).arg(d[2]);
}

} // namespace

bool isQataFolder(const QString& dir) {
    const QDir d(dir);
    return QFileInfo(dir).isDir() && d.exists(QStringLiteral("images")) &&
           QFileInfo::exists(d.filePath(QStringLiteral("text.csv")));
}

std::vector<CaseEntry> qataCases(const QString& dir) {
    QataReadOptions options;
    options.requireMasks = false;
    const QataDataset dataset = QataDataset::read(dir, options);
    const QDir d(dir);
    const std::vector<Label> table = qata::readLabelTable(dir);
    std::vector<CaseEntry> cases;
    std::map<QString, std::size_t> byImage;
    for (const QataRow& row : dataset.rows()) {
        auto it = byImage.find(row.image);
        if (it == byImage.end()) {
            CaseEntry entry;
            entry.id = QFileInfo(row.image).fileName();
            entry.imagePath = dataset.imagePath(row);
            const QString labelMap = d.filePath(QStringLiteral("masks/") + row.image);
            if (!table.empty() && QFileInfo::exists(labelMap)) {
                entry.labelMapPath = labelMap;
                entry.labelTable = table;
            }
            it = byImage.emplace(row.image, cases.size()).first;
            cases.push_back(entry);
        }
        CaseEntry& entry = cases[it->second];
        if (!row.description.isEmpty()) {
            if (!entry.report.isEmpty())
                entry.report += QStringLiteral("\n\n");
            entry.report += row.description;
        }
        const QString mask = dataset.maskPath(row);
        if (entry.labelMapPath.isEmpty() && QFileInfo::exists(mask)) {
            // A layer is named after its mask file's suffix ("liver" in ct_000_liver.png).
            const QString name = qata::layerLabelName(row, dir);
            entry.layers.push_back({mask, name});
        }
    }
    return cases;
}

namespace {
template <typename T>
void copyIds(const T* values, int stride, std::size_t n, std::uint8_t* out, std::uint8_t binaryId,
             bool keepIds) {
    for (std::size_t i = 0; i < n; ++i) {
        const long id = std::lround(double(values[i * std::size_t(stride)]));
        if (id > 0)
            out[i] = keepIds ? std::uint8_t(std::min(id, 255L)) : binaryId;
    }
}
} // namespace

void addMaskToLabels(const ImageVolume& mask, const QString& maskPath, LabelMap& labels,
                     std::uint8_t binaryId, bool keepIds) {
    if (mask.dims() != labels.dims()) {
        throw IoError(maskPath, QStringLiteral("the mask is %1 voxels but the image is %2")
                                    .arg(gridText(mask.dims()), gridText(labels.dims())));
    }
    const std::size_t n = labels.geometry().voxelCount();
    const int stride = mask.components();
    switch (mask.voxelType()) {
    case VoxelType::UInt8:
        copyIds(mask.data<std::uint8_t>(), stride, n, labels.data(), binaryId, keepIds);
        break;
    case VoxelType::Int16:
        copyIds(mask.data<std::int16_t>(), stride, n, labels.data(), binaryId, keepIds);
        break;
    case VoxelType::UInt16:
        copyIds(mask.data<std::uint16_t>(), stride, n, labels.data(), binaryId, keepIds);
        break;
    case VoxelType::Float32:
        copyIds(mask.data<float>(), stride, n, labels.data(), binaryId, keepIds);
        break;
    }
}

LoadedCase loadCase(const CaseEntry& entry, const ReadProgress& progress) {
    LoadedCase loaded;
    loaded.entry = entry;
    // As a project case reads it (a qata CT slice becomes CT in HU).
    loaded.image =
        std::make_shared<ImageVolume>(readCaseSources({entry.imagePath}, nullptr, progress));
    for (const QString& w : loaded.image->warnings)
        loaded.warnings << w;
    // Made here, not on the UI thread: a 512x512x300 map is 78 MB to clear.
    auto labels = std::make_shared<LabelMap>(loaded.image->geometry());
    loaded.labels = labels;
    if (entry.labelMapPath.isEmpty() && entry.layers.empty())
        return loaded;
    labels->labels().clear();
    if (!entry.labelMapPath.isEmpty()) {
        const ImageVolume mask = readImage(entry.labelMapPath);
        addMaskToLabels(mask, entry.labelMapPath, *labels, 1, true);
        labels->labels() = entry.labelTable;
    } else {
        int id = 1;
        for (const CaseMask& layer : entry.layers) {
            const ImageVolume mask = readImage(layer.path);
            addMaskToLabels(mask, layer.path, *labels, std::uint8_t(id), false);
            labels->labels().push_back(
                Label{std::uint8_t(id), layer.name, paletteColour(id - 1), true});
            if (++id > 255)
                break;
        }
    }
    // Ids in the voxels that no table entry names still get drawn.
    bool present[256] = {};
    for (std::size_t i = 0, n = labels->geometry().voxelCount(); i < n; ++i)
        present[labels->data()[i]] = true;
    for (int id = 1; id < 256; ++id) {
        if (present[id] && !labels->label(std::uint8_t(id)))
            labels->labels().push_back(Label{std::uint8_t(id), QStringLiteral("label %1").arg(id),
                                             paletteColour(id - 1), true});
    }
    return loaded;
}

} // namespace tgc

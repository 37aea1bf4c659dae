#include "case_sources.h"

#include "dicom_seg_reader.h"
#include "label_io.h"
#include "qata_dataset.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace tgc {

namespace {

template <typename T> void collectIds(const T* v, std::size_t n, std::vector<std::uint8_t>& out) {
    for (std::size_t i = 0; i < n; ++i) {
        const long id = std::lround(double(v[i]));
        out[i] = std::uint8_t(std::clamp(id, 0L, 255L));
    }
}

// One mask's values as label ids 0..255 (fractions rounded, the rest clamped).
std::vector<std::uint8_t> maskIds(const ImageVolume& mask, const QString& path) {
    if (mask.components() != 1)
        throw IoError(path, QStringLiteral("a colour image cannot be a mask: expected grey "
                                           "values (0 / 255 or label ids)"));
    const std::size_t n = mask.geometry().voxelCount();
    std::vector<std::uint8_t> ids(n);
    switch (mask.voxelType()) {
    case VoxelType::UInt8:
        std::copy(mask.data<std::uint8_t>(), mask.data<std::uint8_t>() + n, ids.begin());
        break;
    case VoxelType::Int16:
        collectIds(mask.data<std::int16_t>(), n, ids);
        break;
    case VoxelType::UInt16:
        collectIds(mask.data<std::uint16_t>(), n, ids);
        break;
    case VoxelType::Float32:
        collectIds(mask.data<float>(), n, ids);
        break;
    }
    return ids;
}

} // namespace

ImageVolume readCaseSources(const QStringList& sources, ImageSourceInfo* info,
                            const ReadProgress& progress) {
    if (sources.isEmpty())
        throw IoError(QStringLiteral("(case)"), QStringLiteral("the case names no source image"));
    if (sources.size() == 1) {
        ImageVolume image = readImageWithInfo(sources.front(), info, progress);
        if (qata::isDatasetImage(sources.front()))
            qata::adoptCtConvention(image);
        return image;
    }
    SeriesInfo series;
    for (const QString& s : sources)
        series.files.push_back(s);
    if (info) {
        *info = ImageSourceInfo{};
        info->kind = QStringLiteral("dicom-series");
        info->seriesCount = 1;
        info->frames = int(sources.size());
    }
    return readDicomSeries(series, progress);
}

QString gridText(const std::array<int, 3>& d) {
    return QStringLiteral("%1x%2x%3").arg(d[0]).arg(d[1]).arg(d[2]);
}

std::uint8_t labelIdFor(std::vector<Label>& table, const QString& name, int preferredId,
                        const std::optional<std::array<std::uint8_t, 3>>& colour,
                        const QString& owner) {
    for (const Label& l : table) {
        if (l.name.compare(name, Qt::CaseInsensitive) == 0)
            return l.id;
    }
    bool used[256] = {true};
    for (const Label& l : table)
        used[l.id] = true;
    int id = preferredId > 0 && preferredId < 256 && !used[preferredId] ? preferredId : 0;
    for (int candidate = 1; id == 0 && candidate < 256; ++candidate)
        id = used[candidate] ? 0 : candidate;
    if (id == 0)
        throw IoError(owner,
                      QStringLiteral("no free label id for '%1' (255 labels in use)").arg(name));
    table.push_back(Label{std::uint8_t(id), name, colour.value_or(defaultLabelColour(id)), true});
    return std::uint8_t(id);
}

LabelMap startingMask(std::vector<Label>& table, const QString& tableOwner,
                      const ImageVolume& image, const CaseSources& candidate,
                      std::vector<ImportIssue>& skipped) {
    LabelMap labels(image.geometry());
    int layer = 1;
    for (int m = 0; m < candidate.masks.size(); ++m, ++layer) {
        const QString& path = candidate.masks[m];
        try {
            const ImageVolume mask = readImage(path);
            if (mask.dims() != image.dims())
                throw IoError(path, QStringLiteral("the mask is %1 voxels but its image is %2")
                                        .arg(gridText(mask.dims()), gridText(image.dims())));
            const std::vector<std::uint8_t> ids = maskIds(mask, path);
            std::set<std::uint8_t> values(ids.begin(), ids.end());
            values.erase(0);
            std::array<std::uint8_t, 256> map{};
            for (int v = 0; v < 256; ++v)
                map[std::size_t(v)] = std::uint8_t(v);
            const QString name =
                m < candidate.maskNames.size() ? candidate.maskNames[m] : QString();
            if (values.size() <= 1) {
                const std::uint8_t id =
                    name.isEmpty() ? std::uint8_t(std::min(layer, 255))
                                   : labelIdFor(table, name, layer, std::nullopt, tableOwner);
                for (int v = 1; v < 256; ++v)
                    map[std::size_t(v)] = id;
            } else {
                for (const Label& l : candidate.maskTable)
                    map[l.id] = labelIdFor(table, l.name, l.id, l.colour, tableOwner);
            }
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (ids[i])
                    labels.data()[i] = map[ids[i]];
            }
        } catch (const IoError& e) {
            skipped.push_back({e.path(), e.reason()});
        }
    }
    // DICOM SEGs of this series: each segment becomes the table's label of that name.
    for (const QString& path : candidate.segs) {
        try {
            const DicomSegmentation seg = readDicomSeg(path, &image);
            std::array<std::uint8_t, 256> map{};
            for (const DicomSegment& s : seg.segments) {
                const QString name =
                    s.label.isEmpty() ? QStringLiteral("segment %1").arg(s.number) : s.label;
                map[std::size_t(s.number)] =
                    labelIdFor(table, name, s.number,
                               s.hasColour ? std::optional(s.colour) : std::nullopt, tableOwner);
            }
            const std::uint8_t* ids = seg.labels.data();
            for (std::size_t i = 0; i < image.geometry().voxelCount(); ++i) {
                if (ids[i])
                    labels.data()[i] = map[ids[i]];
            }
        } catch (const IoError& e) {
            skipped.push_back({e.path(), e.reason()});
        }
    }
    return labels;
}

void addMissingLabels(std::vector<Label>& table, const LabelMap& mask) {
    bool present[256] = {};
    const std::size_t n = mask.geometry().voxelCount();
    for (std::size_t i = 0; i < n; ++i)
        present[mask.data()[i]] = true;
    for (int id = 1; id < 256; ++id) {
        if (!present[id])
            continue;
        const bool known =
            std::any_of(table.begin(), table.end(), [id](const Label& l) { return l.id == id; });
        if (!known)
            table.push_back(Label{std::uint8_t(id), QStringLiteral("label %1").arg(id),
                                  defaultLabelColour(id), true});
    }
}

} // namespace tgc

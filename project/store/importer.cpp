#include "importer.h"

#include "image_writer.h"
#include "import_scan.h"
#include "label_io.h"
#include "project.h"
#include "qata_dataset.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace tgc {

namespace {

QString gridText(const std::array<int, 3>& d) {
    return QStringLiteral("%1x%2x%3").arg(d[0]).arg(d[1]).arg(d[2]);
}

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

// The project's id for a label name (case-insensitive); a new name gets a row,
// keeping the source's id when it is free. So "spleen" is one id in every case
// however the sources numbered it, which is what an exported dataset needs.
std::uint8_t projectLabelId(Project& project, const QString& name, int preferredId,
                            const std::optional<std::array<std::uint8_t, 3>>& colour) {
    for (const Label& l : project.labels) {
        if (l.name.compare(name, Qt::CaseInsensitive) == 0)
            return l.id;
    }
    bool used[256] = {true};
    for (const Label& l : project.labels)
        used[l.id] = true;
    int id = preferredId > 0 && preferredId < 256 && !used[preferredId] ? preferredId : 0;
    for (int candidate = 1; id == 0 && candidate < 256; ++candidate)
        id = used[candidate] ? 0 : candidate;
    if (id == 0)
        throw IoError(project.root(), QStringLiteral("no free label id for '%1' (255 labels in "
                                                     "use)")
                                          .arg(name));
    project.labels.push_back(
        Label{std::uint8_t(id), name, colour.value_or(defaultLabelColour(id)), true});
    return std::uint8_t(id);
}

// A new project's placeholder table (the default label, no case yet) gives
// way to the first import's names.
void dropPlaceholderLabels(Project& project) {
    const std::vector<Label> placeholder = LabelMap::defaultLabels();
    const bool untouched =
        project.cases().empty() && project.labels.size() == placeholder.size() &&
        std::equal(project.labels.begin(), project.labels.end(), placeholder.begin(),
                   [](const Label& a, const Label& b) { return a.id == b.id && a.name == b.name; });
    if (untouched)
        project.labels.clear();
}

// The starting annotation from the source's masks: a mask holding one value
// (0/255 or 0/1) is a layer, a label named after what it shows; a mask with
// several values is a label-id map, its ids mapped through the dataset's
// label table by name (kept as they are without one). Later masks win overlaps.
LabelMap startingMask(Project& project, const ImageVolume& image, const ImportCandidate& candidate,
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
                const std::uint8_t id = name.isEmpty()
                                            ? std::uint8_t(std::min(layer, 255))
                                            : projectLabelId(project, name, layer, std::nullopt);
                for (int v = 1; v < 256; ++v)
                    map[std::size_t(v)] = id;
            } else {
                for (const Label& l : candidate.maskTable)
                    map[l.id] = projectLabelId(project, l.name, l.id, l.colour);
            }
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (ids[i])
                    labels.data()[i] = map[ids[i]];
            }
        } catch (const IoError& e) {
            skipped.push_back({e.path(), e.reason() + QStringLiteral(" (the case is imported "
                                                                     "without this mask)")});
        }
    }
    return labels;
}

// Gives every id the mask uses a row in the project's label table.
void addMissingLabels(Project& project, const LabelMap& mask) {
    bool present[256] = {};
    const std::size_t n = mask.geometry().voxelCount();
    for (std::size_t i = 0; i < n; ++i)
        present[mask.data()[i]] = true;
    for (int id = 1; id < 256; ++id) {
        if (!present[id])
            continue;
        const bool known = std::any_of(project.labels.begin(), project.labels.end(),
                                       [id](const Label& l) { return l.id == id; });
        if (!known)
            project.labels.push_back(Label{std::uint8_t(id), QStringLiteral("label %1").arg(id),
                                           defaultLabelColour(id), true});
    }
}

bool anyVoxel(const LabelMap& mask) {
    const std::size_t n = mask.geometry().voxelCount();
    return std::any_of(mask.data(), mask.data() + n, [](std::uint8_t v) { return v != 0; });
}

} // namespace

QString hashFiles(const QStringList& files) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw IoError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
        if (!hash.addData(&file))
            throw IoError(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
    }
    return QString::fromLatin1(hash.result().toHex());
}

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

ImportResult importSources(Project& project, const QStringList& sources,
                           const ImportOptions& options) {
    ImportResult result;
    ImportScan scan =
        scanImportSources(sources, options.projectOwnFiles ? QString() : project.root());
    result.skipped = scan.skipped;
    std::map<QString, QString> known; // content hash -> case id
    for (const CaseRecord& c : project.cases()) {
        if (!c.contentHash.isEmpty())
            known.emplace(c.contentHash, c.id);
    }
    const int total = int(scan.candidates.size());
    for (int i = 0; i < total; ++i) {
        const ImportCandidate& candidate = scan.candidates[std::size_t(i)];
        if (options.progress && !options.progress(i, total, candidate.origin)) {
            result.cancelled = true;
            break;
        }
        try {
            const QString hash = hashFiles(candidate.files);
            if (auto it = known.find(hash); it != known.end()) {
                result.duplicates.push_back({candidate.origin, it->second});
                continue;
            }
            ImageSourceInfo info;
            const ImageVolume image = readCaseSources(candidate.files, &info);
            CaseRecord record;
            record.id = candidate.id;
            record.sources = candidate.files;
            record.sourceKind = info.kind;
            record.dims = image.dims();
            record.modality = image.modality;
            record.patientId = image.patientId;
            record.contentHash = hash;
            record.report = candidate.report;
            record.aux = candidate.aux;
            record.auxSource = candidate.aux.isEmpty() ? AuxSource::None : AuxSource::Typed;
            record.status = options.status;
            record.annotator = options.annotator;
            record.volume = image.dims()[2] > 1;
            if (!candidate.masks.isEmpty())
                dropPlaceholderLabels(project);
            const LabelMap mask = startingMask(project, image, candidate, result.skipped);
            CaseRecord& stored = project.addCase(record);
            if (anyVoxel(mask)) {
                try {
                    writeLabelFile(mask, project.maskPath(stored));
                    addMissingLabels(project, mask);
                } catch (const IoError&) {
                    project.removeCase(stored.id); // no case without the mask it came with
                    throw;
                }
            }
            known.emplace(hash, stored.id);
            result.added << stored.id;
        } catch (const IoError& e) {
            result.skipped.push_back({e.path(), e.reason()});
        } catch (const std::exception& e) {
            result.skipped.push_back({candidate.origin, QString::fromLocal8Bit(e.what())});
        }
    }
    if (options.progress && !result.cancelled)
        options.progress(total, total, QString());
    return result;
}

QJsonObject ImportResult::toJson() const {
    QJsonArray skippedArray;
    for (const ImportIssue& s : skipped)
        skippedArray.append(QJsonObject{{"path", s.path}, {"reason", s.reason}});
    QJsonArray duplicateArray;
    for (const ImportDuplicate& d : duplicates)
        duplicateArray.append(QJsonObject{{"path", d.path}, {"case", d.existingId}});
    return QJsonObject{{"added", QJsonArray::fromStringList(added)},
                       {"duplicates", duplicateArray},
                       {"skipped", skippedArray},
                       {"cancelled", cancelled}};
}

} // namespace tgc

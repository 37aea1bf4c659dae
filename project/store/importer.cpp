#include "importer.h"

#include "case_sources.h"
#include "file_hash.h"
#include "image_writer.h"
#include "import_scan.h"
#include "label_io.h"
#include "project.h"
#include "qata_dataset.h"

#include <QFile>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace tgc {

namespace {

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

bool anyVoxel(const LabelMap& mask) {
    const std::size_t n = mask.geometry().voxelCount();
    return std::any_of(mask.data(), mask.data() + n, [](std::uint8_t v) { return v != 0; });
}

} // namespace

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
        const CaseSources& candidate = scan.candidates[std::size_t(i)];
        if (options.progress && !options.progress(i, total, candidate.origin)) {
            result.cancelled = true;
            break;
        }
        try {
            const QString hash = sha256OfFiles(candidate.files);
            if (auto it = known.find(hash); it != known.end()) {
                result.duplicates.push_back({candidate.origin, it->second});
                continue;
            }
            ImageSourceInfo info;
            const ImageVolume image = readCaseSources(candidate.files, &info);
            CaseRecord record;
            record.id = options.caseId.isEmpty() || total != 1 ? candidate.id : options.caseId;
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
            if (!candidate.masks.isEmpty() || !candidate.segs.isEmpty())
                dropPlaceholderLabels(project);
            std::vector<ImportIssue> unused;
            const LabelMap mask =
                startingMask(project.labels, project.root(), image, candidate, unused);
            for (const ImportIssue& issue : unused)
                result.skipped.push_back(
                    {issue.path,
                     issue.reason + (candidate.segs.contains(issue.path)
                                         ? QStringLiteral(" (the case is imported without this "
                                                          "DICOM SEG)")
                                         : QStringLiteral(" (the case is imported without this "
                                                          "mask)"))});
            CaseRecord& stored = project.addCase(record);
            if (anyVoxel(mask)) {
                try {
                    writeLabelFile(mask, project.maskPath(stored));
                    addMissingLabels(project.labels, mask);
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

#include "case_entry.h"

#include "label_io.h"
#include "store/case_sources.h"

#include <QDir>
#include <QFileInfo>
#include <cstring>

namespace tgc {

CaseEntry entryOf(const CaseRecord& record) {
    CaseEntry entry;
    entry.id = record.id;
    entry.sources = record.sources;
    entry.report = record.report;
    return entry;
}

bool isQataFolder(const QString& dir) {
    const QDir d(dir);
    return QFileInfo(dir).isDir() && d.exists(QStringLiteral("images")) &&
           QFileInfo::exists(d.filePath(QStringLiteral("text.csv")));
}

std::vector<CaseEntry> qataCases(const QString& dir, QStringList* problems) {
    const ImportScan scan = scanImportSources({dir}, QString());
    if (scan.candidates.empty() && !scan.skipped.empty())
        throw IoError(scan.skipped.front().path, scan.skipped.front().reason);
    if (problems) {
        for (const ImportIssue& issue : scan.skipped)
            *problems << issue.path + QStringLiteral(": ") + issue.reason;
    }
    std::vector<CaseEntry> cases;
    for (const CaseSources& candidate : scan.candidates) {
        CaseEntry entry;
        entry.id = QFileInfo(candidate.files.value(0)).fileName(); // as the dataset names it
        entry.sources = candidate.files;
        entry.report = candidate.report;
        entry.dataset = candidate;
        cases.push_back(std::move(entry));
    }
    return cases;
}

namespace {

// The project's saved mask, its ids as they are.
void readSavedMask(const CaseEntry& entry, LabelMap& labels) {
    const LabelMap saved = readLabelMap(entry.labelMapPath);
    if (saved.dims() != labels.dims())
        throw IoError(entry.labelMapPath,
                      QStringLiteral("the mask is %1 voxels but its image is %2")
                          .arg(gridText(saved.dims()), gridText(labels.dims())));
    std::memcpy(labels.data(), saved.data(), labels.geometry().voxelCount());
    labels.labels() = entry.labelTable;
}

} // namespace

LoadedCase loadCase(const CaseEntry& entry, const ReadProgress& progress) {
    LoadedCase loaded;
    loaded.entry = entry;
    // As a project case reads it (a qata CT slice becomes CT in HU).
    loaded.image = std::make_shared<ImageVolume>(readCaseSources(entry.sources, nullptr, progress));
    for (const QString& w : loaded.image->warnings)
        loaded.warnings << w;
    // Made here, not on the UI thread: a 512x512x300 map is 78 MB to clear.
    if (!entry.labelMapPath.isEmpty()) {
        loaded.labels = std::make_shared<LabelMap>(loaded.image->geometry());
        readSavedMask(entry, *loaded.labels);
    } else if (!entry.dataset.masks.isEmpty() || !entry.dataset.segs.isEmpty()) {
        std::vector<Label> table;
        std::vector<ImportIssue> problems;
        loaded.labels = std::make_shared<LabelMap>(
            startingMask(table, entry.id, *loaded.image, entry.dataset, problems));
        if (!problems.empty()) // shown whole or not at all: a partial mask would mislead
            throw IoError(problems.front().path, problems.front().reason);
        loaded.labels->labels() = table;
    } else {
        loaded.labels = std::make_shared<LabelMap>(loaded.image->geometry());
        return loaded;
    }
    // Ids in the voxels that no table entry names still get drawn.
    addMissingLabels(loaded.labels->labels(), *loaded.labels);
    return loaded;
}

} // namespace tgc

// What the case list opens: an image opened this session (a file, a DICOM
// folder, or an image of a qata folder as the importer scans it, with its
// masks and report) or a project case with its saved mask, and how such an
// entry becomes an image and a label map. The sources are read as every
// other path reads a case (store/case_sources.h).
#pragma once

#include "image_reader.h"
#include "image_volume.h"
#include "label_map.h"
#include "store/case_record.h"
#include "store/import_scan.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace tgc {

struct CaseEntry {
    QString id;          // shown in the case list
    QStringList sources; // as a project case records them
    // A project case's saved mask (label ids) with the project's label table.
    QString labelMapPath;
    std::vector<Label> labelTable;
    // Or a loose dataset image's masks, read as the importer reads them.
    CaseSources dataset;
    QString report;
};

// A case of a project (the open one, or the loose files' unsaved one) to
// open: its id, sources and report; the caller adds its mask.
CaseEntry entryOf(const CaseRecord& record);

// images/ and text.csv present.
bool isQataFolder(const QString& dir);
// One entry per image of a qata folder (the importer's scan of it): its
// rows' descriptions form the report, its masks the starting annotation.
// Rows that cannot be used are listed in `problems`. Throws IoError when
// text.csv cannot be read.
std::vector<CaseEntry> qataCases(const QString& dir, QStringList* problems = nullptr);

struct LoadedCase {
    CaseEntry entry;
    std::shared_ptr<ImageVolume> image;
    std::shared_ptr<LabelMap> labels; // empty (all 0) when the case has no mask
    QStringList warnings;
};

// Reads the image and its masks (runs off the UI thread). Throws IoError
// naming the file: unreadable image or mask, or a mask on another grid.
LoadedCase loadCase(const CaseEntry& entry, const ReadProgress& progress = {});

} // namespace tgc

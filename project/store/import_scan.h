// The first half of an import: turning the sources a user named into a list
// of would-be cases, without reading any pixels. importer.cpp does the rest.
#pragma once

#include "importer.h"
#include "label_map.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace tgc {

// What a would-be case is read from (store/case_sources.h reads it).
struct CaseSources {
    QStringList files; // one image file or folder, or a DICOM series' sorted slices
    bool dicomSeries = false;
    QString id;     // suggested case id (made safe and unique when added)
    QString origin; // for messages: the path, or "text.csv:4"
    QString report;
    QString aux;
    QStringList masks; // starting annotation; one binary mask per layer or one id map
    // What each binary mask shows ("liver"), parallel to masks; empty: unnamed.
    QStringList maskNames;
    // The dataset's label table for masks holding label ids (labels.json).
    std::vector<Label> maskTable;
    // DICOM SEG files found beside this series that reference it: their segments start the mask.
    QStringList segs;
};

struct ImportScan {
    std::vector<CaseSources> candidates;
    std::vector<ImportIssue> skipped;
};

// Never looks inside projectRoot (a project does not import its own files)
// and never follows a symbolic link found inside a folder.
ImportScan scanImportSources(const QStringList& sources, const QString& projectRoot);

} // namespace tgc

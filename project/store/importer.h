// Importing images into a project: files, folders (DICOM series, NIfTI,
// PNG...), qata dataset folders (images/, text.csv, masks/ as the starting
// annotation) and CSV lists of cases. Sources are only read, never written;
// a bad source is skipped with its reason and the rest import.
#pragma once

#include "case_record.h"
#include "image_reader.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

namespace tgc {

class Project;

struct ImportIssue {
    QString path;   // the file (or "list.csv:4") that could not be imported
    QString reason; // why, in words a user can act on
};

struct ImportDuplicate {
    QString path;       // the source whose bytes are already in the project
    QString existingId; // the case that holds them
};

struct ImportOptions {
    CaseStatus status = CaseStatus::New;
    QString annotator;
    // Called before each case: (done, total, the source about to be read).
    // Returning false cancels; the cases imported so far stay.
    std::function<bool(int done, int total, const QString& current)> progress;
    // The sources are the project's own files (a series pulled from a PACS
    // into <project>/pacs/): allowed inside the project folder.
    bool projectOwnFiles = false;
    // The id a lone new case asks for (a pulled series names its case by its
    // description, not by its folder); empty: the source's name. Made unique
    // by the project.
    QString caseId;
};

struct ImportResult {
    QStringList added; // ids of the new cases
    std::vector<ImportIssue> skipped;
    std::vector<ImportDuplicate> duplicates;
    bool cancelled = false;

    QJsonObject toJson() const; // {"added":[...],"duplicates":[...],"skipped":[...],"cancelled"}
};

// Adds a case per image found in the sources. Duplicates (same bytes as a
// case already in the project or earlier in this import) are listed, not
// added. Masks are written into cases/<id>/; the caller saves the manifest.
ImportResult importSources(Project& project, const QStringList& sources,
                           const ImportOptions& options = {});

} // namespace tgc

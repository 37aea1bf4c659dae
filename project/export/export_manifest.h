// manifest.json, written into every export: what made it (tool, version,
// date, source project, options), each case's split, status, annotator and
// mask provenance, the cases left out and why, and the SHA-256 of every
// file, so a dataset can be checked long after it left the project.
#pragma once

#include "export_options.h"
#include "export_plan.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tgc {

class ExportStaging;
class Project;

class ExportManifest {
public:
    static constexpr const char* kFormatName = "tgc-export-manifest";
    static constexpr int kFormatVersion = 1;

    ExportManifest(const Project& project, const ExportOptions& options);

    // files: relative to the output folder; labels: ids the mask holds.
    void addCase(const PlannedCase& planned, const QStringList& files,
                 const std::vector<int>& labels, const QJsonArray& provenance);
    // Hashes every staged file and writes manifest.json into the staging
    // folder. Throws IoError naming the file that cannot be read or written.
    void write(const ExportStaging& staging, const std::vector<ExportSkip>& skipped,
               int notSelected);

private:
    QJsonObject m_root;
    QJsonArray m_cases;
    bool m_deidentify = false;
};

} // namespace tgc

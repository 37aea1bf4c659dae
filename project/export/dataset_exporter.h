// The common part of every export format: plan the cases, stage into
// <out>/.tgc-export-partial/, read each case's image and mask, let the
// format write it, then write manifest.json and move everything into place.
// A format is a subclass that writes one case and, at the end, its index
// files (text.csv, dataset.json).
#pragma once

#include "deidentifier.h"
#include "export_options.h"
#include "export_plan.h"
#include "image_volume.h"
#include "label_map.h"

#include <memory>

namespace tgc {

class ExportStaging;
class Project;

// Thrown by a format for a case it cannot hold: the case is listed as
// skipped with the reason, and the export goes on.
struct CaseSkipped {
    QString reason;
};

class DatasetExporter {
public:
    virtual ~DatasetExporter();
    DatasetExporter(const DatasetExporter&) = delete;
    DatasetExporter& operator=(const DatasetExporter&) = delete;

    // Throws IoError naming the folder or file when the export cannot be
    // made (folder not empty, disk full...): nothing is then left behind.
    // Cancelling through the progress callback returns with cancelled set.
    ExportResult run();

protected:
    DatasetExporter(const Project& project, const ExportOptions& options);

    struct ExportedCase {
        const PlannedCase* planned = nullptr;
        ImageVolume image;
        LabelMap mask;           // on the image's grid
        std::vector<int> labels; // ids present in the mask, ascending
        QString report;          // masked when de-identifying
        QString aux;
    };

    // A reason to leave a case out before it is read (empty: take it).
    virtual QString refuse(const CaseRecord& record) const { return {}; }
    // Writes one case into the staging folder and returns the paths written,
    // relative to the output folder. Throws CaseSkipped, or IoError (fatal).
    virtual QStringList writeCase(const ExportedCase& data) = 0;
    // After the last case: index files (text.csv, dataset.json).
    virtual void finish(const std::vector<const PlannedCase*>& exported) {}

    const Project& project() const { return m_project; }
    const ExportOptions& options() const { return m_options; }
    ExportStaging& staging() { return *m_staging; }
    Deidentifier& deidentifier() { return m_deidentifier; }

private:
    const Project& m_project;
    ExportOptions m_options;
    ExportStaging* m_staging = nullptr; // valid during run()
    Deidentifier m_deidentifier;
};

// The exporter for options.format.
std::unique_ptr<DatasetExporter> makeExporter(const Project& project, const ExportOptions& options);
// makeExporter(...)->run().
ExportResult exportDataset(const Project& project, const ExportOptions& options);

} // namespace tgc

#include "dataset_exporter.h"

#include "dicom_seg_exporter.h"
#include "export_manifest.h"
#include "export_staging.h"
#include "io_error.h"
#include "label_io.h"
#include "mask_provenance.h"
#include "nnunet_exporter.h"
#include "qata_exporter.h"
#include "store/case_sources.h"
#include "store/project.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace tgc {

namespace {

std::vector<int> presentLabels(const LabelMap& mask) {
    bool present[256] = {};
    const std::size_t n = mask.geometry().voxelCount();
    for (std::size_t i = 0; i < n; ++i)
        present[mask.data()[i]] = true;
    std::vector<int> ids;
    for (int id = 1; id < 256; ++id)
        if (present[id])
            ids.push_back(id);
    return ids;
}

QString canonicalOrClean(const QString& path) {
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(QDir(path).absolutePath()) : canonical;
}

void checkOptions(const Project& project, const ExportOptions& options) {
    const SplitRatios& r = options.split;
    if (r.train < 0 || r.val < 0 || r.test < 0 || r.train + r.val + r.test <= 0)
        throw IoError(options.outDir, QStringLiteral("split ratios must be non-negative with a "
                                                     "positive sum"));
    if (options.emptySliceShare < 0 || options.emptySliceShare > 1)
        throw IoError(options.outDir,
                      QStringLiteral("the share of empty slices must be between 0 and 1"));
    if (options.statuses.empty())
        throw IoError(options.outDir, QStringLiteral("no case status was chosen"));
    const QString out = canonicalOrClean(options.outDir);
    const QString root = canonicalOrClean(project.root());
    if (out == root || out.startsWith(root + QLatin1Char('/')))
        throw IoError(options.outDir, QStringLiteral("an export cannot go inside the project "
                                                     "folder %1; choose another folder")
                                          .arg(project.root()));
}

} // namespace

DatasetExporter::DatasetExporter(const Project& project, const ExportOptions& options)
    : m_project(project), m_options(options) {}

DatasetExporter::~DatasetExporter() = default;

ExportResult DatasetExporter::run() {
    QElapsedTimer timer;
    timer.start();
    checkOptions(m_project, m_options);
    ExportResult result;
    result.format = m_options.format;
    result.deidentified = m_options.deidentify;
    const ExportPlan plan(m_project, m_options);
    result.skipped = plan.skipped();
    result.notSelected = plan.notSelected();

    ExportStaging staging(m_options.outDir, m_options.overwrite);
    m_staging = &staging;
    struct Reset {
        ExportStaging*& pointer;
        ~Reset() { pointer = nullptr; }
    } reset{m_staging};
    result.out = staging.outDir();
    ExportManifest manifest(m_project, m_options);
    std::vector<const PlannedCase*> exported;
    const int total = int(plan.cases().size());
    for (int i = 0; i < total; ++i) {
        const PlannedCase& planned = plan.cases()[std::size_t(i)];
        const CaseRecord& record = *planned.record;
        if (m_options.progress && !m_options.progress(i, total, record.id)) {
            result.cancelled = true;
            result.exported.clear();
            result.seconds = double(timer.nsecsElapsed()) * 1e-9;
            return result; // staging's destructor removes what was written
        }
        if (const QString reason = refuse(record); !reason.isEmpty()) {
            result.skipped.push_back({record.id, reason});
            continue;
        }
        ExportedCase data;
        data.planned = &planned;
        try {
            data.image = readCaseSources(record.sources);
            data.mask = readLabelMap(m_project.maskPath(record));
        } catch (const IoError& e) {
            result.skipped.push_back({record.id, e.message()});
            continue;
        }
        if (data.mask.dims() != data.image.dims()) {
            result.skipped.push_back(
                {record.id, QStringLiteral("the mask is %1 voxels but the image is %2")
                                .arg(gridText(data.mask.dims()), gridText(data.image.dims()))});
            continue;
        }
        data.labels = presentLabels(data.mask);
        data.report = record.report;
        data.aux = record.aux;
        if (m_options.deidentify) {
            const QString id =
                data.image.patientId.isEmpty() ? record.patientId : data.image.patientId;
            data.report = Deidentifier::maskText(record.report, data.image.patientName, id);
            data.aux = Deidentifier::maskText(record.aux, data.image.patientName, id);
        }
        QStringList files;
        try {
            files = writeCase(data);
        } catch (const CaseSkipped& skip) {
            result.skipped.push_back({record.id, skip.reason});
            continue;
        }
        manifest.addCase(planned, files, data.labels, maskProvenance(m_project, record, data.mask));
        result.exported << planned.exportName;
        exported.push_back(&planned);
    }
    if (m_options.progress)
        m_options.progress(total, total, QString());
    if (exported.empty())
        throw IoError(staging.outDir(),
                      QStringLiteral("nothing to export: %1 case(s) had a chosen status and a "
                                     "mask, %2 were skipped, %3 had another status")
                          .arg(total)
                          .arg(result.skipped.size())
                          .arg(result.notSelected));
    finish(exported);
    manifest.write(staging, result.skipped, result.notSelected);
    result.files = int(staging.files().size());
    staging.commit();
    result.seconds = double(timer.nsecsElapsed()) * 1e-9;
    return result;
}

std::unique_ptr<DatasetExporter> makeExporter(const Project& project,
                                              const ExportOptions& options) {
    switch (options.format) {
    case ExportFormat::Qata:
        return std::make_unique<QataExporter>(project, options);
    case ExportFormat::Nnunet:
        return std::make_unique<NnunetExporter>(project, options);
    case ExportFormat::DicomSeg:
        return std::make_unique<DicomSegExporter>(project, options);
    }
    return std::make_unique<QataExporter>(project, options);
}

ExportResult exportDataset(const Project& project, const ExportOptions& options) {
    return makeExporter(project, options)->run();
}

} // namespace tgc

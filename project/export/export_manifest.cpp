#include "export_manifest.h"

#include "atomic_file.h"
#include "export_staging.h"
#include "file_hash.h"
#include "io_error.h"
#include "store/project.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#ifndef TGC_VERSION
#define TGC_VERSION "unknown"
#endif

namespace tgc {

namespace {

QString sha256Of(const QString& path, qint64* bytes) {
    *bytes = QFileInfo(path).size();
    return sha256OfFiles({path});
}

} // namespace

ExportManifest::ExportManifest(const Project& project, const ExportOptions& options)
    : m_deidentify(options.deidentify) {
    QJsonArray statuses;
    for (CaseStatus s : options.statuses)
        statuses.append(caseStatusName(s));
    QJsonObject source{{"name", project.name}, {"cases", int(project.cases().size())}};
    if (!options.deidentify) // the folder path may carry a patient's name
        source.insert("path", project.root());
    m_root = QJsonObject{
        {"format", kFormatName},
        {"format_version", kFormatVersion},
        {"tool", QStringLiteral("TGC Annotator")},
        {"tool_version", QStringLiteral(TGC_VERSION)},
        {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {"source_project", source},
        {"export_format", exportFormatName(options.format)},
        {"deidentified", options.deidentify},
        {"options", QJsonObject{{"split", QJsonArray{options.split.train, options.split.val,
                                                     options.split.test}},
                                {"seed", QString::number(options.seed)},
                                {"statuses", statuses},
                                {"empty_slice_share", options.emptySliceShare},
                                {"binary_masks", options.binaryMasks},
                                {"split_folders", options.qataSplitFolders}}},
        {"labels", QJsonArray()}};
    QJsonArray labels;
    for (const Label& l : project.labels)
        labels.append(QJsonObject{{"id", int(l.id)}, {"name", l.name}});
    m_root.insert("labels", labels);
}

void ExportManifest::addCase(const PlannedCase& planned, const QStringList& files,
                             const std::vector<int>& labels, const QJsonArray& provenance) {
    const CaseRecord& r = *planned.record;
    QJsonArray labelArray;
    for (int id : labels)
        labelArray.append(id);
    QJsonObject entry{{"case", planned.exportName},
                      {"split", dataSplitName(planned.split)},
                      {"status", caseStatusName(r.status)},
                      {"annotator", r.annotator},
                      {"reviewer", r.reviewer},
                      {"modality", r.modality},
                      {"labels", labelArray},
                      {"mask_origin",
                       [&provenance] {
                           for (const auto& p : provenance)
                               if (p.toObject().value("accepted").toBool())
                                   return QStringLiteral("model-assisted");
                           return QStringLiteral("manual");
                       }()},
                      {"provenance", provenance},
                      {"files", QJsonArray::fromStringList(files)}};
    if (!m_deidentify)
        entry.insert("source_case", r.id);
    m_cases.append(entry);
}

void ExportManifest::write(const ExportStaging& staging, const std::vector<ExportSkip>& skipped,
                           int notSelected) {
    QJsonObject splits{{"train", QJsonArray()}, {"val", QJsonArray()}, {"test", QJsonArray()}};
    for (const auto& value : m_cases) {
        const QJsonObject c = value.toObject();
        QJsonArray list = splits.value(c.value("split").toString()).toArray();
        list.append(c.value("case"));
        splits.insert(c.value("split").toString(), list);
    }
    QJsonArray skippedArray;
    // De-identified: only the count, since case ids and the paths in
    // reasons may carry a patient's name.
    for (const ExportSkip& s : skipped)
        if (!m_deidentify)
            skippedArray.append(QJsonObject{{"case", s.caseId}, {"reason", s.reason}});
    QJsonArray files;
    for (const QString& relative : staging.files()) {
        qint64 bytes = 0;
        const QString sha = sha256Of(staging.stagingDir() + QLatin1Char('/') + relative, &bytes);
        files.append(QJsonObject{{"path", relative}, {"sha256", sha}, {"bytes", bytes}});
    }
    QJsonObject root = m_root;
    root.insert("splits", splits);
    root.insert("cases", m_cases);
    root.insert("skipped", skippedArray);
    root.insert("skipped_count", int(skipped.size()));
    root.insert("not_selected", notSelected);
    root.insert("files", files);
    const QString path = staging.path(QLatin1String(ExportStaging::kManifestName));
    const QString failure =
        writeFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!failure.isEmpty())
        throw IoError(path, QStringLiteral("cannot be written: %1").arg(failure));
}

} // namespace tgc

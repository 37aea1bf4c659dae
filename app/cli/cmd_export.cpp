// tgc-cli export --project P --format qata|nnunet|dicom-seg --out DIR
//     [--deidentify] [--split 0.8,0.1,0.1] [--seed S] [--overwrite]
//     [--include-status done,reviewed] [--empty-slices SHARE] [--binary-masks] [--split-folders]
//     [--dataset-id N] [--json]
// Writes a dataset for retraining (DESIGN.md §5). Exit code 0: every
// selected case exported; 1: some were skipped (listed with their reasons);
// 2: nothing exported (bad arguments, unreadable project, folder not empty);
// 130: interrupted (nothing is left in the folder).
#include "commands.h"
#include "export/dataset_exporter.h"
#include "io_error.h"
#include "store/project.h"

#include <QTextStream>
#include <csignal>

namespace tgc::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int) {
    g_interrupted = 1;
}

std::optional<std::set<CaseStatus>> parseStatuses(const QString& text) {
    std::set<CaseStatus> statuses;
    for (const QString& name : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto status = caseStatusFromName(name.trimmed());
        if (!status)
            return std::nullopt;
        statuses.insert(*status);
    }
    if (statuses.empty())
        return std::nullopt;
    return statuses;
}

} // namespace

int runExport(const QStringList& args) {
    const QString name = QStringLiteral("export");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Exports a project's finished cases as a dataset for retraining: qata (images/, masks/, "
        "text.csv; what train reads), nnunet (nnU-Net v2 raw dataset) or dicom-seg (one DICOM "
        "Segmentation per DICOM-sourced case), with manifest.json (checksums, splits, "
        "provenance). Nothing is written outside DIR."));
    parser.addHelpOption();
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("project folder"),
                                     QStringLiteral("P"));
    const QCommandLineOption format(
        QStringLiteral("format"), QStringLiteral("qata, nnunet or dicom-seg"), QStringLiteral("F"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("output folder (missing or empty)"),
                                 QStringLiteral("DIR"));
    const QCommandLineOption deidentify(
        QStringLiteral("deidentify"),
        QStringLiteral("no patient name, ID, birth date or accession number in what is written"));
    const QCommandLineOption split(QStringLiteral("split"),
                                   QStringLiteral("train,val,test shares by patient (default "
                                                  "0.8,0.1,0.1)"),
                                   QStringLiteral("R"), QStringLiteral("0.8,0.1,0.1"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("seed of the split (default 1)"),
                                  QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption overwrite(
        QStringLiteral("overwrite"),
        QStringLiteral("export into a non-empty folder, replacing entries of the same name"));
    const QCommandLineOption statuses(
        QStringLiteral("include-status"),
        QStringLiteral("statuses to export, comma-separated (default done,reviewed)"),
        QStringLiteral("LIST"), QStringLiteral("done,reviewed"));
    const QCommandLineOption emptySlices(
        QStringLiteral("empty-slices"),
        QStringLiteral("qata, volumes: share 0..1 of slices without foreground to keep "
                       "(default 1: all)"),
        QStringLiteral("SHARE"), QStringLiteral("1"));
    const QCommandLineOption binaryMasks(QStringLiteral("binary-masks"),
                                         QStringLiteral("qata: masks as 0/255, not label ids"));
    const QCommandLineOption splitFolders(
        QStringLiteral("split-folders"),
        QStringLiteral("qata: one dataset folder per split (train/, val/, test/)"));
    const QCommandLineOption datasetId(QStringLiteral("dataset-id"),
                                       QStringLiteral("nnunet: the NNN of DatasetNNN_Name "
                                                      "(default 1)"),
                                       QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    parser.addOptions({project, format, out, deidentify, split, seed, overwrite, statuses,
                       emptySlices, binaryMasks, splitFolders, datasetId, json});
    if (const auto done = parseArguments(parser, args, name))
        return *done;
    if (!parser.isSet(project))
        return fail(name, QStringLiteral("--project P is required"));
    if (!parser.isSet(out))
        return fail(name, QStringLiteral("--out DIR is required"));
    ExportOptions options;
    const auto parsedFormat = exportFormatFromName(parser.value(format));
    if (!parsedFormat)
        return fail(name, QStringLiteral("--format must be qata, nnunet or dicom-seg (got '%1')")
                              .arg(parser.value(format)));
    options.format = *parsedFormat;
    options.outDir = parser.value(out);
    options.deidentify = parser.isSet(deidentify);
    options.overwrite = parser.isSet(overwrite);
    options.binaryMasks = parser.isSet(binaryMasks);
    options.qataSplitFolders = parser.isSet(splitFolders);
    QString error;
    const auto ratios = parseSplitRatios(parser.value(split), &error);
    if (!ratios)
        return fail(name, QStringLiteral("--split %1").arg(error));
    options.split = *ratios;
    bool ok = false;
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok)
        return fail(name, QStringLiteral("--seed must be a non-negative whole number (got '%1')")
                              .arg(parser.value(seed)));
    const auto parsedStatuses = parseStatuses(parser.value(statuses));
    if (!parsedStatuses)
        return fail(name, QStringLiteral("--include-status '%1': expected a comma-separated list "
                                         "of new, in_progress, done, reviewed")
                              .arg(parser.value(statuses)));
    options.statuses = *parsedStatuses;
    options.emptySliceShare = parser.value(emptySlices).toDouble(&ok);
    if (!ok || options.emptySliceShare < 0 || options.emptySliceShare > 1)
        return fail(name, QStringLiteral("--empty-slices must be a number from 0 to 1 (got '%1')")
                              .arg(parser.value(emptySlices)));
    if (!parsePositive(parser.value(datasetId), options.nnunetDatasetId, 999))
        return fail(name, QStringLiteral("--dataset-id must be a whole number from 1 to 999 "
                                         "(got '%1')")
                              .arg(parser.value(datasetId)));
    options.progress = [](int, int, const QString&) { return g_interrupted == 0; };
    std::signal(SIGINT, onInterrupt);

    try {
        const Project p = Project::open(parser.value(project));
        const ExportResult result = exportDataset(p, options);
        if (result.cancelled)
            return fail(name,
                        QStringLiteral("interrupted; nothing was left in %1").arg(options.outDir),
                        130);
        if (parser.isSet(json)) {
            printJson(result.toJson());
        } else {
            QTextStream text(stdout);
            text << "Exported " << result.exported.size() << " case(s) as "
                 << exportFormatName(result.format) << " to " << result.out << " (" << result.files
                 << " files, " << QString::number(result.seconds, 'f', 2) << " s)"
                 << (result.deidentified ? ", de-identified" : "") << "\n";
            if (result.notSelected > 0)
                text << "  " << result.notSelected << " case(s) not selected by status\n";
            for (const ExportSkip& s : result.skipped)
                text << "  skipped: " << s.caseId << ": " << s.reason << "\n";
        }
        return result.skipped.empty() ? 0 : 1;
    } catch (const IoError& e) {
        return fail(name, e.message());
    } catch (const std::exception& e) {
        return fail(name, QString::fromLocal8Bit(e.what()));
    }
}

} // namespace tgc::cli

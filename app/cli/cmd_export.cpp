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
    CommandLine cl(
        "export", "Exports a project's finished cases as a dataset for retraining: qata "
                  "(images/, masks/, text.csv; what train reads), nnunet (nnU-Net v2 raw "
                  "dataset) or dicom-seg (one DICOM Segmentation per DICOM-sourced case), with "
                  "manifest.json (checksums, splits, provenance). Nothing is written outside DIR.");
    const auto project = cl.project();
    const auto format = cl.option("format", "qata, nnunet or dicom-seg", "F");
    const auto out = cl.option("out", "output folder (missing or empty)", "DIR");
    const auto deidentify = cl.option(
        "deidentify", "no patient name, ID, birth date or accession number in what is written");
    const auto split = cl.option("split", "train,val,test shares by patient (default 0.8,0.1,0.1)",
                                 "R", "0.8,0.1,0.1");
    const auto seed = cl.seed("seed of the split (default 1)");
    const auto overwrite = cl.option(
        "overwrite", "export into a non-empty folder, replacing entries of the same name");
    const auto statuses =
        cl.option("include-status", "statuses to export, comma-separated (default done,reviewed)",
                  "LIST", "done,reviewed");
    const auto emptySlices = cl.option("empty-slices",
                                       "qata, volumes: share 0..1 of slices without foreground "
                                       "to keep (default 1: all)",
                                       "SHARE", "1");
    const auto binaryMasks = cl.option("binary-masks", "qata: masks as 0/255, not label ids");
    const auto splitFolders =
        cl.option("split-folders", "qata: one dataset folder per split (train/, val/, test/)");
    const auto datasetId =
        cl.option("dataset-id", "nnunet: the NNN of DatasetNNN_Name (default 1)", "N", "1");
    const auto json = cl.json();
    if (const auto done = cl.parse(args))
        return *done;
    using Spelling = CommandLine::Spelling;
    if (!cl.require({project}, Spelling::WithValues) || !cl.require({out}, Spelling::WithValues))
        return kBadArguments;
    ExportOptions options;
    const auto parsedFormat = exportFormatFromName(cl.value(format));
    if (!parsedFormat)
        return cl.fail(QStringLiteral("--format must be qata, nnunet or dicom-seg (got '%1')")
                           .arg(cl.value(format)));
    options.format = *parsedFormat;
    options.outDir = cl.value(out);
    options.deidentify = cl.isSet(deidentify);
    options.overwrite = cl.isSet(overwrite);
    options.binaryMasks = cl.isSet(binaryMasks);
    options.qataSplitFolders = cl.isSet(splitFolders);
    QString error;
    const auto ratios = parseSplitRatios(cl.value(split), &error);
    if (!ratios)
        return cl.fail(QStringLiteral("--split %1").arg(error));
    options.split = *ratios;
    if (!cl.unsignedNumber(seed, options.seed))
        return kBadArguments;
    const auto parsedStatuses = parseStatuses(cl.value(statuses));
    if (!parsedStatuses)
        return cl.fail(QStringLiteral("--include-status '%1': expected a comma-separated list "
                                      "of new, in_progress, done, reviewed")
                           .arg(cl.value(statuses)));
    options.statuses = *parsedStatuses;
    bool ok = false;
    options.emptySliceShare = cl.value(emptySlices).toDouble(&ok);
    if (!ok || options.emptySliceShare < 0 || options.emptySliceShare > 1)
        return cl.fail(QStringLiteral("--empty-slices must be a number from 0 to 1 (got '%1')")
                           .arg(cl.value(emptySlices)));
    if (!parsePositive(cl.value(datasetId), options.nnunetDatasetId, 999))
        return cl.fail(QStringLiteral("--dataset-id must be a whole number from 1 to 999 "
                                      "(got '%1')")
                           .arg(cl.value(datasetId)));
    options.progress = [](int, int, const QString&) { return g_interrupted == 0; };
    std::signal(SIGINT, onInterrupt);

    try {
        const Project p = Project::open(cl.value(project));
        const ExportResult result = exportDataset(p, options);
        if (result.cancelled)
            return cl.fail(
                QStringLiteral("interrupted; nothing was left in %1").arg(options.outDir), 130);
        if (cl.isSet(json)) {
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
        return cl.fail(e.message());
    } catch (const std::exception& e) {
        return cl.fail(QString::fromLocal8Bit(e.what()));
    }
}

} // namespace tgc::cli

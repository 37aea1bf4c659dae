// tgc-cli compare (--project P | --data DIR) --models W1,W2[,...] --out DIR
//                 [--clip DIR] [--device auto|cpu|cuda] [--threshold X] [--threads N] [--json]
//   -> {"models":[names],"pairwise_dice":[[...]],"vs_reference":[{"model","cases","dice_mean",
//       "dice_median","iou_mean","hd95_mm_median"}] | null,"wilcoxon":[{"a","b","a_wins",
//       "b_wins","p_value"}],"cases","cancelled","out"}
// Writes metrics.csv, pairwise.csv, summary.json, montages/, dice_boxplot.png
// and report.html into DIR and nowhere else. Ctrl-C stops after the current
// batch; what finished is still written (exit code 130).
#include "commands.h"
#include "comparison_report.h"
#include "comparison_runner.h"
#include "io_error.h"
#include "store/project.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QTextStream>
#include <atomic>
#include <csignal>

namespace tgc::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void stopComparison(int) {
    g_stop = true;
}

} // namespace

int runCompare(const QStringList& args) {
    const QString command = QStringLiteral("compare");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs several TGC-Net checkpoints on the done and reviewed cases of a project (or on "
        "every row of a qata folder) and compares them: Dice, IoU and HD95 against the "
        "annotation, Dice between models, a Wilcoxon signed-rank test per pair, a montage per "
        "case and report.html."));
    parser.addHelpOption();
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("project folder"),
                                     QStringLiteral("P"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("qata-layout folder (instead of --project)"),
                                  QStringLiteral("DIR"));
    const QCommandLineOption models(QStringLiteral("models"),
                                    QStringLiteral("two or more checkpoints, comma separated"),
                                    QStringLiteral("W1,W2"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("output folder"),
                                 QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    const ModelRunOptions run;
    parser.addOptions({project, data, models, out, json});
    parser.addOptions(run.all());
    if (const auto done = parseArguments(parser, args, command))
        return *done;
    if (parser.isSet(project) == parser.isSet(data))
        return fail(command, QStringLiteral("give either --project or --data"));
    if (!parser.isSet(models) || !parser.isSet(out))
        return fail(command, QStringLiteral("--models and --out are required"));
    QStringList checkpoints;
    for (const QString& path : parser.value(models).split(QLatin1Char(','))) {
        if (!path.trimmed().isEmpty())
            checkpoints << path.trimmed();
    }
    if (checkpoints.size() < 2)
        return fail(command, QStringLiteral("--models needs at least two checkpoints"));
    for (const QString& path : checkpoints) {
        if (!QFileInfo(path).isFile())
            return fail(command, QStringLiteral("%1: no such checkpoint file").arg(path));
    }
    const QString outDir = parser.value(out);
    if (QFileInfo(outDir).exists() && !QFileInfo(outDir).isDir())
        return fail(command, QStringLiteral("%1: exists and is not a folder").arg(outDir));
    ComparisonOptions options;
    ModelRunSettings settings;
    if (const auto wrong = readModelRunSettings(parser, run, settings))
        return fail(command, *wrong);
    options.device = settings.device;
    options.clipFolder = settings.clip;
    options.threads = settings.threads;
    options.threshold = settings.threshold;

    QTextStream err(stderr);
    ComparisonResult result;
    ComparisonSummary summary;
    std::signal(SIGINT, stopComparison);
    std::signal(SIGTERM, stopComparison);
    try {
        // Cases first: a bad project or folder is reported before models load.
        std::optional<Project> opened;
        std::unique_ptr<ComparisonCaseSource> cases;
        if (parser.isSet(project)) {
            opened = Project::open(parser.value(project));
            cases = projectCaseSource(*opened);
        } else {
            cases = qataCaseSource(parser.value(data));
        }
        ComparisonRunner runner(checkpoints, options);
        ComparisonReportWriter writer(outDir, runner.modelNames());
        err << "comparing " << runner.modelNames().join(QStringLiteral(", ")) << " on "
            << cases->description() << Qt::endl;
        QElapsedTimer clock;
        clock.start();
        result = runner.run(
            *cases,
            [&](std::size_t done, std::size_t total, const QString& id) {
                const double eta =
                    double(clock.elapsed()) / 1000.0 / double(done) * double(total - done);
                err << "case " << done << "/" << total << " " << id << "  ETA "
                    << QString::number(eta, 'f', 0) << " s" << Qt::endl;
            },
            [&writer](const CaseScores& c, const CaseMasks& m) { writer.addCase(c, m); },
            &g_stop);
        summary = writer.finish(result);
    } catch (const std::exception& e) {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        return fail(command, QString::fromStdString(e.what()), 1);
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    QJsonObject object = contractJson(result, summary);
    object[QStringLiteral("out")] = QDir(outDir).absolutePath();
    if (parser.isSet(json)) {
        printJson(object);
    } else {
        QTextStream o(stdout);
        for (const ModelSummary& m : summary.models)
            o << m.name << ": Dice mean " << QString::number(m.dice.mean, 'f', 4) << ", median "
              << QString::number(m.dice.median, 'f', 4) << " on " << m.scored << " cases"
              << Qt::endl;
        for (const PairSummary& p : summary.pairs)
            o << summary.models[std::size_t(p.a)].name << " vs "
              << summary.models[std::size_t(p.b)].name << ": " << p.aWins << " / " << p.bWins
              << " wins, Wilcoxon p " << QString::number(p.wilcoxon.pValue, 'g', 4) << Qt::endl;
        o << "report: " << QDir(outDir).absoluteFilePath(QStringLiteral("report.html")) << Qt::endl;
    }
    return result.cancelled ? 130 : 0;
}

} // namespace tgc::cli

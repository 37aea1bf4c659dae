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
    CommandLine cl("compare",
                   "Runs several TGC-Net checkpoints on the done and reviewed cases of a project "
                   "(or on every row of a qata folder) and compares them: Dice, IoU and HD95 "
                   "against the annotation, Dice between models, a Wilcoxon signed-rank test per "
                   "pair, a montage per case and report.html.");
    const auto project = cl.project();
    const auto data = cl.option("data", "qata-layout folder (instead of --project)", "DIR");
    const auto models = cl.option("models", "two or more checkpoints, comma separated", "W1,W2");
    const auto out = cl.option("out", "output folder", "DIR");
    const auto json = cl.json();
    const ModelRunOptions run = cl.modelRun();
    if (const auto done = cl.parse(args))
        return *done;
    if (cl.isSet(project) == cl.isSet(data))
        return cl.fail(QStringLiteral("give either --project or --data"));
    if (!cl.require({models, out}))
        return kBadArguments;
    QStringList checkpoints;
    for (const QString& path : cl.value(models).split(QLatin1Char(','))) {
        if (!path.trimmed().isEmpty())
            checkpoints << path.trimmed();
    }
    if (checkpoints.size() < 2)
        return cl.fail(QStringLiteral("--models needs at least two checkpoints"));
    for (const QString& path : checkpoints) {
        if (!QFileInfo(path).isFile())
            return cl.fail(QStringLiteral("%1: no such checkpoint file").arg(path));
    }
    const QString outDir = cl.value(out);
    if (QFileInfo(outDir).exists() && !QFileInfo(outDir).isDir())
        return cl.fail(QStringLiteral("%1: exists and is not a folder").arg(outDir));
    ModelRunSettings settings;
    if (!cl.modelRun(run, settings))
        return kBadArguments;
    ComparisonOptions options;
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
        if (cl.isSet(project)) {
            opened = Project::open(cl.value(project));
            cases = projectCaseSource(*opened);
        } else {
            cases = qataCaseSource(cl.value(data));
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
        return cl.fail(QString::fromStdString(e.what()), 1);
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    QJsonObject object = contractJson(result, summary);
    object[QStringLiteral("out")] = QDir(outDir).absolutePath();
    if (cl.isSet(json)) {
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

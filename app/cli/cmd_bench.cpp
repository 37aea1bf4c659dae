// tgc-cli bench [--config NAME] [--device auto|cpu|cuda] [--batch N] [--iterations N]
//               [--threads N] [--intra-op-threads N] [--clip DIR] [--json]
//   -> {"config","device","batch","ms_per_slice","ms_model","gflop_per_slice",
//       "gflops_achieved","gemm_gflops","efficiency","trainable_params","frozen_params",
//       "torch_version","threads","intra_op_threads",...}   (DESIGN.md §5; the same run as
//       tgc-bench-model)
#include "bench.h"
#include "commands.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>
#include <exception>

namespace tgc::cli {

int runBench(const QStringList& args) {
    const QString command = QStringLiteral("bench");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times TGC-Net (random weights) end to end and model-only, counts its "
                       "FLOPs per slice and compares with an fp32 GEMM on the same device."));
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("tiny, paper-b16 or paper-l14-336"),
                                    QStringLiteral("NAME"), QStringLiteral("tiny"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda"),
                                    QStringLiteral("DEVICE"), QStringLiteral("auto"));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   QStringLiteral("slices per request (default 1)"),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("timed runs, at least 10"),
                                        QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads (default: every core)"),
                                     QStringLiteral("N"));
    const QCommandLineOption intraOp(
        QStringLiteral("intra-op-threads"),
        QStringLiteral("libtorch's own threads (default: 1 beside OpenBLAS's pthread pool, else "
                       "--threads)"),
        QStringLiteral("N"));
    const QCommandLineOption clip(QStringLiteral("clip"),
                                  QStringLiteral("CLIP folder with the BPE vocabulary (optional)"),
                                  QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    parser.addOptions({config, device, batch, iterations, threads, intraOp, clip, json});
    if (const auto done = parseArguments(parser, args, command))
        return *done;

    engine::BenchOptions options;
    options.config = parser.value(config).toStdString();
    options.device = parser.value(device).toStdString();
    options.clipFolder = parser.value(clip).toStdString();
    if (!parsePositive(parser.value(batch), options.batch))
        return fail(command, QStringLiteral("--batch needs a positive whole number"));
    if (!parsePositive(parser.value(iterations), options.iterations))
        return fail(command, QStringLiteral("--iterations needs a positive whole number"));
    if (parser.isSet(threads) && !parsePositive(parser.value(threads), options.threads))
        return fail(command, QStringLiteral("--threads needs a positive whole number"));
    if (parser.isSet(intraOp) && !parsePositive(parser.value(intraOp), options.intraOpThreads))
        return fail(command, QStringLiteral("--intra-op-threads needs a positive whole number"));

    engine::BenchResult result;
    try {
        result = engine::runBenchmark(options);
    } catch (const std::exception& e) {
        return fail(command, QString::fromStdString(e.what()), 1);
    }
    if (parser.isSet(json)) {
        const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(result.toJson()));
        printJson(document.object());
    } else {
        QTextStream(stdout) << QString::fromStdString(result.config) << " on "
                            << QString::fromStdString(result.device) << " (" << result.threads
                            << " threads, batch " << result.batch << "): " << result.msPerSlice
                            << " ms/slice end to end, " << result.msModel << " ms model, "
                            << result.gflopPerSlice << " GFLOP/slice, " << result.gflopsAchieved
                            << " GFLOP/s, efficiency " << result.efficiency << " of "
                            << result.gemmGflops << " GFLOP/s GEMM" << Qt::endl;
    }
    return 0;
}

} // namespace tgc::cli

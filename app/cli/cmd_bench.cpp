// tgc-cli bench [--config NAME] [--device auto|cpu|cuda] [--batch N] [--iterations N]
//               [--threads N] [--intra-op-threads N] [--clip DIR] [--json]
//   -> {"config","device","batch","ms_per_slice","ms_model","gflop_per_slice",
//       "gflops_achieved","gemm_gflops","efficiency","trainable_params","frozen_params",
//       "torch_version","threads","intra_op_threads",...}   (DESIGN.md §5; the same run as
//       tgc-bench-model)
#include "bench.h"
#include "commands.h"

#include <QJsonDocument>
#include <QTextStream>
#include <exception>

namespace tgc::cli {

int runBench(const QStringList& args) {
    CommandLine cl("bench", "Times TGC-Net (random weights) end to end and model-only, counts its "
                            "FLOPs per slice and compares with an fp32 GEMM on the same device.");
    const auto config = cl.config();
    const auto device = cl.device();
    const auto batch = cl.option("batch", "slices per request (default 1)", "N", "1");
    const auto iterations = cl.option("iterations", "timed runs, at least 10", "N", "10");
    const auto threads = cl.threads();
    const auto intraOp = cl.option("intra-op-threads",
                                   "libtorch's own threads (default: 1 beside OpenBLAS's pthread "
                                   "pool, else --threads)",
                                   "N");
    const auto clip = cl.option("clip", "CLIP folder with the BPE vocabulary (optional)", "DIR");
    const auto json = cl.json();
    if (const auto done = cl.parse(args))
        return *done;

    engine::BenchOptions options;
    options.config = cl.value(config).toStdString();
    options.device = cl.value(device).toStdString();
    options.clipFolder = cl.value(clip).toStdString();
    if (!cl.positive(batch, options.batch) || !cl.positive(iterations, options.iterations) ||
        !cl.positive(threads, options.threads) || !cl.positive(intraOp, options.intraOpThreads))
        return kBadArguments;

    engine::BenchResult result;
    try {
        result = engine::runBenchmark(options);
    } catch (const std::exception& e) {
        return cl.fail(QString::fromStdString(e.what()), 1);
    }
    if (cl.isSet(json)) {
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

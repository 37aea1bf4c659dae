// tgc-bench-model: the model benchmark without Qt (model-only builds, the GPU
// machine). Same options and JSON as `tgc-cli bench`.
//
//   tgc-bench-model [--config NAME] [--device auto|cpu|cuda] [--batch N]
//                   [--iterations N] [--threads N] [--intra-op-threads N]
//                   [--clip DIR] [--json]
#include "bench.h"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

namespace {

int usage(const std::string& problem) {
    std::cerr << "tgc-bench-model: " << problem
              << "\nusage: tgc-bench-model [--config tiny|paper-b16|paper-l14-336] "
                 "[--device auto|cpu|cuda] [--batch N] [--iterations N] [--threads N] "
                 "[--intra-op-threads N] [--clip DIR] [--json]\n";
    return 2;
}

bool parsePositive(const std::string& text, int& out) {
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (!end || *end != '\0' || value < 1 || value > 100000)
        return false;
    out = int(value);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    tgc::engine::BenchOptions options;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc)
                return false;
            out = argv[++i];
            return true;
        };
        std::string text;
        if (arg == "--json") {
            json = true;
        } else if (arg == "--config") {
            if (!value(options.config))
                return usage("--config needs a name");
        } else if (arg == "--device") {
            if (!value(options.device))
                return usage("--device needs auto, cpu or cuda");
        } else if (arg == "--clip") {
            if (!value(options.clipFolder))
                return usage("--clip needs a folder");
        } else if (arg == "--batch" || arg == "--iterations" || arg == "--threads" ||
                   arg == "--intra-op-threads") {
            int number = 0;
            if (!value(text) || !parsePositive(text, number))
                return usage(arg + " needs a positive integer");
            (arg == "--batch"        ? options.batch
             : arg == "--iterations" ? options.iterations
             : arg == "--threads"    ? options.threads
                                     : options.intraOpThreads) = number;
        } else if (arg == "--help" || arg == "-h") {
            usage("benchmark TGC-Net with random weights");
            return 0;
        } else {
            return usage("unknown argument '" + arg + "'");
        }
    }
    try {
        const auto result = tgc::engine::runBenchmark(options);
        if (json) {
            std::cout << result.toJson() << "\n";
        } else {
            std::cout << result.config << " on " << result.device << " (" << result.threads
                      << " threads, batch " << result.batch << "): " << result.msPerSlice
                      << " ms/slice end to end, " << result.msModel << " ms model, "
                      << result.gflopPerSlice << " GFLOP/slice, " << result.gflopsAchieved
                      << " GFLOP/s = " << result.efficiency << " of GEMM (" << result.gemmGflops
                      << " GFLOP/s)\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tgc-bench-model: " << e.what() << "\n";
        return 1;
    }
}

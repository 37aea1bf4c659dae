// The model benchmark behind `tgc-cli bench` and `tgc-bench-model`
// (DESIGN.md §5): an untrained network of a named config on a device, timed
// end to end through InferenceEngine and model-only, with FLOPs counted
// analytically per layer and a same-run fp32 GEMM as the yardstick.
#pragma once

#include <cstdint>
#include <string>

namespace tgc::engine {

struct BenchOptions {
    std::string config = "tiny";
    std::string device = "auto";
    int batch = 1;       // slices per request (one text encoding, batched forward)
    int iterations = 10; // timed; at least 10 are run
    int warmup = 2;
    int threads = 0;        // 0 = every core
    int intraOpThreads = 0; // libtorch's own pool; 0 = the engine's choice
    std::string clipFolder; // optional: BPE vocabulary for clip-bpe configs
};

struct BenchResult {
    std::string config, device, tokenizer, torchVersion;
    bool cudaCompiled = false; // libtorch's CUDA back end is linked in
    int batch = 1, threads = 1, iterations = 0;
    int intraOpThreads = 1;    // libtorch's own pool (GEMMs use `threads`)
    double msPerSlice = 0;     // median end to end (preprocess .. probability map) / batch
    double msModel = 0;        // median text encoder + network / batch
    double gflopPerSlice = 0;  // analytic, per slice (the text encoding shared by the batch)
    double gflopsAchieved = 0; // gflopPerSlice / msModel
    double gemmGflops = 0;     // 2048^2 fp32 matmul on the same device, same run
    double efficiency = 0;     // gflopsAchieved / gemmGflops
    int64_t trainableParams = 0, frozenParams = 0;

    // One JSON object with the keys of DESIGN.md §5 (config, device, batch,
    // ms_per_slice, ms_model, gflop_per_slice, gflops_achieved, gemm_gflops,
    // efficiency, trainable_params, frozen_params, torch_version, cuda_compiled, threads, ...).
    std::string toJson() const;
};

// Throws std::invalid_argument for an unknown config or device.
BenchResult runBenchmark(const BenchOptions& options);

// fp32 GEMM throughput (GFLOP/s) of an n x n matmul, median of a few runs.
double measureGemmGflops(const std::string& device, int n = 2048);

} // namespace tgc::engine

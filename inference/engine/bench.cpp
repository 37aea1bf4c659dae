#include "bench.h"

#include "device.h"
#include "engine.h"
#include "flops.h"
#include "json.h"
#include "runtime_info.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <torch/version.h>
#include <vector>

namespace tgc::engine {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// A CT-like slice: soft-tissue background with a brighter disc, in HU.
std::vector<float> syntheticSlice(int size, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<float> noise(0.0f, 20.0f);
    std::vector<float> values(size_t(size) * size);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const float dx = float(x - size / 2), dy = float(y - size / 3);
            const bool lesion = dx * dx + dy * dy < float(size * size) / 64.0f;
            values[size_t(y) * size + x] = (lesion ? 60.0f : -700.0f) + noise(random);
        }
    return values;
}

} // namespace

double measureGemmGflops(const std::string& deviceName, int n) {
    const auto device = chooseDevice(deviceName);
    torch::NoGradGuard noGrad;
    auto a = torch::randn({n, n}, torch::TensorOptions().device(device));
    auto b = torch::randn({n, n}, torch::TensorOptions().device(device));
    std::vector<double> seconds;
    for (int i = 0; i < 6; ++i) {
        synchronize(device);
        const auto start = Clock::now();
        auto c = torch::mm(a, b);
        synchronize(device);
        if (i > 0) // the first run warms caches and the BLAS threads
            seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    return 2.0 * double(n) * n * n / median(seconds) / 1e9;
}

BenchResult runBenchmark(const BenchOptions& options) {
    EngineOptions engineOptions;
    engineOptions.device = options.device;
    engineOptions.threads = options.threads;
    engineOptions.intraOpThreads = options.intraOpThreads;
    engineOptions.batchSize = std::max(1, options.batch);
    InferenceEngine engine;
    engine.loadUntrained(options.config, 1234, options.clipFolder, engineOptions);

    BenchResult result;
    result.config = options.config;
    result.device = engine.device();
    result.tokenizer = engine.tokenizerKind();
    const auto runtime = torchRuntime();
    result.torchVersion = runtime.torchVersion;
    result.cudaCompiled = runtime.cudaCompiled;
    result.batch = engineOptions.batchSize;
    result.threads = engine.threads();
    result.intraOpThreads = at::get_num_threads();
    result.trainableParams = engine.trainableParameters();
    result.frozenParams = engine.frozenParameters();

    // Slices at 512 x 512 (a CT slice), a report and an auxiliary prompt.
    const int size = 512;
    std::vector<std::vector<float>> images;
    std::vector<SliceInput> slices;
    for (int i = 0; i < result.batch; ++i)
        images.push_back(syntheticSlice(size, unsigned(i)));
    for (const auto& image : images)
        slices.push_back(SliceInput{image.data(), size, size, 40.0, 400.0});
    const Prompt prompt{"bilateral pulmonary infection, two infected areas, upper left lung",
                        "ground-glass opacity: hazy increased lung density"};

    for (int i = 0; i < std::max(1, options.warmup); ++i) {
        model::FlopLedger ledger;
        {
            model::FlopCounting counting(ledger);
            engine.segmentSlices(slices, prompt);
        }
        result.gflopPerSlice = ledger.total() / 1e9 / result.batch;
    }
    std::vector<double> total, modelOnly;
    result.iterations = std::max(10, options.iterations);
    for (int i = 0; i < result.iterations; ++i) {
        const auto run = engine.segmentSlices(slices, prompt);
        total.push_back(run.msTotal / result.batch);
        modelOnly.push_back(run.msModel / result.batch);
    }
    result.msPerSlice = median(total);
    result.msModel = median(modelOnly);
    result.gflopsAchieved = result.gflopPerSlice / (result.msModel / 1000.0);
    result.gemmGflops = measureGemmGflops(options.device);
    result.efficiency = result.gflopsAchieved / result.gemmGflops;
    return result;
}

std::string BenchResult::toJson() const {
    using model::Json;
    auto rounded = [](double v, int digits) {
        const double scale = std::pow(10.0, digits);
        return std::round(v * scale) / scale;
    };
    Json json = Json::object();
    json.set("config", config);
    json.set("device", device);
    json.set("batch", batch);
    json.set("ms_per_slice", rounded(msPerSlice, 3));
    json.set("ms_model", rounded(msModel, 3));
    json.set("gflop_per_slice", rounded(gflopPerSlice, 3));
    json.set("gflops_achieved", rounded(gflopsAchieved, 2));
    json.set("gemm_gflops", rounded(gemmGflops, 2));
    json.set("efficiency", rounded(efficiency, 4));
    json.set("trainable_params", trainableParams);
    json.set("frozen_params", frozenParams);
    json.set("torch_version", torchVersion);
    json.set("cuda_compiled", cudaCompiled);
    json.set("threads", threads);
    json.set("intra_op_threads", intraOpThreads);
    json.set("iterations", iterations);
    json.set("tokenizer", tokenizer);
    return json.dump();
}

} // namespace tgc::engine

// InferenceEngine: window and normalisation, resize back to the slice grid,
// batches equal single slices, cancel between batches, bad input, devices.
#include "checkpoint.h"
#include "device.h"
#include "engine.h"
#include "model_test.h"
#include "preprocess.h"
#include "runtime_info.h"

#include <filesystem>
#include <thread>
#include <torch/version.h>
#include <unistd.h>

using namespace tgc::engine;
namespace fs = std::filesystem;

namespace {

std::vector<float> ramp(int width, int height, float low, float high) {
    std::vector<float> values(size_t(width) * height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            values[size_t(y) * width + x] =
                low + (high - low) * float(x + y) / float(width + height);
    return values;
}

InferenceEngine& tinyEngine() {
    static InferenceEngine engine = [] {
        InferenceEngine e;
        EngineOptions options;
        options.device = "cpu";
        options.batchSize = 2;
        e.loadUntrained("tiny", 99, {}, options);
        return e;
    }();
    return engine;
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, double(std::abs(a[i] - b[i])));
    return worst;
}

} // namespace

TGC_TEST(window_maps_values_to_unit_range) {
    const std::vector<float> hu = {-1000.0f, -160.0f, 40.0f, 140.0f, 240.0f, 3000.0f};
    auto unit = windowToUnit(hu.data(), 6, 1, Window{40.0, 400.0}, torch::kCPU);
    TGC_CHECK(unit.sizes() == torch::IntArrayRef({1, 1, 1, 6}));
    const std::vector<float> expected = {0.0f, 0.0f, 0.5f, 0.75f, 1.0f, 1.0f};
    for (int i = 0; i < 6; ++i)
        TGC_CHECK_CLOSE(unit[0][0][0][i].item<float>(), expected[size_t(i)], 1e-6);
    TGC_CHECK_THROWS_WITH(windowToUnit(hu.data(), 6, 1, Window{40.0, 0.0}, torch::kCPU), "window");
    TGC_CHECK_THROWS_WITH(windowToUnit(nullptr, 0, 0, Window{}, torch::kCPU), "empty");
}

TGC_TEST(model_input_has_three_clip_normalised_channels) {
    auto grey = torch::full({2, 1, 50, 70}, 0.5f);
    auto input = toModelInput(grey, 32);
    TGC_CHECK(input.sizes() == torch::IntArrayRef({2, 3, 32, 32}));
    for (int c = 0; c < 3; ++c) {
        const double expected = (0.5 - kClipMean[size_t(c)]) / kClipStd[size_t(c)];
        TGC_CHECK_CLOSE(input[1][c][7][9].item<float>(), expected, 1e-5);
    }
    // Values stay in order: brighter grey, larger input in every channel.
    auto brighter = toModelInput(torch::full({1, 1, 8, 8}, 0.9f), 8);
    TGC_CHECK(
        (brighter[0] > toModelInput(torch::full({1, 1, 8, 8}, 0.1f), 8)[0]).all().item<bool>());
}

TGC_TEST(probabilities_come_back_on_the_slice_grid) {
    // Logits: +10 on the left half, -10 on the right, at 64 x 64.
    auto logits = torch::full({1, 1, 64, 64}, -10.0f);
    logits.slice(3, 0, 32).fill_(10.0f);
    auto maps = probabilitiesOnGrid(logits, 40, 30); // a 40 wide, 30 high slice
    TGC_CHECK_EQ(maps.size(), size_t(1));
    TGC_CHECK_EQ(maps[0].size(), size_t(40 * 30));
    TGC_CHECK(maps[0][size_t(15 * 40 + 2)] > 0.99f);  // left
    TGC_CHECK(maps[0][size_t(15 * 40 + 37)] < 0.01f); // right
    TGC_CHECK(maps[0][size_t(0 * 40 + 2)] > 0.99f);   // rows preserved top to bottom
    auto flat = probabilitiesOnGrid(torch::zeros({2, 1, 16, 16}), 5, 3);
    TGC_CHECK_EQ(flat.size(), size_t(2));
    TGC_CHECK_CLOSE(flat[1][7], 0.5, 1e-6);
}

TGC_TEST(batched_slices_equal_single_slices) {
    auto& engine = tinyEngine();
    TGC_CHECK_EQ(engine.device(), std::string("cpu"));
    TGC_CHECK_EQ(engine.tokenizerKind(), std::string("byte"));
    const auto a = ramp(64, 48, -1000, 400), b = ramp(30, 30, -200, 300), c = ramp(80, 80, 0, 100);
    const std::vector<SliceInput> slices = {
        {a.data(), 64, 48, 40, 400}, {b.data(), 30, 30, 40, 400}, {c.data(), 80, 80, 50, 100}};
    const Prompt prompt{"left lung opacity", "ground glass"};
    std::vector<std::pair<int, int>> progress;
    auto batched = engine.segmentSlices(
        slices, prompt, [&](int done, int total) { progress.emplace_back(done, total); });
    TGC_CHECK(!batched.cancelled);
    TGC_CHECK_EQ(batched.probabilities.size(), size_t(3));
    TGC_CHECK_EQ(batched.probabilities[0].size(), size_t(64 * 48));
    TGC_CHECK_EQ(batched.probabilities[2].size(), size_t(80 * 80));
    TGC_CHECK(progress == (std::vector<std::pair<int, int>>{{2, 3}, {3, 3}}));
    TGC_CHECK(batched.msModel > 0 && batched.msTotal >= batched.msModel);
    for (size_t i = 0; i < slices.size(); ++i) {
        auto single = engine.segment(slices[i], prompt);
        TGC_CHECK(maxDifference(single.probabilities[0], batched.probabilities[i]) < 1e-4);
    }
    for (float p : batched.probabilities[1])
        TGC_CHECK(p >= 0.0f && p <= 1.0f);
}

TGC_TEST(cancel_stops_between_batches) {
    auto& engine = tinyEngine();
    const auto image = ramp(32, 32, -100, 100);
    const std::vector<SliceInput> slices(5, SliceInput{image.data(), 32, 32, 0, 200});
    std::atomic<bool> cancel{false};
    auto result = engine.segmentSlices(
        slices, Prompt{"nodule", ""}, [&](int, int) { cancel = true; }, &cancel);
    TGC_CHECK(result.cancelled);
    TGC_CHECK_EQ(result.probabilities.size(), size_t(2)); // the first batch only
}

TGC_TEST(bad_requests_are_refused_with_a_reason) {
    auto& engine = tinyEngine();
    const auto image = ramp(8, 8, 0, 1);
    TGC_CHECK_THROWS_WITH(engine.segment(SliceInput{image.data(), 8, 8, 0.5, 1}, Prompt{"  ", ""}),
                          "empty");
    TGC_CHECK_THROWS_WITH(engine.segment(SliceInput{nullptr, 8, 8, 0.5, 1}, Prompt{"lung", ""}),
                          "empty");
    // Over-long prompts are cut to 77 tokens and say so.
    auto result = engine.segment(SliceInput{image.data(), 8, 8, 0.5, 1},
                                 Prompt{std::string(300, 'a'), "short"});
    TGC_CHECK(result.reportTruncated);
    TGC_CHECK(!result.auxTruncated);
    InferenceEngine empty;
    TGC_CHECK(!empty.isLoaded());
    TGC_CHECK_THROWS_WITH(empty.segment(SliceInput{image.data(), 8, 8, 0.5, 1}, Prompt{"x", ""}),
                          "no model");
}

TGC_TEST(checkpoint_loads_into_the_engine) {
    const auto dir = fs::temp_directory_path() / ("tgc_test_engine_" + std::to_string(getpid()));
    fs::create_directories(dir);
    torch::manual_seed(99); // what loadUntrained("tiny", 99) builds
    tgc::model::TgcNet net(tgc::model::tgcNetConfig("tiny"));
    const auto path = (dir / "tiny.safetensors").string();
    tgc::model::saveCheckpoint(net, path, tgc::model::CheckpointInfo{});
    InferenceEngine engine;
    EngineOptions options;
    options.device = "cpu";
    engine.load(path, {}, options);
    fs::remove_all(dir);
    TGC_CHECK_EQ(engine.configName(), std::string("tiny"));
    const auto image = ramp(40, 40, -500, 500);
    const SliceInput slice{image.data(), 40, 40, 0, 1000};
    auto loaded = engine.segment(slice, Prompt{"spleen", ""});
    auto untrained = tinyEngine().segment(slice, Prompt{"spleen", ""});
    TGC_CHECK(maxDifference(loaded.probabilities[0], untrained.probabilities[0]) == 0.0);
    TGC_CHECK_THROWS_WITH(engine.load((dir / "missing.safetensors").string()),
                          "missing.safetensors");
}

TGC_TEST(devices_and_threads) {
    TGC_CHECK(chooseDevice("cpu").is_cpu());
    TGC_CHECK_EQ(chooseDevice("auto").is_cuda(), torch::cuda::is_available());
    TGC_CHECK_THROWS_WITH(chooseDevice("gpu"), "gpu");
    if (!torch::cuda::is_available())
        TGC_CHECK_THROWS_WITH(chooseDevice("cuda"), "cuda");
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    TGC_CHECK_EQ(configureThreads(0), cores);
    // GEMMs get the cores; libtorch's pool one thread where OpenBLAS runs a
    // pthread pool of its own (two spinning pools on the same cores fight).
    TGC_CHECK_EQ(intraOpThreadsFor(4, true), 1);
    TGC_CHECK_EQ(intraOpThreadsFor(4, false), 4);
    TGC_CHECK_EQ(configureThreads(2), 2);
    TGC_CHECK_EQ(at::get_num_threads(), blasHasOwnThreadPool() ? 1 : 2);
    TGC_CHECK_EQ(configureThreads(2, 2), 2); // an explicit split wins
    TGC_CHECK_EQ(at::get_num_threads(), 2);
    TGC_CHECK_EQ(tinyEngine().threads(), cores);
    TGC_CHECK(!bf16AutocastSupported(torch::kCPU));
    AutocastScope noOp(torch::kCPU, true); // compiles on both versions; no effect on the CPU
}

TGC_TEST(runtime_names_the_torch_build_and_device) {
    const auto runtime = torchRuntime();
    TGC_CHECK_EQ(runtime.torchVersion, std::string(TORCH_VERSION));
#ifdef TGC_WITH_CUDA
    TGC_CHECK(runtime.cudaCompiled);
#else
    TGC_CHECK(!runtime.cudaCompiled);
#endif
    TGC_CHECK_EQ(runtime.cudaDevices, int(torch::cuda::device_count()));
    TGC_CHECK_EQ(runtime.autoDevice,
                 runtime.cudaDevices > 0 ? std::string("cuda:0") : std::string("cpu"));
    const auto text = describe(runtime);
    TGC_CHECK(text.find("torch " + runtime.torchVersion) == 0);
    TGC_CHECK(text.find(runtime.cudaCompiled ? "CUDA build" : "CPU build") != std::string::npos);
}

TGC_TEST(cuda_matches_cpu_when_a_gpu_is_present) {
    if (!torch::cuda::is_available())
        TGC_SKIP("no CUDA device");
    InferenceEngine gpu;
    EngineOptions options;
    options.device = "cuda";
    gpu.loadUntrained("tiny", 99, {}, options);
    const auto image = ramp(64, 64, -500, 500);
    const SliceInput slice{image.data(), 64, 64, 0, 1000};
    auto onGpu = gpu.segment(slice, Prompt{"liver", "large organ"});
    auto onCpu = tinyEngine().segment(slice, Prompt{"liver", "large organ"});
    // bf16 autocast on recent GPUs: probabilities agree loosely.
    TGC_CHECK(maxDifference(onGpu.probabilities[0], onCpu.probabilities[0]) < 0.05);
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

// What the model says beyond the mask: the feature density of its training
// images (OOD score and flag), the presence head, click maps and the click
// encoder, and checkpoints from before these existed ("unknown", not "fine").
#include "checkpoint.h"
#include "click_prompt.h"
#include "engine.h"
#include "feature_density.h"
#include "model_test.h"
#include "preprocess.h"
#include "presence_head.h"
#include "safetensors.h"
#include "tgc_net.h"

#include <filesystem>
#include <unistd.h>

using namespace tgc::model;
namespace fs = std::filesystem;

namespace {

std::string tempPath(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("tgc_honesty_" + std::to_string(getpid()));
    fs::create_directories(dir);
    return (dir / name).string();
}

// Training-like features: 400 samples in 24 dimensions, most of the spread
// along three directions.
torch::Tensor gaussianFeatures(int64_t n, uint64_t seed) {
    torch::manual_seed(seed);
    auto basis = torch::randn({3, 24});
    return torch::randn({n, 3}).mm(basis) * 2.0 + torch::randn({n, 24}) * 0.1 + 5.0;
}

// Rewrites a checkpoint without the tensors whose names start with prefix.
void dropTensors(const std::string& from, const std::string& to, const std::string& prefix) {
    const auto file = SafeTensorsFile::open(from);
    std::vector<std::pair<std::string, torch::Tensor>> kept;
    for (const auto& name : file.names())
        if (name.rfind(prefix, 0) != 0)
            kept.emplace_back(name, file.tensor(name));
    saveSafeTensors(to, kept, file.metadata());
}

std::vector<float> ramp(int size) {
    std::vector<float> values(size_t(size) * size);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            values[size_t(y) * size + x] = float(x + y) / float(2 * size);
    return values;
}

} // namespace

TGC_TEST(density_scores_training_like_features_low_and_strangers_high) {
    const auto train = gaussianFeatures(400, 1);
    // Rank 3: the spread off the three directions is left to the residual term.
    const FeatureDensity density = fitFeatureDensity(train, 3, 0.99, 1.1);
    TGC_CHECK_EQ(density.dimension(), int64_t(24));
    TGC_CHECK_EQ(density.components.size(0), int64_t(3));
    TGC_CHECK_EQ(density.samples, int64_t(400));
    // Fresh samples from the same distribution: a few above at most.
    const auto same = gaussianFeatures(800, 1).slice(0, 400, 800); // same basis, new draws
    const auto sameScores = densityScores(density, same);
    const double flagged =
        (sameScores > density.threshold).to(torch::kFloat64).mean().item<double>();
    TGC_CHECK(flagged <= 0.05);
    // A point off the training directions, and one far along them.
    auto off = train.mean(0, true).clone();
    off.index_put_({0, 5}, off.index({0, 5}) + 3.0); // 30 noise standard deviations off-plane
    const auto far = train.mean(0, true) + 10.0 * (train[0] - train.mean(0)).unsqueeze(0);
    TGC_CHECK(densityScores(density, off).item<double>() > density.threshold);
    TGC_CHECK(densityScores(density, far).item<double>() > density.threshold);
    TGC_CHECK(densityScores(density, train.mean(0, true)).item<double>() < density.threshold);
}

TGC_TEST(density_survives_its_json_form_and_refuses_broken_ones) {
    const auto train = gaussianFeatures(100, 3);
    const FeatureDensity density = fitFeatureDensity(train, 4);
    const FeatureDensity back = densityFromJson(Json::parse(densityToJson(density).dump()));
    TGC_CHECK_CLOSE(back.threshold, density.threshold, 1e-6 * density.threshold);
    const auto probe = gaussianFeatures(20, 4);
    const double difference =
        (densityScores(back, probe) - densityScores(density, probe)).abs().max().item<double>();
    TGC_CHECK(difference < 1e-3);
    Json broken = densityToJson(density);
    broken.set("rank", 5); // components hold 4 rows
    TGC_CHECK_THROWS_WITH(densityFromJson(broken), "sizes disagree");
    TGC_CHECK_THROWS_WITH(fitFeatureDensity(train.slice(0, 0, 1)), "at least 2");
}

TGC_TEST(click_maps_peak_at_the_click_in_the_right_channel) {
    const auto maps = clickMaps({{10, 20, true}, {40, 5, false}}, 64, 2.0);
    TGC_CHECK_EQ(maps.size(0), int64_t(2));
    TGC_CHECK_CLOSE(maps[0][20][10].item<double>(), 1.0, 1e-6); // [channel][y][x]
    TGC_CHECK_CLOSE(maps[1][5][40].item<double>(), 1.0, 1e-6);
    TGC_CHECK(maps[0][5][40].item<double>() < 1e-6);
    TGC_CHECK(maps[1][20][10].item<double>() < 1e-6);
    TGC_CHECK_CLOSE(maps[0][20][12].item<double>(), std::exp(-4.0 / 8.0), 1e-5);
    TGC_CHECK(clickMaps({}, 16, 2.0).abs().sum().item<double>() == 0.0);
}

TGC_TEST(clicks_change_nothing_until_trained_and_only_the_clicked_sample) {
    torch::manual_seed(5);
    auto config = tgcNetConfig("tiny");
    config.vision.imageSize = 64;
    config.cnnImageSize = 64;
    TgcNet net(config);
    net->eval();
    torch::NoGradGuard noGrad;
    const auto images = torch::rand({2, 3, 64, 64});
    const auto ids = torch::randint(1, 200, {2, 77}, torch::kLong);
    const auto text = net->encodeText(ids);
    const auto plain = net->run(images, images, text).logits;
    auto maps = torch::stack({clickMaps({{20, 20, true}}, 64, 1.0), clickMaps({}, 64, 1.0)});
    // Zero-initialised projections: a fresh encoder adds nothing.
    TGC_CHECK((net->run(images, images, text, maps).logits - plain).abs().max().item<double>() ==
              0.0);
    for (auto& p : net->clicks->parameters())
        p.add_(0.1);
    const auto clicked = net->run(images, images, text, maps).logits;
    TGC_CHECK((clicked[0] - plain[0]).abs().max().item<double>() > 1e-3);
    // The sample without clicks keeps the text-only path exactly.
    TGC_CHECK((clicked[1] - plain[1]).abs().max().item<double>() == 0.0);
}

TGC_TEST(presence_head_learns_presence_from_the_mask_evidence) {
    // Hand-built evidence: present samples have a confident blob in the
    // mask logits, absent ones a faint smear; text and visual features are
    // noise. A few hundred steps must separate them.
    torch::manual_seed(11);
    PresenceHead head(PresenceHeadOptions{16, 16});
    torch::optim::Adam optimizer(head->parameters(), 1e-2);
    const auto batch = [](int64_t n) {
        auto present = (torch::rand({n}) > 0.5).to(torch::kFloat32);
        auto logits = torch::full({n, 1, 32, 32}, -6.0) + torch::randn({n, 1, 32, 32});
        logits.index_put_({torch::indexing::Slice(), 0, torch::indexing::Slice(8, 20),
                           torch::indexing::Slice(8, 20)},
                          logits.index({torch::indexing::Slice(), 0, torch::indexing::Slice(8, 20),
                                        torch::indexing::Slice(8, 20)}) +
                              10.0 * present.view({n, 1, 1}));
        return std::make_tuple(torch::randn({n, 16}), torch::randn({n, 16, 4, 4}),
                               torch::rand({n, 1, 4, 4}), logits, present);
    };
    for (int step = 0; step < 200; ++step) {
        auto [text, visual, cost, logits, present] = batch(16);
        auto loss =
            torch::binary_cross_entropy_with_logits(head(text, visual, cost, logits), present);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    torch::NoGradGuard noGrad;
    auto [text, visual, cost, logits, present] = batch(200);
    const auto p = torch::sigmoid(head(text, visual, cost, logits));
    const double right =
        ((p > 0.5).to(torch::kFloat32) == present).to(torch::kFloat64).mean().item<double>();
    std::cout << "  presence accuracy on fresh hand-built cases " << right << "\n";
    TGC_CHECK(right >= 0.97);
}

TGC_TEST(a_checkpoint_from_before_presence_and_clicks_loads_and_says_unknown) {
    torch::manual_seed(21);
    TgcNet net(tgcNetConfig("tiny"));
    CheckpointInfo info;
    info.abilities = Json::object();
    info.abilities.set("presence", true);
    info.abilities.set("clicks", true);
    const auto full = tempPath("full.safetensors");
    saveCheckpoint(net, full, info);
    const auto old = tempPath("old.safetensors");
    const auto noPresence = tempPath("no-presence.safetensors");
    dropTensors(full, noPresence, kPresencePrefix);
    dropTensors(noPresence, old, kClicksPrefix);
    const LoadedCheckpoint loaded = loadCheckpoint(old);
    TGC_CHECK(!loaded.hasPresence);
    TGC_CHECK(!loaded.hasClicks);
    TGC_CHECK(loadCheckpoint(full).hasPresence);

    // Half a presence head is a broken file, not an old one.
    const auto partial = tempPath("partial.safetensors");
    dropTensors(full, partial, "presence.out.");
    TGC_CHECK_THROWS_WITH(loadCheckpoint(partial), "presence.out");

    tgc::engine::EngineOptions options;
    options.device = "cpu";
    tgc::engine::InferenceEngine engine;
    engine.load(old, {}, options);
    TGC_CHECK(!engine.hasPresence());
    TGC_CHECK(!engine.hasOodDescription());
    TGC_CHECK(!engine.hasClicks());
    const auto image = ramp(48);
    const auto result = engine.segment(tgc::engine::SliceInput{image.data(), 48, 48, 0.5, 1.0},
                                       tgc::engine::Prompt{"liver", ""}, {{10, 10, true}});
    TGC_CHECK(result.presence.empty());
    TGC_CHECK(result.oodScores.empty());
    TGC_CHECK(result.clicksIgnored);
    TGC_CHECK(tgc::engine::volumePresence(result) < 0);
    TGC_CHECK(tgc::engine::volumeOodScore(result) < 0);
}

TGC_TEST(a_checkpoint_with_a_density_and_trained_heads_answers_per_slice) {
    torch::manual_seed(22);
    TgcNet net(tgcNetConfig("tiny"));
    net->eval();
    // A density fitted on this network's features of ramps of several
    // contrasts, prepared exactly as the engine prepares a slice.
    const auto scaledRamp = [](double scale) {
        auto values = ramp(64);
        for (float& v : values)
            v = float(v * scale);
        return values;
    };
    std::vector<torch::Tensor> rows;
    {
        torch::NoGradGuard noGrad;
        for (int i = 0; i < 12; ++i) {
            const auto values = scaledRamp(0.5 + 0.04 * i);
            const auto unit = tgc::engine::resizeImage(
                tgc::engine::windowToUnit(values.data(), 64, 64, {0.5, 1.0}, torch::kCPU), 256,
                256);
            rows.push_back(net->imageFeatures(tgc::engine::toModelInput(unit, 128),
                                              tgc::engine::toModelInput(unit, 256)));
        }
    }
    CheckpointInfo info;
    info.featureDensity = densityToJson(fitFeatureDensity(torch::cat(rows), 4));
    info.abilities = Json::object();
    info.abilities.set("presence", true);
    info.abilities.set("clicks", false);
    const auto path = tempPath("described.safetensors");
    saveCheckpoint(net, path, info);

    tgc::engine::EngineOptions options;
    options.device = "cpu";
    options.batchSize = 2;
    tgc::engine::InferenceEngine engine;
    engine.load(path, {}, options);
    TGC_CHECK(engine.hasPresence());
    TGC_CHECK(engine.hasOodDescription());
    TGC_CHECK(!engine.hasClicks());
    const auto a = scaledRamp(0.7), b = ramp(40);
    const auto result = engine.segmentSlices(
        {{a.data(), 64, 64, 0.5, 1.0}, {b.data(), 40, 40, 0.5, 1.0}, {a.data(), 64, 64, 0.5, 1.0}},
        {"liver", ""});
    TGC_CHECK_EQ(result.presence.size(), std::size_t(3));
    TGC_CHECK_EQ(result.oodScores.size(), std::size_t(3));
    TGC_CHECK(result.oodThreshold > 0);
    for (float p : result.presence)
        TGC_CHECK(p >= 0.0f && p <= 1.0f);
    TGC_CHECK_CLOSE(tgc::engine::volumePresence(result),
                    *std::max_element(result.presence.begin(), result.presence.end()), 1e-9);
    // Slices 0 and 2 are the same image: the same answers.
    TGC_CHECK_CLOSE(result.oodScores[0], result.oodScores[2], 1e-4);
    TGC_CHECK_CLOSE(result.presence[0], result.presence[2], 1e-5);
    // A checkerboard is nothing like the ramps the density saw.
    std::vector<float> board(64 * 64);
    for (int i = 0; i < 64 * 64; ++i)
        board[size_t(i)] = ((i % 64) / 4 + (i / 64) / 4) % 2 ? 1.0f : 0.0f;
    const auto strange = engine.segment({board.data(), 64, 64, 0.5, 1.0}, {"liver", ""});
    std::cout << "  ood: ramp " << result.oodScores[0] << ", checkerboard " << strange.oodScores[0]
              << ", threshold " << result.oodThreshold << "\n";
    TGC_CHECK(strange.oodScores[0] > result.oodThreshold);
}

int main(int argc, char** argv) {
    const int rc = tgc::test::runAll(argc, argv);
    fs::remove_all(fs::temp_directory_path() / ("tgc_honesty_" + std::to_string(getpid())));
    return rc;
}

// The presence term that pools the mask over image strips the text weighs:
// it tells "a blob on the side the text names" from "a blob on the other
// side", which the presence head's global pooling cannot; and it is added to
// old weights without changing their answers, and stays off for old files.
#include "checkpoint.h"
#include "model_test.h"
#include "presence_head.h"
#include "presence_strips.h"
#include "tgc_net.h"

#include <filesystem>
#include <functional>
#include <unistd.h>

using namespace tgc::model;
namespace fs = std::filesystem;
using torch::indexing::Slice;

namespace {

std::string tempPath(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("tgc_strips_" + std::to_string(getpid()));
    fs::create_directories(dir);
    return (dir / name).string();
}

// Hand-built chest-film-like cases: every image has one confident blob, on
// its left or right half; the text (noise plus a side direction) names a
// side; the target is present only where the blob is on the named side.
struct SideCases {
    torch::Tensor text, visual, cost, logits, present;
};
SideCases sideCases(int64_t n, int64_t dim) {
    const auto blobLeft = torch::rand({n}) > 0.5;
    const auto namesLeft = torch::rand({n}) > 0.5;
    SideCases c;
    c.text = torch::randn({n, dim});
    c.text.select(1, 0).copy_(namesLeft.to(torch::kFloat32) * 4.0 - 2.0);
    c.logits = torch::full({n, 1, 32, 32}, -6.0) + torch::randn({n, 1, 32, 32});
    for (int64_t i = 0; i < n; ++i) {
        const int64_t x0 = blobLeft[i].item<bool>() ? 4 : 20;
        c.logits.index({i, 0, Slice(10, 18), Slice(x0, x0 + 8)}) += 12.0;
    }
    c.cost = torch::rand({n, 1, 4, 4});
    c.visual = torch::randn({n, dim, 4, 4});
    c.present = (blobLeft == namesLeft).to(torch::kFloat32);
    return c;
}

double trainedAccuracy(torch::nn::Module& module,
                       const std::function<torch::Tensor(const SideCases&)>& score, int64_t dim) {
    torch::optim::Adam optimizer(module.parameters(), 1e-2);
    for (int step = 0; step < 300; ++step) {
        const SideCases c = sideCases(32, dim);
        auto loss = torch::binary_cross_entropy_with_logits(score(c), c.present);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    torch::NoGradGuard noGrad;
    const SideCases c = sideCases(400, dim);
    const auto right = ((score(c) > 0).to(torch::kFloat32) == c.present);
    return right.to(torch::kFloat64).mean().item<double>();
}

} // namespace

TGC_TEST(strips_tell_the_named_side_where_global_pooling_cannot) {
    torch::manual_seed(31);
    PresenceStrips strips(PresenceStripsOptions{16, 2});
    const double withStrips = trainedAccuracy(
        *strips, [&](const SideCases& c) { return strips(c.text, c.cost, c.logits); }, 16);
    torch::manual_seed(31);
    PresenceHead head(PresenceHeadOptions{16, 16});
    const double globalOnly = trainedAccuracy(
        *head, [&](const SideCases& c) { return head(c.text, c.visual, c.cost, c.logits); }, 16);
    std::cout << "  side cases right: strips " << withStrips << ", global pooling " << globalOnly
              << "\n";
    TGC_CHECK(withStrips >= 0.97);
    TGC_CHECK(globalOnly <= 0.7);
}

TGC_TEST(strip_statistics_follow_the_blob_and_coefficients_start_at_zero) {
    PresenceStrips strips(PresenceStripsOptions{8, 2});
    auto logits = torch::full({1, 1, 16, 16}, -8.0);
    logits.index({0, 0, Slice(4, 8), Slice(10, 14)}) = 8.0; // right half only
    const auto cost = torch::zeros({1, 1, 4, 4});
    const auto stats = strips->stripStatistics(cost, logits);
    TGC_CHECK(stats.sizes().vec() == std::vector<int64_t>({1, 2, PresenceStripsImpl::kStatistics}));
    TGC_CHECK_CLOSE(stats[0][0][0].item<double>(), -0.8, 1e-6); // logit max / 10, left
    TGC_CHECK_CLOSE(stats[0][1][0].item<double>(), 0.8, 1e-6);  // right
    TGC_CHECK(stats[0][1][1].item<double>() > 1.0);             // soft area x 10
    TGC_CHECK(stats[0][0][1].item<double>() < 0.01);
    const auto text = torch::randn({3, 8});
    const auto coefficients = strips->stripCoefficients(text);
    TGC_CHECK(coefficients.sizes().vec() ==
              std::vector<int64_t>({3, 2, PresenceStripsImpl::kStatistics}));
    TGC_CHECK(coefficients.abs().max().item<double>() == 0.0);
    // The term is sum over strips and statistics of coefficient x statistic.
    {
        torch::NoGradGuard noGrad;
        strips->where->bias.fill_(1.0);
    }
    const auto term = strips(text.slice(0, 0, 1), cost, logits);
    TGC_CHECK_CLOSE(term.item<double>(), stats.sum().item<double>(), 1e-5);
}

TGC_TEST(strips_added_to_old_weights_keep_their_answers_until_trained) {
    torch::manual_seed(32);
    TgcNetConfig config = tgcNetConfig("tiny");
    config.vision.imageSize = 64;
    config.cnnImageSize = 64;
    TgcNet old(config);
    old->eval();
    const auto path = tempPath("old.safetensors");
    saveCheckpoint(old, path, {});
    // A file without the key is a file from before the strips.
    Json json = configToJson(config);
    TGC_CHECK(json.find("presence_strips") != nullptr);
    TGC_CHECK_EQ(configFromJson(json).presenceStrips, 0);
    TGC_CHECK(!loadCheckpoint(path).net->presence_strips);

    TgcNetConfig grown = config;
    grown.presenceStrips = 2;
    LoadedCheckpoint loaded = loadCheckpointAs(path, grown);
    TGC_CHECK(loaded.net->presence_strips);
    TGC_CHECK_EQ(loaded.metadata.config.presenceStrips, 2);
    const auto images = torch::rand({2, 3, 64, 64});
    const auto ids = torch::randint(1, 200, {2, 12});
    torch::NoGradGuard noGrad;
    const auto before = old->run(images, images, old->encodeText(ids));
    const auto after = loaded.net->run(images, images, loaded.net->encodeText(ids));
    TGC_CHECK((before.presence - after.presence).abs().max().item<double>() == 0.0);
    TGC_CHECK((before.logits - after.logits).abs().max().item<double>() == 0.0);

    // Saved with the strips, the file rebuilds them; trained, they count.
    for (auto& p : loaded.net->presence_strips->parameters())
        p.add_(0.1);
    const auto grownPath = tempPath("grown.safetensors");
    saveCheckpoint(loaded.net, grownPath, {});
    LoadedCheckpoint again = loadCheckpoint(grownPath);
    TGC_CHECK_EQ(again.metadata.config.presenceStrips, 2);
    const auto trained = again.net->run(images, images, again.net->encodeText(ids));
    TGC_CHECK((trained.presence - before.presence).abs().max().item<double>() > 1e-3);

    // Only the strips may differ from the file's config.
    TgcNetConfig other = grown;
    other.presenceHidden = 32;
    TGC_CHECK_THROWS_WITH(loadCheckpointAs(path, other), "presence strips");
}

int main(int argc, char** argv) {
    const int rc = tgc::test::runAll(argc, argv);
    fs::remove_all(fs::temp_directory_path() / ("tgc_strips_" + std::to_string(getpid())));
    return rc;
}

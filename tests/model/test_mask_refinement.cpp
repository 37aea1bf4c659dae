// The stride-2 mask refinement: grown on old weights it changes no answer
// until trained; it reads the image and the clicks at stride 2; and it can
// learn detail the decoder's stride-4 grid cannot hold.
#include "checkpoint.h"
#include "mask_refinement.h"
#include "model_test.h"
#include "tgc_net.h"

#include <filesystem>
#include <unistd.h>

using namespace tgc::model;
namespace fs = std::filesystem;

namespace {

std::string tempPath(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("tgc_refinement_" + std::to_string(getpid()));
    fs::create_directories(dir);
    return (dir / name).string();
}

TgcNetConfig smallTiny() {
    TgcNetConfig config = tgcNetConfig("tiny");
    config.vision.imageSize = 64;
    config.cnnImageSize = 64;
    return config;
}

// Vertical stripes two pixels wide starting at `phase`, as an image
// [3, S, S] in [0, 1] and a mask [1, S, S].
std::pair<torch::Tensor, torch::Tensor> stripes(int64_t size, int64_t phase) {
    const auto x = torch::arange(size).add(phase).floor_divide(2).remainder(2).to(torch::kFloat32);
    const auto mask = x.view({1, 1, size}).expand({1, size, size}).contiguous();
    return {mask.expand({3, size, size}) * 0.6 + 0.2, mask};
}

double dice(const torch::Tensor& predicted, const torch::Tensor& truth) {
    const double overlap = (predicted * truth).sum().item<double>();
    return 2 * overlap / (predicted.sum().item<double>() + truth.sum().item<double>());
}

} // namespace

TGC_TEST(a_refinement_starts_as_nothing_and_old_files_stay_at_stride_4) {
    torch::manual_seed(41);
    const TgcNetConfig config = smallTiny();
    TgcNet old(config);
    old->eval();
    const auto path = tempPath("old.safetensors");
    saveCheckpoint(old, path, {});
    TGC_CHECK(configToJson(config).find("mask_stride") != nullptr);
    // A file without the key predates the refinement.
    const Json json = configToJson(config);
    Json withoutKey = Json::object();
    for (const auto& [key, value] : json.asObject())
        if (key != "mask_stride")
            withoutKey.set(key, value);
    TGC_CHECK_EQ(configFromJson(withoutKey).maskStride, 4);
    TGC_CHECK(!loadCheckpoint(path).net->refinement);

    TgcNetConfig grown = config;
    grown.maskStride = 2;
    LoadedCheckpoint loaded = loadCheckpointAs(path, grown);
    TGC_CHECK(loaded.net->refinement);
    const auto images = torch::rand({2, 3, 64, 64});
    const auto ids = torch::randint(1, 200, {2, 12});
    auto maps = torch::zeros({2, 2, 64, 64});
    maps[0] = clickMaps({{20, 30, true}, {40, 10, false}}, 64, clickSigmaFor(64));
    torch::NoGradGuard noGrad;
    for (const auto& clicks : {torch::Tensor(), maps}) {
        const auto before = old->run(images, images, old->encodeText(ids), clicks);
        const auto after = loaded.net->run(images, images, loaded.net->encodeText(ids), clicks);
        TGC_CHECK((before.logits - after.logits).abs().max().item<double>() == 0.0);
        TGC_CHECK((before.presence - after.presence).abs().max().item<double>() == 0.0);
    }

    // Trained (here: any head weights), the logits move and presence does
    // not: presence reads the decoder's own mask.
    torch::manual_seed(42);
    for (auto& p : loaded.net->refinement->head->parameters())
        p.copy_(torch::randn_like(p) * 0.5);
    const auto grownPath = tempPath("grown.safetensors");
    saveCheckpoint(loaded.net, grownPath, {});
    LoadedCheckpoint again = loadCheckpoint(grownPath);
    TGC_CHECK_EQ(again.metadata.config.maskStride, 2);
    const auto before = old->run(images, images, old->encodeText(ids));
    const auto trained = again.net->run(images, images, again.net->encodeText(ids));
    TGC_CHECK(trained.logits.sizes() == before.logits.sizes());
    TGC_CHECK((trained.logits - before.logits).abs().max().item<double>() > 1e-3);
    TGC_CHECK((trained.presence - before.presence).abs().max().item<double>() == 0.0);

    // Clicks reach the refinement directly; no clicks and empty maps agree.
    const auto text = again.net->encodeText(ids);
    const auto none = again.net->run(images, images, text).logits;
    const auto empty = again.net->run(images, images, text, torch::zeros({2, 2, 64, 64})).logits;
    TGC_CHECK((none - empty).abs().max().item<double>() == 0.0);
    const auto clicked = again.net->run(images, images, text, maps).logits;
    TGC_CHECK((clicked[0] - none[0]).abs().max().item<double>() > 1e-4);
    TGC_CHECK((clicked[1] - none[1]).abs().max().item<double>() == 0.0);

    // A stride-2 file asked for at stride 4 has tensors that network lacks.
    TGC_CHECK_THROWS_WITH(loadCheckpointAs(grownPath, config), "unexpected tensor 'refinement.");
    TgcNetConfig bad = config;
    bad.maskStride = 8;
    TGC_CHECK_THROWS_WITH(validateConfig(bad), "maskStride must be 4 or 2");
}

TGC_TEST(the_refinement_learns_stripes_the_stride_4_grid_cannot_hold) {
    // Two-pixel stripes on the stride-2 grid (phase 0 or 2): at stride 4
    // every cell holds as much stripe as gap, so the box-filtered mask is
    // flat and the decoder's grid can hold no edge; at stride 2 every cell
    // is all stripe or all gap.
    constexpr int64_t size = 32;
    for (int64_t phase : {0, 2}) {
        const auto stride4 =
            torch::nn::functional::avg_pool2d(stripes(size, phase).second.unsqueeze(0),
                                              torch::nn::functional::AvgPool2dFuncOptions(4));
        TGC_CHECK((stride4 - 0.5).abs().max().item<double>() < 1e-6);
    }

    torch::manual_seed(43);
    MaskRefinement refinement(MaskRefinementOptions{16, 16});
    torch::optim::Adam optimizer(refinement->parameters(), torch::optim::AdamOptions(1e-2));
    const auto fine = torch::zeros({2, 16, size / 4, size / 4});
    const auto logits = torch::zeros({2, 1, size / 4, size / 4});
    for (int step = 0; step < 150; ++step) {
        // Random phases, so the stripes must be read from the image.
        const auto phase = torch::randint(0, 2, {2}) * 2;
        auto a = stripes(size, phase[0].item<int64_t>());
        auto b = stripes(size, phase[1].item<int64_t>());
        const auto images = torch::stack({a.first, b.first});
        const auto masks = torch::stack({a.second, b.second});
        const auto residual = refinement(fine, logits, images, torch::Tensor());
        TGC_CHECK(residual.sizes().vec() == std::vector<int64_t>({2, 1, size / 2, size / 2}));
        const auto answer = resizeBilinear(residual, size, size);
        const auto loss = torch::binary_cross_entropy_with_logits(answer, masks);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    torch::NoGradGuard noGrad;
    refinement->eval();
    for (int64_t phase : {0, 2}) {
        const auto [image, mask] = stripes(size, phase);
        const auto residual = refinement(fine.slice(0, 0, 1), logits.slice(0, 0, 1),
                                         image.unsqueeze(0), torch::Tensor());
        const auto predicted = (resizeBilinear(residual, size, size) > 0).to(torch::kFloat32);
        TGC_CHECK(dice(predicted[0], mask) > 0.95);
    }
}

int main(int argc, char** argv) {
    const int rc = tgc::test::runAll(argc, argv);
    fs::remove_all(fs::temp_directory_path() / ("tgc_refinement_" + std::to_string(getpid())));
    return rc;
}

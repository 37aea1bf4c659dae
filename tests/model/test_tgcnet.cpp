// TGC-Net as a whole: shapes through every module, parameter budgets of the
// paper configurations, frozen CLIP, determinism, config JSON round trip.
#include "flops.h"
#include "model_test.h"
#include "tgc_net.h"

using namespace tgc::model;

namespace {

// A config small enough to run forward and backward in well under a second.
TgcNetConfig microConfig() {
    TgcNetConfig c = tgcNetConfig("tiny");
    c.name = "micro";
    c.vision.width = 64;
    c.vision.layers = 4;
    c.vision.heads = 2;
    c.vision.imageSize = 64;
    c.vision.embedDim = 32;
    c.vision.taps = {1, 2, 3, 4};
    c.text.width = 32;
    c.text.layers = 2;
    c.text.heads = 2;
    c.text.embedDim = 32;
    c.cnnImageSize = 128;
    c.cnn.widths = {8, 16, 16, 32};
    c.dim = 32;
    c.fineDim = 16;
    c.sseHeads = 4;
    c.sseFfn = 64;
    c.textHeads = 4;
    c.dateFfn = 64;
    c.costDim = 16;
    c.aggChannels = 16;
    c.guidanceChannels = 8;
    return c;
}

// Byte-tokenizer-like ids: start 257, some bytes, end 258, zero padding.
torch::Tensor fakeIds(int64_t batch, int64_t length, int64_t seed) {
    auto ids = torch::zeros({batch, 77}, torch::kLong);
    for (int64_t b = 0; b < batch; ++b) {
        ids[b][0] = 257;
        for (int64_t t = 1; t <= length + b; ++t)
            ids[b][t] = 1 + (seed * 31 + t * 7 + b) % 256;
        ids[b][length + b + 1] = 258;
    }
    return ids;
}

struct Inputs {
    torch::Tensor clip, cnn, report, aux;
};

Inputs randomInputs(const TgcNetConfig& c, int64_t batch) {
    return {torch::randn({batch, 3, c.clipImageSize(), c.clipImageSize()}),
            torch::randn({batch, 3, c.cnnImageSize, c.cnnImageSize}), fakeIds(batch, 5, 1),
            fakeIds(batch, 9, 2)};
}

} // namespace

TGC_TEST(module_shapes_through_the_network) {
    torch::manual_seed(0);
    TgcNetConfig c = microConfig();
    TgcNet net(c);
    net->eval();
    torch::NoGradGuard noGrad;
    auto in = randomInputs(c, 2);
    auto vision = net->clip_visual(in.clip);
    TGC_CHECK_EQ(vision.taps.size(), size_t(4));
    TGC_CHECK(vision.taps[0].sizes() == torch::IntArrayRef({2, 64, 4, 4}));
    auto local = net->cnn(in.cnn);
    const std::vector<int64_t> sizes = {32, 16, 8, 4};
    for (size_t i = 0; i < 4; ++i)
        TGC_CHECK(local[i].sizes() == torch::IntArrayRef({2, c.cnn.widths[i], sizes[i], sizes[i]}));
    auto pyramid = net->sse(local, vision.taps).levels;
    TGC_CHECK(pyramid[0].sizes() == torch::IntArrayRef({2, 16, 32, 32}));
    TGC_CHECK(pyramid[1].sizes() == torch::IntArrayRef({2, 32, 16, 16}));
    TGC_CHECK(pyramid[3].sizes() == torch::IntArrayRef({2, 32, 4, 4}));
    auto withAux = net->encodeText(in.report, in.aux);
    auto without = net->encodeText(in.report);
    TGC_CHECK(withAux.embedding.sizes() == torch::IntArrayRef({2, 32}));
    TGC_CHECK_EQ(withAux.tokens.size(0), 2);
    TGC_CHECK_EQ(withAux.tokens.size(2), 32);
    // DATE's add-back starts at zero: an untrained DATE changes nothing.
    TGC_CHECK(torch::equal(withAux.embedding, without.embedding));
    auto vlcmOut =
        net->vlcm(pyramid[2].flatten(2).transpose(1, 2), withAux.tokens, withAux.tokenPadding);
    TGC_CHECK(vlcmOut.visual.sizes() == torch::IntArrayRef({2, 64, 32}));
    TGC_CHECK(vlcmOut.context.sizes() == torch::IntArrayRef({2, c.contextTokens, 32}));
    auto cost = net->decoder->cost(pyramid[2], vision.dense, withAux.embedding);
    TGC_CHECK(cost.sizes() == torch::IntArrayRef({2, 1, 8, 8}));
    TGC_CHECK(cost.abs().max().item<float>() <= 1.0f + 1e-5f); // a cosine
    auto logits = net->forward(in.clip, in.cnn, in.report, in.aux);
    TGC_CHECK(logits.sizes() == torch::IntArrayRef({2, 1, 128, 128}));
    TGC_CHECK(torch::isfinite(logits).all().item<bool>());
}

TGC_TEST(batch_one_text_serves_an_image_batch) {
    torch::manual_seed(1);
    TgcNetConfig c = microConfig();
    TgcNet net(c);
    net->eval();
    torch::NoGradGuard noGrad;
    auto in = randomInputs(c, 3);
    auto text = net->encodeText(in.report.slice(0, 0, 1), in.aux.slice(0, 0, 1));
    auto batched = net->forward(in.clip, in.cnn, text);
    auto single = net->forward(in.clip.slice(0, 2, 3), in.cnn.slice(0, 2, 3), text);
    TGC_CHECK(torch::allclose(batched.slice(0, 2, 3), single, 1e-4, 1e-5));
}

TGC_TEST(frozen_clip_gets_no_gradient) {
    torch::manual_seed(2);
    TgcNetConfig c = microConfig();
    c.freezeClip = true;
    TgcNet net(c);
    auto in = randomInputs(c, 1);
    auto logits = net->forward(in.clip, in.cnn, in.report, in.aux);
    // Make DATE's zero-initialised add-back live so gradients reach every module.
    logits.sum().backward();
    for (const auto& item : net->named_parameters()) {
        const bool clip = isClipTensorName(item.key());
        if (clip) {
            TGC_CHECK(!item.value().requires_grad());
            TGC_CHECK(!item.value().grad().defined());
        }
    }
    TGC_CHECK(net->cnn->parameters()[0].grad().defined());
    TGC_CHECK(net->decoder->head->conv->weight.grad().defined());
    TGC_CHECK(net->frozenParameterCount() > 0);
    // Unfreezing makes the towers train.
    net->setClipFrozen(false);
    net->zero_grad();
    net->forward(in.clip, in.cnn, in.report, in.aux).sum().backward();
    TGC_CHECK(net->clip_visual->conv1->weight.grad().defined());
    TGC_CHECK(net->clip_visual->conv1->weight.grad().abs().sum().item<float>() > 0);
    TGC_CHECK(net->clip_text->token_embedding->weight.grad().defined());
    TGC_CHECK_EQ(net->frozenParameterCount(), 0);
}

TGC_TEST(paper_configs_have_about_10_3M_trainable_parameters) {
    for (const std::string name : {"paper-b16", "paper-l14-336"}) {
        // The frozen towers' depth does not change the trainable count (only
        // their widths do), so one block each keeps this test light: the
        // full ViT-L/14 alone is 1.2 GB of fp32 weights.
        TgcNetConfig config = tgcNetConfig(name);
        config.vision.layers = 1;
        config.vision.taps = {1, 1, 1, 1};
        config.text.layers = 1;
        TgcNet net(config);
        const double trainable = double(net->trainableParameterCount());
        std::cout << "  " << name << ": trainable " << trainable / 1e6 << "M\n";
        TGC_CHECK(std::abs(trainable - 10.3e6) <= 0.10 * 10.3e6);
        int64_t clip = 0;
        for (const auto& item : net->named_parameters())
            if (isClipTensorName(item.key()))
                clip += item.value().numel();
        TGC_CHECK_EQ(net->frozenParameterCount(), clip);
    }
}

TGC_TEST(fixed_seed_gives_identical_output_on_cpu) {
    auto run = [] {
        torch::manual_seed(42);
        TgcNetConfig c = microConfig();
        TgcNet net(c);
        net->eval();
        torch::NoGradGuard noGrad;
        auto in = randomInputs(c, 1);
        return net->forward(in.clip, in.cnn, in.report, in.aux);
    };
    auto a = run(), b = run();
    TGC_CHECK(torch::equal(a, b));
}

TGC_TEST(config_json_round_trip_and_validation) {
    for (const auto& name : tgcNetConfigNames()) {
        auto config = tgcNetConfig(name);
        auto back = configFromJson(Json::parse(configToJson(config).dump()));
        TGC_CHECK(configToJson(back) == configToJson(config));
    }
    auto micro = microConfig();
    TGC_CHECK(configToJson(configFromJson(configToJson(micro))) == configToJson(micro));
    TGC_CHECK_THROWS_WITH(tgcNetConfig("huge"), "huge");
    auto json = configToJson(micro);
    json.set("dim", "wide");
    TGC_CHECK_THROWS_WITH(configFromJson(json), "dim");
    auto bad = micro;
    bad.vision.taps = {1, 2, 9, 4};
    TGC_CHECK_THROWS_WITH(validateConfig(bad), "tap 9");
}

TGC_TEST(flop_ledger_counts_every_stage) {
    torch::manual_seed(3);
    TgcNetConfig c = microConfig();
    TgcNet net(c);
    net->eval();
    torch::NoGradGuard noGrad;
    auto in = randomInputs(c, 1);
    FlopLedger ledger;
    {
        FlopCounting counting(ledger);
        net->forward(in.clip, in.cnn, in.report, in.aux);
    }
    std::vector<std::string> seen;
    for (const auto& layer : ledger.layers())
        seen.push_back(layer.first.substr(0, layer.first.find('.')));
    for (const std::string stage : {"clip", "cnn", "sse", "date", "vlcm", "decoder"})
        TGC_CHECK(std::find(seen.begin(), seen.end(), stage) != seen.end());
    // The first stem conv alone: 64x64 outputs x stemWidth 8 x 3 channels x 9 taps x 2.
    const double stem = 2.0 * 64 * 64 * 8 * 3 * 9;
    TGC_CHECK(ledger.total() > stem);
    // Counting is off outside the scope, and linear in the batch inside it.
    const double once = ledger.total();
    net->forward(in.clip, in.cnn, in.report, in.aux);
    TGC_CHECK_EQ(ledger.total(), once);
    FlopLedger doubled;
    {
        FlopCounting counting(doubled);
        auto text = net->encodeText(in.report, in.aux);
        net->forward(torch::cat({in.clip, in.clip}), torch::cat({in.cnn, in.cnn}), text);
    }
    TGC_CHECK(doubled.total() > 1.5 * once && doubled.total() < 2.0 * once);
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

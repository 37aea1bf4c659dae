// CLIP towers: shapes, causal text, EOT pooling, position-embedding resizing,
// numerics in reduced precision, parameter counts of the released models.
#include "clip.h"
#include "model_test.h"

#include <cstdint>

using namespace tgc::model;

namespace {

ClipVisionConfig smallVision(int imageSize = 64) {
    ClipVisionConfig config;
    config.width = 64;
    config.layers = 2;
    config.heads = 2;
    config.patch = 16;
    config.imageSize = imageSize;
    config.embedDim = 32;
    config.taps = {1, 2};
    return config;
}

ClipTextConfig smallText() {
    ClipTextConfig config;
    config.width = 64;
    config.layers = 2;
    config.heads = 2;
    config.contextLength = 16;
    config.vocabularySize = 100;
    config.embedDim = 32;
    return config;
}

// Ids as the tokenizer gives them: start (98), words, end (99, the largest), zero padding.
torch::Tensor textIds(const std::vector<std::vector<int64_t>>& rows, int64_t length = 16) {
    auto ids = torch::zeros({int64_t(rows.size()), length}, torch::kLong);
    for (size_t r = 0; r < rows.size(); ++r)
        for (size_t i = 0; i < rows[r].size(); ++i)
            ids[int64_t(r)][int64_t(i)] = rows[r][i];
    return ids;
}

bool sameShape(const torch::Tensor& t, std::vector<int64_t> shape) {
    return t.defined() && t.sizes().vec() == shape;
}

// The CLIP block: 12 W^2 + 13 W (in_proj 3W^2+3W, out_proj W^2+W, two norms 4W,
// c_fc 4W^2+4W, c_proj 4W^2+W).
int64_t blockParameters(int64_t w) {
    return 12 * w * w + 13 * w;
}

int64_t visionParameters(int64_t width, int64_t layers, int64_t patch, int64_t grid,
                         int64_t embed) {
    return 3 * width * patch * patch                          // conv1, no bias
           + width                                            // class embedding
           + (grid * grid + 1) * width                        // positions
           + 2 * width + 2 * width                            // ln_pre, ln_post
           + layers * blockParameters(width) + width * embed; // blocks, proj
}

int64_t textParameters(int64_t width, int64_t layers, int64_t vocabulary, int64_t context,
                       int64_t embed) {
    return vocabulary * width + context * width + layers * blockParameters(width) + 2 * width +
           width * embed;
}

int64_t countParameters(torch::nn::Module& module) {
    int64_t total = 0;
    for (const auto& p : module.parameters())
        total += p.numel();
    return total;
}

} // namespace

TGC_TEST(vision_output_shapes) {
    torch::manual_seed(1);
    ClipVisionTransformer vision(smallVision());
    torch::NoGradGuard noGrad;
    TGC_CHECK_EQ(vision->gridSize(), 4);
    auto out = vision->forward(torch::randn({2, 3, 64, 64}));
    TGC_CHECK_EQ(out.taps.size(), size_t(2));
    for (const auto& tap : out.taps)
        TGC_CHECK(sameShape(tap, {2, 64, 4, 4}));
    TGC_CHECK(sameShape(out.dense, {2, 32, 4, 4}));
    TGC_CHECK(sameShape(out.pooled, {2, 32}));
    // Another input size (not square): the grid follows the image.
    auto wide = vision->forward(torch::randn({1, 3, 48, 96}));
    TGC_CHECK(sameShape(wide.taps[0], {1, 64, 3, 6}));
    TGC_CHECK(sameShape(wide.dense, {1, 32, 3, 6}));
    TGC_CHECK(torch::isfinite(wide.dense).all().item<bool>());
}

TGC_TEST(vision_taps_follow_config_order) {
    torch::manual_seed(2);
    auto config = smallVision();
    config.taps = {2, 1};
    ClipVisionTransformer reversed(config);
    torch::manual_seed(2);
    ClipVisionTransformer ordered(smallVision());
    torch::NoGradGuard noGrad;
    auto images = torch::randn({1, 3, 64, 64});
    auto a = reversed->forward(images), b = ordered->forward(images);
    TGC_CHECK(torch::equal(a.taps[0], b.taps[1]));
    TGC_CHECK(torch::equal(a.taps[1], b.taps[0]));
    TGC_CHECK(!torch::allclose(a.taps[0], a.taps[1]));
}

TGC_TEST(vision_dense_is_ln_post_of_last_block_projected) {
    torch::manual_seed(3);
    ClipVisionTransformer vision(smallVision());
    torch::NoGradGuard noGrad;
    auto out = vision->forward(torch::randn({1, 3, 64, 64}));
    auto last = out.taps.back().flatten(2).transpose(1, 2); // [1, 16, 64]
    auto expected = torch::matmul(vision->ln_post(last), vision->proj);
    TGC_CHECK(torch::allclose(out.dense.flatten(2).transpose(1, 2), expected, 1e-5, 1e-5));
}

TGC_TEST(vision_rejects_bad_input) {
    ClipVisionTransformer vision(smallVision());
    TGC_CHECK_THROWS_WITH(vision->forward(torch::randn({1, 3, 65, 64})), "multiples of 16");
    TGC_CHECK_THROWS_WITH(vision->forward(torch::randn({1, 1, 64, 64})), "[B, 3, H, W]");
    auto config = smallVision();
    config.taps = {3};
    TGC_CHECK_THROWS_WITH(ClipVisionTransformer{config}, "tap 3");
}

TGC_TEST(text_output_shapes) {
    torch::manual_seed(4);
    ClipTextTransformer text(smallText());
    torch::NoGradGuard noGrad;
    auto ids = textIds({{98, 5, 6, 99}, {98, 7, 99}}).to(torch::kInt); // int32 accepted
    auto out = text->forward(ids);
    TGC_CHECK(sameShape(out.tokens, {2, 16, 64}));
    TGC_CHECK(sameShape(out.projected, {2, 16, 32}));
    TGC_CHECK(sameShape(out.pooled, {2, 32}));
    TGC_CHECK(sameShape(out.padMask, {2, 16}));
    TGC_CHECK(out.padMask.scalar_type() == torch::kBool);
    // Shorter sequences than the context are fine.
    TGC_CHECK(sameShape(text->forward(textIds({{98, 99}}, 5)).tokens, {1, 5, 64}));
}

TGC_TEST(text_rejects_bad_ids) {
    ClipTextTransformer text(smallText());
    TGC_CHECK_THROWS_WITH(text->forward(torch::zeros({1, 17}, torch::kLong)), "T <= 16");
    TGC_CHECK_THROWS_WITH(text->forward(torch::zeros({1, 4})), "integer token ids");
    TGC_CHECK_THROWS_WITH(text->forward(textIds({{98, 100}})), "token id 100");
}

TGC_TEST(text_attention_is_causal) {
    torch::manual_seed(5);
    ClipTextTransformer text(smallText());
    torch::NoGradGuard noGrad;
    auto a = textIds({{98, 10, 11, 12, 13, 14, 99}});
    auto b = a.clone();
    b[0][4] = 50;
    auto ta = text->forward(a).tokens, tb = text->forward(b).tokens;
    TGC_CHECK(torch::allclose(ta.slice(1, 0, 4), tb.slice(1, 0, 4), 1e-6, 1e-6));
    for (int64_t i = 4; i < 16; ++i)
        TGC_CHECK(!torch::allclose(ta[0][i], tb[0][i], 1e-4, 1e-4));
}

TGC_TEST(text_pools_at_end_of_text) {
    torch::manual_seed(6);
    ClipTextTransformer text(smallText());
    torch::NoGradGuard noGrad;
    auto ids = textIds({{98, 3, 4, 99}, {98, 3, 4, 5, 6, 7, 8, 99}});
    auto out = text->forward(ids);
    TGC_CHECK(torch::equal(out.pooled[0], out.projected[0][3]));
    TGC_CHECK(torch::equal(out.pooled[1], out.projected[1][7]));
    TGC_CHECK(!torch::allclose(out.pooled[0], out.projected[0][15]));
    auto expectedPad = torch::arange(16).unsqueeze(0) > torch::tensor({3, 7}).unsqueeze(1);
    TGC_CHECK(torch::equal(out.padMask, expectedPad));
}

TGC_TEST(position_embedding_resize_keeps_class_and_constants) {
    auto embedding = torch::empty({14 * 14 + 1, 8});
    embedding[0] = torch::arange(8).to(torch::kFloat);
    embedding.slice(0, 1).copy_(torch::full({14 * 14, 8}, 0.25f));
    auto resized = resizeClipPositionEmbedding(embedding, 21, 21);
    TGC_CHECK(sameShape(resized, {21 * 21 + 1, 8}));
    TGC_CHECK(torch::equal(resized[0], embedding[0]));
    TGC_CHECK(torch::allclose(resized.slice(0, 1), torch::full({21 * 21, 8}, 0.25f), 0, 1e-6));
    // A ramp along x stays monotone along x after bicubic resizing.
    auto ramp = torch::arange(14).to(torch::kFloat).view({1, 14, 1}).expand({14, 14, 8});
    embedding.slice(0, 1).copy_(ramp.reshape({196, 8}));
    auto grid = resizeClipPositionEmbedding(embedding, 21, 21).slice(0, 1).view({21, 21, 8});
    TGC_CHECK((grid.select(1, 20) > grid.select(1, 0)).all().item<bool>());
    TGC_CHECK_THROWS_WITH(resizeClipPositionEmbedding(torch::zeros({11, 8}), 4, 4), "square grid");
}

TGC_TEST(vision_other_size_matches_a_tower_built_for_it) {
    torch::manual_seed(7);
    ClipVisionTransformer native(smallVision(64)); // grid 4
    ClipVisionTransformer larger(smallVision(96)); // grid 6
    {
        torch::NoGradGuard noGrad;
        for (auto& item : larger->named_parameters()) {
            auto source = native->named_parameters()[item.key()];
            item.value().copy_(item.key() == "positional_embedding"
                                   ? resizeClipPositionEmbedding(source, 6, 6)
                                   : source);
        }
    }
    torch::NoGradGuard noGrad;
    auto images = torch::randn({1, 3, 96, 96});
    auto a = native->forward(images), b = larger->forward(images);
    TGC_CHECK(torch::allclose(a.dense, b.dense, 1e-5, 1e-5));
    // The cached resize follows later changes of the stored embedding.
    native->positional_embedding.mul_(2.0);
    larger->positional_embedding.copy_(
        resizeClipPositionEmbedding(native->positional_embedding, 6, 6));
    TGC_CHECK(
        torch::allclose(native->forward(images).dense, larger->forward(images).dense, 1e-5, 1e-5));
}

TGC_TEST(position_embedding_resize_carries_gradient_when_trained) {
    torch::manual_seed(8);
    ClipVisionTransformer vision(smallVision(64));
    auto out = vision->forward(torch::randn({1, 3, 96, 96}));
    out.pooled.sum().backward();
    auto grad = vision->positional_embedding.grad();
    TGC_CHECK(grad.defined());
    TGC_CHECK(grad.abs().sum().item<double>() > 0);
}

TGC_TEST(reduced_precision_forward_is_close) {
    torch::manual_seed(9);
    ClipVisionTransformer vision(smallVision());
    ClipTextTransformer text(smallText());
    torch::NoGradGuard noGrad;
    auto images = torch::randn({1, 3, 64, 64});
    auto ids = textIds({{98, 4, 5, 99}});
    auto v32 = vision->forward(images).dense;
    auto t32 = text->forward(ids).pooled;
    vision->to(torch::kBFloat16);
    text->to(torch::kBFloat16);
    auto v16 = vision->forward(images).dense; // fp32 images are cast to the weights' dtype
    auto t16 = text->forward(ids).pooled;
    TGC_CHECK(v16.scalar_type() == torch::kBFloat16);
    const double vError = (v16.to(torch::kFloat) - v32).abs().max().item<double>();
    const double tError = (t16.to(torch::kFloat) - t32).abs().max().item<double>();
    TGC_CHECK(vError < 0.05 * v32.abs().max().item<double>());
    TGC_CHECK(tError < 0.05 * t32.abs().max().item<double>());
}

TGC_TEST(fixed_seed_is_deterministic) {
    torch::NoGradGuard noGrad;
    auto run = [] {
        torch::manual_seed(42);
        ClipVisionTransformer vision(smallVision());
        ClipTextTransformer text(smallText());
        auto images = torch::rand({2, 3, 64, 64});
        return std::make_pair(vision->forward(images).dense,
                              text->forward(textIds({{98, 9, 99}})).pooled);
    };
    auto a = run(), b = run();
    TGC_CHECK(torch::equal(a.first, b.first));
    TGC_CHECK(torch::equal(a.second, b.second));
}

TGC_TEST(released_model_parameter_counts) {
    // Formula against the released checkpoints' known totals: ViT-B/16 vision
    // 86,192,640 at 224 px (86,380,800 at 336), text 63,428,096 (+1 logit_scale = 149,620,737);
    // ViT-L/14-336 vision 304,293,888.
    TGC_CHECK_EQ(visionParameters(768, 12, 16, 14, 512), int64_t(86192640));
    TGC_CHECK_EQ(textParameters(512, 12, 49408, 77, 512), int64_t(63428096));
    TGC_CHECK_EQ(visionParameters(1024, 24, 14, 24, 768), int64_t(304293888));
    TGC_CHECK_EQ(visionParameters(768, 12, 16, 21, 512), int64_t(86380800));
    TGC_CHECK_EQ(textParameters(768, 12, 49408, 77, 768), int64_t(123650304));

    // The built towers hold exactly what the formula counts. Built with one
    // block (the count is linear in the blocks) to keep the test fast.
    auto vision = clipVisionB16();
    TGC_CHECK_EQ(visionParameters(vision.width, vision.layers, vision.patch, 14, vision.embedDim),
                 int64_t(86192640));
    vision.layers = 1;
    vision.taps = {1};
    ClipVisionTransformer vision336(vision);
    TGC_CHECK_EQ(countParameters(*vision336), visionParameters(768, 1, 16, 21, 512));
    auto textConfig = clipTextB16();
    TGC_CHECK_EQ(textParameters(textConfig.width, textConfig.layers, textConfig.vocabularySize,
                                textConfig.contextLength, textConfig.embedDim),
                 int64_t(63428096));
    textConfig.layers = 1;
    ClipTextTransformer text(textConfig);
    TGC_CHECK_EQ(countParameters(*text), textParameters(512, 1, 49408, 77, 512));
    const auto l14 = clipVisionL14_336();
    TGC_CHECK_EQ(l14.width / l14.heads, 64);
    TGC_CHECK_EQ(
        visionParameters(l14.width, l14.layers, l14.patch, l14.imageSize / l14.patch, l14.embedDim),
        int64_t(304293888));
    const auto l14Text = clipTextL14();
    TGC_CHECK_EQ(l14Text.width / l14Text.heads, 64);
    TGC_CHECK_EQ(textParameters(l14Text.width, l14Text.layers, l14Text.vocabularySize,
                                l14Text.contextLength, l14Text.embedDim),
                 int64_t(123650304));
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

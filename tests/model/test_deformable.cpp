// Multi-scale deformable attention against hand-computed cases, and its
// Deformable DETR initialisation.
#include "deformable_attention.h"
#include "model_test.h"

#include <cmath>

using namespace tgc::model;

namespace {
// Location of the centre of pixel (row, col) of an h x w level as (x, y).
std::pair<float, float> centre(int64_t row, int64_t col, int64_t h, int64_t w) {
    return {(col + 0.5f) / float(w), (row + 0.5f) / float(h)};
}
} // namespace

TGC_TEST(sampling_at_a_pixel_centre_returns_that_pixel) {
    // Two levels 3x4 and 2x2, one head of width 2, one point.
    const LevelShapes shapes = {{3, 4}, {2, 2}};
    auto value = torch::arange(2 * 16, torch::kFloat32).view({1, 16, 1, 2});
    auto locations = torch::zeros({1, 1, 1, 2, 1, 2});
    auto [x0, y0] = centre(1, 2, 3, 4); // level 0 pixel (1,2): token 1*4+2 = 6
    auto [x1, y1] = centre(0, 1, 2, 2); // level 1 pixel (0,1): token 12+1 = 13
    locations[0][0][0][0][0][0] = x0;
    locations[0][0][0][0][0][1] = y0;
    locations[0][0][0][1][0][0] = x1;
    locations[0][0][0][1][0][1] = y1;
    // All weight on level 0, then all on level 1, then half and half.
    auto weights = torch::zeros({1, 1, 1, 2, 1});
    weights[0][0][0][0][0] = 1.0f;
    auto out = deformableSample(value, shapes, locations, weights);
    TGC_CHECK(out.sizes() == torch::IntArrayRef({1, 1, 2}));
    TGC_CHECK_CLOSE(out[0][0][0].item<float>(), 12.0f, 1e-5); // token 6 channel 0
    TGC_CHECK_CLOSE(out[0][0][1].item<float>(), 13.0f, 1e-5);
    weights.fill_(0.5f);
    out = deformableSample(value, shapes, locations, weights);
    TGC_CHECK_CLOSE(out[0][0][0].item<float>(), (12.0f + 26.0f) / 2, 1e-5);
}

TGC_TEST(bilinear_between_pixels_and_zero_outside) {
    const LevelShapes shapes = {{1, 2}};
    auto value = torch::tensor({10.0f, 30.0f}).view({1, 2, 1, 1});
    auto locations = torch::zeros({1, 3, 1, 1, 1, 2});
    locations[0][0][0][0][0][0] = 0.5f;   // midway between the two pixel centres
    locations[0][1][0][0][0][0] = 0.375f; // a quarter of the way
    locations[0][2][0][0][0][0] = -0.25f; // one pixel left of the first centre: padding
    locations.select(-1, 1).fill_(0.5f);
    auto weights = torch::ones({1, 3, 1, 1, 1});
    auto out = deformableSample(value, shapes, locations, weights);
    TGC_CHECK_CLOSE(out[0][0][0].item<float>(), 20.0f, 1e-5);
    TGC_CHECK_CLOSE(out[0][1][0].item<float>(), 15.0f, 1e-5);
    TGC_CHECK_CLOSE(out[0][2][0].item<float>(), 0.0f, 1e-6);
}

TGC_TEST(gather_path_equals_grid_sample_path) {
    // The CPU path (embedding_bag over bilinear neighbours) and the CUDA path
    // (grid_sample) compute the same sums, borders and outside points included.
    torch::manual_seed(5);
    const LevelShapes shapes = {{5, 7}, {3, 4}, {1, 2}};
    auto value = torch::randn({2, 35 + 12 + 2, 3, 4}, torch::requires_grad());
    auto locations = (torch::rand({2, 9, 3, 3, 4, 2}) * 1.4 - 0.2).requires_grad_();
    auto weights = torch::softmax(torch::randn({2, 9, 3, 12}), -1).view({2, 9, 3, 3, 4});
    auto grid = deformableSampleGrid(value, shapes, locations, weights);
    auto gather = deformableSampleGather(value, shapes, locations, weights);
    TGC_CHECK(grid.sizes() == torch::IntArrayRef({2, 9, 12}));
    TGC_CHECK(torch::allclose(grid, gather, 1e-5, 1e-6));
    // Gradients agree too (training runs on the CPU path).
    auto [valueGridGrad, locationGridGrad] = [&] {
        auto g = torch::autograd::grad({grid.sum()}, {value, locations});
        return std::make_pair(g[0], g[1]);
    }();
    auto g = torch::autograd::grad({gather.sum()}, {value, locations});
    TGC_CHECK(torch::allclose(valueGridGrad, g[0], 1e-5, 1e-6));
    TGC_CHECK(torch::allclose(locationGridGrad, g[1], 1e-3, 1e-4));
}

TGC_TEST(fused_cpu_kernel_equals_the_autograd_path) {
    // deformableAttendCpu (inference) against softmax + locations +
    // deformableSampleGather: per-sample and shared reference points, points
    // near and beyond every border, a far-off offset that reads nothing, and
    // the head widths with a kernel of their own (16, 32) and any other (5).
    torch::manual_seed(11);
    const LevelShapes shapes = {{6, 5}, {3, 3}, {1, 2}};
    const int64_t tokens = 30 + 9 + 2, batch = 2, queries = 7, heads = 3, levels = 3, points = 4;
    auto offsets = torch::randn({batch, queries, heads, levels, points, 2}) * 2.5;
    offsets[1][2][0][0][1][0] = 1e9f; // far outside: contributes zero
    auto logits = torch::randn({batch, queries, heads, levels * points}) * 2;
    auto weights = torch::softmax(logits, -1).view({batch, queries, heads, levels, points});
    auto extent = torch::tensor({5.0f, 6.0f, 3.0f, 3.0f, 2.0f, 1.0f}).view({1, 1, 1, 3, 1, 2});
    for (int64_t width : {5, 16, 32}) {
        auto value = torch::randn({batch, tokens, heads, width});
        for (auto reference : {torch::rand({batch, queries, levels, 2}) * 1.2 - 0.1,
                               torch::rand({1, queries, levels, 2})}) {
            auto fused = deformableAttendCpu(value, shapes, reference, offsets, logits);
            auto locations =
                reference.view({reference.size(0), queries, 1, levels, 1, 2}) + offsets / extent;
            auto gather = deformableSampleGather(value, shapes, locations, weights);
            TGC_CHECK(fused.sizes() == torch::IntArrayRef({batch, queries, heads * width}));
            TGC_CHECK(torch::allclose(fused, gather, 1e-5, 1e-5));
        }
    }
    TGC_CHECK_THROWS_WITH(
        deformableAttendCpu(torch::randn({batch, tokens, heads, 4}), {{6, 5}, {3, 3}, {2, 2}},
                            torch::rand({1, queries, levels, 2}), offsets, logits),
        "tokens");
}

TGC_TEST(attention_is_the_same_with_and_without_autograd) {
    // Inference takes the fused CPU kernel, training the autograd path.
    torch::manual_seed(12);
    DeformableAttentionOptions options{24, 3, 4, 2};
    MultiScaleDeformableAttention attention(options);
    {
        torch::NoGradGuard noGrad;
        attention->sampling_offsets->weight.normal_(0.0, 0.3); // spread the points
        attention->attention_weights->weight.normal_(0.0, 0.3);
    }
    const LevelShapes shapes = {{6, 6}, {3, 3}, {2, 2}};
    auto input = torch::randn({2, 49, 24});
    auto reference = deformableReferencePoints(shapes, torch::TensorOptions());
    auto query = input + torch::randn({2, 49, 24});
    auto trained = attention(query, reference, input, shapes);
    TGC_CHECK(trained.requires_grad());
    torch::Tensor inferred;
    {
        torch::InferenceMode inference;
        inferred = attention(query, reference, input, shapes);
    }
    TGC_CHECK(torch::allclose(trained.detach(), inferred, 1e-5, 1e-5));
}

TGC_TEST(initialisation_follows_deformable_detr) {
    DeformableAttentionOptions options{16, 2, 4, 3};
    MultiScaleDeformableAttention attention(options);
    TGC_CHECK_EQ(attention->sampling_offsets->weight.abs().sum().item<float>(), 0.0f);
    TGC_CHECK_EQ(attention->attention_weights->weight.abs().sum().item<float>(), 0.0f);
    TGC_CHECK_EQ(attention->attention_weights->bias.abs().sum().item<float>(), 0.0f);
    TGC_CHECK_EQ(attention->value_proj->bias.abs().sum().item<float>(), 0.0f);
    auto bias = attention->sampling_offsets->bias.view({4, 2, 3, 2}); // [H, L, P, 2]
    // Head 0 looks right (1, 0); head 1 at 90 degrees (0, 1); head 2 left.
    // Point i reaches i+1 pixels; every level the same.
    for (int64_t level = 0; level < 2; ++level)
        for (int64_t point = 0; point < 3; ++point) {
            TGC_CHECK_CLOSE(bias[0][level][point][0].item<float>(), point + 1.0, 1e-6);
            TGC_CHECK_CLOSE(bias[0][level][point][1].item<float>(), 0.0, 1e-6);
            TGC_CHECK_CLOSE(bias[1][level][point][0].item<float>(), 0.0, 1e-6);
            TGC_CHECK_CLOSE(bias[1][level][point][1].item<float>(), point + 1.0, 1e-6);
            TGC_CHECK_CLOSE(bias[2][level][point][0].item<float>(), -(point + 1.0), 1e-6);
        }
    // Eight heads: head 1 at 45 degrees is scaled to (1, 1).
    MultiScaleDeformableAttention eight(DeformableAttentionOptions{16, 1, 8, 1});
    auto diagonal = eight->sampling_offsets->bias.view({8, 2})[1];
    TGC_CHECK_CLOSE(diagonal[0].item<float>(), 1.0, 1e-6);
    TGC_CHECK_CLOSE(diagonal[1].item<float>(), 1.0, 1e-6);
    // Xavier-uniform value projection: bounded by sqrt(6 / (in + out)).
    const float bound = std::sqrt(6.0f / 32.0f);
    TGC_CHECK(attention->value_proj->weight.abs().max().item<float>() <= bound);
    TGC_CHECK(attention->value_proj->weight.abs().max().item<float>() > 0.5f * bound);
}

TGC_TEST(zero_offsets_and_identity_projections_return_the_input) {
    // One level: every point samples the query's own pixel centre; uniform
    // attention averages identical samples, so the output is the input.
    DeformableAttentionOptions options{8, 1, 2, 4};
    MultiScaleDeformableAttention attention(options);
    torch::NoGradGuard noGrad;
    attention->sampling_offsets->bias.zero_();
    attention->value_proj->weight.copy_(torch::eye(8));
    attention->output_proj->weight.copy_(torch::eye(8));
    const LevelShapes shapes = {{3, 5}};
    auto input = torch::randn({2, 15, 8});
    auto reference = deformableReferencePoints(shapes, torch::TensorOptions());
    auto out = attention(torch::randn({2, 15, 8}), reference, input, shapes);
    TGC_CHECK(torch::allclose(out, input, 1e-5, 1e-5));
}

TGC_TEST(uniform_weights_average_the_points) {
    // Init offsets with zero query: head 0's points sit 1 and 2 pixels to the
    // right of the reference; with uniform weights the output averages them.
    DeformableAttentionOptions options{2, 1, 1, 2};
    MultiScaleDeformableAttention attention(options);
    torch::NoGradGuard noGrad;
    attention->value_proj->weight.copy_(torch::eye(2));
    attention->output_proj->weight.copy_(torch::eye(2));
    const LevelShapes shapes = {{1, 4}};
    auto input = torch::tensor({1.0f, 2.0f, 4.0f, 8.0f}).view({1, 4, 1}).repeat({1, 1, 2});
    auto reference = deformableReferencePoints(shapes, torch::TensorOptions());
    auto out = attention(torch::zeros({1, 4, 2}), reference, input, shapes);
    // Pixel 0 reads pixels 1 and 2; pixel 2 reads pixel 3 and padding (0).
    TGC_CHECK_CLOSE(out[0][0][0].item<float>(), (2.0f + 4.0f) / 2, 1e-5);
    TGC_CHECK_CLOSE(out[0][2][0].item<float>(), (8.0f + 0.0f) / 2, 1e-5);
}

TGC_TEST(reference_points_and_position_embedding) {
    const LevelShapes shapes = {{2, 4}, {1, 2}};
    auto reference = deformableReferencePoints(shapes, torch::TensorOptions());
    TGC_CHECK(reference.sizes() == torch::IntArrayRef({1, 10, 2, 2}));
    TGC_CHECK_CLOSE(reference[0][0][0][0].item<float>(), 0.125, 1e-6); // x of pixel (0,0)
    TGC_CHECK_CLOSE(reference[0][0][1][1].item<float>(), 0.25, 1e-6);  // y, same for every level
    TGC_CHECK_CLOSE(reference[0][9][0][0].item<float>(), 0.75, 1e-6);  // level 1 pixel (0,1)
    auto position = sinePositionEmbedding(3, 5, 8, torch::TensorOptions());
    TGC_CHECK(position.sizes() == torch::IntArrayRef({1, 8, 3, 5}));
    // Channel 0: sin of the normalised y (row 1 of 3: 1.5/3 * 2*pi = pi).
    TGC_CHECK_CLOSE(position[0][0][1][0].item<float>(), std::sin(M_PI), 1e-5);
    TGC_CHECK_CLOSE(position[0][1][1][0].item<float>(), std::cos(M_PI), 1e-5);
    // Channel 4: sin of x (column 0 of 5: 0.5/5 * 2*pi), independent of the row.
    TGC_CHECK_CLOSE(position[0][4][2][0].item<float>(), std::sin(0.2 * M_PI), 1e-5);
}

TGC_TEST(encoder_layer_keeps_shapes_and_gets_gradients) {
    torch::manual_seed(0);
    DeformableEncoderLayer layer(DeformableAttentionOptions{16, 2, 4, 2}, 32);
    const LevelShapes shapes = {{4, 4}, {2, 2}};
    auto x = torch::randn({2, 20, 16}, torch::requires_grad());
    auto reference = deformableReferencePoints(shapes, torch::TensorOptions());
    auto out = layer(x, torch::zeros({2, 20, 16}), reference, shapes);
    TGC_CHECK(out.sizes() == torch::IntArrayRef({2, 20, 16}));
    out.pow(2).sum().backward();
    TGC_CHECK(x.grad().abs().sum().item<float>() > 0);
    TGC_CHECK(layer->self_attn->value_proj->weight.grad().abs().sum().item<float>() > 0);
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

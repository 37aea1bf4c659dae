#include "deformable_attention.h"

#include "flops.h"

#include <cmath>

namespace tgc::model {

namespace F = torch::nn::functional;

torch::Tensor deformableSample(const torch::Tensor& value, const LevelShapes& shapes,
                               const torch::Tensor& samplingLocations,
                               const torch::Tensor& attentionWeights) {
    flops::gridSample("sse.deformable_sampling",
                      value.size(0) * value.size(2) * samplingLocations.size(1) *
                          samplingLocations.size(4) * int64_t(shapes.size()),
                      value.size(3) + 1);
    if (value.is_cuda())
        return deformableSampleGrid(value, shapes, samplingLocations, attentionWeights);
    return deformableSampleGather(value, shapes, samplingLocations, attentionWeights);
}

torch::Tensor deformableSampleGather(const torch::Tensor& value, const LevelShapes& shapes,
                                     const torch::Tensor& samplingLocations,
                                     const torch::Tensor& attentionWeights) {
    const int64_t batch = value.size(0), tokens = value.size(1), heads = value.size(2);
    const int64_t headDim = value.size(3), queries = samplingLocations.size(1);
    const int64_t levels = int64_t(shapes.size());
    TORCH_CHECK(samplingLocations.size(3) == levels, "deformableSample: sampling locations for ",
                samplingLocations.size(3), " levels, value has ", levels);
    // All levels at once as [L, M] tensors, M = N*Lq*H*P in (n, q, h, p)
    // order, so per-level sizes broadcast over long contiguous rows (a short
    // inner dimension makes every element-wise op crawl on the CPU).
    std::vector<float> widths, heights;
    std::vector<int64_t> starts;
    int64_t start = 0;
    for (const auto& shape : shapes) {
        heights.push_back(float(shape[0]));
        widths.push_back(float(shape[1]));
        starts.push_back(start);
        start += shape[0] * shape[1];
    }
    const int64_t points = samplingLocations.size(4);
    const auto floatOptions = torch::TensorOptions().dtype(torch::kFloat32).device(value.device());
    const auto longOptions = torch::TensorOptions().dtype(torch::kLong).device(value.device());
    auto width = torch::tensor(widths).to(floatOptions).view({levels, 1});
    auto height = torch::tensor(heights).to(floatOptions).view({levels, 1});
    auto widthLong = width.to(torch::kLong);
    auto levelStart = torch::tensor(starts).to(longOptions).view({levels, 1});
    // [N, Lq, H, L, P, 2] -> [2, L, M]; [N, Lq, H, L, P] -> [L, M]
    auto locations = samplingLocations.to(torch::kFloat32)
                         .permute({5, 3, 0, 1, 2, 4})
                         .contiguous()
                         .view({2, levels, -1});
    auto attention = attentionWeights.to(torch::kFloat32)
                         .permute({3, 0, 1, 2, 4})
                         .contiguous()
                         .view({levels, -1});
    // Pixel coordinates with centres on integers (align_corners=false).
    auto x = locations[0] * width - 0.5;
    auto y = locations[1] * height - 0.5;
    auto x0 = x.floor(), y0 = y.floor();
    auto fx = x - x0, fy = y - y0;
    // Bilinear weights; a neighbour outside the map reads zero (weight 0).
    auto wx0 = (1 - fx) * ((x0 >= 0) & (x0 <= width - 1)).to(torch::kFloat32);
    auto wx1 = fx * ((x0 >= -1) & (x0 <= width - 2)).to(torch::kFloat32);
    auto wy0 = (1 - fy) * ((y0 >= 0) & (y0 <= height - 1)).to(torch::kFloat32) * attention;
    auto wy1 = fy * ((y0 >= -1) & (y0 <= height - 2)).to(torch::kFloat32) * attention;
    auto ix0 = torch::minimum(x0.clamp_min(0), width - 1).to(torch::kLong);
    auto ix1 = torch::minimum((x0 + 1).clamp_min(0), width - 1).to(torch::kLong);
    auto row0 =
        torch::minimum(y0.clamp_min(0), height - 1).to(torch::kLong) * widthLong + levelStart;
    auto row1 =
        torch::minimum((y0 + 1).clamp_min(0), height - 1).to(torch::kLong) * widthLong + levelStart;
    // value [N, S, H, d] as a table of N*S*H rows: (n, s, h) -> (n*S + s)*H + h.
    auto table = value.to(torch::kFloat32).reshape({-1, headDim});
    auto base = ((torch::arange(batch, longOptions) * (tokens * heads)).view({batch, 1, 1, 1}) +
                 torch::arange(heads, longOptions).view({1, 1, heads, 1}))
                    .expand({batch, queries, heads, points})
                    .reshape({1, -1}); // [1, M]
    // [4, L, M] -> bags of L*P*4 per (n, query, head): [N*Lq*H, L*P*4]
    const int64_t bags = batch * queries * heads;
    auto toBags = [&](const torch::Tensor& corners) {
        return corners.view({4, levels, bags, points}).permute({2, 1, 3, 0}).reshape({bags, -1});
    };
    auto index =
        toBags(torch::stack({row0 + ix0, row0 + ix1, row1 + ix0, row1 + ix1}) * heads + base);
    auto bagWeights = toBags(torch::stack({wy0 * wx0, wy0 * wx1, wy1 * wx0, wy1 * wx1}));
    auto sums = F::embedding_bag(
        index, table,
        F::EmbeddingBagFuncOptions().mode(torch::kSum).per_sample_weights(bagWeights)); // [bags, d]
    return sums.view({batch, queries, heads * headDim}).to(value.scalar_type());
}

torch::Tensor deformableSampleGrid(const torch::Tensor& value, const LevelShapes& shapes,
                                   const torch::Tensor& samplingLocations,
                                   const torch::Tensor& attentionWeights) {
    const int64_t batch = value.size(0), heads = value.size(2), headDim = value.size(3);
    const int64_t queries = samplingLocations.size(1), points = samplingLocations.size(4);
    std::vector<int64_t> levelSizes;
    for (const auto& shape : shapes)
        levelSizes.push_back(shape[0] * shape[1]);
    TORCH_CHECK(samplingLocations.size(3) == int64_t(shapes.size()),
                "deformableSample: sampling locations for ", samplingLocations.size(3),
                " levels, value has ", shapes.size());
    // Sampling runs in fp32 even under bf16 autocast: a bf16 location is off
    // by up to a fifth of a pixel on a 96-pixel level.
    const auto levelValues = value.to(torch::kFloat32).split_with_sizes(levelSizes, 1);
    // grid_sample's [-1, 1] convention with align_corners=false: 0 and 1 are the outer edges.
    const auto grids = samplingLocations.to(torch::kFloat32) * 2 - 1; // [N, Lq, H, L, P, 2]
    torch::Tensor output;                                             // [N*H, d, Lq]
    for (size_t level = 0; level < shapes.size(); ++level) {
        const int64_t h = shapes[level][0], w = shapes[level][1];
        // [N, S_l, H, d] -> [N*H, d, H_l, W_l]
        auto levelValue =
            levelValues[level].flatten(2).transpose(1, 2).reshape({batch * heads, headDim, h, w});
        // [N, Lq, H, P, 2] -> [N*H, Lq, P, 2]
        auto grid = grids.select(3, int64_t(level)).transpose(1, 2).flatten(0, 1);
        auto sampled = F::grid_sample(levelValue, grid,
                                      F::GridSampleFuncOptions()
                                          .mode(torch::kBilinear)
                                          .padding_mode(torch::kZeros)
                                          .align_corners(false)); // [N*H, d, Lq, P]
        // [N, Lq, H, P] -> [N*H, 1, Lq, P]
        auto weights = attentionWeights.to(torch::kFloat32)
                           .select(3, int64_t(level))
                           .transpose(1, 2)
                           .reshape({batch * heads, 1, queries, points});
        auto contribution = (sampled * weights).sum(-1);
        output = output.defined() ? output + contribution : contribution;
    }
    // [N*H, d, Lq] -> [N, Lq, H*d]
    return output.view({batch, heads * headDim, queries})
        .transpose(1, 2)
        .contiguous()
        .to(value.scalar_type());
}

MultiScaleDeformableAttentionImpl::MultiScaleDeformableAttentionImpl(
    const DeformableAttentionOptions& options)
    : options_(options) {
    const int c = options.dim, samples = options.heads * options.levels * options.points;
    TORCH_CHECK(c % options.heads == 0, "deformable attention: width ", c, " not divisible by ",
                options.heads, " heads");
    sampling_offsets = register_module("sampling_offsets", torch::nn::Linear(c, samples * 2));
    attention_weights = register_module("attention_weights", torch::nn::Linear(c, samples));
    value_proj = register_module("value_proj", torch::nn::Linear(c, c));
    output_proj = register_module("output_proj", torch::nn::Linear(c, c));
    resetParameters();
}

void MultiScaleDeformableAttentionImpl::resetParameters() {
    torch::NoGradGuard noGrad;
    const int heads = options_.heads, levels = options_.levels, points = options_.points;
    torch::nn::init::zeros_(sampling_offsets->weight);
    // Head h looks along the angle 2*pi*h/H, its direction scaled so the
    // larger component is 1; point i reaches i+1 pixels out.
    auto thetas = torch::arange(heads, torch::kFloat64) * (2.0 * M_PI / heads);
    auto directions = torch::stack({thetas.cos(), thetas.sin()}, -1); // [H, 2]
    directions = directions / std::get<0>(directions.abs().max(-1, true));
    auto bias = directions.view({heads, 1, 1, 2}).repeat({1, levels, points, 1});
    for (int i = 0; i < points; ++i)
        bias.select(2, i).mul_(i + 1);
    sampling_offsets->bias.copy_(bias.flatten().to(torch::kFloat32));
    torch::nn::init::zeros_(attention_weights->weight);
    torch::nn::init::zeros_(attention_weights->bias);
    torch::nn::init::xavier_uniform_(value_proj->weight);
    torch::nn::init::zeros_(value_proj->bias);
    torch::nn::init::xavier_uniform_(output_proj->weight);
    torch::nn::init::zeros_(output_proj->bias);
}

torch::Tensor MultiScaleDeformableAttentionImpl::forward(const torch::Tensor& query,
                                                         const torch::Tensor& referencePoints,
                                                         const torch::Tensor& input,
                                                         const LevelShapes& shapes) {
    const int64_t batch = query.size(0), queries = query.size(1), tokens = input.size(1);
    const int64_t heads = options_.heads, levels = options_.levels, points = options_.points;
    const int64_t c = options_.dim;
    TORCH_CHECK(int64_t(shapes.size()) == levels, "deformable attention: configured for ", levels,
                " levels, given ", shapes.size());
    auto value = value_proj(input).view({batch, tokens, heads, c / heads}); // [N, S, H, d]
    auto offsets = sampling_offsets(query).view({batch, queries, heads, levels, points, 2});
    auto logits = attention_weights(query).view({batch, queries, heads, levels * points});
    torch::Tensor sampled; // [N, Lq, H*d]
    if (value.device().is_cpu() && !torch::GradMode::is_enabled()) {
        sampled = deformableAttendCpu(value, shapes, referencePoints, offsets, logits);
    } else {
        auto weights = torch::softmax(logits, -1)
                           .view({batch, queries, heads, levels, points}); // joint over L*P
        // Offsets are in pixels of each level: divide by (W_l, H_l).
        std::vector<float> extent;
        for (const auto& shape : shapes) {
            extent.push_back(float(shape[1]));
            extent.push_back(float(shape[0]));
        }
        auto normaliser = torch::tensor(extent, torch::TensorOptions().dtype(torch::kFloat32))
                              .to(offsets.device(), offsets.scalar_type())
                              .view({1, 1, 1, levels, 1, 2});
        auto locations = referencePoints.view({referencePoints.size(0), queries, 1, levels, 1, 2}) +
                         offsets / normaliser; // [N, Lq, H, L, P, 2]
        sampled = deformableSample(value, shapes, locations, weights);
    }
    flops::linear("sse.deformable_projections", batch * tokens, c, c);
    flops::linear("sse.deformable_projections", batch * queries, c,
                  c + heads * levels * points * 3);
    return output_proj(sampled);
}

DeformableEncoderLayerImpl::DeformableEncoderLayerImpl(const DeformableAttentionOptions& options,
                                                       int ffnDim) {
    self_attn = register_module("self_attn", MultiScaleDeformableAttention(options));
    norm1 =
        register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dim})));
    linear1 = register_module("linear1", torch::nn::Linear(options.dim, ffnDim));
    linear2 = register_module("linear2", torch::nn::Linear(ffnDim, options.dim));
    norm2 =
        register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dim})));
}

torch::Tensor DeformableEncoderLayerImpl::forward(const torch::Tensor& x,
                                                  const torch::Tensor& position,
                                                  const torch::Tensor& referencePoints,
                                                  const LevelShapes& shapes) {
    // x, position: [N, S, C]
    auto attended = self_attn(x + position, referencePoints, x, shapes);
    auto y = norm1(x + attended);
    auto ffn = linear2(torch::relu(linear1(y)));
    const int64_t rows = x.size(0) * x.size(1);
    flops::linear("sse.ffn", rows, linear1->options.in_features(), linear1->options.out_features());
    flops::linear("sse.ffn", rows, linear2->options.in_features(), linear2->options.out_features());
    flops::elementwise("sse.norms", rows * x.size(2), 16.0);
    return norm2(y + ffn);
}

torch::Tensor deformableReferencePoints(const LevelShapes& shapes,
                                        const torch::TensorOptions& options) {
    std::vector<torch::Tensor> levels;
    for (const auto& shape : shapes) {
        const int64_t h = shape[0], w = shape[1];
        auto ys = (torch::arange(h, options) + 0.5) / double(h);
        auto xs = (torch::arange(w, options) + 0.5) / double(w);
        auto grid = torch::stack({xs.view({1, w}).expand({h, w}), ys.view({h, 1}).expand({h, w})},
                                 -1); // [H, W, 2] as (x, y)
        levels.push_back(grid.view({h * w, 2}));
    }
    auto points = torch::cat(levels, 0); // [S, 2]
    return points.view({1, points.size(0), 1, 2})
        .expand({1, points.size(0), int64_t(shapes.size()), 2});
}

torch::Tensor sinePositionEmbedding(int64_t height, int64_t width, int64_t dim,
                                    const torch::TensorOptions& options) {
    TORCH_CHECK(dim % 4 == 0, "sine position embedding: width ", dim, " not a multiple of 4");
    const int64_t features = dim / 2;
    const double scale = 2.0 * M_PI, eps = 1e-6;
    auto index = torch::arange(features, options.dtype(torch::kFloat32));
    auto frequencies = torch::pow(10000.0, 2.0 * torch::floor(index / 2) / double(features));
    auto encode = [&](int64_t length) { // [length, features]
        auto position = (torch::arange(length, options.dtype(torch::kFloat32)) + 0.5) /
                        (double(length) + eps) * scale;
        auto angles = position.view({length, 1}) / frequencies.view({1, features});
        auto sines = angles.slice(1, 0, features, 2).sin();
        auto cosines = angles.slice(1, 1, features, 2).cos();
        return torch::stack({sines, cosines}, 2).flatten(1); // interleaved sin, cos
    };
    auto y = encode(height).view({height, 1, features}).expand({height, width, features});
    auto x = encode(width).view({1, width, features}).expand({height, width, features});
    return torch::cat({y, x}, -1).permute({2, 0, 1}).unsqueeze(0).to(options.dtype());
}

} // namespace tgc::model

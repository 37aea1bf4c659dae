#include "sse.h"

namespace tgc::model {

SemanticSpatialEncoderImpl::SemanticSpatialEncoderImpl(const SseOptions& options)
    : options_(options) {
    auto cnnProjections = register_module("cnn_proj", torch::nn::ModuleList());
    auto vitProjections = register_module("vit_proj", torch::nn::ModuleList());
    for (int level = 0; level < 4; ++level) {
        const int width = level == 0 ? options.fineDim : options.dim;
        cnnProj_.push_back(ConvNormAct(options.cnnWidths[size_t(level)], width, 1, 1,
                                       Activation::None, "sse.input_proj"));
        vitProj_.push_back(
            ConvNormAct(options.visionWidth, width, 1, 1, Activation::None, "sse.input_proj"));
        cnnProjections->push_back(cnnProj_.back());
        vitProjections->push_back(vitProj_.back());
    }
    level_embed = register_parameter("level_embed", torch::randn({3, options.dim}));
    const DeformableAttentionOptions attention{options.dim, 3, options.heads, options.points};
    auto encoder = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < options.layers; ++i) {
        layers_.push_back(DeformableEncoderLayer(attention, options.ffnDim));
        encoder->push_back(layers_.back());
    }
    fineFromCoarse_ = register_module("fine_lateral", ConvNormAct(options.dim, options.fineDim, 1,
                                                                  1, Activation::None, "sse.fine"));
    fineOutput_ = register_module("fine_output", ConvNormAct(options.fineDim, options.fineDim, 3, 1,
                                                             Activation::Relu, "sse.fine"));
}

HybridPyramid SemanticSpatialEncoderImpl::forward(const std::vector<torch::Tensor>& cnn,
                                                  const std::vector<torch::Tensor>& taps) {
    TORCH_CHECK(cnn.size() == 4 && taps.size() == 4,
                "SSE: expects 4 CNN levels and 4 ViT taps, got ", cnn.size(), " and ", taps.size());
    // Fuse: projected CNN level + projected ViT tap resized to it.
    std::vector<torch::Tensor> fused;
    for (size_t level = 0; level < 4; ++level) {
        auto local = cnnProj_[level](cnn[level]); // [B, dim or fineDim, h, w]
        auto semantic = vitProj_[level](taps[level]);
        fused.push_back(local + resizeBilinear(semantic, local.size(2), local.size(3)));
    }
    // Flatten strides 8, 16, 32 into one token sequence [B, S, dim].
    const int64_t batch = fused[1].size(0), dim = options_.dim;
    LevelShapes shapes;
    std::vector<torch::Tensor> tokens, positions;
    for (size_t level = 1; level < 4; ++level) {
        const int64_t h = fused[level].size(2), w = fused[level].size(3);
        shapes.push_back({h, w});
        tokens.push_back(fused[level].flatten(2).transpose(1, 2)); // [B, h*w, dim]
        auto position = sinePositionEmbedding(h, w, dim, fused[level].options())
                            .flatten(2)
                            .transpose(1, 2); // [1, h*w, dim]
        positions.push_back(position +
                            level_embed[int64_t(level) - 1].view({1, 1, dim}).to(position.dtype()));
    }
    auto x = torch::cat(tokens, 1);
    auto position = torch::cat(positions, 1).expand({batch, -1, -1});
    auto reference = deformableReferencePoints(shapes, x.options());
    for (auto& layer : layers_)
        x = layer(x, position, reference, shapes); // [B, S, dim]
    // Back to maps.
    HybridPyramid pyramid;
    pyramid.levels.resize(4);
    int64_t start = 0;
    for (size_t level = 1; level < 4; ++level) {
        const int64_t h = shapes[level - 1][0], w = shapes[level - 1][1];
        pyramid.levels[level] =
            x.slice(1, start, start + h * w).transpose(1, 2).reshape({batch, dim, h, w});
        start += h * w;
    }
    // Stride 4: lateral + upsampled refined stride 8, then a 3x3 conv.
    auto& fine = fused[0];
    auto coarse = fineFromCoarse_(pyramid.levels[1]);
    pyramid.levels[0] = fineOutput_(fine + resizeBilinear(coarse, fine.size(2), fine.size(3)));
    return pyramid;
}

} // namespace tgc::model

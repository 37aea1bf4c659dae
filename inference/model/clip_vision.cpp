#include "clip.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tgc::model {

// The struct's defaults are ViT-B/16's.
ClipVisionConfig clipVisionB16() {
    return {};
}

ClipVisionConfig clipVisionL14_336() {
    // width, layers, heads, patch, image size, embedding width, tapped blocks
    return {1024, 24, 16, 14, 336, 768, {6, 12, 18, 24}};
}

torch::Tensor resizeClipPositionEmbedding(const torch::Tensor& embedding, int64_t gridH,
                                          int64_t gridW) {
    if (embedding.dim() != 2 || embedding.size(0) < 2)
        throw std::runtime_error("CLIP position embedding: expected [G*G+1, width], got " +
                                 c10::str(embedding.sizes()));
    const int64_t cells = embedding.size(0) - 1;
    const auto grid = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(cells))));
    if (grid * grid != cells)
        throw std::runtime_error("CLIP position embedding: " + std::to_string(cells) +
                                 " patch entries do not form a square grid");
    if (grid == gridH && grid == gridW)
        return embedding;
    const int64_t width = embedding.size(1);
    // Bicubic resampling needs fp32 on the CPU; the result returns to the
    // embedding's dtype.
    auto patches = embedding.slice(0, 1).to(torch::kFloat).reshape({1, grid, grid, width});
    patches = patches.permute({0, 3, 1, 2});
    namespace F = torch::nn::functional;
    auto resized = F::interpolate(patches, F::InterpolateFuncOptions()
                                               .size(std::vector<int64_t>{gridH, gridW})
                                               .mode(torch::kBicubic)
                                               .align_corners(false));
    resized = resized.permute({0, 2, 3, 1}).reshape({gridH * gridW, width});
    return torch::cat({embedding.slice(0, 0, 1), resized.to(embedding.scalar_type())}, 0);
}

ClipVisionTransformerImpl::ClipVisionTransformerImpl(const ClipVisionConfig& config)
    : config_(config) {
    if (config.width <= 0 || config.layers <= 0 || config.heads <= 0 || config.patch <= 0 ||
        config.embedDim <= 0 || config.imageSize <= 0 || config.imageSize % config.patch != 0)
        throw std::invalid_argument("CLIP vision config: sizes must be positive and the image "
                                    "size a multiple of the patch");
    for (int tap : config.taps)
        if (tap < 1 || tap > config.layers)
            throw std::invalid_argument("CLIP vision config: tap " + std::to_string(tap) +
                                        " is outside blocks 1.." + std::to_string(config.layers));
    const int width = config.width;
    const int64_t grid = gridSize();
    conv1 = register_module(
        "conv1",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(3, width, config.patch).stride(config.patch).bias(false)));
    class_embedding = register_parameter("class_embedding", torch::empty({width}));
    positional_embedding =
        register_parameter("positional_embedding", torch::empty({grid * grid + 1, width}));
    const auto normOptions = torch::nn::LayerNormOptions({width}).eps(1e-5);
    ln_pre = register_module("ln_pre", torch::nn::LayerNorm(normOptions));
    transformer =
        register_module("transformer", ClipTransformer(width, config.layers, config.heads));
    ln_post = register_module("ln_post", torch::nn::LayerNorm(normOptions));
    proj = register_parameter("proj", torch::empty({width, config.embedDim}));
    resetParameters();
}

void ClipVisionTransformerImpl::resetParameters() {
    torch::NoGradGuard noGrad;
    const double scale = std::pow(static_cast<double>(config_.width), -0.5);
    class_embedding.normal_(0.0, scale);
    positional_embedding.normal_(0.0, scale);
    proj.normal_(0.0, scale);
    transformer->resetParameters();
}

torch::Tensor ClipVisionTransformerImpl::positionEmbeddingFor(int64_t gridH, int64_t gridW) {
    const int64_t grid = gridSize();
    if (gridH == grid && gridW == grid)
        return positional_embedding;
    // While training through the embedding the resize must stay in the graph.
    if (positional_embedding.requires_grad() && torch::GradMode::is_enabled())
        return resizeClipPositionEmbedding(positional_embedding, gridH, gridW);
    // The cache is valid while the parameter is the same storage, unmodified
    // (loading weights bumps its version; .to() gives new storage).
    torch::NoGradGuard noGrad;
    if (!cached_.value.defined() || cached_.gridH != gridH || cached_.gridW != gridW ||
        cached_.version != positional_embedding._version() ||
        cached_.data != positional_embedding.data_ptr()) {
        cached_.value = resizeClipPositionEmbedding(positional_embedding, gridH, gridW);
        cached_.gridH = gridH;
        cached_.gridW = gridW;
        cached_.version = positional_embedding._version();
        cached_.data = positional_embedding.data_ptr();
    }
    return cached_.value;
}

ClipVisionOutput ClipVisionTransformerImpl::forward(const torch::Tensor& images) {
    const int64_t patch = config_.patch;
    if (images.dim() != 4 || images.size(1) != 3 || images.size(2) < patch ||
        images.size(2) % patch != 0 || images.size(3) % patch != 0 || images.size(3) < patch) {
        std::ostringstream message;
        message << "CLIP vision: expected images [B, 3, H, W] with H and W multiples of " << patch
                << ", got " << images.sizes();
        throw std::invalid_argument(message.str());
    }
    const int64_t batch = images.size(0), width = config_.width;
    auto x = conv1(images.to(conv1->weight.scalar_type())); // [B, W, gh, gw]
    const int64_t gridH = x.size(2), gridW = x.size(3);
    x = x.flatten(2).transpose(1, 2); // [B, N, W]
    auto classToken =
        class_embedding.to(x.scalar_type()).view({1, 1, width}).expand({batch, 1, width});
    x = torch::cat({classToken, x}, 1);
    x = x + positionEmbeddingFor(gridH, gridW).to(x.scalar_type());
    x = clipLayerNorm(ln_pre, x);

    auto toGrid = [&](const torch::Tensor& tokens) {
        // Drop the class token, patch tokens back onto the image grid.
        return tokens.slice(1, 1).transpose(1, 2).reshape({batch, tokens.size(2), gridH, gridW});
    };
    ClipVisionOutput output;
    output.taps.resize(config_.taps.size()); // in the config's order
    for (int i = 0; i < transformer->layers(); ++i) {
        x = transformer->block(i)->forward(x, false);
        for (size_t t = 0; t < config_.taps.size(); ++t)
            if (config_.taps[t] == i + 1)
                output.taps[t] = toGrid(x);
    }
    auto projected = torch::matmul(clipLayerNorm(ln_post, x), proj.to(x.scalar_type()));
    output.pooled = projected.select(1, 0);
    output.dense = toGrid(projected);
    return output;
}

} // namespace tgc::model

#include "clip.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace tgc::model {

// The struct's defaults are ViT-B/16's text tower.
ClipTextConfig clipTextB16() {
    return {};
}

ClipTextConfig clipTextL14() {
    // width, layers, heads, context length, vocabulary size, embedding width
    return {768, 12, 12, 77, 49408, 768};
}

ClipTextTransformerImpl::ClipTextTransformerImpl(const ClipTextConfig& config) : config_(config) {
    if (config.width <= 0 || config.layers <= 0 || config.heads <= 0 || config.embedDim <= 0 ||
        config.contextLength <= 0 || config.vocabularySize <= 0)
        throw std::invalid_argument("CLIP text config: sizes must be positive");
    const int width = config.width;
    token_embedding =
        register_module("token_embedding", torch::nn::Embedding(config.vocabularySize, width));
    positional_embedding =
        register_parameter("positional_embedding", torch::empty({config.contextLength, width}));
    transformer =
        register_module("transformer", ClipTransformer(width, config.layers, config.heads));
    ln_final = register_module(
        "ln_final", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-5)));
    text_projection = register_parameter("text_projection", torch::empty({width, config.embedDim}));
    resetParameters();
}

void ClipTextTransformerImpl::resetParameters() {
    torch::NoGradGuard noGrad;
    token_embedding->weight.normal_(0.0, 0.02);
    positional_embedding.normal_(0.0, 0.01);
    text_projection.normal_(0.0, std::pow(static_cast<double>(config_.width), -0.5));
    transformer->resetParameters();
}

ClipTextOutput ClipTextTransformerImpl::forward(const torch::Tensor& ids) {
    if (ids.dim() != 2 || ids.size(1) < 1 || ids.size(1) > config_.contextLength ||
        ids.is_floating_point() || ids.is_complex()) {
        std::ostringstream message;
        message << "CLIP text: expected integer token ids [B, T] with 1 <= T <= "
                << config_.contextLength << ", got " << ids.scalar_type() << " " << ids.sizes();
        throw std::invalid_argument(message.str());
    }
    // Token ids index the embedding and pick the pooled position: int64.
    const auto tokens64 = ids.to(torch::kLong);
    if (tokens64.numel() > 0) {
        const int64_t lowest = tokens64.min().item<int64_t>();
        const int64_t highest = tokens64.max().item<int64_t>();
        if (lowest < 0 || highest >= config_.vocabularySize)
            throw std::invalid_argument(
                "CLIP text: token id " + std::to_string(lowest < 0 ? lowest : highest) +
                " outside the vocabulary of " + std::to_string(config_.vocabularySize));
    }
    const int64_t batch = ids.size(0), length = ids.size(1);
    auto x = token_embedding(tokens64);
    x = x + positional_embedding.slice(0, 0, length).to(x.scalar_type());
    for (int i = 0; i < transformer->layers(); ++i)
        x = transformer->block(i)->forward(x, true);

    ClipTextOutput output;
    output.tokens = clipLayerNorm(ln_final, x);
    output.projected = torch::matmul(output.tokens, text_projection.to(x.scalar_type()));
    // End-of-text has the largest id of the vocabulary.
    const auto endOfText = tokens64.argmax(1);
    const auto rows = torch::arange(batch, tokens64.options());
    output.pooled = output.projected.index({rows, endOfText});
    const auto positions = torch::arange(length, tokens64.options()).unsqueeze(0);
    output.padMask = positions > endOfText.unsqueeze(1);
    return output;
}

} // namespace tgc::model

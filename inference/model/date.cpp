#include "date.h"

#include "flops.h"

namespace tgc::model {

TextFeatures TextFeatures::expandedTo(int64_t batch) const {
    if (embedding.size(0) == batch)
        return *this;
    TORCH_CHECK(embedding.size(0) == 1, "text features for ", embedding.size(0),
                " prompts cannot serve a batch of ", batch);
    return {tokens.expand({batch, -1, -1}), tokenPadding.expand({batch, -1}),
            embedding.expand({batch, -1})};
}

AuxiliaryTextEnhancementImpl::AuxiliaryTextEnhancementImpl(const DateOptions& options) {
    const int dim = options.dim;
    token_proj = register_module("token_proj", torch::nn::Linear(options.textWidth, dim));
    pooled_proj = register_module("pooled_proj", torch::nn::Linear(options.embedDim, dim));
    cross_attn =
        register_module("cross_attn", CrossAttention(dim, options.heads, dim, "date.cross_attn"));
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    ffn1 = register_module("ffn1", torch::nn::Linear(dim, options.ffnDim));
    ffn2 = register_module("ffn2", torch::nn::Linear(options.ffnDim, dim));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    aux_out = register_module("aux_out", torch::nn::Linear(dim, dim));
    torch::nn::init::zeros_(aux_out->weight);
    torch::nn::init::zeros_(aux_out->bias);
}

TextFeatures AuxiliaryTextEnhancementImpl::forward(const ClipTextOutput& report,
                                                   const ClipTextOutput* aux) {
    const int64_t batch = report.tokens.size(0), length = report.tokens.size(1);
    const int64_t width = report.tokens.size(2), dim = token_proj->options.out_features();
    TextFeatures features;
    features.tokens = token_proj(report.tokens);     // [B, T, dim]
    features.tokenPadding = report.padMask;          // [B, T]
    features.embedding = pooled_proj(report.pooled); // [B, dim]
    flops::linear("date.proj", batch * length, width, dim);
    flops::linear("date.proj", batch, report.pooled.size(1), dim);
    if (!aux)
        return features;
    const int64_t auxLength = aux->tokens.size(1);
    auto query = token_proj(aux->tokens); // [B, Ta, dim]
    flops::linear("date.proj", batch * auxLength, width, dim);
    // Aux tokens ask the report: what in it concerns me?
    auto x = norm1(query + cross_attn(query, features.tokens, features.tokenPadding));
    x = norm2(x + ffn2(torch::gelu(ffn1(x))));
    flops::linear("date.ffn", batch * auxLength, dim, ffn1->options.out_features() * 2);
    // Mean over the aux prompt's real tokens: [B, Ta, dim] -> [B, dim].
    auto valid = (~aux->padMask).to(x.dtype()).unsqueeze(-1); // [B, Ta, 1]
    auto pooled = (x * valid).sum(1) / valid.sum(1).clamp_min(1.0);
    features.embedding = features.embedding + aux_out(pooled);
    return features;
}

} // namespace tgc::model

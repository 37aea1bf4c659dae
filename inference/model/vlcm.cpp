#include "vlcm.h"

#include "flops.h"

namespace tgc::model {

VisionLanguageContextImpl::VisionLanguageContextImpl(const VlcmOptions& options) {
    const int dim = options.dim, heads = options.heads;
    auto norm = [dim] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})); };
    context_queries =
        register_parameter("context_queries", torch::randn({options.contextTokens, dim}) * 0.02);
    distil_visual =
        register_module("distil_visual", CrossAttention(dim, heads, dim, "vlcm.distil"));
    distil_text = register_module("distil_text", CrossAttention(dim, heads, dim, "vlcm.distil"));
    gate = register_module("gate", torch::nn::Linear(2 * dim, dim));
    context_norm = register_module("context_norm", norm());
    visual_attn = register_module("visual_attn", CrossAttention(dim, heads, dim, "vlcm.update"));
    visual_norm = register_module("visual_norm", norm());
    text_attn = register_module("text_attn", CrossAttention(dim, heads, dim, "vlcm.update"));
    text_norm = register_module("text_norm", norm());
}

VlcmOutput VisionLanguageContextImpl::forward(const torch::Tensor& visual,
                                              const torch::Tensor& text,
                                              const torch::Tensor& textPadding) {
    const int64_t batch = visual.size(0), dim = visual.size(2);
    auto queries = context_queries.to(visual.dtype()).unsqueeze(0).expand({batch, -1, -1});
    auto fromVision = distil_visual(queries, visual);        // [B, K, dim]
    auto fromText = distil_text(queries, text, textPadding); // [B, K, dim]
    // Per context token and channel: how much to take from each modality.
    auto mix = torch::sigmoid(gate(torch::cat({fromVision, fromText}, -1)));
    flops::linear("vlcm.gate", batch * queries.size(1), 2 * dim, dim);
    VlcmOutput out;
    out.context = context_norm(queries + mix * fromVision + (1 - mix) * fromText);
    out.visual = visual_norm(visual + visual_attn(visual, out.context));
    out.text = text_norm(text + text_attn(text, out.context));
    flops::elementwise("vlcm.norms", visual.numel(), 8.0);
    return out;
}

} // namespace tgc::model

// VLCM: the vision-language context module (DESIGN.md §4). A small set of
// learned context queries distils a shared cross-modal context: one
// attention over the visual tokens, one over the text tokens, mixed per
// channel by a gate computed from both. Vision and text then each attend to
// that context (never to each other) and are updated residually.
#pragma once

#include "cross_attention.h"

#include <torch/torch.h>

namespace tgc::model {

struct VlcmOptions {
    int dim = 256, heads = 8, contextTokens = 8;
};

struct VlcmOutput {
    torch::Tensor visual;  // [B, N, dim]
    torch::Tensor text;    // [B, T, dim]
    torch::Tensor context; // [B, K, dim]
};

class VisionLanguageContextImpl : public torch::nn::Module {
public:
    explicit VisionLanguageContextImpl(const VlcmOptions& options);
    // visual [B, N, dim], text [B, T, dim], textPadding [B, T] bool or undefined.
    VlcmOutput forward(const torch::Tensor& visual, const torch::Tensor& text,
                       const torch::Tensor& textPadding);

    torch::Tensor context_queries; // [K, dim]
    CrossAttention distil_visual{nullptr}, distil_text{nullptr};
    torch::nn::Linear gate{nullptr};
    torch::nn::LayerNorm context_norm{nullptr};
    CrossAttention visual_attn{nullptr}, text_attn{nullptr};
    torch::nn::LayerNorm visual_norm{nullptr}, text_norm{nullptr};
};
TORCH_MODULE(VisionLanguageContext);

} // namespace tgc::model

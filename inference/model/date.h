// DATE: enhancement of the primary prompt (the report) by the auxiliary
// prompt (DESIGN.md §4). The auxiliary prompt's token features query the
// report's token features (cross-attention, report padding masked), with
// residual + norm and an FFN; the result is pooled over the auxiliary tokens
// and added back to the report's text embedding. The add-back projection
// starts at zero, so an untrained DATE leaves the report embedding as it is.
#pragma once

#include "clip.h"
#include "cross_attention.h"

#include <torch/torch.h>

namespace tgc::model {

struct DateOptions {
    int textWidth = 512; // CLIP text tower width (token features)
    int embedDim = 512;  // CLIP joint embedding (pooled feature)
    int dim = 256;       // TGC-Net text width
    int heads = 8, ffnDim = 512;
};

// Text features after DATE, in the model width.
struct TextFeatures {
    torch::Tensor tokens;       // [B, T, dim]: report tokens
    torch::Tensor tokenPadding; // [B, T] bool, true at padding
    torch::Tensor embedding;    // [B, dim]: the report embedding, enhanced by the aux prompt
    // Repeats batch-1 features to the given batch (one request, many slices).
    TextFeatures expandedTo(int64_t batch) const;
};

class AuxiliaryTextEnhancementImpl : public torch::nn::Module {
public:
    explicit AuxiliaryTextEnhancementImpl(const DateOptions& options);
    // aux may be null (no auxiliary prompt): DATE is skipped.
    TextFeatures forward(const ClipTextOutput& report, const ClipTextOutput* aux);

    torch::nn::Linear token_proj{nullptr}, pooled_proj{nullptr};
    CrossAttention cross_attn{nullptr};
    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
    torch::nn::Linear ffn1{nullptr}, ffn2{nullptr}, aux_out{nullptr};
};
TORCH_MODULE(AuxiliaryTextEnhancement);

} // namespace tgc::model

// Whether the text's target is in the image at all. The decoder always draws
// its best mask; this head reads the same text-image evidence and says how
// likely it is that there is anything to draw, so that an absent structure
// ("liver" on a slice below it) is answered "not present" instead of with a
// stray mask. Trained with binary cross-entropy on "the mask is not empty".
#pragma once

#include <torch/torch.h>

namespace tgc::model {

struct PresenceHeadOptions {
    int dim = 64;    // text embedding and cost-level visual width
    int hidden = 64; // MLP width
};

class PresenceHeadImpl : public torch::nn::Module {
public:
    explicit PresenceHeadImpl(const PresenceHeadOptions& options);
    // text [B, dim] (VLCM-updated embedding), visual [B, dim, h, w] (the cost
    // level after VLCM), cost [B, 1, h, w] (text-pixel cosine), logits
    // [B, 1, S, S] (the decoder's mask) -> presence logit [B].
    torch::Tensor forward(const torch::Tensor& text, const torch::Tensor& visual,
                          const torch::Tensor& cost, const torch::Tensor& logits);

    torch::nn::Linear query{nullptr};
    torch::nn::Conv2d key{nullptr};
    torch::nn::Linear hidden{nullptr}, out{nullptr};
};
TORCH_MODULE(PresenceHead);

// What presence reads from the decoder's mask logits [B, N] (fp32), for the
// whole image (the head) or one strip (PresenceStrips): their maximum / 10,
// the soft area (sigmoid mean) * 10 and the mean of the top 1% / 10 -> [B, 3].
// Trained weights expect exactly these scales.
torch::Tensor logitStatistics(const torch::Tensor& logits);

} // namespace tgc::model

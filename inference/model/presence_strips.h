// Presence per side of the image. The presence head pools the decoder's mask
// over the whole image, so "a lesion in the left lung" on a film whose
// lesions are all in the right lung looks present: there is a confident blob,
// just on the other side. This term pools the same mask evidence over
// vertical strips of the image (two: its left and right halves) and lets the
// text weigh them, so that a blob counts only where the prompt points: the
// term is bilinear, sum over strips r and statistics j of c_rj(text) s_rj,
// with coefficients c linear in the text. It is added to the presence
// head's logit; c starts at zero, so a network given it on top of trained
// weights answers as before until trained, and the first gradient already
// reaches the text (no hidden layer to wake up first).
#pragma once

#include <torch/torch.h>

namespace tgc::model {

struct PresenceStripsOptions {
    int dim = 64;   // text embedding width
    int strips = 2; // vertical strips of the image, left to right
};

class PresenceStripsImpl : public torch::nn::Module {
public:
    explicit PresenceStripsImpl(const PresenceStripsOptions& options);
    // text [B, dim] (VLCM-updated embedding), cost [B, 1, h, w] (text-pixel
    // cosine), logits [B, 1, S, S] (the decoder's mask) -> a term [B] for
    // the presence logit.
    torch::Tensor forward(const torch::Tensor& text, const torch::Tensor& cost,
                          const torch::Tensor& logits);
    // Mask statistics per strip [B, strips, kStatistics], detached.
    torch::Tensor stripStatistics(const torch::Tensor& cost, const torch::Tensor& logits) const;
    // What each strip's statistics count for this text [B, strips, kStatistics].
    torch::Tensor stripCoefficients(const torch::Tensor& text);

    static constexpr int kStatistics = 4; // logit max, soft area, top-1% logit mean, cost max

    torch::nn::Linear where{nullptr}; // dim -> strips * kStatistics

private:
    int strips_;
};
TORCH_MODULE(PresenceStrips);

} // namespace tgc::model

#include "presence_head.h"

#include "flops.h"

#include <cmath>

namespace tgc::model {

namespace {
constexpr int kMaskStatistics = 5; // cost max, cost mean, logit max, soft area, top-1% logit mean
}

PresenceHeadImpl::PresenceHeadImpl(const PresenceHeadOptions& o) {
    query = register_module("query", torch::nn::Linear(o.dim, o.hidden));
    key = register_module("key", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.dim, o.hidden, 1)));
    hidden = register_module("hidden", torch::nn::Linear(2 * o.hidden + kMaskStatistics, o.hidden));
    out = register_module("out", torch::nn::Linear(o.hidden, 1));
}

torch::Tensor PresenceHeadImpl::forward(const torch::Tensor& text, const torch::Tensor& visual,
                                        const torch::Tensor& cost, const torch::Tensor& logits) {
    const int64_t batch = text.size(0);
    const auto q = query(text);            // [B, H]
    const auto k = key(visual).flatten(2); // [B, H, h*w]
    const double scale = 1.0 / std::sqrt(double(q.size(1)));
    const auto weights = torch::softmax((q.unsqueeze(1).bmm(k)).squeeze(1) * scale, 1); // [B, h*w]
    const auto attended = k.bmm(weights.unsqueeze(2)).squeeze(2);                       // [B, H]
    // Statistics of the mask the decoder drew: a confident blob is evidence
    // of presence, a faint smear is not.
    // Detached: the presence loss must not reshape the masks themselves.
    const auto costFlat = cost.detach().flatten(1).to(torch::kFloat32);    // [B, h*w]
    const auto logitFlat = logits.detach().flatten(1).to(torch::kFloat32); // [B, S*S]
    const auto stats = torch::cat(
        {torch::stack({costFlat.amax(1), costFlat.mean(1)}, 1), logitStatistics(logitFlat)},
        1);                                                                // [B, 5]
    auto x = torch::cat({q * attended, attended, stats.to(q.dtype())}, 1); // [B, 2H + 5]
    x = torch::gelu(hidden(x));                                            // [B, H]
    flops::linear("presence", batch, 2 * q.size(1) + kMaskStatistics, q.size(1));
    return out(x).squeeze(1); // [B]
}

torch::Tensor logitStatistics(const torch::Tensor& logits) {
    const int64_t top = std::max<int64_t>(1, logits.size(1) / 100);
    return torch::stack({logits.amax(1) / 10.0, torch::sigmoid(logits).mean(1) * 10.0,
                         std::get<0>(logits.topk(top, 1)).mean(1) / 10.0},
                        1); // [B, 3]
}

} // namespace tgc::model

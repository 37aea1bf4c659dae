#include "presence_strips.h"

#include "flops.h"

namespace tgc::model {

PresenceStripsImpl::PresenceStripsImpl(const PresenceStripsOptions& o) : strips_(o.strips) {
    where = register_module("where", torch::nn::Linear(o.dim, o.strips));
    hidden = register_module("hidden", torch::nn::Linear(2 * kStatistics + o.strips, o.hidden));
    out = register_module("out", torch::nn::Linear(o.hidden, 1));
    torch::NoGradGuard noGrad;
    out->weight.zero_();
    out->bias.zero_();
}

torch::Tensor PresenceStripsImpl::stripStatistics(const torch::Tensor& cost,
                                                  const torch::Tensor& logits) const {
    // Detached, as in the presence head: presence must not reshape the masks.
    const auto logitStrips = logits.detach().to(torch::kFloat32).chunk(strips_, 3); // [B,1,S,S/n]
    const auto costStrips = cost.detach().to(torch::kFloat32).chunk(strips_, 3);    // [B,1,h,w/n]
    TORCH_CHECK(int(logitStrips.size()) == strips_ && int(costStrips.size()) == strips_,
                "presence strips: ", strips_, " strips of a mask ", logits.sizes(), " and cost ",
                cost.sizes());
    std::vector<torch::Tensor> rows;
    for (int i = 0; i < strips_; ++i) {
        const auto l = logitStrips[std::size_t(i)].flatten(1); // [B, S*S/n]
        const int64_t top = std::max<int64_t>(1, l.size(1) / 100);
        rows.push_back(torch::stack({l.amax(1) / 10.0, torch::sigmoid(l).mean(1) * 10.0,
                                     std::get<0>(l.topk(top, 1)).mean(1) / 10.0,
                                     costStrips[std::size_t(i)].flatten(1).amax(1)},
                                    1)); // [B, kStatistics]
    }
    return torch::stack(rows, 1); // [B, strips, kStatistics]
}

torch::Tensor PresenceStripsImpl::stripWeights(const torch::Tensor& text) {
    return torch::sigmoid(where(text)); // [B, strips]
}

torch::Tensor PresenceStripsImpl::forward(const torch::Tensor& text, const torch::Tensor& cost,
                                          const torch::Tensor& logits) {
    const int64_t batch = text.size(0);
    const auto stats = stripStatistics(cost, logits).to(text.dtype()); // [B, n, k]
    const auto weights = stripWeights(text).unsqueeze(2);              // [B, n, 1]
    // The evidence where the text points and elsewhere, each a weighted
    // mean over strips: a blob only elsewhere is the other side's finding.
    const auto named = (weights * stats).sum(1) / (weights.sum(1) + 1e-3);             // [B, k]
    const auto other = ((1 - weights) * stats).sum(1) / ((1 - weights).sum(1) + 1e-3); // [B, k]
    auto x = torch::cat({named, other, weights.squeeze(2)}, 1); // [B, 2k + n]
    x = torch::gelu(hidden(x));                                 // [B, hidden]
    flops::linear("presence.strips", batch, text.size(1), strips_);
    flops::linear("presence.strips", batch, 2 * kStatistics + strips_, x.size(1));
    return out(x).squeeze(1); // [B]
}

} // namespace tgc::model

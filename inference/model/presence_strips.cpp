#include "presence_strips.h"

#include "flops.h"
#include "presence_head.h"

namespace tgc::model {

PresenceStripsImpl::PresenceStripsImpl(const PresenceStripsOptions& o) : strips_(o.strips) {
    where = register_module("where", torch::nn::Linear(o.dim, o.strips * kStatistics));
    torch::NoGradGuard noGrad;
    where->weight.zero_();
    where->bias.zero_();
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
        rows.push_back(torch::cat(
            {logitStatistics(l), costStrips[std::size_t(i)].flatten(1).amax(1).unsqueeze(1)},
            1)); // [B, kStatistics]
    }
    return torch::stack(rows, 1); // [B, strips, kStatistics]
}

torch::Tensor PresenceStripsImpl::stripCoefficients(const torch::Tensor& text) {
    return where(text).view({text.size(0), strips_, kStatistics}); // [B, n, k]
}

torch::Tensor PresenceStripsImpl::forward(const torch::Tensor& text, const torch::Tensor& cost,
                                          const torch::Tensor& logits) {
    const auto stats = stripStatistics(cost, logits).to(text.dtype()); // [B, n, k]
    flops::linear("presence.strips", text.size(0), text.size(1), strips_ * kStatistics);
    return (stripCoefficients(text) * stats).sum({1, 2}); // [B]
}

} // namespace tgc::model

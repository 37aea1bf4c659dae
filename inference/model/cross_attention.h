// Multi-head attention between two token sets (queries from one, keys and
// values from the other), used by DATE and VLCM. Separate q/k/v projections
// so the key/value side may have another width.
#pragma once

#include <torch/torch.h>

namespace tgc::model {

class CrossAttentionImpl : public torch::nn::Module {
public:
    // flopName labels this layer in the FLOP ledger (flops.h).
    CrossAttentionImpl(int dim, int heads, int keyValueDim, std::string flopName);
    // query [B, Lq, dim], keyValue [B, Lk, keyValueDim], keyPadding [B, Lk]
    // bool (true = ignore) or undefined -> [B, Lq, dim].
    torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& keyValue,
                          const torch::Tensor& keyPadding = {});

    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

private:
    int heads_;
    std::string flopName_;
};
TORCH_MODULE(CrossAttention);

// Scaled dot-product attention over [B, H, Lq, d] x [B, H, Lk, d]; mask is
// additive [B, 1, 1, Lk] or undefined. The fused kernel on libtorch 2.x.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v, const torch::Tensor& mask);

} // namespace tgc::model

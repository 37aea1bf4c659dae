#include "cross_attention.h"

#include "flops.h"
#include "torch_compat.h"

#include <cmath>
#include <limits>

namespace tgc::model {

CrossAttentionImpl::CrossAttentionImpl(int dim, int heads, int keyValueDim, std::string flopName)
    : heads_(heads), flopName_(std::move(flopName)) {
    TORCH_CHECK(dim % heads == 0, "CrossAttention: width ", dim, " not divisible by ", heads,
                " heads");
    q_proj = register_module("q_proj", torch::nn::Linear(dim, dim));
    k_proj = register_module("k_proj", torch::nn::Linear(keyValueDim, dim));
    v_proj = register_module("v_proj", torch::nn::Linear(keyValueDim, dim));
    out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
    for (auto* linear : {&q_proj, &k_proj, &v_proj, &out_proj}) {
        torch::nn::init::xavier_uniform_((*linear)->weight);
        torch::nn::init::zeros_((*linear)->bias);
    }
}

torch::Tensor CrossAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& keyValue,
                                          const torch::Tensor& keyPadding) {
    const int64_t batch = query.size(0), queries = query.size(1), keys = keyValue.size(1);
    const int64_t dim = query.size(2), headDim = dim / heads_;
    // [B, L, dim] -> [B, H, L, d]
    auto split = [&](const torch::Tensor& x, int64_t length) {
        return x.view({batch, length, heads_, headDim}).transpose(1, 2);
    };
    auto q = split(q_proj(query), queries);
    auto k = split(k_proj(keyValue), keys);
    auto v = split(v_proj(keyValue), keys);
    torch::Tensor mask;
    if (keyPadding.defined()) {
        // [B, Lk] -> additive [B, 1, 1, Lk]
        mask = torch::zeros({batch, 1, 1, keys}, q.options())
                   .masked_fill(keyPadding.view({batch, 1, 1, keys}),
                                -std::numeric_limits<float>::infinity());
    }
    auto attended = scaledDotProductAttention(q, k, v, mask); // [B, H, Lq, d]
    auto merged = attended.transpose(1, 2).reshape({batch, queries, dim});
    const char* name = flopName_.c_str();
    flops::linear(name, batch * queries, dim, dim * 2); // q and out
    flops::linear(name, batch * keys, keyValue.size(2), dim * 2);
    flops::attention(name, batch * heads_, queries, keys, headDim);
    return out_proj(merged);
}

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v, const torch::Tensor& mask) {
    return compat::scaledDotProductAttention(q, k, v, mask, false);
}

} // namespace tgc::model

#include "torch_compat.h"

#include <ATen/autocast_mode.h>
#include <cmath>
#include <limits>
#include <torch/version.h>

namespace tgc::model::compat {

// libtorch 2.4 moved autocast to per-device calls.
#define TGC_TORCH_AT_LEAST(major, minor)                                                           \
    (TORCH_VERSION_MAJOR > (major) ||                                                              \
     (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v, const torch::Tensor& mask,
                                        bool causal) {
    TORCH_CHECK(!(causal && mask.defined()), "attention: a mask or causal, not both");
#if TGC_TORCH_AT_LEAST(2, 0)
    if (mask.defined())
        return at::scaled_dot_product_attention(q, k, v, mask.to(q.dtype()));
    return at::scaled_dot_product_attention(q, k, v, {}, 0.0, causal);
#else
    const double scale = 1.0 / std::sqrt(double(q.size(-1)));
    auto scores = torch::matmul(q * scale, k.transpose(-2, -1)); // [.., Lq, Lk]
    if (causal) {
        const int64_t n = q.size(-2), m = k.size(-2);
        auto future = torch::ones({n, m}, q.options().dtype(torch::kBool)).triu(1);
        scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
    }
    if (mask.defined())
        scores = scores + mask.to(scores.dtype());
    return torch::matmul(torch::softmax(scores, -1), v);
#endif
}

bool cudaAutocastEnabled() {
#if TGC_TORCH_AT_LEAST(2, 4)
    return at::autocast::is_autocast_enabled(at::kCUDA);
#else
    return at::autocast::is_enabled();
#endif
}

void setCudaAutocast(bool enabled, at::ScalarType dtype) {
#if TGC_TORCH_AT_LEAST(2, 4)
    at::autocast::set_autocast_enabled(at::kCUDA, enabled);
    at::autocast::set_autocast_dtype(at::kCUDA, dtype);
#else
    at::autocast::set_enabled(enabled);
    at::autocast::set_autocast_gpu_dtype(dtype);
#endif
}

} // namespace tgc::model::compat

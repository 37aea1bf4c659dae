// The one place where libtorch 1.13 (Debian, CPU) and 2.x (PyTorch's wheels,
// CUDA) differ for this project; everything else compiles against both
// unchanged. Guarded by TORCH_VERSION_MAJOR / _MINOR only here.
#pragma once

#include <torch/torch.h>

namespace tgc::model::compat {

// softmax(q k^T / sqrt(d) + mask) v over the last two dimensions; mask is
// additive (0 or -inf, broadcastable to [.., Lq, Lk]) or undefined; causal
// hides the keys after each query. Not both. 2.x: the fused kernel.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v, const torch::Tensor& mask,
                                        bool causal);

// Autocast on CUDA (thread-local): whether it is on, and switching it with
// the dtype it casts to.
bool cudaAutocastEnabled();
void setCudaAutocast(bool enabled, at::ScalarType dtype);

} // namespace tgc::model::compat

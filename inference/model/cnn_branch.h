// The trainable light CNN branch of TGC-Net: a ResNet-style pyramid at the
// full CNN input size, giving strides 4, 8, 16 and 32 (DESIGN.md §4).
#pragma once

#include "conv_blocks.h"

#include <array>
#include <torch/torch.h>
#include <vector>

namespace tgc::model {

struct CnnBranchOptions {
    std::array<int, 4> widths = {48, 96, 192, 384}; // channels at strides 4, 8, 16, 32
    std::array<int, 4> blocks = {1, 1, 1, 1};       // residual blocks per stage
};

class CnnBranchImpl : public torch::nn::Module {
public:
    explicit CnnBranchImpl(const CnnBranchOptions& options);
    // images [B, 3, S, S] -> 4 maps [B, widths[i], S/4, S/8, S/16, S/32].
    std::vector<torch::Tensor> forward(const torch::Tensor& images);

private:
    torch::nn::Sequential stem_{nullptr};
    std::vector<torch::nn::Sequential> stages_;
};
TORCH_MODULE(CnnBranch);

} // namespace tgc::model

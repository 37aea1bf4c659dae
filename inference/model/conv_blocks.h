// Convolution building blocks shared by the CNN branch, SSE and the decoder:
// each counts its FLOPs under the layer name it is given (flops.h).
#pragma once

#include <string>
#include <torch/torch.h>

namespace tgc::model {

enum class Activation { None, Relu, Gelu };

// Group count for GroupNorm: 32 where the width allows, else the largest
// divisor of the width not above 32.
int groupNormGroups(int channels);

// conv (no bias) -> GroupNorm -> activation. Names: conv, norm.
class ConvNormActImpl : public torch::nn::Module {
public:
    ConvNormActImpl(int in, int out, int kernel, int stride, Activation activation,
                    std::string flopName);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};
    torch::nn::GroupNorm norm{nullptr};

private:
    Activation activation_;
    std::string flopName_;
};
TORCH_MODULE(ConvNormAct);

// Two 3x3 ConvNormAct with an identity shortcut (ResNet basic block).
class ResidualBlockImpl : public torch::nn::Module {
public:
    ResidualBlockImpl(int channels, Activation activation, std::string flopName);
    torch::Tensor forward(const torch::Tensor& x);

    ConvNormAct conv1{nullptr}, conv2{nullptr};

private:
    Activation activation_;
};
TORCH_MODULE(ResidualBlock);

// A bias-carrying 1x1 or kxk convolution that counts its FLOPs.
class CountedConvImpl : public torch::nn::Module {
public:
    CountedConvImpl(int in, int out, int kernel, std::string flopName);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};

private:
    std::string flopName_;
};
TORCH_MODULE(CountedConv);

torch::Tensor activate(const torch::Tensor& x, Activation activation);

// Bilinear resize (align_corners=false) to height x width.
torch::Tensor resizeBilinear(const torch::Tensor& x, int64_t height, int64_t width);

} // namespace tgc::model

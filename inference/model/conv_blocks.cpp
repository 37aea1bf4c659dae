#include "conv_blocks.h"

#include "flops.h"

namespace tgc::model {

namespace F = torch::nn::functional;

namespace {
void countConv(const std::string& name, const torch::nn::Conv2d& conv, const torch::Tensor& out) {
    const auto& options = conv->options;
    const int64_t kernelArea = options.kernel_size()->at(0) * options.kernel_size()->at(1);
    flops::conv2d(name.c_str(), out.numel(), options.in_channels() / options.groups(), kernelArea);
}
} // namespace

int groupNormGroups(int channels) {
    for (int groups = 32; groups > 1; --groups)
        if (channels % groups == 0)
            return groups;
    return 1;
}

torch::Tensor activate(const torch::Tensor& x, Activation activation) {
    switch (activation) {
    case Activation::Relu:
        return torch::relu(x);
    case Activation::Gelu:
        return torch::gelu(x);
    case Activation::None:
        break;
    }
    return x;
}

torch::Tensor resizeBilinear(const torch::Tensor& x, int64_t height, int64_t width) {
    if (x.size(-2) == height && x.size(-1) == width)
        return x;
    flops::elementwise("resize", x.size(0) * x.size(1) * height * width, 8.0);
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{height, width})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

ConvNormActImpl::ConvNormActImpl(int in, int out, int kernel, int stride, Activation activation,
                                 std::string flopName)
    : activation_(activation), flopName_(std::move(flopName)) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                         .stride(stride)
                                                         .padding(kernel / 2)
                                                         .bias(false)));
    norm = register_module(
        "norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(groupNormGroups(out), out)));
    torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
}

torch::Tensor ConvNormActImpl::forward(const torch::Tensor& x) {
    auto y = conv(x);
    countConv(flopName_, conv, y);
    flops::elementwise(flopName_.c_str(), y.numel(), 8.0);
    return activate(norm(y), activation_);
}

ResidualBlockImpl::ResidualBlockImpl(int channels, Activation activation, std::string flopName)
    : activation_(activation) {
    conv1 = register_module("conv1", ConvNormAct(channels, channels, 3, 1, activation, flopName));
    conv2 = register_module(
        "conv2", ConvNormAct(channels, channels, 3, 1, Activation::None, std::move(flopName)));
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
    return activate(x + conv2(conv1(x)), activation_);
}

CountedConvImpl::CountedConvImpl(int in, int out, int kernel, std::string flopName)
    : flopName_(std::move(flopName)) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2)));
}

torch::Tensor CountedConvImpl::forward(const torch::Tensor& x) {
    auto y = conv(x);
    countConv(flopName_, conv, y);
    return y;
}

} // namespace tgc::model

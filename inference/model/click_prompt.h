// Clicks as a prompt beside the text: positive clicks (part of the target)
// and negative clicks (not part of it) drawn as two Gaussian maps on the CNN
// input grid, encoded by a small strided CNN into features that the decoder
// adds at strides 16, 8 and 4. The last projection of every level starts at
// zero, so a network without clicks (or a checkpoint from before clicks
// existed) computes exactly the text-only mask.
#pragma once

#include "conv_blocks.h"

#include <torch/torch.h>
#include <vector>

namespace tgc::model {

// One click in CNN-input pixels (0..size-1, x right, y down).
struct Click {
    double x = 0, y = 0;
    bool positive = true;
};

// Maps [2, size, size]: channel 0 positive, 1 negative; each pixel holds the
// largest exp(-d^2 / (2 sigma^2)) over that kind's clicks (0 with none).
torch::Tensor clickMaps(const std::vector<Click>& clicks, int size, double sigma,
                        const torch::TensorOptions& options = {});
// The click width the configs use: 1/64 of the CNN input side.
double clickSigmaFor(int cnnImageSize);

struct ClickEncoderOptions {
    int width = 32;          // encoder channels
    int aggChannels = 64;    // decoder channels at stride 16
    int middleChannels = 32; // at stride 8 (aggChannels / 2)
    int fineChannels = 16;   // at stride 4 (aggChannels / 4)
};

struct ClickFeatures {
    torch::Tensor coarse; // [B, aggChannels, S/16, S/16]
    torch::Tensor middle; // [B, middleChannels, S/8, S/8]
    torch::Tensor fine;   // [B, fineChannels, S/4, S/4]
};

class ClickEncoderImpl : public torch::nn::Module {
public:
    explicit ClickEncoderImpl(const ClickEncoderOptions& options);
    // maps [B, 2, S, S] -> features to add at the decoder's three levels.
    ClickFeatures forward(const torch::Tensor& maps);

    ConvNormAct down4a{nullptr}, down4b{nullptr}, down8{nullptr}, down16{nullptr};
    CountedConv to_fine{nullptr}, to_middle{nullptr}, to_coarse{nullptr};
};
TORCH_MODULE(ClickEncoder);

} // namespace tgc::model

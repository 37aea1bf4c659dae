// Slice pre- and post-processing for TGC-Net: a window maps raw values (HU
// for CT) to [0, 1]; the grey image becomes 3 channels, is resized to the
// CLIP and CNN input sizes and normalised with CLIP's mean and std. After the
// model, sigmoid probabilities are resized back to the slice grid.
#pragma once

#include <array>
#include <torch/torch.h>
#include <vector>

namespace tgc::engine {

// Display window: values at center - width/2 map to 0, center + width/2 to 1.
struct Window {
    double center = 0.5;
    double width = 1.0;
};

constexpr std::array<float, 3> kClipMean = {0.48145466f, 0.4578275f, 0.40821073f};
constexpr std::array<float, 3> kClipStd = {0.26862954f, 0.26130258f, 0.27577711f};

// values: height x width, row-major -> [1, 1, height, width] in [0, 1] on device.
torch::Tensor windowToUnit(const float* values, int width, int height, const Window& window,
                           const torch::Device& device);

// [B, 1, H, W] in [0, 1] -> [B, 3, size, size], resized bilinearly
// (antialiased when shrinking) and CLIP-normalised.
torch::Tensor toModelInput(const torch::Tensor& unit, int size);

// logits [B, 1, S, S] -> per slice, sigmoid probabilities on a
// height x width grid (row-major, CPU).
std::vector<std::vector<float>> probabilitiesOnGrid(const torch::Tensor& logits, int width,
                                                    int height);

// Bilinear resize of [B, C, h, w] to height x width (align_corners=false,
// antialiased when shrinking).
torch::Tensor resizeImage(const torch::Tensor& images, int height, int width);

} // namespace tgc::engine

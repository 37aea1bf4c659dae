#include "preprocess.h"

#include <stdexcept>

namespace tgc::engine {

namespace F = torch::nn::functional;

torch::Tensor windowToUnit(const float* values, int width, int height, const Window& window,
                           const torch::Device& device) {
    if (!values || width <= 0 || height <= 0)
        throw std::invalid_argument("slice: empty image (" + std::to_string(width) + " x " +
                                    std::to_string(height) + ")");
    if (!(window.width > 0))
        throw std::invalid_argument("slice: window width must be positive");
    // from_blob does not copy: clone before the caller's buffer may go away.
    auto raw = torch::from_blob(const_cast<float*>(values), {1, 1, height, width}, torch::kFloat32)
                   .to(device, /*non_blocking=*/false, /*copy=*/true);
    const double low = window.center - window.width / 2.0;
    return ((raw - low) / window.width).clamp_(0.0, 1.0).nan_to_num_(0.0);
}

torch::Tensor resizeImage(const torch::Tensor& images, int height, int width) {
    if (images.size(-2) == height && images.size(-1) == width)
        return images;
    const bool shrinking = images.size(-2) > height || images.size(-1) > width;
    return F::interpolate(images, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{height, width})
                                      .mode(torch::kBilinear)
                                      .align_corners(false)
                                      .antialias(shrinking));
}

torch::Tensor toModelInput(const torch::Tensor& unit, int size) {
    auto resized = resizeImage(unit, size, size).clamp(0.0, 1.0); // [B, 1, size, size]
    auto mean =
        torch::tensor(std::vector<float>(kClipMean.begin(), kClipMean.end()), resized.options())
            .view({1, 3, 1, 1});
    auto std =
        torch::tensor(std::vector<float>(kClipStd.begin(), kClipStd.end()), resized.options())
            .view({1, 3, 1, 1});
    return (resized.expand({-1, 3, -1, -1}) - mean) / std; // [B, 3, size, size]
}

std::vector<std::vector<float>> probabilitiesOnGrid(const torch::Tensor& logits, int width,
                                                    int height) {
    auto probability = torch::sigmoid(logits.to(torch::kFloat32));
    auto grid =
        resizeImage(probability, height, width).clamp(0.0, 1.0).to(torch::kCPU).contiguous();
    std::vector<std::vector<float>> slices;
    for (int64_t b = 0; b < grid.size(0); ++b) {
        const float* data = grid[b].data_ptr<float>();
        slices.emplace_back(data, data + int64_t(width) * height);
    }
    return slices;
}

} // namespace tgc::engine

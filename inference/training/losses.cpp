#include "losses.h"

namespace tgc::training {

SegmentationLoss segmentationLoss(const torch::Tensor& logits, const torch::Tensor& targets) {
    SegmentationLoss loss;
    const auto logits32 = logits.to(torch::kFloat32);
    const auto targets32 = targets.to(torch::kFloat32);
    loss.bce = torch::binary_cross_entropy_with_logits(logits32, targets32);
    const auto probability = torch::sigmoid(logits32).flatten(1); // [B, HW]
    const auto truth = targets32.flatten(1);
    constexpr double smooth = 1.0;
    const auto intersection = (probability * truth).sum(1);
    const auto sums = probability.sum(1) + truth.sum(1);
    loss.dice = (1.0 - (2.0 * intersection + smooth) / (sums + smooth)).mean();
    loss.total = loss.bce + loss.dice;
    return loss;
}

torch::Tensor costMapLoss(const torch::Tensor& cost, const torch::Tensor& targets) {
    namespace F = torch::nn::functional;
    const auto share = F::adaptive_avg_pool2d(
        targets.to(torch::kFloat32),
        F::AdaptiveAvgPool2dFuncOptions({cost.size(2), cost.size(3)})); // [B, 1, h, w]
    return torch::binary_cross_entropy_with_logits(10.0 * (cost.to(torch::kFloat32) - 0.5), share);
}

} // namespace tgc::training

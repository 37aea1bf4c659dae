// The segmentation loss of TGC-Net training: binary cross-entropy on logits
// plus soft Dice, both averaged over the batch.
#pragma once

#include <torch/torch.h>

namespace tgc::training {

struct SegmentationLoss {
    torch::Tensor total; // bce + dice, scalar
    torch::Tensor bce;
    torch::Tensor dice; // 1 - soft Dice
};

// logits, targets: [B, 1, H, W]; targets in {0, 1}. An empty target with an
// empty prediction costs no Dice loss (smoothing term).
SegmentationLoss segmentationLoss(const torch::Tensor& logits, const torch::Tensor& targets);

// Deep supervision of the cosine cost map [B, 1, h, w] in [-1, 1]: binary
// cross-entropy of 10 * (cost - 0.5) against the share of mask pixels in
// each cost cell (targets [B, 1, H, W], H and W multiples of h and w).
torch::Tensor costMapLoss(const torch::Tensor& cost, const torch::Tensor& targets);

} // namespace tgc::training

// SSE: semantic/spatial fusion of the frozen ViT's tapped levels with the CNN
// pyramid (DESIGN.md §4). Each tapped ViT level is projected (1x1 conv +
// GroupNorm) and resized to its CNN level, added to the projected CNN level,
// then multi-scale deformable attention encoder layers (Mask2Former pixel
// decoder) refine strides 8, 16 and 32 jointly. Stride 4 is not attended (at
// 768 px it alone would hold 3x the tokens of the other three): it is fused
// FPN-style, lateral plus the upsampled refined stride-8 level, then a 3x3 conv.
#pragma once

#include "conv_blocks.h"
#include "deformable_attention.h"

#include <array>
#include <torch/torch.h>
#include <vector>

namespace tgc::model {

struct SseOptions {
    int visionWidth = 768; // CLIP vision tower width
    std::array<int, 4> cnnWidths = {48, 96, 192, 384};
    int dim = 256;    // width of the attended levels (strides 8, 16, 32)
    int fineDim = 64; // width of the stride-4 level
    int layers = 4;   // deformable encoder layers
    int heads = 8, points = 4, ffnDim = 1024;
};

// The hybrid pyramid: [B, fineDim, S/4], then [B, dim, S/8], [S/16], [S/32].
struct HybridPyramid {
    std::vector<torch::Tensor> levels;
};

class SemanticSpatialEncoderImpl : public torch::nn::Module {
public:
    explicit SemanticSpatialEncoderImpl(const SseOptions& options);
    // cnn: 4 maps from CnnBranch; taps: 4 ViT maps [B, visionWidth, G, G],
    // the earliest tap fused into stride 4, the last into stride 32.
    HybridPyramid forward(const std::vector<torch::Tensor>& cnn,
                          const std::vector<torch::Tensor>& taps);
    const SseOptions& options() const { return options_; }

    torch::Tensor level_embed; // [3, dim]

private:
    SseOptions options_;
    std::vector<ConvNormAct> cnnProj_, vitProj_; // index 0 = stride 4
    std::vector<DeformableEncoderLayer> layers_;
    ConvNormAct fineFromCoarse_{nullptr}, fineOutput_{nullptr};
};
TORCH_MODULE(SemanticSpatialEncoder);

} // namespace tgc::model

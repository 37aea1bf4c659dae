// Multi-scale deformable attention (Deformable DETR) and the encoder layer of
// the Mask2Former pixel decoder, used by SSE to fuse the hybrid pyramid.
// Sampling is bilinear with zero padding (grid_sample, align_corners=false).
#pragma once

#include <array>
#include <torch/torch.h>
#include <vector>

namespace tgc::model {

// (H, W) of each level, in the order the levels are flattened.
using LevelShapes = std::vector<std::array<int64_t, 2>>;

struct DeformableAttentionOptions {
    int dim = 256, levels = 3, heads = 8, points = 4;
};

// value [N, S, H, d] (levels flattened in order), samplingLocations
// [N, Lq, H, L, P, 2] as (x, y) in [0, 1], attentionWeights [N, Lq, H, L, P]
// -> [N, Lq, H*d]: per head, the weighted sum of the bilinear samples
// (zero outside the map, pixel centres at (i+0.5)/size). On CUDA this is
// deformableSampleGrid; on the CPU deformableSampleGather, which computes the
// same sums several times faster there.
torch::Tensor deformableSample(const torch::Tensor& value, const LevelShapes& shapes,
                               const torch::Tensor& samplingLocations,
                               const torch::Tensor& attentionWeights);
// grid_sample per level (bilinear, zeros, align_corners=false).
torch::Tensor deformableSampleGrid(const torch::Tensor& value, const LevelShapes& shapes,
                                   const torch::Tensor& samplingLocations,
                                   const torch::Tensor& attentionWeights);
// The four bilinear neighbours of every sample gathered and summed with
// their bilinear x attention weights in one embedding_bag.
torch::Tensor deformableSampleGather(const torch::Tensor& value, const LevelShapes& shapes,
                                     const torch::Tensor& samplingLocations,
                                     const torch::Tensor& attentionWeights);

// Inference on the CPU (no autograd): the attention softmax over L*P, the
// locations reference + offset / (W_l, H_l) and the bilinear weighted sum in
// one pass. value [N, S, H, d], referencePoints [N or 1, Lq, L, 2],
// offsets [N, Lq, H, L, P, 2] in pixels of each level, attentionLogits
// [N, Lq, H, L*P] -> [N, Lq, H*d]; the same sums as the autograd path.
torch::Tensor deformableAttendCpu(const torch::Tensor& value, const LevelShapes& shapes,
                                  const torch::Tensor& referencePoints,
                                  const torch::Tensor& offsets,
                                  const torch::Tensor& attentionLogits);

class MultiScaleDeformableAttentionImpl : public torch::nn::Module {
public:
    explicit MultiScaleDeformableAttentionImpl(const DeformableAttentionOptions& options);
    // query [N, Lq, C], referencePoints [N or 1, Lq, L, 2] (x, y in [0, 1]),
    // input [N, S, C] flattened over shapes -> [N, Lq, C].
    torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& referencePoints,
                          const torch::Tensor& input, const LevelShapes& shapes);
    // Deformable DETR's initialisation: offsets fanning out per head, uniform
    // attention, Xavier value/output projections.
    void resetParameters();
    const DeformableAttentionOptions& options() const { return options_; }

    torch::nn::Linear sampling_offsets{nullptr}, attention_weights{nullptr}, value_proj{nullptr},
        output_proj{nullptr};

private:
    DeformableAttentionOptions options_;
};
TORCH_MODULE(MultiScaleDeformableAttention);

// Post-norm encoder layer: x = norm1(x + attn(x + pos)); x = norm2(x + ffn(x)).
class DeformableEncoderLayerImpl : public torch::nn::Module {
public:
    DeformableEncoderLayerImpl(const DeformableAttentionOptions& options, int ffnDim);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& position,
                          const torch::Tensor& referencePoints, const LevelShapes& shapes);

    MultiScaleDeformableAttention self_attn{nullptr};
    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
    torch::nn::Linear linear1{nullptr}, linear2{nullptr};
};
TORCH_MODULE(DeformableEncoderLayer);

// Reference points at pixel centres ((j+0.5)/W, (i+0.5)/H) of every level,
// the same normalised point for all levels: [1, S, L, 2].
torch::Tensor deformableReferencePoints(const LevelShapes& shapes,
                                        const torch::TensorOptions& options);

// Mask2Former's sine position embedding (normalised, scale 2*pi,
// temperature 10000): [1, dim, H, W], y features then x features.
torch::Tensor sinePositionEmbedding(int64_t height, int64_t width, int64_t dim,
                                    const torch::TensorOptions& options);

} // namespace tgc::model

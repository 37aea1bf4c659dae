// The cost-aggregating decoder (CAT-Seg style, DESIGN.md §4). Pixel
// embeddings at the cost stride (the VLCM-updated hybrid level plus the
// CLIP dense features, projected) and the text embedding are L2-normalised;
// their cosine is the cost map. Convolutions aggregate the embedded cost
// guided by projected features, transposed convolutions upsample it with
// skips from the pyramid to stride 4, and a 3x3 head gives one logit per
// pixel, resized bilinearly to the CNN input size.
#pragma once

#include "click_prompt.h"
#include "conv_blocks.h"

#include <torch/torch.h>
#include <vector>

namespace tgc::model {

struct CostDecoderOptions {
    int dim = 256;       // hybrid pyramid width at strides 8..32 and text width
    int fineDim = 64;    // pyramid width at stride 4
    int clipEmbed = 512; // CLIP dense feature width
    int costDim = 128;   // embedding width of the cosine
    int aggChannels = 128, aggBlocks = 2;
    int guidanceChannels = 64;
};

class CostAggregationDecoderImpl : public torch::nn::Module {
public:
    explicit CostAggregationDecoderImpl(const CostDecoderOptions& options);
    // pyramid: [B, fineDim, S/4], [B, dim, S/8], cost level [B, dim, S/16]
    // (VLCM-updated); dense [B, clipEmbed, G, G]; text [B, dim].
    // -> logits [B, 1, outputSize, outputSize].
    torch::Tensor forward(const std::vector<torch::Tensor>& pyramid, const torch::Tensor& dense,
                          const torch::Tensor& text, int64_t outputSize);
    // The same, also returning the cost map [B, 1, h, w]; clicks (optional)
    // are added after the aggregation at stride 16 and after each fusion.
    struct Output {
        torch::Tensor logits;     // [B, 1, outputSize, outputSize]
        torch::Tensor cost;       // [B, 1, h, w]
        torch::Tensor fine;       // [B, agg/4, S/4, S/4]: the features the head reads
        torch::Tensor fineLogits; // [B, 1, S/4, S/4]: the logits before resizing
    };
    Output run(const std::vector<torch::Tensor>& pyramid, const torch::Tensor& dense,
               const torch::Tensor& text, int64_t outputSize,
               const ClickFeatures* clicks = nullptr);
    // The cosine cost map [B, 1, h, w] alone (for tests and inspection).
    torch::Tensor cost(const torch::Tensor& pixels, const torch::Tensor& dense,
                       const torch::Tensor& text);

    CountedConv pixel_proj{nullptr}, dense_proj{nullptr};
    torch::nn::Linear text_proj{nullptr};
    ConvNormAct cost_embed{nullptr}, guidance{nullptr}, aggregate{nullptr};
    torch::nn::ConvTranspose2d up8{nullptr}, up4{nullptr};
    ConvNormAct skip8{nullptr}, fuse8{nullptr}, skip4{nullptr}, fuse4{nullptr};
    CountedConv head{nullptr};

    // Training only: the share of samples whose guidance and skip features
    // are zeroed, so that their mask must come from the cost map, the one
    // path the text takes. Trained from scratch, the decoder otherwise
    // settles on the visual paths and the text is never read.
    void setVisualDropout(double share) { visualDropout_ = share; }
    // The cost map of the last forward pass in training mode (undefined
    // otherwise), [B, 1, h, w] in [-1, 1]: the trainer may supervise it
    // directly, giving the text path a gradient no visual shortcut absorbs.
    const torch::Tensor& lastCostMap() const { return lastCostMap_; }

private:
    std::vector<ResidualBlock> blocks_;
    double visualDropout_ = 0.0;
    torch::Tensor lastCostMap_;
};
TORCH_MODULE(CostAggregationDecoder);

} // namespace tgc::model

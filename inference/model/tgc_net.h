// TGC-Net (arXiv 2512.21135, DESIGN.md §4): CLIP towers + light CNN, SSE
// fusion into a hybrid pyramid, DATE on the prompts, VLCM between vision
// and text, and the cost-aggregating decoder to a mask logit map.
#pragma once

#include "clip.h"
#include "cnn_branch.h"
#include "cost_decoder.h"
#include "date.h"
#include "sse.h"
#include "tgc_config.h"
#include "vlcm.h"

#include <torch/torch.h>

namespace tgc::model {

class TgcNetImpl : public torch::nn::Module {
public:
    explicit TgcNetImpl(const TgcNetConfig& config);

    // Text features for report ids [B, T] and optional aux ids [B, T]
    // (undefined: no auxiliary prompt, DATE skipped). Computed once per
    // request; forward expands batch-1 features to the image batch.
    TextFeatures encodeText(const torch::Tensor& reportIds, const torch::Tensor& auxIds = {});

    // clipImages [B, 3, Sc, Sc] and cnnImages [B, 3, Sn, Sn], CLIP-normalised
    // -> mask logits [B, 1, Sn, Sn].
    torch::Tensor forward(const torch::Tensor& clipImages, const torch::Tensor& cnnImages,
                          const TextFeatures& text);
    torch::Tensor forward(const torch::Tensor& clipImages, const torch::Tensor& cnnImages,
                          const torch::Tensor& reportIds, const torch::Tensor& auxIds = {});

    const TgcNetConfig& config() const { return config_; }

    // Frozen: CLIP parameters have requires_grad false and run without
    // autograd. Not frozen: they train with the rest.
    void setClipFrozen(bool frozen);
    bool clipFrozen() const { return clipFrozen_; }
    // Parameter counts (elements): requires_grad true / false.
    int64_t trainableParameterCount() const;
    int64_t frozenParameterCount() const;

    ClipVisionTransformer clip_visual{nullptr};
    ClipTextTransformer clip_text{nullptr};
    CnnBranch cnn{nullptr};
    SemanticSpatialEncoder sse{nullptr};
    AuxiliaryTextEnhancement date{nullptr};
    VisionLanguageContext vlcm{nullptr};
    CostAggregationDecoder decoder{nullptr};

private:
    ClipTextOutput runTextTower(const torch::Tensor& ids);

    TgcNetConfig config_;
    bool clipFrozen_ = false;
};
TORCH_MODULE(TgcNet);

// Checkpoint names of the CLIP towers' tensors start with these.
constexpr const char* kClipVisualPrefix = "clip_visual.";
constexpr const char* kClipTextPrefix = "clip_text.";
bool isClipTensorName(const std::string& name);

} // namespace tgc::model

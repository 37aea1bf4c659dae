// TGC-Net (arXiv 2512.21135, DESIGN.md §4): CLIP towers + light CNN, SSE
// fusion into a hybrid pyramid, DATE on the prompts, VLCM between vision
// and text, and the cost-aggregating decoder to a mask logit map (with a
// refinement at stride 2 where the config's maskStride asks for one).
#pragma once

#include "click_prompt.h"
#include "clip.h"
#include "cnn_branch.h"
#include "cost_decoder.h"
#include "date.h"
#include "mask_refinement.h"
#include "presence_head.h"
#include "presence_strips.h"
#include "sse.h"
#include "tgc_config.h"
#include "vlcm.h"

#include <torch/torch.h>

namespace tgc::model {

// Everything one forward pass answers.
struct TgcNetOutput {
    torch::Tensor logits;   // [B, 1, Sn, Sn] mask logits
    torch::Tensor presence; // [B] logit that the text's target is in the image
    torch::Tensor features; // [B, D] pooled visual features (imageFeatureWidth), text-free
    torch::Tensor cost;     // [B, 1, h, w] text-pixel cosine at stride 16
};

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
    // The whole answer. clickMaps [B, 2, Sn, Sn] (clickMaps() in
    // click_prompt.h) or undefined: no clicks, the text-only mask.
    TgcNetOutput run(const torch::Tensor& clipImages, const torch::Tensor& cnnImages,
                     const TextFeatures& text, const torch::Tensor& clickMaps = {});
    // Width D of TgcNetOutput::features: CLIP's pooled embedding, then mean
    // and standard deviation over space of the CNN's stride-16 and -32 maps.
    int64_t imageFeatureWidth() const;
    // The features alone (CLIP vision and CNN only) -> [B, D].
    torch::Tensor imageFeatures(const torch::Tensor& clipImages, const torch::Tensor& cnnImages);

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
    PresenceHead presence{nullptr};
    PresenceStrips presence_strips{nullptr}; // null when config.presenceStrips is 0
    ClickEncoder clicks{nullptr};
    MaskRefinement refinement{nullptr}; // null when config.maskStride is 4

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
// Modules added after the first checkpoints: a file without any of their
// tensors still loads, and says which abilities it lacks.
constexpr const char* kPresencePrefix = "presence.";
constexpr const char* kClicksPrefix = "clicks.";
constexpr const char* kPresenceStripsPrefix = "presence_strips.";
constexpr const char* kRefinementPrefix = "refinement.";

} // namespace tgc::model

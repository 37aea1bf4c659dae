#include "tgc_net.h"

#include "flops.h"

#include <optional>

namespace tgc::model {

bool isClipTensorName(const std::string& name) {
    return name.rfind(kClipVisualPrefix, 0) == 0 || name.rfind(kClipTextPrefix, 0) == 0;
}

TgcNetImpl::TgcNetImpl(const TgcNetConfig& config) : config_(config) {
    validateConfig(config);
    clip_visual = register_module("clip_visual", ClipVisionTransformer(config.vision));
    clip_text = register_module("clip_text", ClipTextTransformer(config.text));
    cnn = register_module("cnn", CnnBranch(config.cnn));
    SseOptions sse_options;
    sse_options.visionWidth = config.vision.width;
    sse_options.cnnWidths = config.cnn.widths;
    sse_options.dim = config.dim;
    sse_options.fineDim = config.fineDim;
    sse_options.layers = config.sseLayers;
    sse_options.heads = config.sseHeads;
    sse_options.points = config.ssePoints;
    sse_options.ffnDim = config.sseFfn;
    sse = register_module("sse", SemanticSpatialEncoder(sse_options));
    date = register_module("date", AuxiliaryTextEnhancement(
                                       DateOptions{config.text.width, config.text.embedDim,
                                                   config.dim, config.textHeads, config.dateFfn}));
    vlcm = register_module("vlcm", VisionLanguageContext(VlcmOptions{config.dim, config.textHeads,
                                                                     config.contextTokens}));
    CostDecoderOptions decoder_options;
    decoder_options.dim = config.dim;
    decoder_options.fineDim = config.fineDim;
    decoder_options.clipEmbed = config.vision.embedDim;
    decoder_options.costDim = config.costDim;
    decoder_options.aggChannels = config.aggChannels;
    decoder_options.aggBlocks = config.aggBlocks;
    decoder_options.guidanceChannels = config.guidanceChannels;
    decoder = register_module("decoder", CostAggregationDecoder(decoder_options));
    setClipFrozen(config.freezeClip);
}

void TgcNetImpl::setClipFrozen(bool frozen) {
    clipFrozen_ = frozen;
    for (auto& parameter : clip_visual->parameters())
        parameter.set_requires_grad(!frozen);
    for (auto& parameter : clip_text->parameters())
        parameter.set_requires_grad(!frozen);
}

int64_t TgcNetImpl::trainableParameterCount() const {
    int64_t count = 0;
    for (const auto& parameter : parameters())
        if (parameter.requires_grad())
            count += parameter.numel();
    return count;
}

int64_t TgcNetImpl::frozenParameterCount() const {
    int64_t count = 0;
    for (const auto& parameter : parameters())
        if (!parameter.requires_grad())
            count += parameter.numel();
    return count;
}

ClipTextOutput TgcNetImpl::runTextTower(const torch::Tensor& ids) {
    // The tower is causal: tokens after the last end-of-text (the largest id)
    // cannot change the ones before, so the padding tail is cut.
    const int64_t used = ids.argmax(1).max().item<int64_t>() + 1;
    auto trimmed = ids.slice(1, 0, std::max<int64_t>(used, 1)).to(torch::kLong);
    if (activeFlopLedger())
        activeFlopLedger()->add("clip.text", clipTextFlops(config_.text, ids.size(0), used));
    std::optional<torch::NoGradGuard> noGrad;
    if (clipFrozen_)
        noGrad.emplace();
    return clip_text(trimmed);
}

TextFeatures TgcNetImpl::encodeText(const torch::Tensor& reportIds, const torch::Tensor& auxIds) {
    auto report = runTextTower(reportIds); // tokens [B, T, Wt], pooled [B, E]
    if (!auxIds.defined())
        return date(report, nullptr);
    TORCH_CHECK(auxIds.size(0) == reportIds.size(0), "TGC-Net: ", reportIds.size(0),
                " reports but ", auxIds.size(0), " auxiliary prompts");
    auto aux = runTextTower(auxIds);
    return date(report, &aux); // [B, T, dim], embedding [B, dim]
}

torch::Tensor TgcNetImpl::forward(const torch::Tensor& clipImages, const torch::Tensor& cnnImages,
                                  const torch::Tensor& reportIds, const torch::Tensor& auxIds) {
    return forward(clipImages, cnnImages, encodeText(reportIds, auxIds));
}

torch::Tensor TgcNetImpl::forward(const torch::Tensor& clipImages, const torch::Tensor& cnnImages,
                                  const TextFeatures& textFeatures) {
    const int64_t batch = clipImages.size(0);
    TORCH_CHECK(cnnImages.size(0) == batch, "TGC-Net: ", batch, " CLIP images but ",
                cnnImages.size(0), " CNN images");
    ClipVisionOutput vision;
    {
        std::optional<torch::NoGradGuard> noGrad;
        if (clipFrozen_)
            noGrad.emplace();
        vision = clip_visual(clipImages); // taps 4 x [B, Wv, G, G], dense [B, E, G, G]
    }
    if (activeFlopLedger())
        activeFlopLedger()->add("clip.vision",
                                clipVisionFlops(config_.vision, batch, clipImages.size(-1)));
    auto local = cnn(cnnImages);                   // [B, w_i, Sn/4 .. Sn/32]
    auto pyramid = sse(local, vision.taps).levels; // [B, fineDim, Sn/4], [B, dim, Sn/8..Sn/32]
    const auto text = textFeatures.expandedTo(batch);

    // VLCM on the cost level (stride 16); the text embedding rides along as
    // the first text token so that it, too, reads the shared context.
    auto& coarse = pyramid[2];
    const int64_t dim = coarse.size(1), h = coarse.size(2), w = coarse.size(3);
    auto visualTokens = coarse.flatten(2).transpose(1, 2); // [B, h*w, dim]
    auto textTokens = torch::cat({text.embedding.unsqueeze(1).to(visualTokens.dtype()),
                                  text.tokens.to(visualTokens.dtype())},
                                 1); // [B, 1+T, dim]
    auto padding =
        torch::cat({torch::zeros({batch, 1}, text.tokenPadding.options()), text.tokenPadding}, 1);
    auto context = vlcm(visualTokens, textTokens, padding);
    coarse = context.visual.transpose(1, 2).reshape({batch, dim, h, w});
    auto textEmbedding = context.text.select(1, 0); // [B, dim]

    return decoder(pyramid, vision.dense, textEmbedding, cnnImages.size(-1)); // [B, 1, Sn, Sn]
}

} // namespace tgc::model

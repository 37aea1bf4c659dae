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
    presence = register_module(
        "presence", PresenceHead(PresenceHeadOptions{config.dim, config.presenceHidden}));
    if (config.presenceStrips > 0)
        presence_strips = register_module(
            "presence_strips",
            PresenceStrips(PresenceStripsOptions{config.dim, config.presenceStrips}));
    ClickEncoderOptions click_options;
    click_options.width = config.clickWidth;
    click_options.aggChannels = config.aggChannels;
    click_options.middleChannels = config.aggChannels / 2;
    click_options.fineChannels = config.aggChannels / 4;
    clicks = register_module("clicks", ClickEncoder(click_options));
    if (config.maskStride == 2) {
        MaskRefinementOptions refinement_options;
        refinement_options.decoderChannels = config.aggChannels / 4;
        refinement = register_module("refinement", MaskRefinement(refinement_options));
    }
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
    return run(clipImages, cnnImages, textFeatures).logits;
}

int64_t TgcNetImpl::imageFeatureWidth() const {
    return config_.vision.embedDim + 2 * (config_.cnn.widths[2] + config_.cnn.widths[3]);
}

namespace {
// [B, C, h, w] -> [B, 2C]: mean and standard deviation of each channel.
torch::Tensor meanAndSpread(const torch::Tensor& map) {
    const auto flat = map.flatten(2).to(torch::kFloat32); // [B, C, h*w]
    return torch::cat({flat.mean(2), flat.std(2, /*unbiased=*/false)}, 1);
}
torch::Tensor pooledFeatures(const ClipVisionOutput& vision,
                             const std::vector<torch::Tensor>& local) {
    return torch::cat(
        {vision.pooled.to(torch::kFloat32), meanAndSpread(local[2]), meanAndSpread(local[3])},
        1); // [B, embedDim + 2 * (w2 + w3)]
}
} // namespace

torch::Tensor TgcNetImpl::imageFeatures(const torch::Tensor& clipImages,
                                        const torch::Tensor& cnnImages) {
    return pooledFeatures(clip_visual(clipImages), cnn(cnnImages));
}

TgcNetOutput TgcNetImpl::run(const torch::Tensor& clipImages, const torch::Tensor& cnnImages,
                             const TextFeatures& textFeatures, const torch::Tensor& clickMaps) {
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
    auto local = cnn(cnnImages); // [B, w_i, Sn/4 .. Sn/32]
    TgcNetOutput output;
    output.features = pooledFeatures(vision, local); // [B, imageFeatureWidth]
    auto pyramid = sse(local, vision.taps).levels;   // [B, fineDim, Sn/4], [B, dim, Sn/8..Sn/32]
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

    std::optional<ClickFeatures> clickFeatures;
    if (clickMaps.defined()) {
        TORCH_CHECK(clickMaps.size(0) == batch && clickMaps.size(1) == 2, "TGC-Net: click maps ",
                    clickMaps.sizes(), " for ", batch, " images");
        const auto maps = clickMaps.to(cnnImages.dtype());
        clickFeatures = clicks(maps); // three levels, see ClickFeatures
        // A sample without clicks takes the text-only path exactly, also in
        // a batch where others have clicks.
        const auto any = (maps.flatten(1).amax(1) > 0).to(maps.dtype()).view({batch, 1, 1, 1});
        clickFeatures->coarse = clickFeatures->coarse * any;
        clickFeatures->middle = clickFeatures->middle * any;
        clickFeatures->fine = clickFeatures->fine * any;
    }
    auto decoded = decoder->run(pyramid, vision.dense, textEmbedding, cnnImages.size(-1),
                                clickFeatures ? &*clickFeatures : nullptr);
    output.logits = decoded.logits; // [B, 1, Sn, Sn]
    output.cost = decoded.cost;     // [B, 1, h, w]
    if (refinement) {
        // Resizing is linear: the decoder's logits plus the resized residual
        // are the decoder's answer exactly while the residual is zero.
        const auto residual = refinement(decoded.fine, decoded.fineLogits, cnnImages,
                                         clickMaps); // [B, 1, Sn/2, Sn/2]
        output.logits =
            output.logits + resizeBilinear(residual, output.logits.size(2), output.logits.size(3));
    }
    // Presence reads the decoder's own mask: the refinement moves edges, and
    // the presence head was calibrated before it existed.
    output.presence = presence(textEmbedding, coarse, decoded.cost, decoded.logits); // [B]
    if (presence_strips)
        output.presence = output.presence + presence_strips(textEmbedding, decoded.cost,
                                                            decoded.logits); // [B]
    return output;
}

} // namespace tgc::model

#include "cost_decoder.h"

#include "flops.h"

namespace tgc::model {

namespace F = torch::nn::functional;

namespace {
torch::nn::ConvTranspose2d upsampler(int in, int out) {
    return torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 2).stride(2));
}

torch::Tensor upsample(torch::nn::ConvTranspose2d& layer, const torch::Tensor& x) {
    auto y = layer(x);
    flops::conv2d("decoder.upsample", y.numel(), layer->options.in_channels(), 1);
    return y;
}
} // namespace

CostAggregationDecoderImpl::CostAggregationDecoderImpl(const CostDecoderOptions& options) {
    const int agg = options.aggChannels, half = agg / 2, quarter = agg / 4;
    pixel_proj =
        register_module("pixel_proj", CountedConv(options.dim, options.costDim, 1, "decoder.cost"));
    dense_proj = register_module(
        "dense_proj", CountedConv(options.clipEmbed, options.costDim, 1, "decoder.cost"));
    text_proj = register_module("text_proj", torch::nn::Linear(options.dim, options.costDim));
    cost_embed = register_module("cost_embed",
                                 ConvNormAct(1, agg, 3, 1, Activation::Gelu, "decoder.aggregate"));
    guidance = register_module("guidance", ConvNormAct(options.dim, options.guidanceChannels, 1, 1,
                                                       Activation::Gelu, "decoder.aggregate"));
    aggregate = register_module("aggregate", ConvNormAct(agg + options.guidanceChannels, agg, 3, 1,
                                                         Activation::Gelu, "decoder.aggregate"));
    auto blocks = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < options.aggBlocks; ++i) {
        blocks_.push_back(ResidualBlock(agg, Activation::Gelu, "decoder.aggregate"));
        blocks->push_back(blocks_.back());
    }
    up8 = register_module("up8", upsampler(agg, half));
    skip8 = register_module("skip8",
                            ConvNormAct(options.dim, half, 1, 1, Activation::Gelu, "decoder.skip"));
    fuse8 = register_module("fuse8",
                            ConvNormAct(2 * half, half, 3, 1, Activation::Gelu, "decoder.fuse"));
    up4 = register_module("up4", upsampler(half, quarter));
    skip4 = register_module(
        "skip4", ConvNormAct(options.fineDim, quarter, 1, 1, Activation::Gelu, "decoder.skip"));
    fuse4 = register_module(
        "fuse4", ConvNormAct(2 * quarter, quarter, 3, 1, Activation::Gelu, "decoder.fuse"));
    head = register_module("head", CountedConv(quarter, 1, 3, "decoder.head"));
}

torch::Tensor CostAggregationDecoderImpl::cost(const torch::Tensor& pixels,
                                               const torch::Tensor& dense,
                                               const torch::Tensor& text) {
    // Pixel embedding: hybrid features + CLIP's own dense embedding.
    auto embedding = pixel_proj(pixels); // [B, E, h, w]
    embedding = embedding + resizeBilinear(dense_proj(dense), embedding.size(2), embedding.size(3));
    auto textEmbedding = text_proj(text); // [B, E]
    flops::linear("decoder.cost", text.size(0), text.size(1), textEmbedding.size(1));
    embedding = F::normalize(embedding, F::NormalizeFuncOptions().dim(1));
    textEmbedding = F::normalize(textEmbedding, F::NormalizeFuncOptions().dim(1));
    flops::elementwise("decoder.cost", embedding.numel(), 5.0);
    // Cosine per pixel: [B, E, h, w] . [B, E] -> [B, 1, h, w]
    return (embedding * textEmbedding.unsqueeze(-1).unsqueeze(-1)).sum(1, true);
}

torch::Tensor CostAggregationDecoderImpl::forward(const std::vector<torch::Tensor>& pyramid,
                                                  const torch::Tensor& dense,
                                                  const torch::Tensor& text, int64_t outputSize) {
    return run(pyramid, dense, text, outputSize).logits;
}

CostAggregationDecoderImpl::Output
CostAggregationDecoderImpl::run(const std::vector<torch::Tensor>& pyramid,
                                const torch::Tensor& dense, const torch::Tensor& text,
                                int64_t outputSize, const ClickFeatures* clicks) {
    TORCH_CHECK(pyramid.size() >= 3, "cost decoder: needs strides 4, 8 and 16");
    const auto& fine = pyramid[0];   // [B, fineDim, S/4]
    const auto& middle = pyramid[1]; // [B, dim, S/8]
    const auto& coarse = pyramid[2]; // [B, dim, S/16]
    torch::Tensor keep;              // [B, 1, 1, 1]: 0 where a sample's visual paths are dropped
    if (is_training() && visualDropout_ > 0.0)
        keep = (torch::rand({coarse.size(0), 1, 1, 1}, coarse.options()) >= visualDropout_)
                   .to(coarse.scalar_type());
    const auto gate = [&keep](torch::Tensor t) { return keep.defined() ? t * keep : t; };
    auto costMap = cost(coarse, dense, text); // [B, 1, h, w]
    lastCostMap_ = is_training() ? costMap : torch::Tensor();
    auto x = torch::cat({cost_embed(costMap), gate(guidance(coarse))}, 1); // [B, agg+g, h, w]
    x = aggregate(x);                                                      // [B, agg, h, w]
    if (clicks)
        x = x + clicks->coarse.to(x.dtype());
    for (auto& block : blocks_)
        x = block(x);
    x = upsample(up8, x);                               // [B, agg/2, S/8]
    x = fuse8(torch::cat({x, gate(skip8(middle))}, 1)); // [B, agg/2, S/8]
    if (clicks)
        x = x + clicks->middle.to(x.dtype());
    x = upsample(up4, x);                             // [B, agg/4, S/4]
    x = fuse4(torch::cat({x, gate(skip4(fine))}, 1)); // [B, agg/4, S/4]
    if (clicks)
        x = x + clicks->fine.to(x.dtype());
    auto logits = head(x); // [B, 1, S/4]
    return {resizeBilinear(logits, outputSize, outputSize), costMap, x, logits};
}

} // namespace tgc::model

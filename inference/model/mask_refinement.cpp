#include "mask_refinement.h"

#include "flops.h"

namespace tgc::model {

namespace F = torch::nn::functional;

MaskRefinementImpl::MaskRefinementImpl(const MaskRefinementOptions& o) {
    const int w = o.width;
    up = register_module("up",
                         torch::nn::ConvTranspose2d(
                             torch::nn::ConvTranspose2dOptions(o.decoderChannels, w, 2).stride(2)));
    image_down =
        register_module("image_down", ConvNormAct(3, w, 3, 2, Activation::Gelu, "decoder.refine"));
    image_conv =
        register_module("image_conv", ConvNormAct(w, w, 3, 1, Activation::Gelu, "decoder.refine"));
    // Inputs: upsampled features, image features, two click maps, the logits.
    fuse = register_module("fuse",
                           ConvNormAct(2 * w + 3, w, 3, 1, Activation::Gelu, "decoder.refine"));
    refine = register_module("refine", ConvNormAct(w, w, 3, 1, Activation::Gelu, "decoder.refine"));
    head = register_module("head", CountedConv(w, 1, 3, "decoder.refine"));
    torch::NoGradGuard noGrad;
    head->conv->weight.zero_();
    head->conv->bias.zero_();
}

torch::Tensor MaskRefinementImpl::forward(const torch::Tensor& fine, const torch::Tensor& logits,
                                          const torch::Tensor& image,
                                          const torch::Tensor& clickMaps) {
    auto features = up(fine); // [B, w, S/2, S/2]
    flops::conv2d("decoder.refine", features.numel(), up->options.in_channels(), 1);
    const int64_t h = features.size(2), wd = features.size(3);
    auto seen = image_conv(image_down(image.to(features.dtype()))); // [B, w, S/2, S/2]
    const auto pool = F::AvgPool2dFuncOptions(2);
    auto clicks = clickMaps.defined()
                      ? F::avg_pool2d(clickMaps.to(features.dtype()), pool)
                      : torch::zeros({features.size(0), 2, h, wd}, features.options());
    auto coarse = resizeBilinear(logits.to(features.dtype()), h, wd); // [B, 1, S/2, S/2]
    auto x = fuse(torch::cat({features, seen, clicks, coarse}, 1));   // [B, w, S/2, S/2]
    return head(refine(x));                                           // [B, 1, S/2, S/2]
}

} // namespace tgc::model

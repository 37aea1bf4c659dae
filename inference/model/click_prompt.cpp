#include "click_prompt.h"

namespace tgc::model {

torch::Tensor clickMaps(const std::vector<Click>& clicks, int size, double sigma,
                        const torch::TensorOptions& options) {
    auto maps = torch::zeros({2, size, size}, options.dtype(torch::kFloat32));
    if (clicks.empty())
        return maps;
    const auto coords = torch::arange(size, options.dtype(torch::kFloat32));
    const auto ys = coords.view({size, 1});
    const auto xs = coords.view({1, size});
    for (const Click& click : clicks) {
        const auto d2 = (xs - click.x).square() + (ys - click.y).square(); // [S, S]
        auto map = maps[click.positive ? 0 : 1];
        map.copy_(torch::maximum(map, torch::exp(-d2 / (2.0 * sigma * sigma))));
    }
    return maps;
}

double clickSigmaFor(int cnnImageSize) {
    return cnnImageSize / 64.0;
}

namespace {
CountedConv zeroProjection(int in, int out) {
    CountedConv conv(in, out, 1, "decoder.clicks");
    torch::NoGradGuard noGrad;
    conv->conv->weight.zero_();
    conv->conv->bias.zero_();
    return conv;
}
} // namespace

ClickEncoderImpl::ClickEncoderImpl(const ClickEncoderOptions& o) {
    const int w = o.width;
    down4a =
        register_module("down4a", ConvNormAct(2, w / 2, 3, 2, Activation::Gelu, "decoder.clicks"));
    down4b =
        register_module("down4b", ConvNormAct(w / 2, w, 3, 2, Activation::Gelu, "decoder.clicks"));
    down8 = register_module("down8", ConvNormAct(w, w, 3, 2, Activation::Gelu, "decoder.clicks"));
    down16 = register_module("down16", ConvNormAct(w, w, 3, 2, Activation::Gelu, "decoder.clicks"));
    to_fine = register_module("to_fine", zeroProjection(w, o.fineChannels));
    to_middle = register_module("to_middle", zeroProjection(w, o.middleChannels));
    to_coarse = register_module("to_coarse", zeroProjection(w, o.aggChannels));
}

ClickFeatures ClickEncoderImpl::forward(const torch::Tensor& maps) {
    auto fine = down4b(down4a(maps)); // [B, w, S/4]
    auto middle = down8(fine);        // [B, w, S/8]
    auto coarse = down16(middle);     // [B, w, S/16]
    return {to_coarse(coarse), to_middle(middle), to_fine(fine)};
}

} // namespace tgc::model

// A correction to the decoder's mask at stride 2. The decoder answers at
// stride 4, which on the tiny config is 64 x 64 for a 512 x 512 slice: even
// the true mask, box-filtered to that grid, reaches only Dice 0.97, less for
// thin structures (aorta, vertebra). This level upsamples the decoder's last
// features, reads the image itself and the click maps at stride 2, and adds
// a residual to the decoder's logits. Its head starts at zero, so a network
// grown from weights without it answers exactly as before until trained.
#pragma once

#include "conv_blocks.h"

#include <torch/torch.h>

namespace tgc::model {

struct MaskRefinementOptions {
    int decoderChannels = 16; // the decoder's width at stride 4 (aggChannels / 4)
    int width = 16;           // channels at stride 2
};

class MaskRefinementImpl : public torch::nn::Module {
public:
    explicit MaskRefinementImpl(const MaskRefinementOptions& options);
    // fine [B, decoderChannels, S/4, S/4] (the decoder's last features),
    // logits [B, 1, S/4, S/4] (its mask before resizing), image [B, 3, S, S]
    // (the CNN input), clickMaps [B, 2, S, S] or undefined (no clicks)
    // -> residual logits [B, 1, S/2, S/2].
    torch::Tensor forward(const torch::Tensor& fine, const torch::Tensor& logits,
                          const torch::Tensor& image, const torch::Tensor& clickMaps);

    torch::nn::ConvTranspose2d up{nullptr};
    ConvNormAct image_down{nullptr}, image_conv{nullptr}, fuse{nullptr}, refine{nullptr};
    CountedConv head{nullptr};
};
TORCH_MODULE(MaskRefinement);

} // namespace tgc::model

// Building blocks shared by the two CLIP towers. Submodule and parameter
// names equal OpenAI's state-dict keys (attn.in_proj_weight, mlp.c_fc, ln_1,
// ...), so loading a checkpoint is a prefix plus a few renames.
#pragma once

#include <torch/torch.h>

namespace tgc::model {

// Multi-head self-attention with OpenAI's packed q/k/v projection.
class ClipAttentionImpl : public torch::nn::Module {
public:
    ClipAttentionImpl(int width, int heads);
    // x: [B, N, width]. causal: token i sees tokens 0..i only.
    torch::Tensor forward(const torch::Tensor& x, bool causal);

    torch::Tensor in_proj_weight; // [3W, W], rows q, k, v
    torch::Tensor in_proj_bias;   // [3W]
    torch::nn::Linear out_proj{nullptr};

private:
    int heads_;
};
TORCH_MODULE(ClipAttention);

class ClipMlpImpl : public torch::nn::Module {
public:
    explicit ClipMlpImpl(int width);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear c_fc{nullptr};
    torch::nn::Linear c_proj{nullptr};
};
TORCH_MODULE(ClipMlp);

// Pre-norm residual block: x += attn(ln_1(x)); x += mlp(ln_2(x)).
class ClipResidualBlockImpl : public torch::nn::Module {
public:
    ClipResidualBlockImpl(int width, int heads);
    torch::Tensor forward(const torch::Tensor& x, bool causal);

    ClipAttention attn{nullptr};
    torch::nn::LayerNorm ln_1{nullptr};
    ClipMlp mlp{nullptr};
    torch::nn::LayerNorm ln_2{nullptr};
};
TORCH_MODULE(ClipResidualBlock);

// The stack of blocks ("transformer.resblocks.N").
class ClipTransformerImpl : public torch::nn::Module {
public:
    ClipTransformerImpl(int width, int layers, int heads);
    int layers() const { return static_cast<int>(blocks_.size()); }
    ClipResidualBlock& block(int index) { return blocks_.at(static_cast<size_t>(index)); }
    // OpenAI's initialisation (std scaled by width and depth).
    void resetParameters();

private:
    torch::nn::ModuleList resblocks_{nullptr};
    std::vector<ClipResidualBlock> blocks_;
    int width_;
};
TORCH_MODULE(ClipTransformer);

// LayerNorm computed in fp32 whatever the activation dtype (as OpenAI's CLIP
// does), cast back to the input dtype.
torch::Tensor clipLayerNorm(const torch::nn::LayerNorm& norm, const torch::Tensor& x);

// Scaled dot-product attention over [B, H, N, d]; the fused kernel where the
// libtorch version has it.
torch::Tensor clipScaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                            const torch::Tensor& v, bool causal);

} // namespace tgc::model

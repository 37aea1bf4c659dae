#include "clip_blocks.h"

#include "torch_compat.h"

#include <cmath>

namespace tgc::model {

torch::Tensor clipLayerNorm(const torch::nn::LayerNorm& norm, const torch::Tensor& x) {
    if (x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kDouble)
        return norm.ptr()->forward(x);
    // Reduced precision: normalise in fp32 (variance of wide features loses
    // too much in fp16), then return to the activation dtype.
    const auto& options = norm->options;
    auto y = torch::layer_norm(x.to(torch::kFloat), options.normalized_shape(),
                               norm->weight.to(torch::kFloat), norm->bias.to(torch::kFloat),
                               options.eps());
    return y.to(x.scalar_type());
}

torch::Tensor clipScaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                            const torch::Tensor& v, bool causal) {
    return compat::scaledDotProductAttention(q, k, v, {}, causal);
}

ClipAttentionImpl::ClipAttentionImpl(int width, int heads) : heads_(heads) {
    TORCH_CHECK(heads > 0 && width % heads == 0, "CLIP attention: width ", width,
                " is not a multiple of the head count ", heads);
    in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * width, width}));
    in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
    out_proj = register_module("out_proj", torch::nn::Linear(width, width));
    torch::nn::init::xavier_uniform_(in_proj_weight);
    torch::nn::init::zeros_(out_proj->bias);
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x, bool causal) {
    const int64_t batch = x.size(0), tokens = x.size(1), width = x.size(2);
    const int64_t headDim = width / heads_;
    auto qkv = torch::nn::functional::linear(x, in_proj_weight, in_proj_bias)
                   .view({batch, tokens, 3, heads_, headDim})
                   .permute({2, 0, 3, 1, 4}); // [3, B, H, N, d]
    auto attended = clipScaledDotProductAttention(qkv[0], qkv[1], qkv[2], causal);
    return out_proj(attended.transpose(1, 2).reshape({batch, tokens, width}));
}

ClipMlpImpl::ClipMlpImpl(int width) {
    c_fc = register_module("c_fc", torch::nn::Linear(width, 4 * width));
    c_proj = register_module("c_proj", torch::nn::Linear(4 * width, width));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
    auto hidden = c_fc(x);
    hidden = hidden * torch::sigmoid(1.702 * hidden); // QuickGELU, as CLIP was trained
    return c_proj(hidden);
}

ClipResidualBlockImpl::ClipResidualBlockImpl(int width, int heads) {
    const auto normOptions = torch::nn::LayerNormOptions({width}).eps(1e-5);
    attn = register_module("attn", ClipAttention(width, heads));
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(normOptions));
    mlp = register_module("mlp", ClipMlp(width));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(normOptions));
}

torch::Tensor ClipResidualBlockImpl::forward(const torch::Tensor& x, bool causal) {
    auto y = x + attn->forward(clipLayerNorm(ln_1, x), causal);
    return y + mlp->forward(clipLayerNorm(ln_2, y));
}

ClipTransformerImpl::ClipTransformerImpl(int width, int layers, int heads) : width_(width) {
    resblocks_ = register_module("resblocks", torch::nn::ModuleList());
    for (int i = 0; i < layers; ++i) {
        blocks_.emplace_back(width, heads);
        resblocks_->push_back(blocks_.back());
    }
    resetParameters();
}

void ClipTransformerImpl::resetParameters() {
    torch::NoGradGuard noGrad;
    const double width = width_, layers = std::max<size_t>(blocks_.size(), 1);
    const double attnStd = std::pow(width, -0.5);
    const double projStd = attnStd * std::pow(2.0 * layers, -0.5);
    const double fcStd = std::pow(2.0 * width, -0.5);
    for (auto& block : blocks_) {
        block->attn->in_proj_weight.normal_(0.0, attnStd);
        block->attn->in_proj_bias.zero_();
        block->attn->out_proj->weight.normal_(0.0, projStd);
        block->attn->out_proj->bias.zero_();
        block->mlp->c_fc->weight.normal_(0.0, fcStd);
        block->mlp->c_proj->weight.normal_(0.0, projStd);
    }
}

} // namespace tgc::model

#include "cnn_branch.h"

namespace tgc::model {

CnnBranchImpl::CnnBranchImpl(const CnnBranchOptions& options) {
    const int stemWidth = std::max(8, options.widths[0] / 2);
    // Two stride-2 convolutions reach stride 4 cheaply at 768 px.
    stem_ = register_module(
        "stem", torch::nn::Sequential(
                    ConvNormAct(3, stemWidth, 3, 2, Activation::Relu, "cnn.stem"),
                    ConvNormAct(stemWidth, options.widths[0], 3, 2, Activation::Relu, "cnn.stem")));
    for (int stage = 0; stage < 4; ++stage) {
        const std::string name = "cnn.stage" + std::to_string(stage + 1);
        torch::nn::Sequential layers;
        if (stage > 0)
            layers->push_back(ConvNormAct(options.widths[stage - 1], options.widths[stage], 3, 2,
                                          Activation::Relu, name));
        for (int block = 0; block < options.blocks[stage]; ++block)
            layers->push_back(ResidualBlock(options.widths[stage], Activation::Relu, name));
        stages_.push_back(register_module("stage" + std::to_string(stage + 1), layers));
    }
}

std::vector<torch::Tensor> CnnBranchImpl::forward(const torch::Tensor& images) {
    auto x = stem_->forward(images); // [B, w0, S/4, S/4]
    std::vector<torch::Tensor> pyramid;
    for (auto& stage : stages_) {
        if (!stage->is_empty())
            x = stage->forward(x); // [B, w_i, S/2^(i+2), ...]
        pyramid.push_back(x);
    }
    return pyramid;
}

} // namespace tgc::model

#include "click_training.h"

#include "click_simulation.h"

namespace tgc::training {

torch::Tensor clickMapBatch(const std::vector<std::vector<model::Click>>& clicks, int size,
                            torch::Device device) {
    std::vector<torch::Tensor> maps;
    for (const auto& list : clicks)
        maps.push_back(model::clickMaps(list, size, model::clickSigmaFor(size)));
    return torch::stack(maps).to(device); // [B, 2, S, S]
}

torch::Tensor simulateClickRounds(model::TgcNet& net, const torch::Tensor& clip,
                                  const torch::Tensor& cnn, const model::TextFeatures& text,
                                  const torch::Tensor& masks, int rounds,
                                  std::vector<std::vector<model::Click>>& clicks) {
    const int64_t batch = masks.size(0);
    const int size = int(masks.size(-1));
    clicks.resize(std::size_t(batch));
    const auto truth = masks.to(torch::kCPU).to(torch::kUInt8).contiguous(); // [B, 1, S, S]
    const bool wasTraining = net->is_training();
    net->eval();
    {
        torch::NoGradGuard noGrad;
        for (int round = 0; round < rounds; ++round) {
            const auto maps = clickMapBatch(clicks, size, cnn.device());
            const auto logits = net->run(clip, cnn, text, maps).logits;
            const auto predicted = (logits > 0).to(torch::kUInt8).cpu().contiguous();
            for (int64_t b = 0; b < batch; ++b) {
                const auto click = nextClick(truth[b].data_ptr<std::uint8_t>(),
                                             predicted[b].data_ptr<std::uint8_t>(), size, size);
                if (click)
                    clicks[std::size_t(b)].push_back(
                        model::Click{double(click->x), double(click->y), click->positive});
            }
        }
    }
    if (wasTraining)
        net->train();
    return clickMapBatch(clicks, size, cnn.device());
}

} // namespace tgc::training

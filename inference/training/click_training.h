// Simulated click rounds during training (click_simulation.h): the network
// predicts, the simulated annotator clicks, the network predicts again with
// the clicks, for the given number of rounds. Returns the click maps the
// training step then learns from.
#pragma once

#include "click_prompt.h"
#include "tgc_net.h"

#include <torch/torch.h>
#include <vector>

namespace tgc::training {

// clip, cnn: the batch's model inputs; masks [B, 1, S, S] in {0, 1} on the
// CNN grid. Runs `rounds` forward passes without gradients and adds one
// click per sample per round (none once a sample is right). The clicks so
// far are in clicks (one list per sample, CNN pixels). -> maps [B, 2, S, S].
torch::Tensor simulateClickRounds(model::TgcNet& net, const torch::Tensor& clip,
                                  const torch::Tensor& cnn, const model::TextFeatures& text,
                                  const torch::Tensor& masks, int rounds,
                                  std::vector<std::vector<model::Click>>& clicks);

// Maps [B, 2, S, S] on device for per-sample click lists.
torch::Tensor clickMapBatch(const std::vector<std::vector<model::Click>>& clicks, int size,
                            torch::Device device);

} // namespace tgc::training

// Internals of InferenceEngine, for the engine's own sources and tests that
// need the network itself (torch types).
#pragma once

#include "engine.h"
#include "feature_density.h"
#include "tgc_net.h"
#include "tokenizer.h"

#include <optional>

namespace tgc::engine {

struct InferenceEngine::Impl {
    model::TgcNet net{nullptr};
    std::unique_ptr<model::Tokenizer> tokenizer;
    torch::Device device{torch::kCPU};
    EngineOptions options;
    int threads = 1;
    std::string metadataJson; // the checkpoint's "tgc" entry; empty for untrained nets
    bool presence = false;    // trained presence head loaded
    bool clicks = false;      // trained click encoder loaded
    std::optional<model::FeatureDensity> density; // training images, when described

    void prepare(const EngineOptions& engineOptions);
    // [1, context] int64 ids on the device; truncated set when cut to 77.
    torch::Tensor tokenize(const std::string& text, bool* truncated) const;
};

} // namespace tgc::engine

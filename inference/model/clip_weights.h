// Internal to the CLIP weight loading: a read-only view of a checkpoint, so
// the same mapping serves safetensors files (read tensor by tensor), state
// dicts in memory and TorchScript archives.
#pragma once

#include "clip.h"

#include <functional>
#include <string>
#include <vector>

namespace tgc::model {

struct ClipTensorSource {
    std::string name;               // file path or a description, for messages
    std::vector<std::string> names; // every tensor name in the checkpoint
    std::function<std::vector<int64_t>(const std::string&)> shape;
    std::function<torch::Tensor(const std::string&)> read;
};

std::string loadClipFromSource(ClipVisionTransformer& vision, ClipTextTransformer& text,
                               const ClipTensorSource& source);

} // namespace tgc::model

// The frozen CLIP encoders of TGC-Net (DESIGN.md §4) and their weights.
// Parameter names below each tower equal OpenAI's state-dict keys: the vision
// tower is "visual." in a checkpoint, the text tower has no prefix.
#pragma once

#include "clip_blocks.h"

#include <map>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace tgc::model {

struct ClipVisionConfig {
    int width = 768, layers = 12, heads = 12, patch = 16, imageSize = 336, embedDim = 512;
    std::vector<int> taps = {3, 6, 9, 12}; // 1-based block indices whose outputs are tapped
};

struct ClipTextConfig {
    int width = 512, layers = 12, heads = 8, contextLength = 77, vocabularySize = 49408,
        embedDim = 512;
};

struct ClipVisionOutput {
    std::vector<torch::Tensor> taps; // each [B, width, G, G]: tokens after that block, no class
    torch::Tensor dense;             // [B, embedDim, G, G]: ln_post on all patch tokens, @ proj
    torch::Tensor pooled;            // [B, embedDim]: ln_post(class token) @ proj
};

struct ClipTextOutput {
    torch::Tensor tokens;    // [B, T, width] after ln_final
    torch::Tensor projected; // [B, T, embedDim]: tokens @ text_projection
    torch::Tensor pooled;    // [B, embedDim]: token at argmax(ids) (EOT) @ text_projection
    torch::Tensor padMask;   // [B, T] bool, true at padding positions (after EOT)
};

class ClipVisionTransformerImpl : public torch::nn::Module {
public:
    explicit ClipVisionTransformerImpl(const ClipVisionConfig& config);
    // images: [B, 3, H, W], CLIP-normalised, H and W multiples of the patch.
    // Other sizes than the configured one use a resized position embedding.
    ClipVisionOutput forward(const torch::Tensor& images);
    const ClipVisionConfig& config() const { return config_; }
    int gridSize() const { return config_.imageSize / config_.patch; }
    void resetParameters();

    torch::nn::Conv2d conv1{nullptr};
    torch::Tensor class_embedding;      // [W]
    torch::Tensor positional_embedding; // [G*G+1, W]
    torch::nn::LayerNorm ln_pre{nullptr};
    ClipTransformer transformer{nullptr};
    torch::nn::LayerNorm ln_post{nullptr};
    torch::Tensor proj; // [W, E]

private:
    torch::Tensor positionEmbeddingFor(int64_t gridH, int64_t gridW);

    ClipVisionConfig config_;
    struct CachedPositions {
        int64_t gridH = 0, gridW = 0;
        int64_t version = -1;
        const void* data = nullptr;
        torch::Tensor value;
    };
    CachedPositions cached_;
};
TORCH_MODULE(ClipVisionTransformer);

class ClipTextTransformerImpl : public torch::nn::Module {
public:
    explicit ClipTextTransformerImpl(const ClipTextConfig& config);
    // ids: [B, T] token ids (any integer dtype), T <= contextLength, padded
    // with 0 after the end-of-text token (the largest id).
    ClipTextOutput forward(const torch::Tensor& ids);
    const ClipTextConfig& config() const { return config_; }
    void resetParameters();

    torch::nn::Embedding token_embedding{nullptr};
    torch::Tensor positional_embedding; // [contextLength, W]
    ClipTransformer transformer{nullptr};
    torch::nn::LayerNorm ln_final{nullptr};
    torch::Tensor text_projection; // [W, E]

private:
    ClipTextConfig config_;
};
TORCH_MODULE(ClipTextTransformer);

ClipVisionConfig clipVisionB16();     // ViT-B/16 run at 336 (grid 21)
ClipVisionConfig clipVisionL14_336(); // ViT-L/14-336 (grid 24)
ClipTextConfig clipTextB16();
ClipTextConfig clipTextL14();

// Resizes a [G*G+1, W] position embedding to [gridH*gridW+1, W]: the G x G
// part bicubically, the class entry kept.
torch::Tensor resizeClipPositionEmbedding(const torch::Tensor& embedding, int64_t gridH,
                                          int64_t gridW);

// Loads a state dict in OpenAI or Hugging Face CLIPModel naming (detected)
// into the towers. sourceName names the origin in errors. Missing tensors and
// shape mismatches throw std::runtime_error naming the tensor; a vision
// position embedding of another grid is resized; values are cast to each
// parameter's dtype and device. Returns a short description.
std::string loadClipStateDict(ClipVisionTransformer& vision, ClipTextTransformer& text,
                              const std::map<std::string, torch::Tensor>& stateDict,
                              const std::string& sourceName);

// The towers' weights as a state dict in OpenAI naming (with logit_scale) or
// Hugging Face CLIPModel naming.
std::vector<std::pair<std::string, torch::Tensor>>
clipStateDict(ClipVisionTransformer& vision, ClipTextTransformer& text, bool huggingFaceNaming);

// Loads OpenAI-named or Hugging Face CLIPModel-named weights (safetensors, or
// OpenAI's TorchScript .pt; detects which) into the two towers; see
// loadClipStateDict. path may be a CLIP folder holding model.safetensors or a
// single .safetensors/.pt file.
std::string loadClipWeights(ClipVisionTransformer& vision, ClipTextTransformer& text,
                            const std::string& path);

// Writes the towers in OpenAI naming or HF naming (used by tests and tools).
void saveClipWeights(ClipVisionTransformer& vision, ClipTextTransformer& text,
                     const std::string& path, bool huggingFaceNaming);

} // namespace tgc::model

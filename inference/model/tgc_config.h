// Named TGC-Net configurations (DESIGN.md §4) and their JSON form, which the
// checkpoint's `tgc` metadata carries so a file rebuilds its own network.
#pragma once

#include "clip.h"
#include "cnn_branch.h"
#include "json.h"

#include <string>
#include <vector>

namespace tgc::model {

struct TgcNetConfig {
    std::string name = "paper-b16";
    std::string tokenizer = "clip-bpe"; // "clip-bpe" or "byte" (tokenizer.h kinds)
    bool freezeClip = true;             // CLIP towers get no gradient
    ClipVisionConfig vision;            // vision.imageSize is the CLIP input size
    ClipTextConfig text;
    int cnnImageSize = 768; // CNN branch input, and the logit map size
    CnnBranchOptions cnn;
    // Hybrid pyramid and text width (SSE, DATE, VLCM).
    int dim = 256, fineDim = 64;
    int sseLayers = 4, sseHeads = 8, ssePoints = 4, sseFfn = 1024;
    int textHeads = 8, dateFfn = 512, contextTokens = 8;
    // Decoder.
    int costDim = 128, aggChannels = 128, aggBlocks = 2, guidanceChannels = 64;
    // Presence head (presence_head.h) and click encoder (click_prompt.h).
    int presenceHidden = 64;
    int clickWidth = 32;
    // Vertical strips the presence_strips term pools the mask over
    // (presence_strips.h); 0: no such term (every file from before it).
    int presenceStrips = 0;
    // Stride of the finest mask level: 4 (the decoder's own, every file from
    // before the refinement) or 2 (mask_refinement.h adds a level).
    int maskStride = 4;

    int clipImageSize() const { return vision.imageSize; }
};

// Vocabulary of the "byte" tokenizer (tokenizer.h): pad, 256 bytes, start, end.
constexpr int kByteVocabularySize = 259;

// The named configurations: tiny, paper-b16, paper-l14-336.
std::vector<std::string> tgcNetConfigNames();
// Throws std::invalid_argument naming the unknown name and the known ones.
TgcNetConfig tgcNetConfig(const std::string& name);

// Throws std::invalid_argument naming the first inconsistent size.
void validateConfig(const TgcNetConfig& config);

Json configToJson(const TgcNetConfig& config);
// Missing keys keep the defaults of the named config (or paper-b16);
// wrong types throw naming the key.
TgcNetConfig configFromJson(const Json& json);

} // namespace tgc::model

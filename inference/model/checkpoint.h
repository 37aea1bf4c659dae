// TGC-Net checkpoints (DESIGN.md §4, contract): one safetensors file with the
// network's parameters and buffers under their module names, and a
// `__metadata__` entry "tgc" holding JSON: format, config (name and all
// sizes), tokenizer kind, training data description, validation metrics,
// date, whether the CLIP towers are included. A checkpoint may omit frozen
// CLIP towers; they then load from the user's CLIP weights.
#pragma once

#include "json.h"
#include "tgc_net.h"

#include <string>

namespace tgc::model {

constexpr const char* kCheckpointMetadataKey = "tgc";
constexpr const char* kCheckpointFormat = "tgc-net";
constexpr int kCheckpointFormatVersion = 1;

struct CheckpointInfo {
    std::string trainingData;                // what the model was trained on
    Json validationMetrics = Json::object(); // e.g. {"dice": 0.81}
    std::string date;                        // ISO 8601 UTC; empty: now
    bool includeClip = true;                 // false: CLIP towers left out
    int steps = 0;                           // training steps done (resume continues)
    Json training = Json::object();          // how it was trained: options, input window, time
    // The training images in feature space (feature_density.h); null: none.
    Json featureDensity;
    // {"presence": bool, "clicks": bool}: which heads were trained; null: not written.
    Json abilities;
};

struct CheckpointMetadata {
    TgcNetConfig config;
    std::string tokenizer;
    std::string trainingData;
    Json validationMetrics;
    std::string date;
    bool clipIncluded = true;
    int steps = 0;
    Json featureDensity; // "feature_density" (feature_density.h); null when the file has none
    // Which of the later heads were trained (the "abilities" entry); false
    // for files from before them.
    bool presenceTrained = false;
    bool clicksTrained = false;
    Json json; // the whole "tgc" entry
};

// Throws std::runtime_error("<path>: <reason>").
void saveCheckpoint(TgcNet& net, const std::string& path, const CheckpointInfo& info);

// Reads and checks the "tgc" metadata only.
CheckpointMetadata readCheckpointMetadata(const std::string& path);

struct LoadedCheckpoint {
    TgcNet net{nullptr};
    CheckpointMetadata metadata;
    // False when the file holds none of the module's tensors (it predates
    // it): the module keeps its initial weights and its answer is unknown.
    bool hasPresence = true;
    bool hasClicks = true;
};

// Builds the network the file describes and loads every tensor, checking
// names, shapes and values; an error names the file and the tensor. The
// presence head and the click encoder may be missing as a whole (older
// files), never in part. When the
// file omits the CLIP towers, clipWeights (a CLIP weights file or a folder
// holding one, see findClipWeightsFile) supplies them, and is then required.
LoadedCheckpoint loadCheckpoint(const std::string& path, const std::string& clipWeights = "");
// The same, into a network of `config` rather than the file's: for training
// on from weights with a term the file lacks. Every size must match the
// file's except presenceStrips and maskStride; a presence_strips term or a
// mask refinement missing from the file as a whole starts at its initial
// weights (which add nothing to presence or to the mask).
LoadedCheckpoint loadCheckpointAs(const std::string& path, const TgcNetConfig& config,
                                  const std::string& clipWeights = "");

// The weights file in a CLIP folder: the path itself if it is a file, else
// model.safetensors, else the only *.safetensors or *.pt inside. Throws
// naming the folder when there is none.
std::string findClipWeightsFile(const std::string& path);

} // namespace tgc::model

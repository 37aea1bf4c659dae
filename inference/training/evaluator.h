// Evaluating a TGC-Net checkpoint on a dataset: Dice and IoU per row at the
// row's own grid, and text following on images that carry several prompts.
#pragma once

#include "training_sample.h"

#include <functional>
#include <string>
#include <vector>

namespace tgc::training {

struct RowScore {
    std::string imageId;
    std::string report;
    double dice = 0;
    double iou = 0;
    std::size_t truthVoxels = 0;
    std::size_t predictedVoxels = 0;
};

struct Evaluation {
    std::vector<RowScore> rows;
    double diceMean = 0, diceMedian = 0, iouMean = 0;
    // Share of ordered prompt pairs (A, B) on one image, with different
    // non-empty masks, where the mask for A overlaps A (Dice >= 0.85) and not
    // B (Dice <= 0.10). Negative when the data has no such pairs.
    double textSwapAccuracy = -1;
    int textSwapPairs = 0;
};

struct EvaluateOptions {
    // The user's CLIP folder: BPE vocabulary for clip-bpe checkpoints, CLIP
    // weights when the checkpoint leaves the towers out.
    std::string clipFolder;
    std::string device = "auto";
    int batchSize = 4;
    int threads = 0; // CPU threads; 0 = every core
    double threshold = 0.5;
};

Evaluation evaluate(const std::string& checkpoint, const SampleSource& data,
                    const EvaluateOptions& options = {},
                    const std::function<void(std::size_t done, std::size_t total)>& progress = {});

// The arithmetic, on predictions already made (tests use it directly).
// predictions[i] is a 0/1 mask on the grid of data.sample(i).
Evaluation scorePredictions(const SampleSource& data,
                            const std::vector<std::vector<std::uint8_t>>& predictions);

} // namespace tgc::training

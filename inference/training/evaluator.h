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
    double presence = -1; // the model's probability that the target is there; < 0: unknown
    std::size_t rawPredictedVoxels = 0; // before the presence gate
    std::vector<double> diceAfter; // with 0, 1, ... simulated clicks (present targets, --clicks)
};

struct Evaluation {
    std::vector<RowScore> rows;
    double diceMean = 0, diceMedian = 0, iouMean = 0;
    // Share of ordered prompt pairs (A, B) on one image, with different
    // non-empty masks, where the mask for A overlaps A (Dice >= 0.85) and not
    // B (Dice <= 0.10). Negative when the data has no such pairs.
    double textSwapAccuracy = -1;
    int textSwapPairs = 0;

    // Rows whose target is in the image (non-empty mask) and rows whose
    // target is not (empty mask: absent-target prompts).
    int presentRows = 0, absentRows = 0;
    double diceMeanPresent = -1; // Dice over present rows; < 0 when none
    // ROC AUC of the presence probability against "mask not empty"; < 0
    // when unknown (no presence head) or one class is missing.
    double presenceAuroc = -1;
    // Share of absent rows whose mask still has at least absentMaskPixels
    // pixels: as shown (after the presence gate) and as drawn (before it).
    double absentFalseMaskRate = -1, absentFalseMaskRateUngated = -1;
    std::size_t absentMaskPixels = 0;

    // Simulated clicks on present rows (click_simulation.h): mean Dice after
    // 0..N clicks, mean clicks to reach Dice 0.90 (capped at N) and the
    // share that never did. Empty / negative when not asked for.
    std::vector<double> clickDiceAfter;
    double noc90 = -1, noc90NeverReached = -1;
};

struct EvaluateOptions {
    // The user's CLIP folder: BPE vocabulary for clip-bpe checkpoints, CLIP
    // weights when the checkpoint leaves the towers out.
    std::string clipFolder;
    std::string device = "auto";
    int batchSize = 4;
    int threads = 0; // CPU threads; 0 = every core
    double threshold = 0.5;
    // A mask whose presence probability is below this is not shown (the
    // app says "not found"); 0 shows every mask.
    double presenceThreshold = 0.5;
    // An absent-target row counts as a false mask from this many pixels.
    std::size_t absentMaskPixels = 64;
    int clicks = 0; // simulated click rounds per present row
};

Evaluation evaluate(const std::string& checkpoint, const SampleSource& data,
                    const EvaluateOptions& options = {},
                    const std::function<void(std::size_t done, std::size_t total)>& progress = {});

// The arithmetic, on predictions already made (tests use it directly).
// predictions[i] is a 0/1 mask on the grid of data.sample(i).
Evaluation scorePredictions(const SampleSource& data,
                            const std::vector<std::vector<std::uint8_t>>& predictions);

// ROC AUC of scores for positives against negatives (ties count half);
// < 0 when either class is empty.
double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive);

// Fills the presence, absent-mask and click summaries of e from its rows
// (presence, raw and shown voxel counts, diceAfter).
void summariseHonesty(Evaluation& e, std::size_t absentMaskPixels);

} // namespace tgc::training

// Training TGC-Net: Dice + BCE, AdamW, warm-up + cosine schedule,
// side-aware augmentation, a validation split by image, checkpoints every N
// steps and on request (Ctrl-C), and resume.
#pragma once

#include "training_sample.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tgc::training {

struct TrainOptions {
    std::string config = "tiny"; // a named TgcNetConfig
    std::string configJson;      // or a whole config as JSON (tgc_config.h), which wins
    std::string clipWeights;     // CLIP file for configs with frozen CLIP towers
    std::string vocabulary;      // tokenizer vocabulary for "clip-bpe" configs
    int steps = 1000;
    int batchSize = 4;
    double learningRate = 5e-4;
    double weightDecay = 0.01;
    int warmupSteps = 50;
    double validationFraction = 0.1;
    int validateEvery = 100;
    int checkpointEvery = 100;
    std::size_t maxValidationSamples = 64;
    std::uint64_t seed = 1;
    std::string device = "auto"; // auto | cpu | cuda
    // bf16 autocast of the forward pass and the loss on CUDA (compute
    // capability 8+); weights, gradients and AdamW stay fp32.
    bool autocast = true;
    // CPU cores; 0 = every core (engine::configureThreads: GEMMs on all,
    // libtorch's own pool on one where OpenBLAS has a pool of its own).
    int threads = 0;
    std::string output; // checkpoint path (.safetensors)
    std::string resume; // checkpoint to continue from
    // Weights to start from (a fresh run: step 0, new optimizer); modules
    // the file lacks (presence head, click encoder) start untrained.
    std::string init;
    bool augment = true;
    // 0: rows shuffled one by one; G > 0: up to G prompts of one image side
    // by side in a batch (row_schedule.h).
    int promptsPerImage = 0;
    // A text tower trained from scratch collapses to one embedding for every
    // prompt long before the rest learns to read it. Holding it still for the
    // first steps (its random features already tell prompts apart) and then
    // training it slower lets the decoder learn to use the text first.
    int textTowerFrozenSteps = 0;
    double textTowerLrScale = 1.0;
    // Share of samples trained with the decoder's visual paths dropped
    // (cost_decoder.h), so that the text path stays in use.
    double visualDropout = 0.0;
    // Weight of a loss on the cost map itself (deep supervision at the cost
    // stride): the cosine between pixels and the prompt must already mark
    // the mask. 0: off.
    double costSupervision = 0.0;
    // How the data's pixels became [0, 1] (a JSON object, e.g. the CT window),
    // kept in the checkpoint so inference can prepare slices the same way.
    std::string inputJson;
    // Weight of the presence loss (BCE on "the mask is not empty"); 0: the
    // head is not trained and its answer stays unknown.
    double presenceWeight = 0.0;
    // Share of steps trained with simulated clicks (click_training.h), with
    // 1..clickRounds rounds drawn from the seeded generator; 0: no clicks.
    double clickShare = 0.0;
    int clickRounds = 3;
    // Share of batch slots given to rows whose mask is empty (absent
    // targets, row_schedule.h); 0: rows come as the data has them.
    double absentShare = 0.0;
    // Flip images whose prompt names a side as well, swapping "left" and
    // "right" in the prompt (AugmentOptions::swapSides).
    bool swapSides = false;
    // Strips of the presence_strips term (presence_strips.h) for a fresh
    // network or one started from --init weights that lack it; -1: the
    // config's (or the file's) own.
    int presenceStrips = -1;
    // Learning rate of the presence head and strips / the run's: a term
    // grown on trained weights starts at zero and must move further than
    // the rest should in a short run. 1: one rate for all.
    double presenceLrScale = 1.0;
    // Finest mask stride (tgc_config.h maskStride: 4 or 2) for a fresh
    // network or one started from --init weights; -1: the config's (or the
    // file's) own.
    int maskStride = -1;
    // Tensor-name prefixes (e.g. "refinement.") of the only parameters
    // trained; the rest keep their weights and need no backward pass.
    // Empty: every trainable parameter.
    std::vector<std::string> trainOnly;
    // At the end: fit the feature density of up to this many training
    // images (feature_density.h) into the checkpoint; 0: none.
    int densityImages = 2000;
    int densityRank = 16;
};

struct TrainProgress {
    int step = 0; // steps done
    int totalSteps = 0;
    double loss = 0, bce = 0, dice = 0;
    double presenceLoss = 0; // 0 when not trained
    int clickRounds = 0;     // simulated rounds in this step
    double learningRate = 0;
    double secondsPerStep = 0;
    double etaSeconds = 0;
    double validationDice = -1; // < 0: not validated at this step
    bool checkpointWritten = false;
};

struct TrainResult {
    int stepsDone = 0;
    double lastLoss = 0;
    double validationDice = -1;
    std::string checkpoint;
    std::string device;
    bool interrupted = false;
};

// Runs until options.steps are done or *stop becomes true (then a checkpoint
// is written and interrupted is set). Throws std::runtime_error with a clear
// message on unusable data or options.
TrainResult train(const TrainOptions& options, const SampleSource& data,
                  const std::function<void(const TrainProgress&)>& progress = {},
                  const std::atomic<bool>* stop = nullptr);

} // namespace tgc::training

// InferenceEngine: TGC-Net from a checkpoint to probability maps on the
// slice grid (DESIGN.md §4). Plain C++ with no torch in this header, so Qt
// code may include it. One engine serves one thread at a time (the
// inference worker owns it); the model runs without autograd, in inference
// mode, with bf16 autocast on CUDA where the GPU supports it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tgc::engine {

struct EngineOptions {
    std::string device = "auto"; // auto | cpu | cuda
    int threads = 0;             // CPU threads; 0 = every core
    int intraOpThreads = 0;      // libtorch's own pool; 0 = intraOpThreadsFor (device.h)
    bool autocast = true;        // bf16 autocast on CUDA (compute capability 8+)
    int batchSize = 8;           // slices per forward pass in segmentSlices
};

// A click on a slice, in its pixels (x right, y down): positive adds the
// region under it to the target, negative takes it away.
struct SliceClick {
    double x = 0, y = 0;
    bool positive = true;
};

// One 2D slice: height x width raw values (HU for CT), row-major, and the
// window that maps them to [0, 1].
struct SliceInput {
    const float* values = nullptr;
    int width = 0, height = 0;
    double windowCenter = 0.5, windowWidth = 1.0;
};

// Clicks per slice of a request (index as in the slices; missing or empty:
// none). They refine that slice's text proposal.
using SliceClicks = std::vector<std::vector<SliceClick>>;

struct Prompt {
    std::string report; // primary prompt (required)
    std::string aux;    // auxiliary prompt for DATE; empty: none
};

struct SegmentationResult {
    // One probability map per slice, on that slice's grid, values in [0, 1].
    std::vector<std::vector<float>> probabilities;
    bool cancelled = false;       // stopped between batches; maps so far kept
    bool reportTruncated = false; // the prompt held more than 77 tokens
    bool auxTruncated = false;
    double msTotal = 0.0; // tokenising, text, preprocessing, model, postprocessing
    double msModel = 0.0; // text encoder and network only

    // Probability per slice that the text's target is in it; empty when the
    // model cannot say (no trained presence head): unknown, not "present".
    std::vector<float> presence;
    // Per slice: distance of the image from the model's training images
    // (feature_density.h; about 1 for a typical training image); empty when
    // the checkpoint carries no description of them: unknown, not "fine".
    std::vector<float> oodScores;
    double oodThreshold = 0.0;  // scores above it: unlike the training data
    bool clicksIgnored = false; // clicks given to a model not trained on them
};

// Summaries over the slices of one request (a volume): the target is as
// present as its most convincing slice; the image is as unusual as its
// median slice. Negative when unknown.
double volumePresence(const SegmentationResult& result);
double volumeOodScore(const SegmentationResult& result);

// done slices, total slices.
using ProgressCallback = std::function<void(int, int)>;

class InferenceEngine {
public:
    InferenceEngine();
    ~InferenceEngine();
    InferenceEngine(InferenceEngine&&) noexcept;
    InferenceEngine& operator=(InferenceEngine&&) noexcept;

    // Loads a TGC-Net checkpoint. clipFolder: the user's CLIP folder, giving
    // the BPE vocabulary (clip-bpe models) and the CLIP weights when the
    // checkpoint leaves them out. Throws std::runtime_error naming the file.
    void load(const std::string& checkpoint, const std::string& clipFolder = {},
              const EngineOptions& options = {});
    // An untrained network of a named config with seeded random weights
    // (benchmarks, tests). A clip-bpe config without a vocabulary in
    // clipFolder uses the byte tokenizer (the ids fit the CLIP vocabulary).
    void loadUntrained(const std::string& configName, uint64_t seed,
                       const std::string& clipFolder = {}, const EngineOptions& options = {});

    bool isLoaded() const;
    std::string device() const; // "cpu" or "cuda:0"
    std::string configName() const;
    // The checkpoint's "tgc" metadata as JSON text (config, training data,
    // validation metrics, training.input: how pixels were brought to [0, 1]);
    // empty for an untrained network.
    std::string checkpointMetadataJson() const;
    std::string tokenizerKind() const;
    int threads() const;
    int clipImageSize() const;
    int cnnImageSize() const;
    int64_t trainableParameters() const;
    int64_t frozenParameters() const;
    const EngineOptions& options() const;
    // What this model can say beyond the mask: a trained presence head, a
    // description of its training images, a trained click prompt.
    bool hasPresence() const;
    bool hasOodDescription() const;
    bool hasClicks() const;

    // One slice. Throws std::invalid_argument for an empty slice or report.
    SegmentationResult segment(const SliceInput& slice, const Prompt& prompt,
                               const std::vector<SliceClick>& clicks = {});
    // Many slices of one request: the text is encoded once, slices go in
    // batches of options().batchSize; progress after each batch; cancel is
    // checked before each batch.
    SegmentationResult segmentSlices(const std::vector<SliceInput>& slices, const Prompt& prompt,
                                     const ProgressCallback& progress = {},
                                     const std::atomic<bool>* cancel = nullptr,
                                     const SliceClicks& clicks = {});

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace tgc::engine

// Analytic FLOP counting for the benchmark (gflop_per_slice). Each layer of
// TGC-Net reports what it computes from the shapes it actually saw, so the
// count cannot drift from the network; the CLIP towers are counted from their
// configuration. One multiply-add is 2 FLOPs. Counting is off (a thread-local
// null check) unless a FlopCounting scope is alive on the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tgc::model {

struct ClipVisionConfig;
struct ClipTextConfig;

class FlopLedger {
public:
    void add(const std::string& layer, double flops);
    double total() const;
    // Layers in first-seen order with their summed FLOPs.
    const std::vector<std::pair<std::string, double>>& layers() const { return layers_; }
    void clear() { layers_.clear(); }

private:
    std::vector<std::pair<std::string, double>> layers_;
};

// While alive, forward passes on this thread add to the ledger.
class FlopCounting {
public:
    explicit FlopCounting(FlopLedger& ledger);
    ~FlopCounting();
    FlopCounting(const FlopCounting&) = delete;
    FlopCounting& operator=(const FlopCounting&) = delete;

private:
    FlopLedger* previous_;
};

FlopLedger* activeFlopLedger();

namespace flops {
// rows x [in -> out] matrix product plus bias.
void linear(const char* layer, int64_t rows, int64_t in, int64_t out);
// A convolution producing outputElements = B*Cout*H*W values, each the dot
// product of inPerGroup channels over a kernelArea window.
void conv2d(const char* layer, int64_t outputElements, int64_t inPerGroup, int64_t kernelArea);
// Softmax attention: batchHeads x (Lq x Lk x headDim) for scores and again for values.
void attention(const char* layer, int64_t batchHeads, int64_t queries, int64_t keys,
               int64_t headDim);
// Bilinear sampling: 4 taps, each a multiply-add, per sample and channel.
void gridSample(const char* layer, int64_t samples, int64_t channels);
// Element-wise work (norms, activations, interpolation): perElement FLOPs each.
void elementwise(const char* layer, int64_t elements, double perElement);
} // namespace flops

// The towers counted from their configuration (patch embedding, blocks,
// final norm and projection); batch images of imageSize, or texts of tokens.
double clipVisionFlops(const ClipVisionConfig& config, int64_t batch, int64_t imageSize);
double clipTextFlops(const ClipTextConfig& config, int64_t batch, int64_t tokens);

} // namespace tgc::model

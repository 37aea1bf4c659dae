#include "flops.h"

#include "clip.h"

namespace tgc::model {

namespace {
thread_local FlopLedger* currentLedger = nullptr;

// One pre-norm transformer block over `tokens` tokens of `width`.
double transformerBlockFlops(int64_t batch, int64_t tokens, int64_t width) {
    const double n = double(batch) * double(tokens);
    const double projections = 2.0 * n * width * (3.0 * width + width); // qkv + out
    const double attention = 2.0 * 2.0 * double(batch) * tokens * tokens * width;
    const double mlp = 2.0 * n * width * 4.0 * width * 2.0;
    const double norms = 2.0 * 8.0 * n * width;
    return projections + attention + mlp + norms;
}
} // namespace

void FlopLedger::add(const std::string& layer, double flops) {
    for (auto& entry : layers_) {
        if (entry.first == layer) {
            entry.second += flops;
            return;
        }
    }
    layers_.emplace_back(layer, flops);
}

double FlopLedger::total() const {
    double sum = 0.0;
    for (const auto& entry : layers_)
        sum += entry.second;
    return sum;
}

FlopCounting::FlopCounting(FlopLedger& ledger) : previous_(currentLedger) {
    currentLedger = &ledger;
}

FlopCounting::~FlopCounting() {
    currentLedger = previous_;
}

FlopLedger* activeFlopLedger() {
    return currentLedger;
}

namespace flops {
void linear(const char* layer, int64_t rows, int64_t in, int64_t out) {
    if (currentLedger)
        currentLedger->add(layer, 2.0 * double(rows) * double(in) * double(out) +
                                      double(rows) * double(out));
}

void conv2d(const char* layer, int64_t outputElements, int64_t inPerGroup, int64_t kernelArea) {
    if (currentLedger)
        currentLedger->add(layer,
                           2.0 * double(outputElements) * double(inPerGroup) * double(kernelArea));
}

void attention(const char* layer, int64_t batchHeads, int64_t queries, int64_t keys,
               int64_t headDim) {
    if (currentLedger)
        currentLedger->add(layer, 2.0 * 2.0 * double(batchHeads) * double(queries) * double(keys) *
                                          double(headDim) +
                                      5.0 * double(batchHeads) * queries * keys);
}

void gridSample(const char* layer, int64_t samples, int64_t channels) {
    if (currentLedger)
        currentLedger->add(layer, 8.0 * double(samples) * double(channels));
}

void elementwise(const char* layer, int64_t elements, double perElement) {
    if (currentLedger)
        currentLedger->add(layer, double(elements) * perElement);
}
} // namespace flops

double clipVisionFlops(const ClipVisionConfig& config, int64_t batch, int64_t imageSize) {
    const int64_t grid = imageSize / config.patch;
    const int64_t tokens = grid * grid + 1;
    const double patchEmbed =
        2.0 * double(batch) * grid * grid * config.width * 3.0 * config.patch * config.patch;
    const double blocks = config.layers * transformerBlockFlops(batch, tokens, config.width);
    const double head = 2.0 * double(batch) * tokens * config.width * config.embedDim;
    return patchEmbed + blocks + head;
}

double clipTextFlops(const ClipTextConfig& config, int64_t batch, int64_t tokens) {
    const double blocks = config.layers * transformerBlockFlops(batch, tokens, config.width);
    const double head = 2.0 * double(batch) * tokens * config.width * config.embedDim;
    return blocks + head;
}

} // namespace tgc::model

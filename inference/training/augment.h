// Augmentation for text-guided segmentation: geometric changes must not
// contradict the text, so a left-right flip happens only when the prompt
// names no side, or (with swapSides) when its sides are swapped with it.
#pragma once

#include <string>
#include <torch/torch.h>

namespace tgc::training {

// True when the text names a side ("left", "right", "sinistra", "dextra").
// "Bilateral" alone survives a flip, so it does not count.
bool textNamesSide(const std::string& text);

// The text with the words "left" and "right" swapped (case kept: "Left" ->
// "Right", "LEFT" -> "RIGHT"); "leftward" or "bright" stay. A flipped image
// with the swapped text says the same thing again.
std::string swapSides(const std::string& text);
// True when every side the text names is a left or right that swapSides
// turns (not a Latin "sinistra"/"dextra").
bool sidesSwappable(const std::string& text);

struct AugmentOptions {
    double flipProbability = 0.5;
    double maxRotationDegrees = 8.0;
    double maxScale = 0.08; // scale in [1 - s, 1 + s]
    double maxShift = 0.05; // fraction of the image
    double maxGamma = 0.25; // gamma in [1 - g, 1 + g]
    double maxContrast = 0.15;
    // Flip prompts that name a side too, with their sides swapped: the model
    // then sees each side named for both halves of the image.
    bool swapSides = false;
};

// image [1, H, W] in [0, 1], mask [1, H, W] in {0, 1}: one random draw of a
// small affine (same for both; the mask re-binarised), intensity jitter on
// the image, and a flip when allowed. Deterministic for a generator state.
// True when it flipped.
bool augmentSample(torch::Tensor& image, torch::Tensor& mask, bool mayFlip,
                   const AugmentOptions& options, torch::Generator& generator);

} // namespace tgc::training

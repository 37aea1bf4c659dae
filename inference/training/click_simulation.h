// The simulated annotator of interactive segmentation: the next click goes
// to the centre of the largest remaining error region (the pixel deepest
// inside it; along a ridge of equally deep pixels, the one nearest the
// region's centroid), positive where the prediction misses the target and
// negative where it marks something that is not. Used to train the click
// prompt and to score it (NoC@90). Fully deterministic: remaining ties go to
// the first region and pixel in row-major order.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace tgc::training {

struct SimulatedClick {
    int x = 0, y = 0;
    bool positive = true;
    std::size_t regionPixels = 0; // size of the error region it fixes
};

// truth, prediction: 0/1 masks of width x height. No click when they agree.
std::optional<SimulatedClick> nextClick(const std::uint8_t* truth, const std::uint8_t* prediction,
                                        int width, int height);

// NoC@threshold of one sample: the first round whose Dice reaches the
// threshold (diceAfter[0] is with no clicks); capped at the last round when
// it never does, reached then false.
struct ClicksToReach {
    int clicks = 0;
    bool reached = false;
};
ClicksToReach clicksToReach(const std::vector<double>& diceAfter, double threshold);

} // namespace tgc::training

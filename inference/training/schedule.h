// Learning rate: linear warm-up, then cosine decay to a floor.
#pragma once

#include <algorithm>
#include <cmath>

namespace tgc::training {

inline double learningRateAt(int step, int totalSteps, int warmupSteps, double peak,
                             double floorFraction = 0.02) {
    if (warmupSteps > 0 && step < warmupSteps)
        return peak * double(step + 1) / double(warmupSteps);
    const int span = std::max(1, totalSteps - warmupSteps);
    const double progress = std::clamp(double(step - warmupSteps) / double(span), 0.0, 1.0);
    const double floor = peak * floorFraction;
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(3.14159265358979323846 * progress));
}

} // namespace tgc::training

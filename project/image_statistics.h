// Summary values of an image, as `tgc-cli info` reports them.
#pragma once

#include "image_volume.h"

#include <cstddef>
#include <optional>

namespace tgc {

struct ImageStatistics {
    // Over every sample (all components) that is a number; empty when none is.
    std::optional<double> min, max, mean;
    std::size_t nanSamples = 0; // float volumes may mark "no data" with NaN
};

ImageStatistics imageStatistics(const ImageVolume& image);

} // namespace tgc

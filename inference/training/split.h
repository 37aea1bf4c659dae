// Train/validation split by image: every prompt of one image lands on the
// same side, so validation never sees an image the model trained on.
#pragma once

#include "training_sample.h"

#include <cstdint>
#include <vector>

namespace tgc::training {

struct Split {
    std::vector<std::size_t> train;
    std::vector<std::size_t> validation;
};

// Deterministic for (ids, fraction, seed). At least one image goes to
// validation when fraction > 0 and there are two or more images.
Split splitByImage(const SampleSource& source, double validationFraction, std::uint64_t seed);

} // namespace tgc::training

// Reading label maps (mask.png, mask.nii.gz): label ids as voxel values.
#pragma once

#include "io_error.h"
#include "label_map.h"

#include <QString>

namespace tgc {

// Any image readImage understands, holding integer ids 0..255. The label
// table lists the ids found (names "label N", default colours); callers with
// a project label table replace it. Throws IoError naming the file for
// colour images, fractional values or values outside 0..255.
LabelMap readLabelMap(const QString& path);

// The colour a label id gets when nothing else is known (a fixed palette).
std::array<std::uint8_t, 3> defaultLabelColour(int id);

} // namespace tgc

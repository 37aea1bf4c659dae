// Exact Euclidean distance transform on an anisotropic grid (Felzenszwalb and
// Huttenlocher's separable lower-envelope method): the basis of grow/shrink
// by millimetres and of shape-based interpolation between slices.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace tgc {

// Squared distance in mm² from every voxel of a dims[0] x dims[1] x dims[2]
// block (x fastest) to the nearest voxel where `feature` is non-zero; a very
// large value where the block holds no feature voxel.
std::vector<float> squaredDistance(const std::vector<std::uint8_t>& feature,
                                   const std::array<int, 3>& dims,
                                   const std::array<double, 3>& spacing);

} // namespace tgc

// Agreement between two binary masks on one voxel grid: Dice, IoU and the
// 95th-percentile Hausdorff distance in mm. Plain C++ (no Qt, no torch), so
// the trainer, the comparison and the exporter share one definition.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tgc {

struct OverlapCounts {
    std::size_t truth = 0;        // voxels in the reference
    std::size_t prediction = 0;   // voxels in the prediction
    std::size_t intersection = 0; // in both
};

// Voxels count as foreground when non-zero.
OverlapCounts countOverlap(const std::uint8_t* truth, const std::uint8_t* prediction,
                           std::size_t voxels);

// Both empty: 1 (an empty prediction on an empty truth is right).
double dice(const OverlapCounts& counts);
double iou(const OverlapCounts& counts);

// Symmetric 95th-percentile Hausdorff distance between the surfaces of two
// masks, in mm, for grid dims (x, y, z) and spacing (mm): the larger of the
// two directed 95th percentiles of surface-to-surface distances. Both
// empty: 0. One empty: +infinity (no surface to measure to).
double hausdorff95(const std::uint8_t* truth, const std::uint8_t* prediction,
                   const std::array<int, 3>& dims, const std::array<double, 3>& spacing);

} // namespace tgc

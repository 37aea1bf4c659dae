// Brush footprints: the voxels a round or square brush covers when it is
// dragged from one point to the next. The swept shape is computed exactly
// (distance to the segment), so a fast drag whose mouse events lie far apart
// still paints a gap-free band. Points are continuous voxel indices (voxel i
// has its centre at i); the segment lies in the plane normal to `normalAxis`.
#pragma once

#include "volume_geometry.h"
#include "voxel_box.h"

#include <array>

namespace tgc {

enum class BrushShape { Round, Square };

struct BrushSpec {
    BrushShape shape = BrushShape::Round;
    double radius = 5.0;
    // Radius in millimetres, or in pixels of the finer in-plane spacing.
    bool radiusInMm = false;
    // A sphere (cube) across slices instead of a disc (square) in the slice.
    bool sphere = false;
};

// Radius along each voxel axis, in voxels; the out-of-plane radius is below
// one voxel for a 2D brush, so only the current slice is covered.
std::array<double, 3> brushRadiusVoxels(const VolumeGeometry& geometry, int normalAxis,
                                        const BrushSpec& brush);

// The voxels whose centres lie within the brush swept from `from` to `to`
// (both snapped to voxel centres by the caller when a stable outline matters).
Footprint brushStroke(const VolumeGeometry& geometry, int normalAxis,
                      const std::array<double, 3>& from, const std::array<double, 3>& to,
                      const BrushSpec& brush);

} // namespace tgc

// One slice of the label map seen as a 2D image, whichever axis it is cut
// across: the unit the slice tools (flood fill, lasso, fill holes, copy and
// interpolate between slices) work in. Its pixel layout is the layout of a
// one-voxel-thick VoxelBox (x fastest, then y, then z), so a mask of the
// plane is directly the `inside` of a Footprint.
#pragma once

#include "label_map.h"
#include "voxel_box.h"

#include <array>
#include <cstdint>
#include <vector>

namespace tgc {

class ImageVolume;

struct SlicePlane {
    int normal = 2; // voxel axis across the slice (2: axial)
    int index = 0;  // slice number along that axis

    // The in-plane voxel axes: columns (faster) and rows of the plane image.
    int axisU() const { return normal == 0 ? 1 : 0; }
    int axisV() const { return normal == 2 ? 1 : 2; }
    int width(const std::array<int, 3>& dims) const { return dims[std::size_t(axisU())]; }
    int height(const std::array<int, 3>& dims) const { return dims[std::size_t(axisV())]; }
    VoxelBox box(const std::array<int, 3>& dims) const;
    // The voxel of plane pixel (u, v).
    std::array<int, 3> voxel(int u, int v) const;
};

// The label ids of a plane, width x height, u fastest.
std::vector<std::uint8_t> readPlane(const LabelMap& labels, const SlicePlane& plane);
// 1 where the image value lies in [low, high].
std::vector<std::uint8_t> intensityMask(const ImageVolume& image, const SlicePlane& plane,
                                        double low, double high);
// A footprint of the plane from a mask of its pixels.
Footprint planeFootprint(const std::array<int, 3>& dims, const SlicePlane& plane,
                         std::vector<std::uint8_t> mask);

// The 4-connected region of pixels holding the seed's value (and, where
// `allowed` is given, allowed); empty when the seed lies outside.
std::vector<std::uint8_t> floodRegion(const std::vector<std::uint8_t>& values, int width,
                                      int height, int seedU, int seedV,
                                      const std::vector<std::uint8_t>* allowed = nullptr);
// Pixels whose centres lie inside the polygon (even-odd rule); vertices in
// continuous plane coordinates (pixel centres at integers).
std::vector<std::uint8_t> polygonMask(int width, int height,
                                      const std::vector<std::array<double, 2>>& polygon);
// Pixels not holding `label` that the label encloses: 4-connected regions of
// them that do not reach the plane's edge.
std::vector<std::uint8_t> holesMask(const std::vector<std::uint8_t>& values, int width, int height,
                                    std::uint8_t label);

} // namespace tgc

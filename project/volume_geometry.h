// The voxel grid shared by an image and its label map.
#pragma once

#include <array>
#include <cstddef>

namespace tgc {

// Patient coordinates are DICOM LPS throughout the project; NIfTI (RAS) is
// converted on read and write. direction holds the unit vectors of the
// column (i), row (j) and slice (k) axes, in that order: direction[0..2] is
// the i axis, [3..5] the j axis, [6..8] the k axis.
struct VolumeGeometry {
    std::array<int, 3> dims{0, 0, 0}; // columns, rows, slices
    std::array<double, 3> spacing{1.0, 1.0, 1.0}; // mm
    std::array<double, 3> origin{0.0, 0.0, 0.0}; // centre of voxel (0,0,0), mm, LPS
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

    std::size_t voxelCount() const {
        return std::size_t(dims[0]) * std::size_t(dims[1]) * std::size_t(dims[2]);
    }
    std::size_t sliceVoxelCount() const { return std::size_t(dims[0]) * std::size_t(dims[1]); }
    bool sameGrid(const VolumeGeometry& other, double tolerance = 1e-4) const;
    // Patient position (mm, LPS) of a continuous voxel index.
    std::array<double, 3> indexToPatient(double i, double j, double k) const;
};

} // namespace tgc

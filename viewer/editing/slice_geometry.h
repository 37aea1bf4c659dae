// Which voxels a 2D view shows: axial, coronal or sagittal planes of the
// volume's index grid, with their pixel spacing in mm.
#pragma once

#include "volume_geometry.h"

#include <array>

namespace tgc {

enum class Orientation { Axial, Coronal, Sagittal };

const char* orientationName(Orientation orientation);

// Maps slice pixels (u = column, v = row, s = slice number) to voxel indices
// (i, j, k) and back. Radiological display of an LPS-ordered grid: axial shows
// (i, j) with slice k; coronal shows i across and k upwards (superior at the
// top) with slice j; sagittal shows j across (anterior left) and k upwards with
// slice i. The grid's direction cosines are not resampled: a view shows index
// planes, as ITK-SNAP does for non-oblique data.
class SliceGeometry {
public:
    SliceGeometry() = default;
    SliceGeometry(const VolumeGeometry& volume, Orientation orientation);

    Orientation orientation() const { return m_orientation; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    int sliceCount() const { return m_sliceCount; }
    // Physical size of one slice pixel (mm): across, down.
    double spacingX() const { return m_spacingX; }
    double spacingY() const { return m_spacingY; }

    std::array<int, 3> voxelOf(int u, int v, int slice) const;
    // Slice pixel and slice number of a voxel: {u, v, s}.
    std::array<int, 3> slicePixelOf(const std::array<int, 3>& voxel) const;
    // The voxel axis (0, 1, 2) that the slice number walks along.
    int sliceAxis() const;
    // The same mappings for continuous points: voxel i has its centre at i,
    // slice pixel u at u + 0.5. Editing tools work in voxel coordinates, so a
    // brush keeps its shape whichever view it is used in.
    std::array<double, 3> voxelPointOf(double u, double v, int slice) const;
    std::array<double, 2> slicePointOf(const std::array<double, 3>& voxelPoint) const;

private:
    Orientation m_orientation = Orientation::Axial;
    std::array<int, 3> m_dims{0, 0, 0};
    int m_width = 0;
    int m_height = 0;
    int m_sliceCount = 0;
    double m_spacingX = 1.0;
    double m_spacingY = 1.0;
};

} // namespace tgc

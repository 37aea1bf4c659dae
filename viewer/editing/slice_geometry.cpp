#include "slice_geometry.h"

#include "enum_names.h"

namespace tgc {

const char* orientationName(Orientation orientation) {
    static constexpr EnumNames<Orientation, 3> names{{{Orientation::Axial, "axial"},
                                                      {Orientation::Coronal, "coronal"},
                                                      {Orientation::Sagittal, "sagittal"}}};
    return enumName(names, orientation);
}

SliceGeometry::SliceGeometry(const VolumeGeometry& volume, Orientation orientation)
    : m_orientation(orientation), m_dims(volume.dims) {
    const auto& d = volume.dims;
    const auto& sp = volume.spacing;
    switch (orientation) {
    case Orientation::Axial:
        m_width = d[0], m_height = d[1], m_sliceCount = d[2];
        m_spacingX = sp[0], m_spacingY = sp[1];
        break;
    case Orientation::Coronal:
        m_width = d[0], m_height = d[2], m_sliceCount = d[1];
        m_spacingX = sp[0], m_spacingY = sp[2];
        break;
    case Orientation::Sagittal:
        m_width = d[1], m_height = d[2], m_sliceCount = d[0];
        m_spacingX = sp[1], m_spacingY = sp[2];
        break;
    }
}

int SliceGeometry::sliceAxis() const {
    switch (m_orientation) {
    case Orientation::Axial:
        return 2;
    case Orientation::Coronal:
        return 1;
    case Orientation::Sagittal:
        return 0;
    }
    return 2;
}

std::array<int, 3> SliceGeometry::voxelOf(int u, int v, int slice) const {
    switch (m_orientation) {
    case Orientation::Axial:
        return {u, v, slice};
    case Orientation::Coronal:
        return {u, slice, m_dims[2] - 1 - v};
    case Orientation::Sagittal:
        return {slice, u, m_dims[2] - 1 - v};
    }
    return {u, v, slice};
}

std::array<int, 3> SliceGeometry::slicePixelOf(const std::array<int, 3>& voxel) const {
    switch (m_orientation) {
    case Orientation::Axial:
        return {voxel[0], voxel[1], voxel[2]};
    case Orientation::Coronal:
        return {voxel[0], m_dims[2] - 1 - voxel[2], voxel[1]};
    case Orientation::Sagittal:
        return {voxel[1], m_dims[2] - 1 - voxel[2], voxel[0]};
    }
    return voxel;
}

std::array<double, 3> SliceGeometry::voxelPointOf(double u, double v, int slice) const {
    const double top = m_dims[2] - 0.5; // rows count downwards, k upwards
    switch (m_orientation) {
    case Orientation::Axial:
        return {u - 0.5, v - 0.5, double(slice)};
    case Orientation::Coronal:
        return {u - 0.5, double(slice), top - v};
    case Orientation::Sagittal:
        return {double(slice), u - 0.5, top - v};
    }
    return {u - 0.5, v - 0.5, double(slice)};
}

std::array<double, 2> SliceGeometry::slicePointOf(const std::array<double, 3>& p) const {
    const double top = m_dims[2] - 0.5;
    switch (m_orientation) {
    case Orientation::Axial:
        return {p[0] + 0.5, p[1] + 0.5};
    case Orientation::Coronal:
        return {p[0] + 0.5, top - p[2]};
    case Orientation::Sagittal:
        return {p[1] + 0.5, top - p[2]};
    }
    return {p[0] + 0.5, p[1] + 0.5};
}

} // namespace tgc

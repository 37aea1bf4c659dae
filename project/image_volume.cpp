#include "image_volume.h"

#include "enum_names.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace tgc {

std::size_t voxelTypeSize(VoxelType type) {
    switch (type) {
    case VoxelType::UInt8:
        return 1;
    case VoxelType::Int16:
    case VoxelType::UInt16:
        return 2;
    case VoxelType::Float32:
        return 4;
    }
    return 1;
}

const char* voxelTypeName(VoxelType type) {
    static constexpr EnumNames<VoxelType, 4> names{{{VoxelType::UInt8, "uint8"},
                                                    {VoxelType::Int16, "int16"},
                                                    {VoxelType::UInt16, "uint16"},
                                                    {VoxelType::Float32, "float32"}}};
    return enumName(names, type);
}

namespace {
void checkShape(int components, const VolumeGeometry& geometry) {
    if (components != 1 && components != 3)
        throw std::invalid_argument("ImageVolume: components must be 1 or 3");
    for (int d : geometry.dims) {
        if (d <= 0)
            throw std::invalid_argument("ImageVolume: every dimension must be positive");
    }
}
} // namespace

ImageVolume::ImageVolume(VoxelType type, int components, const VolumeGeometry& geometry)
    : m_type(type), m_components(components), m_geometry(geometry) {
    checkShape(components, geometry);
    m_buffer.assign(geometry.voxelCount() * std::size_t(components) * voxelTypeSize(type), 0);
}

ImageVolume::ImageVolume(VoxelType type, int components, const VolumeGeometry& geometry,
                         Uninitialised)
    : m_type(type), m_components(components), m_geometry(geometry) {
    checkShape(components, geometry);
    m_buffer.resize(geometry.voxelCount() * std::size_t(components) * voxelTypeSize(type));
}

const std::uint8_t* ImageVolume::sliceBytes(int z) const {
    return m_buffer.data() +
           std::size_t(z) * m_geometry.sliceVoxelCount() * m_components * voxelTypeSize(m_type);
}

std::uint8_t* ImageVolume::sliceBytes(int z) {
    return const_cast<std::uint8_t*>(static_cast<const ImageVolume*>(this)->sliceBytes(z));
}

double ImageVolume::valueAt(int x, int y, int z, int c) const {
    const std::size_t index =
        ((std::size_t(z) * m_geometry.dims[1] + std::size_t(y)) * m_geometry.dims[0] +
         std::size_t(x)) *
            m_components +
        std::size_t(c);
    switch (m_type) {
    case VoxelType::UInt8:
        return data<std::uint8_t>()[index];
    case VoxelType::Int16:
        return data<std::int16_t>()[index];
    case VoxelType::UInt16:
        return data<std::uint16_t>()[index];
    case VoxelType::Float32:
        return data<float>()[index];
    }
    return 0.0;
}

namespace {
template <typename T>
std::pair<double, double> rangeOf(const T* values, std::size_t count, int stride) {
    if (count == 0)
        return {0.0, 0.0};
    T lo = std::numeric_limits<T>::max();
    T hi = std::numeric_limits<T>::lowest();
    for (std::size_t i = 0; i < count; ++i) {
        const T v = values[i * std::size_t(stride)];
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    return {double(lo), double(hi)};
}
} // namespace

std::pair<double, double> ImageVolume::valueRange() const {
    const std::size_t n = m_geometry.voxelCount();
    if (m_buffer.empty())
        return {0.0, 0.0};
    switch (m_type) {
    case VoxelType::UInt8:
        return rangeOf(data<std::uint8_t>(), n, m_components);
    case VoxelType::Int16:
        return rangeOf(data<std::int16_t>(), n, m_components);
    case VoxelType::UInt16:
        return rangeOf(data<std::uint16_t>(), n, m_components);
    case VoxelType::Float32:
        return rangeOf(data<float>(), n, m_components);
    }
    return {0.0, 0.0};
}

WindowLevel ImageVolume::defaultWindow() const {
    if (fileWindow)
        return *fileWindow;
    if (modality == "CT")
        return {40.0, 400.0}; // soft tissue
    const auto [lo, hi] = valueRange();
    return {(lo + hi) / 2.0, std::max(1.0, hi - lo)};
}

} // namespace tgc

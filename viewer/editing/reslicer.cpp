#include "reslicer.h"

#include <cstring>

namespace tgc {

namespace {

// Copies n elements of Size bytes that lie `stride` bytes apart into a row.
template <std::size_t Size>
void stridedCopy(const std::uint8_t* src, std::size_t stride, std::uint8_t* dst, int n) {
    for (int u = 0; u < n; ++u)
        std::memcpy(dst + std::size_t(u) * Size, src + std::size_t(u) * stride, Size);
}

// Copies the plane's pixels of `elementSize` bytes each from a grid with dims.
void gather(const std::uint8_t* volume, const std::array<int, 3>& dims, std::size_t elementSize,
            const SliceGeometry& geometry, int slice, std::uint8_t* out) {
    const std::size_t rowBytes = std::size_t(dims[0]) * elementSize;
    const std::size_t planeBytes = rowBytes * std::size_t(dims[1]);
    const int w = geometry.width();
    const int h = geometry.height();
    if (geometry.orientation() == Orientation::Coronal) {
        // Each slice row is one voxel row of the grid: copy it whole.
        for (int v = 0; v < h; ++v) {
            const auto voxel = geometry.voxelOf(0, v, slice);
            std::memcpy(out + std::size_t(v) * rowBytes,
                        volume + std::size_t(voxel[2]) * planeBytes +
                            std::size_t(voxel[1]) * rowBytes,
                        rowBytes);
        }
        return;
    }
    for (int v = 0; v < h; ++v) {
        const auto first = geometry.voxelOf(0, v, slice);
        const std::uint8_t* src =
            volume + std::size_t(first[2]) * planeBytes + std::size_t(first[0]) * elementSize;
        std::uint8_t* dst = out + std::size_t(v) * std::size_t(w) * elementSize;
        // Sagittal: u walks the grid's j axis, one voxel row apart.
        switch (elementSize) {
        case 1:
            stridedCopy<1>(src, rowBytes, dst, w);
            break;
        case 2:
            stridedCopy<2>(src, rowBytes, dst, w);
            break;
        case 4:
            stridedCopy<4>(src, rowBytes, dst, w);
            break;
        default:
            for (int u = 0; u < w; ++u)
                std::memcpy(dst + std::size_t(u) * elementSize, src + std::size_t(u) * rowBytes,
                            elementSize);
        }
    }
}

} // namespace

SlicePixels Reslicer::imageSlice(const ImageVolume& image, const SliceGeometry& geometry,
                                 int slice) {
    SlicePixels pixels;
    pixels.type = image.voxelType();
    pixels.components = image.components();
    pixels.width = geometry.width();
    pixels.height = geometry.height();
    if (geometry.orientation() == Orientation::Axial) {
        pixels.bytes = image.sliceBytes(slice);
        return pixels;
    }
    const std::size_t elementSize =
        voxelTypeSize(image.voxelType()) * std::size_t(image.components());
    m_imageBuffer.resize(std::size_t(pixels.width) * std::size_t(pixels.height) * elementSize);
    gather(image.bytes(), image.dims(), elementSize, geometry, slice, m_imageBuffer.data());
    pixels.bytes = m_imageBuffer.data();
    return pixels;
}

const std::uint8_t* Reslicer::labelSlice(const LabelMap& labels, const SliceGeometry& geometry,
                                         int slice) {
    return maskSlice(labels, geometry, slice, m_labelBuffer);
}

const std::uint8_t* Reslicer::proposalSlice(const LabelMap& proposal, const SliceGeometry& geometry,
                                            int slice) {
    return maskSlice(proposal, geometry, slice, m_proposalBuffer);
}

const std::uint8_t* Reslicer::maskSlice(const LabelMap& mask, const SliceGeometry& geometry,
                                        int slice, std::vector<std::uint8_t>& buffer) {
    if (geometry.orientation() == Orientation::Axial)
        return mask.slice(slice);
    buffer.resize(std::size_t(geometry.width()) * std::size_t(geometry.height()));
    gather(mask.data(), mask.dims(), 1, geometry, slice, buffer.data());
    return buffer.data();
}

} // namespace tgc

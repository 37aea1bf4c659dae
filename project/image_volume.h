// An image on a voxel grid: a 2D image is a volume with one slice.
#pragma once

#include "volume_geometry.h"

#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace tgc {

// Allocator that leaves new bytes uninitialised: readers that overwrite every
// voxel skip a pass over memory (and the page faults of a zero fill).
template <typename T> struct UninitialisedAllocator : std::allocator<T> {
    template <typename U> struct rebind {
        using other = UninitialisedAllocator<U>;
    };
    UninitialisedAllocator() = default;
    template <typename U> UninitialisedAllocator(const UninitialisedAllocator<U>&) {}
    template <typename U> void construct(U* p) noexcept { ::new (static_cast<void*>(p)) U; }
    template <typename U, typename... Args> void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

// Voxels stay in their native type where that saves memory (int16 CT).
enum class VoxelType { UInt8, Int16, UInt16, Float32 };

std::size_t voxelTypeSize(VoxelType type);
const char* voxelTypeName(VoxelType type);

struct WindowLevel {
    double center = 0.0;
    double width = 1.0;
};

class ImageVolume {
public:
    ImageVolume() = default;
    // Allocates a zero-filled buffer for dims * components voxels of the type.
    ImageVolume(VoxelType type, int components, const VolumeGeometry& geometry);
    // Same, but the buffer is left uninitialised: for readers that write every voxel.
    struct Uninitialised {};
    ImageVolume(VoxelType type, int components, const VolumeGeometry& geometry, Uninitialised);

    bool isEmpty() const { return m_buffer.empty(); }
    VoxelType voxelType() const { return m_type; }
    // 1 for grey, 3 for RGB (interleaved per voxel).
    int components() const { return m_components; }
    const VolumeGeometry& geometry() const { return m_geometry; }
    VolumeGeometry& geometry() { return m_geometry; }
    const std::array<int, 3>& dims() const { return m_geometry.dims; }

    std::size_t byteSize() const { return m_buffer.size(); }
    std::uint8_t* bytes() { return m_buffer.data(); }
    const std::uint8_t* bytes() const { return m_buffer.data(); }
    template <typename T> T* data() { return reinterpret_cast<T*>(m_buffer.data()); }
    template <typename T> const T* data() const {
        return reinterpret_cast<const T*>(m_buffer.data());
    }
    // Start of slice z (row-major, x fastest).
    const std::uint8_t* sliceBytes(int z) const;
    std::uint8_t* sliceBytes(int z);

    // Value after the modality rescale (HU for CT); component c of voxel (x,y,z).
    double valueAt(int x, int y, int z, int c = 0) const;

    // What the file says about the image.
    QString modality; // DICOM code: CT, MR, CR, DX, OT...
    std::optional<WindowLevel> fileWindow; // the file's own window, if any
    bool invertForDisplay = false; // MONOCHROME1: high values display dark
    QString sourceDescription; // e.g. "DICOM series 1.2.3 (120 files)"
    QString patientId;
    QString patientName;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString frameOfReferenceUid;
    std::vector<QString> sopInstanceUids; // one per slice for DICOM series
    std::vector<QString> warnings; // e.g. uneven spacing, 4D NIfTI volume 0 chosen

    // Default display window: the file's, else one from the modality and range.
    WindowLevel defaultWindow() const;
    // Minimum and maximum of component 0 over the volume (rescaled values).
    std::pair<double, double> valueRange() const;

private:
    VoxelType m_type = VoxelType::UInt8;
    int m_components = 1;
    VolumeGeometry m_geometry;
    std::vector<std::uint8_t, UninitialisedAllocator<std::uint8_t>> m_buffer;
};

} // namespace tgc

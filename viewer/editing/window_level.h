// Window/level arithmetic and the display lookup tables built from it.
#pragma once

#include "image_volume.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tgc {

// The presets on keys 1-5; FileDefault is the image's own window.
enum class WindowPreset { Lung, Abdomen, Bone, Brain, FileDefault };

// The fixed window of a preset (HU); nullopt for FileDefault.
std::optional<WindowLevel> presetWindow(WindowPreset preset);

// Display grey (0..255) of a value under a window: the DICOM linear VOI
// function (PS3.3 C.11.2.1.2), so a window of width 1 is a hard threshold.
std::uint8_t windowGrey(double value, const WindowLevel& window);

// The window after a right-drag of (dx, dy) screen pixels that started at
// `start`: right widens, down raises the level. valueSpan (max - min of the
// image) sets how much one pixel is worth, so 8-bit and HU images both feel right.
WindowLevel dragWindow(const WindowLevel& start, double dx, double dy, double valueSpan);

// Maps stored voxel values to opaque RGB32 pixels for one window. Integer types
// index a table (256 entries for uint8, 65536 for 16-bit) so rendering is one
// load per pixel; float values go through the same linear function per pixel.
class GreyLut {
public:
    // Rebuilds only when type, window or inversion changed.
    void update(VoxelType type, const WindowLevel& window, bool invert);

    const std::uint32_t* table() const { return m_table.data(); }
    // Table index of an int16 value: the 16 bits shifted by 32768.
    static std::uint16_t int16Index(std::int16_t v) {
        return std::uint16_t(std::uint16_t(v) ^ 0x8000u);
    }
    std::uint32_t pixelOf(float value) const;

private:
    std::vector<std::uint32_t> m_table;
    VoxelType m_type = VoxelType::UInt8;
    WindowLevel m_window{-1e300, -1.0};
    bool m_invert = false;
};

inline std::uint32_t opaqueGrey(std::uint8_t g) {
    return 0xff000000u | std::uint32_t(g) * 0x010101u;
}

} // namespace tgc

#include "window_level.h"

#include <algorithm>
#include <cmath>

namespace tgc {

std::optional<WindowLevel> presetWindow(WindowPreset preset) {
    switch (preset) {
    case WindowPreset::Lung:
        return WindowLevel{-600.0, 1500.0};
    case WindowPreset::Abdomen:
        return WindowLevel{40.0, 400.0};
    case WindowPreset::Bone:
        return WindowLevel{400.0, 1800.0};
    case WindowPreset::Brain:
        return WindowLevel{40.0, 80.0};
    case WindowPreset::FileDefault:
        break;
    }
    return std::nullopt;
}

std::uint8_t windowGrey(double value, const WindowLevel& window) {
    const double width = std::max(1.0, window.width);
    const double c = window.center - 0.5;
    const double half = (width - 1.0) / 2.0;
    if (value <= c - half)
        return 0;
    if (value > c + half)
        return 255;
    const double y = ((value - c) / std::max(width - 1.0, 1e-9) + 0.5) * 255.0;
    return std::uint8_t(std::clamp(std::lround(y), 0L, 255L));
}

WindowLevel dragWindow(const WindowLevel& start, double dx, double dy, double valueSpan) {
    const double perPixel = std::max(valueSpan, 1.0) / 512.0;
    WindowLevel w;
    w.width = std::max(1.0, start.width + dx * perPixel);
    w.center = start.center + dy * perPixel;
    return w;
}

void GreyLut::update(VoxelType type, const WindowLevel& window, bool invert) {
    if (!m_table.empty() && type == m_type && window.center == m_window.center &&
        window.width == m_window.width && invert == m_invert)
        return;
    m_type = type;
    m_window = window;
    m_invert = invert;
    std::size_t size = 0;
    switch (type) {
    case VoxelType::UInt8:
        size = 256;
        break;
    case VoxelType::Int16:
    case VoxelType::UInt16:
        size = 65536;
        break;
    case VoxelType::Float32:
        m_table.assign(1, 0); // marks the LUT as built; floats use pixelOf()
        return;
    }
    m_table.resize(size);
    // Only values inside the window need the ramp; the rest is two fills. This
    // keeps a right-drag (a new table per mouse move) cheap for 16-bit data.
    const long first = type == VoxelType::Int16 ? -32768 : 0; // value of table entry 0
    const double width = std::max(1.0, window.width);
    const double lowEdge = window.center - 0.5 - (width - 1.0) / 2.0;  // values <= it: black
    const double highEdge = window.center - 0.5 + (width - 1.0) / 2.0; // values > it: white
    const long last = first + long(size) - 1;
    const long rampBegin = std::clamp(long(std::floor(lowEdge)) + 1, first, last + 1);
    const long rampEnd = std::clamp(long(std::floor(highEdge)) + 1, rampBegin, last + 1);
    const std::uint32_t black = opaqueGrey(invert ? 255 : 0);
    const std::uint32_t white = opaqueGrey(invert ? 0 : 255);
    std::fill(m_table.begin(), m_table.begin() + (rampBegin - first), black);
    for (long v = rampBegin; v < rampEnd; ++v) {
        std::uint8_t g = windowGrey(double(v), window);
        if (invert)
            g = std::uint8_t(255 - g);
        m_table[std::size_t(v - first)] = opaqueGrey(g);
    }
    std::fill(m_table.begin() + (rampEnd - first), m_table.end(), white);
}

std::uint32_t GreyLut::pixelOf(float value) const {
    std::uint8_t g = windowGrey(double(value), m_window);
    if (m_invert)
        g = std::uint8_t(255 - g);
    return opaqueGrey(g);
}

} // namespace tgc

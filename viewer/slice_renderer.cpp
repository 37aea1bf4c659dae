#include "slice_renderer.h"

#include <algorithm>
#include <cmath>

namespace tgc {

void SliceRenderer::render(const SlicePixels& image, const WindowLevel& window, bool invert,
                           const std::uint8_t* labelPixels, const OverlayStyle& overlay,
                           QImage& out) {
    if (out.width() != image.width || out.height() != image.height ||
        out.format() != QImage::Format_RGB32)
        out = QImage(image.width, image.height, QImage::Format_RGB32);
    if (image.width <= 0 || image.height <= 0 || !image.bytes)
        return;
    m_lut.update(image.type, window, invert);
    if (image.components == 3) {
        renderColourRows(image, out);
    } else {
        switch (image.type) {
        case VoxelType::UInt8:
            renderGreyRows<std::uint8_t>(image, out);
            break;
        case VoxelType::Int16:
            renderGreyRows<std::int16_t>(image, out);
            break;
        case VoxelType::UInt16:
            renderGreyRows<std::uint16_t>(image, out);
            break;
        case VoxelType::Float32:
            renderFloatRows(image, out);
            break;
        }
    }
    if (labelPixels && overlay.labels && overlay.opacity > 0.0) {
        updateOverlayTable(overlay);
        if (m_anyVisible)
            blendLabels(labelPixels, out);
    }
}

namespace {
inline std::uint32_t lutIndex(std::uint8_t v) {
    return v;
}
inline std::uint32_t lutIndex(std::uint16_t v) {
    return v;
}
inline std::uint32_t lutIndex(std::int16_t v) {
    return GreyLut::int16Index(v);
}
} // namespace

template <typename T> void SliceRenderer::renderGreyRows(const SlicePixels& image, QImage& out) {
    const std::uint32_t* lut = m_lut.table();
    const T* src = reinterpret_cast<const T*>(image.bytes);
    for (int y = 0; y < image.height; ++y) {
        auto* dst = reinterpret_cast<std::uint32_t*>(out.scanLine(y));
        const T* row = src + std::size_t(y) * std::size_t(image.width);
        for (int x = 0; x < image.width; ++x)
            dst[x] = lut[lutIndex(row[x])];
    }
}

void SliceRenderer::renderFloatRows(const SlicePixels& image, QImage& out) {
    const float* src = reinterpret_cast<const float*>(image.bytes);
    for (int y = 0; y < image.height; ++y) {
        auto* dst = reinterpret_cast<std::uint32_t*>(out.scanLine(y));
        const float* row = src + std::size_t(y) * std::size_t(image.width);
        for (int x = 0; x < image.width; ++x)
            dst[x] = m_lut.pixelOf(row[x]);
    }
}

void SliceRenderer::renderColourRows(const SlicePixels& image, QImage& out) {
    // Each channel goes through the same window, so the window still adjusts
    // brightness and contrast of a colour image.
    const std::uint32_t* lut = m_lut.table();
    const std::size_t rowValues = std::size_t(image.width) * 3;
    for (int y = 0; y < image.height; ++y) {
        auto* dst = reinterpret_cast<std::uint32_t*>(out.scanLine(y));
        for (int x = 0; x < image.width; ++x) {
            std::uint32_t rgb[3];
            for (int c = 0; c < 3; ++c) {
                const std::size_t i = std::size_t(y) * rowValues + std::size_t(x) * 3 + c;
                switch (image.type) {
                case VoxelType::UInt8:
                    rgb[c] = lut[image.bytes[i]] & 0xffu;
                    break;
                case VoxelType::Int16:
                    rgb[c] = lut[GreyLut::int16Index(
                                 reinterpret_cast<const std::int16_t*>(image.bytes)[i])] &
                             0xffu;
                    break;
                case VoxelType::UInt16:
                    rgb[c] = lut[reinterpret_cast<const std::uint16_t*>(image.bytes)[i]] & 0xffu;
                    break;
                case VoxelType::Float32:
                    rgb[c] = m_lut.pixelOf(reinterpret_cast<const float*>(image.bytes)[i]) & 0xffu;
                    break;
                }
            }
            dst[x] = 0xff000000u | (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
        }
    }
}

void SliceRenderer::updateOverlayTable(const OverlayStyle& overlay) {
    m_tintRB.fill(0);
    m_tintG.fill(0);
    m_keep.fill(256);
    m_anyVisible = false;
    const auto alpha = std::uint32_t(std::lround(std::clamp(overlay.opacity, 0.0, 1.0) * 256.0));
    if (alpha == 0)
        return;
    for (const Label& label : *overlay.labels) {
        if (!label.visible || label.id == 0)
            continue;
        const std::uint32_t r = label.colour[0], g = label.colour[1], b = label.colour[2];
        m_tintRB[label.id] = ((r * alpha) << 16) | (b * alpha);
        m_tintG[label.id] = (g * alpha) << 8;
        m_keep[label.id] = std::uint16_t(256 - alpha);
        m_anyVisible = true;
    }
}

void SliceRenderer::blendLabels(const std::uint8_t* labelPixels, QImage& out) const {
    // out = (pixel * (256 - a) + colour * a) / 256 per channel; red and blue
    // share one multiply (they sit 16 bits apart), green takes another.
    const int w = out.width();
    for (int y = 0; y < out.height(); ++y) {
        auto* dst = reinterpret_cast<std::uint32_t*>(out.scanLine(y));
        const std::uint8_t* lab = labelPixels + std::size_t(y) * std::size_t(w);
        for (int x = 0; x < w; ++x) {
            const std::uint8_t id = lab[x];
            if (id == 0 || m_keep[id] == 256)
                continue;
            const std::uint32_t p = dst[x];
            const std::uint32_t keep = m_keep[id];
            const std::uint32_t rb = ((p & 0x00ff00ffu) * keep + m_tintRB[id]) >> 8;
            const std::uint32_t g = ((p & 0x0000ff00u) * keep + m_tintG[id]) >> 8;
            dst[x] = 0xff000000u | (rb & 0x00ff00ffu) | (g & 0x0000ff00u);
        }
    }
}

std::size_t SliceRenderer::drawProposal(const std::uint8_t* proposal, const ProposalStyle& style,
                                        QImage& out) const {
    if (!proposal || out.isNull())
        return 0;
    const int w = out.width();
    const int h = out.height();
    const int cut = std::clamp(style.cutoff, 1, 255);
    const auto alpha = std::uint32_t(std::lround(std::clamp(style.fillOpacity, 0.0, 1.0) * 256.0));
    const std::uint32_t keep = 256 - alpha;
    const std::uint32_t r = style.colour[0], g = style.colour[1], b = style.colour[2];
    const std::uint32_t tintRB = ((r * alpha) << 16) | (b * alpha);
    const std::uint32_t tintG = (g * alpha) << 8;
    const std::uint32_t edge = 0xff000000u | (r << 16) | (g << 8) | b;
    std::size_t count = 0;
    for (int y = 0; y < h; ++y) {
        auto* dst = reinterpret_cast<std::uint32_t*>(out.scanLine(y));
        const std::uint8_t* row = proposal + std::size_t(y) * std::size_t(w);
        const std::uint8_t* above = y > 0 ? row - w : nullptr;
        const std::uint8_t* below = y + 1 < h ? row + w : nullptr;
        for (int x = 0; x < w; ++x) {
            if (row[x] < cut)
                continue;
            ++count;
            const bool boundary =
                style.outline && (x == 0 || x + 1 == w || !above || !below || row[x - 1] < cut ||
                                  row[x + 1] < cut || above[x] < cut || below[x] < cut);
            if (boundary) {
                dst[x] = edge;
                continue;
            }
            const std::uint32_t p = dst[x];
            const std::uint32_t rb = ((p & 0x00ff00ffu) * keep + tintRB) >> 8;
            const std::uint32_t gg = ((p & 0x0000ff00u) * keep + tintG) >> 8;
            dst[x] = 0xff000000u | (rb & 0x00ff00ffu) | (gg & 0x0000ff00u);
        }
    }
    return count;
}

} // namespace tgc

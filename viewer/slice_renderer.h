// Builds the displayed image of a slice: windowed grey (or colour) with the
// label overlay blended in, written scanline by scanline.
#pragma once

#include "label_map.h"
#include "reslicer.h"
#include "window_level.h"

#include <QImage>
#include <array>
#include <cstdint>
#include <vector>

namespace tgc {

struct OverlayStyle {
    double opacity = 0.5;                       // 0 hides the overlay, 1 paints labels opaque
    const std::vector<Label>* labels = nullptr; // colour and visibility per id
};

// A model's proposal drawn over the rendered slice: pixels whose probability
// (x 255) reaches the cutoff are tinted, and the proposal's edge is drawn
// opaque, in a colour no label uses by default.
struct ProposalStyle {
    int cutoff = 128;
    std::array<std::uint8_t, 3> colour{255, 64, 220};
    double fillOpacity = 0.25;
    bool outline = true;
};

class SliceRenderer {
public:
    // Renders into `out` (RGB32, resized when needed). labelPixels may be null
    // (no overlay); otherwise it has width * height label ids, row-major.
    void render(const SlicePixels& image, const WindowLevel& window, bool invert,
                const std::uint8_t* labelPixels, const OverlayStyle& overlay, QImage& out);
    // Draws a proposal slice (out's size, row-major bytes of probability x
    // 255) over what render() made. Returns the proposed pixel count.
    std::size_t drawProposal(const std::uint8_t* proposal, const ProposalStyle& style,
                             QImage& out) const;

private:
    void updateOverlayTable(const OverlayStyle& overlay);
    template <typename T> void renderGreyRows(const SlicePixels& image, QImage& out);
    void renderFloatRows(const SlicePixels& image, QImage& out);
    void renderColourRows(const SlicePixels& image, QImage& out);
    void blendLabels(const std::uint8_t* labelPixels, QImage& out) const;

    GreyLut m_lut;
    // Per label id: the label colour premultiplied by its alpha (0..256) in
    // each byte lane, and 256 - alpha; alpha 0 for hidden or unknown labels.
    std::array<std::uint32_t, 256> m_tintRB{};
    std::array<std::uint32_t, 256> m_tintG{};
    std::array<std::uint16_t, 256> m_keep{};
    bool m_anyVisible = false;
};

} // namespace tgc

// Cuts one plane out of a volume (and its label map) into row-major pixels.
#pragma once

#include "image_volume.h"
#include "label_map.h"
#include "slice_geometry.h"

#include <cstdint>
#include <vector>

namespace tgc {

// A slice laid out row by row, x fastest, `components` values per pixel.
struct SlicePixels {
    const std::uint8_t* bytes = nullptr;
    VoxelType type = VoxelType::UInt8;
    int components = 1;
    int width = 0;
    int height = 0;
};

// Axial slices point straight into the volume (no copy); coronal and sagittal
// slices are gathered into a buffer the reslicer owns, valid until its next call.
class Reslicer {
public:
    SlicePixels imageSlice(const ImageVolume& image, const SliceGeometry& geometry, int slice);
    const std::uint8_t* labelSlice(const LabelMap& labels, const SliceGeometry& geometry,
                                   int slice);
    // The same for a second byte grid shown at once (a model's proposal),
    // with its own buffer so both slices stay valid together.
    const std::uint8_t* proposalSlice(const LabelMap& proposal, const SliceGeometry& geometry,
                                      int slice);

private:
    // An axial slice is the mask's own bytes; another view is gathered into `buffer`.
    static const std::uint8_t* maskSlice(const LabelMap& mask, const SliceGeometry& geometry,
                                         int slice, std::vector<std::uint8_t>& buffer);
    std::vector<std::uint8_t> m_imageBuffer;
    std::vector<std::uint8_t> m_labelBuffer;
    std::vector<std::uint8_t> m_proposalBuffer;
};

} // namespace tgc

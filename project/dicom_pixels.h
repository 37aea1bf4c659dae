// Decoding DICOM frames straight into the slices of an ImageVolume, with the
// modality rescale applied in place.
#pragma once

#include "dicom_header.h"
#include "image_volume.h"

#include <cstdint>
#include <vector>

namespace tgc {

struct DicomVoxelLayout {
    VoxelType type = VoxelType::UInt8;
    int components = 1;
};

// The voxel type that holds the rescaled values of all these files with the
// least memory: int16 for CT in HU when the stored range allows it, the
// native type when there is no rescale, float otherwise.
// preferFloat: give float32 for any rescaled data (used after an int16 overflow).
DicomVoxelLayout chooseVoxelLayout(const std::vector<const DicomFileHeader*>& headers,
                                   bool preferFloat = false);

// Decodes every frame f of one file into slice sliceOfFrame[f] of the volume.
// One decoder per thread: it keeps a scratch buffer between files.
class DicomFrameDecoder {
public:
    // Throws IoError naming the file on damaged or truncated pixel data.
    // Returns false when a rescaled value did not fit an int16 volume.
    bool decodeFile(const DicomFileHeader& header, ImageVolume& volume,
                    const std::vector<int>& sliceOfFrame);

private:
    std::vector<std::uint8_t> m_scratch;
    std::vector<std::uint8_t> m_ybr; // packed 4:2:2 samples of one frame
};

} // namespace tgc

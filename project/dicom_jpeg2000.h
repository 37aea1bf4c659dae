// JPEG 2000 (and High-Throughput JPEG 2000) frames of DICOM files, decoded with OpenJPEG:
// DCMTK's free modules have no JPEG 2000 codec.
#pragma once

#include <QString>
#include <cstddef>
#include <cstdint>

class DcmPixelData;

namespace tgc {

// True for the transfer syntaxes decoded here: JPEG 2000 (lossless only, lossless or lossy)
// and HTJ2K (lossless, lossless RPCL, lossy).
bool isJpeg2000Syntax(const QString& transferSyntaxUid);

struct Jpeg2000Frame {
    int columns = 0;
    int rows = 0;
    int samplesPerPixel = 1;
    int bitsAllocated = 16; // 8 or 16: the size of each sample written to out
};

// Decodes frame `frame` (0-based) of `frames` from the encapsulated pixel data into `out`:
// samples interleaved per pixel, little-endian, two's complement where the codestream is
// signed, exactly columns x rows x samples x bitsAllocated/8 bytes. Colour codestreams with a
// multi-component transform come out as RGB. Throws IoError naming `path`, the frame and the
// reason when the codestream is damaged or does not match the DICOM header.
void decodeJpeg2000Frame(DcmPixelData& pixels, const QString& path, int frame, int frames,
                         const Jpeg2000Frame& expected, std::uint8_t* out);

} // namespace tgc

#include "dicom_pixels.h"

#include "dicom_jpeg2000.h"
#include "io_error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <limits>

namespace tgc {

namespace {

bool isIntegral(double v) {
    return std::abs(v - std::round(v)) < 1e-6;
}

// Stored value of one sample, with the bits above Bits Stored removed or used as sign.
struct StoredBits {
    int bitsStored;
    bool isSigned;
    std::int32_t operator()(std::int64_t raw) const {
        if (bitsStored >= 32)
            return std::int32_t(raw);
        const std::uint32_t mask = (1u << bitsStored) - 1u;
        std::uint32_t v = std::uint32_t(raw) & mask;
        if (isSigned && (v >> (bitsStored - 1)) & 1u)
            return std::int32_t(v | ~mask);
        return std::int32_t(v);
    }
};

// Source samples may share memory with the destination (same index, same or larger size).
template <typename S, typename D>
bool rescaleInto(const S* src, D* dst, std::size_t count, StoredBits bits, double slope,
                 double intercept) {
    bool fits = true;
    if constexpr (std::is_floating_point_v<D>) {
        for (std::size_t i = 0; i < count; ++i)
            dst[i] = D(double(bits(std::int64_t(src[i]))) * slope + intercept);
    } else {
        const std::int64_t s = std::llround(slope);
        const std::int64_t c = std::llround(intercept);
        constexpr std::int64_t lo = std::numeric_limits<D>::lowest();
        constexpr std::int64_t hi = std::numeric_limits<D>::max();
        if constexpr (std::is_unsigned_v<S> && sizeof(S) <= 2) {
            // The common CT case: unsigned samples, slope 1, every possible value fits.
            const std::int64_t mask =
                bits.bitsStored >= 16 ? 0xffff : (std::int64_t(1) << bits.bitsStored) - 1;
            if (!bits.isSigned && s == 1 && c >= lo && mask + c <= hi) {
                const S m = S(mask);
                if constexpr (sizeof(S) == 2 && sizeof(D) == 2) {
                    if (static_cast<const void*>(src) == static_cast<const void*>(dst)) {
                        // In place, on one type: modular 16-bit arithmetic gives the int16 bits and
                        // vectorises.
                        auto* samples = reinterpret_cast<std::uint16_t*>(dst);
                        const auto offset = std::uint16_t(c);
                        for (std::size_t i = 0; i < count; ++i)
                            samples[i] = std::uint16_t((samples[i] & m) + offset);
                        return true;
                    }
                }
                // Separate buffers (streamed reads): blocks of 16 let the compiler vectorise.
                const S* __restrict in = src;
                D* __restrict out = dst;
                const auto offset = std::int32_t(c);
                std::size_t i = 0;
                for (; i + 16 <= count; i += 16)
                    for (std::size_t j = 0; j < 16; ++j)
                        out[i + j] = D(std::int32_t(in[i + j] & m) + offset);
                for (; i < count; ++i)
                    out[i] = D(std::int32_t(in[i] & m) + offset);
                return true;
            }
        }
        for (std::size_t i = 0; i < count; ++i) {
            std::int64_t v = std::int64_t(bits(std::int64_t(src[i]))) * s + c;
            if (v < lo || v > hi) {
                fits = false;
                v = std::clamp(v, lo, hi);
            }
            dst[i] = D(v);
        }
    }
    return fits;
}

template <typename S>
bool rescaleGrey(const S* src, ImageVolume& volume, std::uint8_t* dst, std::size_t count,
                 StoredBits bits, double slope, double intercept) {
    switch (volume.voxelType()) {
    case VoxelType::UInt8:
        return rescaleInto(src, dst, count, bits, slope, intercept);
    case VoxelType::Int16:
        return rescaleInto(src, reinterpret_cast<std::int16_t*>(dst), count, bits, slope,
                           intercept);
    case VoxelType::UInt16:
        return rescaleInto(src, reinterpret_cast<std::uint16_t*>(dst), count, bits, slope,
                           intercept);
    case VoxelType::Float32:
        return rescaleInto(src, reinterpret_cast<float*>(dst), count, bits, slope, intercept);
    }
    return true;
}

std::uint8_t clampByte(double v) {
    return std::uint8_t(std::clamp(std::lround(v), 0L, 255L));
}

// Colour samples to interleaved 8-bit RGB.
void convertColour(const std::uint8_t* src, std::uint8_t* dst, std::size_t pixels,
                   int bitsAllocated, int bitsStored, bool planar, bool ybr) {
    auto sample = [&](std::size_t pixel, int channel) -> int {
        const std::size_t index =
            planar ? std::size_t(channel) * pixels + pixel : pixel * 3 + std::size_t(channel);
        if (bitsAllocated == 16) {
            std::uint16_t v;
            std::memcpy(&v, src + index * 2, 2);
            return bitsStored > 8 ? v >> (bitsStored - 8) : v;
        }
        return src[index];
    };
    for (std::size_t p = 0; p < pixels; ++p) {
        const int a = sample(p, 0), b = sample(p, 1), c = sample(p, 2);
        if (ybr) {
            dst[p * 3 + 0] = clampByte(a + 1.402 * (c - 128));
            dst[p * 3 + 1] = clampByte(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
            dst[p * 3 + 2] = clampByte(a + 1.772 * (b - 128));
        } else {
            dst[p * 3 + 0] = std::uint8_t(a);
            dst[p * 3 + 1] = std::uint8_t(b);
            dst[p * 3 + 2] = std::uint8_t(c);
        }
    }
}

// DCMTK hands big-endian pixel data over in local order by the width of its VR (words for
// OW, bytes for OB), which is right only for 16-bit samples in OW. Back to the file's bytes,
// then each sample to little-endian.
void bigEndianToLittle(std::uint8_t* bytes, std::size_t count, int vrWidth, int sampleWidth) {
    if (vrWidth == 2)
        for (std::size_t i = 0; i + 1 < count; i += 2)
            std::swap(bytes[i], bytes[i + 1]);
    if (sampleWidth > 1)
        for (std::size_t i = 0; i + std::size_t(sampleWidth) <= count;
             i += std::size_t(sampleWidth))
            std::reverse(bytes + i, bytes + i + sampleWidth);
}

// 4:2:2 stores Y1 Y2 Cb Cr for each pair of pixels: spread it to one Y Cb Cr per pixel.
void expandYbr422(const std::uint8_t* src, std::uint8_t* dst, std::size_t pixels) {
    for (std::size_t p = 0; p + 1 < pixels; p += 2) {
        const std::uint8_t* in = src + p * 2;
        std::uint8_t* out = dst + p * 3;
        out[0] = in[0];
        out[1] = in[2];
        out[2] = in[3];
        out[3] = in[1];
        out[4] = in[2];
        out[5] = in[3];
    }
}

// Bits Allocated 1 (DICOM SEG, some overlays-as-images): frames follow each other bit by
// bit, least significant bit first, without padding between frames.
void decodeBitFrames(const DicomFileHeader& header, DcmPixelData& pixels, ImageVolume& volume,
                     const std::vector<int>& sliceOfFrame, std::vector<std::uint8_t>& scratch,
                     bool swapPairs) {
    if (header.encapsulated)
        throw IoError(header.path,
                      QStringLiteral("compressed 1-bit pixel data is not supported (transfer "
                                     "syntax %1)")
                          .arg(header.transferSyntaxUid));
    if (header.samplesPerPixel != 1 || volume.voxelType() != VoxelType::UInt8)
        throw IoError(header.path, QStringLiteral("1-bit pixel data with %1 samples per pixel")
                                       .arg(header.samplesPerPixel));
    const std::size_t perFrame = std::size_t(header.columns) * std::size_t(header.rows);
    const std::size_t needed = (perFrame * std::size_t(header.frames) + 7) / 8;
    const Uint32 length = pixels.getLength();
    if (length < needed)
        throw IoError(header.path,
                      QStringLiteral("truncated file: %1 bytes of 1-bit pixel data, %2 frames of "
                                     "%3x%4 need %5")
                          .arg(length)
                          .arg(header.frames)
                          .arg(header.columns)
                          .arg(header.rows)
                          .arg(needed));
    scratch.resize(std::max<std::size_t>(scratch.size(), length));
    DcmFileCache cache;
    const OFCondition status = pixels.getPartialValue(scratch.data(), 0, length, &cache);
    if (status.bad())
        throw IoError(header.path,
                      QStringLiteral("truncated file: the 1-bit pixel data is incomplete (DCMTK: "
                                     "%1)")
                          .arg(QString::fromLatin1(status.text())));
    if (swapPairs)
        bigEndianToLittle(scratch.data(), length, 2, 1);
    for (int f = 0; f < header.frames; ++f) {
        const int z = std::size_t(f) < sliceOfFrame.size() ? sliceOfFrame[std::size_t(f)] : -1;
        if (z < 0 || z >= volume.dims()[2])
            continue;
        std::uint8_t* dst = volume.sliceBytes(z);
        const std::size_t first = std::size_t(f) * perFrame;
        for (std::size_t i = 0; i < perFrame; ++i) {
            const std::size_t bit = first + i;
            dst[i] = std::uint8_t((scratch[bit >> 3] >> (bit & 7)) & 1u);
        }
    }
}

} // namespace

DicomVoxelLayout chooseVoxelLayout(const std::vector<const DicomFileHeader*>& headers,
                                   bool preferFloat) {
    DicomVoxelLayout layout;
    bool identity = true, integral = true, anySigned = false;
    int bitsAllocated = 8;
    for (const DicomFileHeader* h : headers) {
        if (h->samplesPerPixel == 3) {
            layout.components = 3;
            return layout;
        }
        bitsAllocated = std::max(bitsAllocated, h->bitsAllocated);
        anySigned = anySigned || h->pixelSigned;
        for (const DicomFramePlacement& p : h->placements) {
            identity = identity && p.slope == 1.0 && p.intercept == 0.0;
            integral = integral && isIntegral(p.slope) && isIntegral(p.intercept);
        }
    }
    if (bitsAllocated > 16 || preferFloat || !integral) {
        layout.type = VoxelType::Float32;
    } else if (identity && !anySigned) {
        layout.type = bitsAllocated <= 8 ? VoxelType::UInt8 : VoxelType::UInt16;
    } else {
        layout.type = VoxelType::Int16;
    }
    return layout;
}

bool DicomFrameDecoder::decodeFile(const DicomFileHeader& header, ImageVolume& volume,
                                   const std::vector<int>& sliceOfFrame) {
    DcmDataset* data = header.file->getDataset();
    DcmElement* element = nullptr;
    data->findAndGetElement(DCM_PixelData, element);
    auto* pixels = dynamic_cast<DcmPixelData*>(element);
    if (!pixels)
        throw IoError(header.path, QStringLiteral("no readable pixel data element"));
    if (header.bitsAllocated != 1 && header.bitsAllocated != 8 && header.bitsAllocated != 16 &&
        header.bitsAllocated != 32)
        throw IoError(header.path,
                      QStringLiteral("unsupported Bits Allocated %1 (1, 8, 16 or 32 expected)")
                          .arg(header.bitsAllocated));
    if (header.samplesPerPixel != 1 && header.samplesPerPixel != 3)
        throw IoError(
            header.path,
            QStringLiteral("unsupported Samples per Pixel %1").arg(header.samplesPerPixel));
    if (header.columns != volume.dims()[0] || header.rows != volume.dims()[1])
        throw IoError(header.path, QStringLiteral("image size %1x%2 differs from the series' %3x%4")
                                       .arg(header.columns)
                                       .arg(header.rows)
                                       .arg(volume.dims()[0])
                                       .arg(volume.dims()[1]));

    const bool bigEndian =
        !header.encapsulated && DcmXfer(data->getOriginalXfer()).getByteOrder() == EBO_BigEndian;
    const int vrWidth = pixels->getTag().getEVR() == EVR_OW ? 2 : 1;
    if (header.bitsAllocated == 1) {
        decodeBitFrames(header, *pixels, volume, sliceOfFrame, m_scratch,
                        bigEndian && vrWidth == 2);
        return true;
    }
    // Only 16-bit samples in OW come out of DCMTK in the right order.
    const bool reorder = bigEndian && !(vrWidth == 2 && header.bitsAllocated == 16) &&
                         !(vrWidth == 1 && header.bitsAllocated == 8);
    const bool ybr422 = !header.encapsulated && header.samplesPerPixel == 3 &&
                        header.photometric == QLatin1String("YBR_FULL_422");
    if (ybr422 && (header.bitsAllocated != 8 || header.columns % 2 != 0))
        throw IoError(header.path,
                      QStringLiteral("unsupported YBR_FULL_422 pixel data: %1 bits, %2 columns "
                                     "(8 bits and an even number of columns expected)")
                          .arg(header.bitsAllocated)
                          .arg(header.columns));
    const bool jpeg2000 = header.encapsulated && isJpeg2000Syntax(header.transferSyntaxUid);
    if (jpeg2000 && header.bitsAllocated > 16)
        throw IoError(header.path,
                      QStringLiteral("unsupported JPEG 2000 pixel data with Bits Allocated %1")
                          .arg(header.bitsAllocated));

    Uint32 frameBytes = 0;
    if (pixels->getUncompressedFrameSize(data, frameBytes).bad() || frameBytes == 0)
        throw IoError(header.path, QStringLiteral("cannot determine the size of a frame"));
    const std::size_t voxels = volume.geometry().sliceVoxelCount();
    const std::size_t sliceBytes =
        voxels * std::size_t(volume.components()) * voxelTypeSize(volume.voxelType());
    const Uint32 bufferBytes = frameBytes + (frameBytes & 1u);
    // Decoding straight into the volume avoids a copy when the stored samples
    // have the size of the volume's voxels (the usual int16/uint16 CT and MR).
    const bool direct = volume.components() == 1 && bufferBytes == frameBytes &&
                        frameBytes == sliceBytes &&
                        std::size_t(header.bitsAllocated / 8) == voxelTypeSize(volume.voxelType());
    if (!direct && m_scratch.size() < bufferBytes)
        m_scratch.resize(bufferBytes);

    // Uncompressed grey samples are read in cache-sized chunks and converted on
    // the way into the volume: one pass over the volume's memory instead of two.
    constexpr Uint32 kChunkBytes = 64 * 1024;
    const bool streamed = direct && !header.encapsulated;
    if (streamed && m_scratch.size() < kChunkBytes)
        m_scratch.resize(kChunkBytes);
    const StoredBits bits{header.bitsStored > 0 ? header.bitsStored : header.bitsAllocated,
                          header.pixelSigned};
    auto convertGrey = [&](const std::uint8_t* src, std::uint8_t* dst, std::size_t count,
                           const DicomFramePlacement& p) {
        if (header.bitsAllocated == 8)
            return header.pixelSigned
                       ? rescaleGrey(reinterpret_cast<const std::int8_t*>(src), volume, dst, count,
                                     bits, p.slope, p.intercept)
                       : rescaleGrey(src, volume, dst, count, bits, p.slope, p.intercept);
        if (header.bitsAllocated == 16)
            return header.pixelSigned ? rescaleGrey(reinterpret_cast<const std::int16_t*>(src),
                                                    volume, dst, count, bits, p.slope, p.intercept)
                                      : rescaleGrey(reinterpret_cast<const std::uint16_t*>(src),
                                                    volume, dst, count, bits, p.slope, p.intercept);
        return header.pixelSigned ? rescaleGrey(reinterpret_cast<const std::int32_t*>(src), volume,
                                                dst, count, bits, p.slope, p.intercept)
                                  : rescaleGrey(reinterpret_cast<const std::uint32_t*>(src), volume,
                                                dst, count, bits, p.slope, p.intercept);
    };
    const std::size_t sampleBytes = std::size_t(header.bitsAllocated / 8);

    DcmFileCache cache;
    Uint32 startFragment = 0;
    bool fits = true;
    for (int f = 0; f < header.frames; ++f) {
        const int z = std::size_t(f) < sliceOfFrame.size() ? sliceOfFrame[std::size_t(f)] : -1;
        if (z < 0 || z >= volume.dims()[2])
            continue;
        std::uint8_t* dst = volume.sliceBytes(z);
        const DicomFramePlacement& placement = header.placements[std::size_t(f)];
        if (streamed) {
            for (Uint32 done = 0; done < frameBytes; done += kChunkBytes) {
                const Uint32 n = std::min(kChunkBytes, frameBytes - done);
                const OFCondition status = pixels->getPartialValue(
                    m_scratch.data(), Uint32(f) * frameBytes + done, n, &cache);
                if (status.bad())
                    throw IoError(header.path,
                                  QStringLiteral("truncated file: the pixel data of frame %1 is "
                                                 "incomplete (DCMTK: %2)")
                                      .arg(f + 1)
                                      .arg(QString::fromLatin1(status.text())));
                if (reorder)
                    bigEndianToLittle(m_scratch.data(), n, vrWidth, int(sampleBytes));
                fits =
                    convertGrey(m_scratch.data(), dst + done, n / sampleBytes, placement) && fits;
            }
            continue;
        }
        std::uint8_t* target = direct ? dst : m_scratch.data();
        OFString colourModel;
        OFCondition status = EC_Normal;
        if (jpeg2000) {
            decodeJpeg2000Frame(
                *pixels, header.path, f, header.frames,
                {header.columns, header.rows, header.samplesPerPixel, header.bitsAllocated},
                target);
            // A multi-component transform (YBR_RCT, YBR_ICT) is undone by the decoder.
            colourModel = header.photometric.startsWith(QLatin1String("YBR_FULL"))
                              ? header.photometric.toLatin1().constData()
                              : "RGB";
        } else if (ybr422) {
            const Uint32 packed = Uint32(voxels * 2);
            if (m_ybr.size() < packed)
                m_ybr.resize(packed);
            status = pixels->getPartialValue(m_ybr.data(), Uint32(f) * packed, packed, &cache);
            expandYbr422(m_ybr.data(), target, voxels);
            colourModel = "YBR_FULL";
        } else {
            status = pixels->getUncompressedFrame(data, Uint32(f), startFragment, target,
                                                  bufferBytes, colourModel, &cache);
            if (status.good() && reorder)
                bigEndianToLittle(target, frameBytes, vrWidth, int(sampleBytes));
        }
        if (status.bad()) {
            const QString detail = QString::fromLatin1(status.text());
            if (header.encapsulated)
                throw IoError(header.path,
                              QStringLiteral("damaged or truncated compressed pixel data in frame "
                                             "%1 (DCMTK: %2)")
                                  .arg(f + 1)
                                  .arg(detail));
            throw IoError(header.path,
                          QStringLiteral("truncated file: the pixel data of frame %1 is incomplete "
                                         "(DCMTK: %2)")
                              .arg(f + 1)
                              .arg(detail));
        }
        if (volume.components() == 3) {
            Uint16 planar = 0;
            data->findAndGetUint16(DCM_PlanarConfiguration, planar);
            const QString model = QString::fromLatin1(colourModel.c_str()).toUpper();
            convertColour(target, dst, voxels, header.bitsAllocated, header.bitsStored, planar == 1,
                          model.startsWith(QLatin1String("YBR_FULL")));
            continue;
        }
        const bool ok = convertGrey(target, dst, voxels, placement);
        fits = fits && ok;
    }
    return fits;
}

} // namespace tgc

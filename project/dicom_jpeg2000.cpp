#include "dicom_jpeg2000.h"

#include "io_error.h"

#include <algorithm>
#include <cstring>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <memory>
#include <openjpeg.h>
#include <vector>

namespace tgc {

namespace {

struct MemoryStream {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t position = 0;
};

OPJ_SIZE_T readBytes(void* buffer, OPJ_SIZE_T count, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (m->position >= m->size)
        return OPJ_SIZE_T(-1);
    const std::size_t n = std::min<std::size_t>(count, m->size - m->position);
    std::memcpy(buffer, m->data + m->position, n);
    m->position += n;
    return n;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (count < 0)
        return -1;
    const std::size_t n = std::min<std::size_t>(std::size_t(count), m->size - m->position);
    m->position += n;
    return OPJ_OFF_T(n);
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void* user) {
    auto* m = static_cast<MemoryStream*>(user);
    if (offset < 0 || std::size_t(offset) > m->size)
        return OPJ_FALSE;
    m->position = std::size_t(offset);
    return OPJ_TRUE;
}

void collectMessage(const char* message, void* user) {
    auto* text = static_cast<QString*>(user);
    if (text->isEmpty())
        *text = QString::fromLatin1(message).trimmed();
}

struct Fragment {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t offset =
        0; // from the first byte of the first fragment's item, as the offset table counts
};

bool startsCodestream(const Fragment& f) {
    static const std::uint8_t j2k[] = {0xff, 0x4f, 0xff, 0x51};
    static const std::uint8_t jp2[] = {0x00, 0x00, 0x00, 0x0c, 'j', 'P', ' ', ' '};
    return (f.size >= 4 && std::memcmp(f.data, j2k, 4) == 0) ||
           (f.size >= 8 && std::memcmp(f.data, jp2, 8) == 0);
}

// The bytes of one frame: one fragment per frame where the counts match, else the Basic
// Offset Table, else fragments grouped at each codestream start.
std::vector<std::uint8_t> frameBytes(DcmPixelData& pixels, const QString& path, int frame,
                                     int frames) {
    E_TransferSyntax syntax = EXS_Unknown;
    const DcmRepresentationParameter* parameter = nullptr;
    pixels.getOriginalRepresentationKey(syntax, parameter);
    DcmPixelSequence* sequence = nullptr;
    if (pixels.getEncapsulatedRepresentation(syntax, parameter, sequence).bad() || !sequence)
        throw IoError(path, QStringLiteral("JPEG 2000 pixel data is not encapsulated"));
    std::vector<Fragment> fragments;
    std::vector<std::uint32_t> offsets;
    std::size_t offset = 0;
    for (unsigned long i = 0; i < sequence->card(); ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* bytes = nullptr;
        if (sequence->getItem(item, i).bad() || !item)
            break;
        const Uint32 length = item->getLength();
        if (length > 0 && (item->getUint8Array(bytes).bad() || !bytes))
            throw IoError(path, QStringLiteral("damaged JPEG 2000 pixel data: fragment %1 cannot "
                                               "be read")
                                    .arg(i));
        if (i == 0) {
            for (Uint32 b = 0; b + 4 <= length; b += 4)
                offsets.push_back(std::uint32_t(bytes[b]) | std::uint32_t(bytes[b + 1]) << 8 |
                                  std::uint32_t(bytes[b + 2]) << 16 |
                                  std::uint32_t(bytes[b + 3]) << 24);
            continue;
        }
        fragments.push_back({bytes, length, offset});
        offset += 8 + length;
    }
    if (fragments.empty())
        throw IoError(path, QStringLiteral("JPEG 2000 pixel data holds no fragments"));

    std::vector<const Fragment*> chosen;
    if (frames == 1) {
        for (const Fragment& f : fragments)
            chosen.push_back(&f);
    } else if (int(fragments.size()) == frames) {
        chosen.push_back(&fragments[std::size_t(frame)]);
    } else if (int(offsets.size()) == frames) {
        const std::size_t begin = offsets[std::size_t(frame)];
        const std::size_t end = frame + 1 < frames ? offsets[std::size_t(frame) + 1] : SIZE_MAX;
        for (const Fragment& f : fragments)
            if (f.offset >= begin && f.offset < end)
                chosen.push_back(&f);
    } else {
        int current = -1;
        for (const Fragment& f : fragments) {
            if (startsCodestream(f))
                ++current;
            if (current == frame)
                chosen.push_back(&f);
        }
    }
    std::vector<std::uint8_t> out;
    for (const Fragment* f : chosen)
        out.insert(out.end(), f->data, f->data + f->size);
    if (out.empty())
        throw IoError(path, QStringLiteral("JPEG 2000 pixel data: no fragment holds frame %1 of %2")
                                .arg(frame + 1)
                                .arg(frames));
    return out;
}

struct CodecDeleter {
    void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

} // namespace

bool isJpeg2000Syntax(const QString& uid) {
    return uid == QLatin1String("1.2.840.10008.1.2.4.90") ||
           uid == QLatin1String("1.2.840.10008.1.2.4.91") ||
           uid == QLatin1String("1.2.840.10008.1.2.4.201") ||
           uid == QLatin1String("1.2.840.10008.1.2.4.202") ||
           uid == QLatin1String("1.2.840.10008.1.2.4.203");
}

void decodeJpeg2000Frame(DcmPixelData& pixels, const QString& path, int frame, int frames,
                         const Jpeg2000Frame& expected, std::uint8_t* out) {
    const std::vector<std::uint8_t> bytes = frameBytes(pixels, path, frame, frames);
    const QString where = QStringLiteral("JPEG 2000 frame %1").arg(frame + 1);
    MemoryStream memory{bytes.data(), bytes.size(), 0};
    const bool jp2 = bytes.size() >= 8 && bytes[4] == 'j' && bytes[5] == 'P';
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(
        opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(64 * 1024, OPJ_TRUE));
    if (!codec || !stream)
        throw IoError(path, where + QStringLiteral(": cannot set up the OpenJPEG decoder"));
    QString error;
    opj_set_error_handler(codec.get(), collectMessage, &error);
    opj_stream_set_user_data(stream.get(), &memory, nullptr);
    opj_stream_set_user_data_length(stream.get(), OPJ_UINT64(bytes.size()));
    opj_stream_set_read_function(stream.get(), readBytes);
    opj_stream_set_skip_function(stream.get(), skipBytes);
    opj_stream_set_seek_function(stream.get(), seekTo);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    opj_image_t* raw = nullptr;
    const bool headerRead = opj_setup_decoder(codec.get(), &parameters) &&
                            opj_read_header(stream.get(), codec.get(), &raw);
    std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
    if (!headerRead || !image || !opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        throw IoError(path,
                      where + QStringLiteral(": damaged or truncated codestream (OpenJPEG: %1)")
                                  .arg(error.isEmpty() ? QStringLiteral("no detail") : error));

    const int samples = expected.samplesPerPixel;
    if (int(image->numcomps) < samples)
        throw IoError(path, where + QStringLiteral(": %1 component(s), the header says %2 samples "
                                                   "per pixel")
                                        .arg(image->numcomps)
                                        .arg(samples));
    for (int c = 0; c < samples; ++c) {
        const opj_image_comp_t& comp = image->comps[c];
        if (int(comp.w) != expected.columns || int(comp.h) != expected.rows || comp.dx != 1 ||
            comp.dy != 1 || !comp.data)
            throw IoError(path,
                          where + QStringLiteral(": component %1 is %2x%3 (subsampling %4x%5), "
                                                 "the header says %6x%7")
                                      .arg(c)
                                      .arg(comp.w)
                                      .arg(comp.h)
                                      .arg(comp.dx)
                                      .arg(comp.dy)
                                      .arg(expected.columns)
                                      .arg(expected.rows));
        if (int(comp.prec) > expected.bitsAllocated)
            throw IoError(path,
                          where + QStringLiteral(": %1-bit samples do not fit Bits Allocated %2")
                                      .arg(comp.prec)
                                      .arg(expected.bitsAllocated));
    }
    const std::size_t pixelsPerFrame = std::size_t(expected.columns) * std::size_t(expected.rows);
    for (int c = 0; c < samples; ++c) {
        const OPJ_INT32* values = image->comps[c].data;
        if (expected.bitsAllocated == 8) {
            for (std::size_t p = 0; p < pixelsPerFrame; ++p)
                out[p * std::size_t(samples) + std::size_t(c)] = std::uint8_t(values[p] & 0xff);
        } else {
            for (std::size_t p = 0; p < pixelsPerFrame; ++p) {
                const auto v = std::uint16_t(values[p] & 0xffff);
                std::uint8_t* dst = out + (p * std::size_t(samples) + std::size_t(c)) * 2;
                dst[0] = std::uint8_t(v & 0xff);
                dst[1] = std::uint8_t(v >> 8);
            }
        }
    }
}

} // namespace tgc

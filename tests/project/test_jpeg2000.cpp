// JPEG 2000 pixel data decoded with OpenJPEG: codestreams written here by OpenJPEG's encoder
// (lossless, so the read must give every voxel back) and damaged ones.
#include "image_reader.h"
#include "test_suites.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <openjpeg.h>
#include <vector>

namespace tgc::test {

namespace {

constexpr int kColumns = 16, kRows = 12;

std::int16_t sample(int x, int y, int frame) {
    return std::int16_t((x * 37 + y * 101 + frame * 409) % 3000 - 1500);
}

struct GrowingBuffer {
    std::vector<std::uint8_t> bytes;
    std::size_t position = 0;
};

OPJ_SIZE_T writeBytes(void* data, OPJ_SIZE_T count, void* user) {
    auto* b = static_cast<GrowingBuffer*>(user);
    if (b->bytes.size() < b->position + count)
        b->bytes.resize(b->position + count);
    std::memcpy(b->bytes.data() + b->position, data, count);
    b->position += count;
    return count;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void* user) {
    auto* b = static_cast<GrowingBuffer*>(user);
    b->position += std::size_t(count);
    if (b->bytes.size() < b->position)
        b->bytes.resize(b->position);
    return count;
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void* user) {
    static_cast<GrowingBuffer*>(user)->position = std::size_t(offset);
    return OPJ_TRUE;
}

// A reversible (lossless) J2K codestream of one signed 16-bit frame.
std::vector<std::uint8_t> encodeFrame(int frame) {
    opj_cparameters_t parameters;
    opj_set_default_encoder_parameters(&parameters);
    parameters.numresolution = 2; // the image is tiny
    parameters.tcp_numlayers = 1;
    parameters.tcp_rates[0] = 0; // lossless
    parameters.cp_disto_alloc = 1;
    opj_image_cmptparm_t component{};
    component.dx = component.dy = 1;
    component.w = kColumns;
    component.h = kRows;
    component.prec = 16;
    component.sgnd = 1;
    opj_image_t* image = opj_image_create(1, &component, OPJ_CLRSPC_GRAY);
    image->x1 = kColumns;
    image->y1 = kRows;
    for (int y = 0; y < kRows; ++y)
        for (int x = 0; x < kColumns; ++x)
            image->comps[0].data[y * kColumns + x] = sample(x, y, frame);
    opj_codec_t* codec = opj_create_compress(OPJ_CODEC_J2K);
    GrowingBuffer buffer;
    opj_stream_t* stream = opj_stream_create(4096, OPJ_FALSE);
    opj_stream_set_user_data(stream, &buffer, nullptr);
    opj_stream_set_write_function(stream, writeBytes);
    opj_stream_set_skip_function(stream, skipBytes);
    opj_stream_set_seek_function(stream, seekTo);
    const bool ok = opj_setup_encoder(codec, &parameters, image) &&
                    opj_start_compress(codec, image, stream) && opj_encode(codec, stream) &&
                    opj_end_compress(codec, stream);
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    opj_image_destroy(image);
    if (!ok)
        throw std::runtime_error("OpenJPEG could not encode the test frame");
    return buffer.bytes;
}

// A CT file with one fragment per frame; `damage` cuts each codestream in half.
void writeJ2kCt(const QString& path, int frames, bool damage) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    char uid[100];
    ds->putAndInsertString(DCM_SOPClassUID, UID_EnhancedCTImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID,
                           dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.7");
    ds->putAndInsertString(DCM_Modality, "CT");
    ds->putAndInsertUint16(DCM_Rows, kRows);
    ds->putAndInsertUint16(DCM_Columns, kColumns);
    ds->putAndInsertString(DCM_NumberOfFrames, QByteArray::number(frames).constData());
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, 16);
    ds->putAndInsertUint16(DCM_HighBit, 15);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 1);
    ds->putAndInsertString(DCM_RescaleSlope, "2");
    ds->putAndInsertString(DCM_RescaleIntercept, "-10");
    auto* pixels = new DcmPixelData(DCM_PixelData);
    auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
    sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB))); // empty offset table
    for (int f = 0; f < frames; ++f) {
        std::vector<std::uint8_t> bytes = encodeFrame(f);
        if (damage)
            bytes.resize(bytes.size() / 2);
        if (bytes.size() % 2)
            bytes.push_back(0);
        auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
        fragment->putUint8Array(bytes.data(), Uint32(bytes.size()));
        sequence->insert(fragment);
    }
    pixels->putOriginalRepresentation(EXS_JPEG2000LosslessOnly, nullptr, sequence);
    ds->insert(pixels);
    const QByteArray native = path.toLocal8Bit();
    if (file.saveFile(native.constData(), EXS_JPEG2000LosslessOnly).bad())
        throw std::runtime_error("cannot write the JPEG 2000 test file");
}

} // namespace

class Jpeg2000Test : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void losslessFramesReadVoxelForVoxel();
    void damagedCodestreamIsNamed();
};

void Jpeg2000Test::losslessFramesReadVoxelForVoxel() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("j2k.dcm"));
    writeJ2kCt(path, 3, false);
    const ImageVolume volume = readImage(path);
    QCOMPARE(volume.dims(), (std::array<int, 3>{kColumns, kRows, 3}));
    int wrong = 0;
    for (int z = 0; z < 3; ++z)
        for (int y = 0; y < kRows; ++y)
            for (int x = 0; x < kColumns; ++x)
                wrong += volume.valueAt(x, y, z) != sample(x, y, z) * 2.0 - 10.0 ? 1 : 0;
    QCOMPARE(wrong, 0);
}

void Jpeg2000Test::damagedCodestreamIsNamed() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut-j2k.dcm"));
    writeJ2kCt(path, 2, true);
    try {
        readImage(path);
        QFAIL("a cut codestream was read");
    } catch (const IoError& e) {
        QVERIFY2(e.message().contains(QLatin1String("cut-j2k.dcm")), qPrintable(e.message()));
        QVERIFY2(e.reason().contains(QLatin1String("JPEG 2000 frame 1")), qPrintable(e.message()));
    }
}

std::unique_ptr<QObject> makeJpeg2000Test() {
    return std::make_unique<Jpeg2000Test>();
}

} // namespace tgc::test

#include "test_jpeg2000.moc"

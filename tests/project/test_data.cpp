#include "test_data.h"

#include "dicom_encoding.h"

#include <QFile>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <stdexcept>

namespace tgc::test {

std::int16_t ctValue(int x, int y, int z) {
    return std::int16_t((x * 7 + y * 31 + z * 113) % 2000 - 1000);
}

ImageVolume makeCtVolume(int columns, int rows, int slices, std::array<double, 3> spacing) {
    VolumeGeometry g;
    g.dims = {columns, rows, slices};
    g.spacing = spacing;
    g.origin = {-100.0, -120.0, 30.0};
    ImageVolume volume(VoxelType::Int16, 1, g);
    volume.modality = QStringLiteral("CT");
    auto* v = volume.data<std::int16_t>();
    for (int z = 0; z < slices; ++z)
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < columns; ++x)
                v[(std::size_t(z) * rows + y) * columns + x] = ctValue(x, y, z);
    return volume;
}

namespace {
QByteArray joined(const double* values, int n) {
    QByteArray out;
    for (int i = 0; i < n; ++i) {
        if (i)
            out += '\\';
        out += QByteArray::number(values[i], 'g', 10);
    }
    return out;
}
} // namespace

void writeDicomImage(const DicomImageSpec& spec, const QString& path,
                     const QString& transferSyntax) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, spec.sopClassUid.toLatin1().constData());
    char uid[100];
    ds->putAndInsertString(DCM_SOPInstanceUID,
                           dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.3.4");
    ds->putAndInsertString(DCM_SeriesInstanceUID, spec.seriesUid.toLatin1().constData());
    ds->putAndInsertString(DCM_Modality, spec.modality.toLatin1().constData());
    ds->putAndInsertString(DCM_PatientID, "TEST01");
    ds->putAndInsertString(DCM_PatientName, "TEST^PATIENT");
    ds->putAndInsertUint16(DCM_Rows, Uint16(spec.rows));
    ds->putAndInsertUint16(DCM_Columns, Uint16(spec.columns));
    ds->putAndInsertUint16(DCM_SamplesPerPixel, Uint16(spec.samplesPerPixel));
    ds->putAndInsertString(DCM_PhotometricInterpretation, spec.photometric.toLatin1().constData());
    ds->putAndInsertUint16(DCM_BitsAllocated, Uint16(spec.bitsAllocated));
    ds->putAndInsertUint16(DCM_BitsStored, Uint16(spec.bitsStored));
    ds->putAndInsertUint16(DCM_HighBit, Uint16(spec.bitsStored - 1));
    ds->putAndInsertUint16(DCM_PixelRepresentation, spec.pixelSigned ? 1 : 0);
    if (spec.samplesPerPixel > 1)
        ds->putAndInsertUint16(DCM_PlanarConfiguration, Uint16(spec.planarConfiguration));
    if (spec.frames > 1)
        ds->putAndInsertString(DCM_NumberOfFrames, QByteArray::number(spec.frames).constData());
    if (spec.instanceNumber)
        ds->putAndInsertString(DCM_InstanceNumber,
                               QByteArray::number(*spec.instanceNumber).constData());
    if (spec.position)
        ds->putAndInsertString(DCM_ImagePositionPatient,
                               joined(spec.position->data(), 3).constData());
    if (spec.orientation)
        ds->putAndInsertString(DCM_ImageOrientationPatient,
                               joined(spec.orientation->data(), 6).constData());
    if (spec.pixelSpacing)
        ds->putAndInsertString(DCM_PixelSpacing, joined(spec.pixelSpacing->data(), 2).constData());
    if (spec.slope)
        ds->putAndInsertString(DCM_RescaleSlope,
                               QByteArray::number(*spec.slope, 'g', 10).constData());
    if (spec.intercept)
        ds->putAndInsertString(DCM_RescaleIntercept,
                               QByteArray::number(*spec.intercept, 'g', 10).constData());
    if (spec.window) {
        ds->putAndInsertString(DCM_WindowCenter, QByteArray::number((*spec.window)[0]).constData());
        ds->putAndInsertString(DCM_WindowWidth, QByteArray::number((*spec.window)[1]).constData());
    }
    if (!spec.pixels.empty()) {
        if (spec.bitsAllocated == 8) {
            ds->putAndInsertUint8Array(DCM_PixelData, spec.pixels.data(),
                                       unsigned(spec.pixels.size()));
        } else {
            std::vector<Uint16> words(spec.pixels.size() / 2);
            for (std::size_t i = 0; i < words.size(); ++i)
                words[i] = Uint16(spec.pixels[2 * i] | (spec.pixels[2 * i + 1] << 8));
            ds->putAndInsertUint16Array(DCM_PixelData, words.data(), unsigned(words.size()));
        }
    }
    saveDicomFile(file, path, transferSyntax);
}

std::vector<std::uint8_t> bytesOf(const std::vector<std::uint16_t>& samples) {
    std::vector<std::uint8_t> bytes;
    for (std::uint16_t s : samples) {
        bytes.push_back(std::uint8_t(s & 0xff));
        bytes.push_back(std::uint8_t(s >> 8));
    }
    return bytes;
}

void writeNonImageDicom(const QString& sopClassUid, const QString& path) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    char uid[100];
    ds->putAndInsertString(DCM_SOPClassUID, sopClassUid.toLatin1().constData());
    ds->putAndInsertString(DCM_SOPInstanceUID,
                           dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.3.4");
    ds->putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.99");
    ds->putAndInsertString(DCM_Modality, "SR");
    ds->putAndInsertString(DCM_PatientID, "TEST01");
    saveDicomFile(file, path, {});
}

void truncateCopy(const QString& from, const QString& to, qint64 keep) {
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open test input");
    writeBytes(to, in.read(keep));
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        throw std::runtime_error("cannot write test file");
}

} // namespace tgc::test

#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

namespace tgc::test {

void writeJpeg2000Dicom(const QString& path) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    char uid[100];
    ds->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID,
                           dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_SeriesInstanceUID, "1.2.3.4.6");
    ds->putAndInsertString(DCM_Modality, "CT");
    ds->putAndInsertUint16(DCM_Rows, 4);
    ds->putAndInsertUint16(DCM_Columns, 4);
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, 16);
    ds->putAndInsertUint16(DCM_HighBit, 15);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    auto* pixels = new DcmPixelData(DCM_PixelData);
    auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
    sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB))); // empty offset table
    auto* fragment = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
    Uint8 codestream[8] = {0xff, 0x4f, 0xff, 0x51, 0, 0, 0, 0}; // J2K start of codestream marker
    fragment->putUint8Array(codestream, 8);
    sequence->insert(fragment);
    pixels->putOriginalRepresentation(EXS_JPEG2000LosslessOnly, nullptr, sequence);
    ds->insert(pixels);
    const QByteArray native = path.toLocal8Bit();
    if (file.saveFile(native.constData(), EXS_JPEG2000LosslessOnly).bad())
        throw std::runtime_error("cannot write the JPEG 2000 test file");
}

} // namespace tgc::test

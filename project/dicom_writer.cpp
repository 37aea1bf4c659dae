// writeDicomSeries: a CT series (or one Enhanced CT multi-frame file) from a volume.
#include "dicom_encoding.h"
#include "image_writer.h"

#include <QDate>
#include <QDir>
#include <QTime>
#include <algorithm>
#include <cmath>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace tgc {

namespace {

QByteArray decimal(double v) {
    return QByteArray::number(v, 'g', 10);
}

QByteArray decimals(std::initializer_list<double> values) {
    QByteArray out;
    for (double v : values) {
        if (!out.isEmpty())
            out += '\\';
        out += decimal(v);
    }
    return out;
}

void put(DcmItem* item, const DcmTagKey& tag, const QByteArray& value) {
    item->putAndInsertString(tag, value.constData());
}

void put(DcmItem* item, const DcmTagKey& tag, const QString& value) {
    put(item, tag, value.toLatin1());
}

// The identity of one series, shared by all its files.
struct SeriesIds {
    QByteArray study, series, frameOfReference, date, time;
};

// What every instance of the series holds, with its own SOP class, a new
// SOP instance UID and its image type.
void putCommon(DcmDataset* ds, const DicomSeriesOptions& options, const SeriesIds& ids,
               const VolumeGeometry& g, const WindowLevel& window, int bitsStored,
               const char* sopClassUid, const char* imageType) {
    put(ds, DCM_SOPClassUID, QByteArray(sopClassUid));
    put(ds, DCM_SOPInstanceUID, newDicomUid(SITE_INSTANCE_UID_ROOT));
    put(ds, DCM_ImageType, QByteArray(imageType));
    put(ds, DCM_SpecificCharacterSet, QByteArray("ISO_IR 100"));
    put(ds, DCM_PatientName, options.patientName);
    put(ds, DCM_PatientID, options.patientId);
    put(ds, DCM_PatientBirthDate, QByteArray());
    put(ds, DCM_PatientSex, QByteArray("O"));
    put(ds, DCM_StudyInstanceUID, ids.study);
    put(ds, DCM_SeriesInstanceUID, ids.series);
    put(ds, DCM_FrameOfReferenceUID, ids.frameOfReference);
    put(ds, DCM_StudyDate, ids.date);
    put(ds, DCM_StudyTime, ids.time);
    put(ds, DCM_SeriesDate, ids.date);
    put(ds, DCM_SeriesTime, ids.time);
    put(ds, DCM_ContentDate, ids.date);
    put(ds, DCM_ContentTime, ids.time);
    put(ds, DCM_AccessionNumber, QByteArray());
    put(ds, DCM_ReferringPhysicianName, QByteArray());
    put(ds, DCM_StudyID, QByteArray("1"));
    put(ds, DCM_StudyDescription, options.studyDescription);
    put(ds, DCM_SeriesDescription, options.seriesDescription);
    put(ds, DCM_SeriesNumber, QByteArray("1"));
    put(ds, DCM_Modality, QByteArray("CT"));
    put(ds, DCM_Laterality, QByteArray());
    put(ds, DCM_PatientPosition, QByteArray("HFS"));
    put(ds, DCM_Manufacturer, QByteArray("TGC Annotator"));
    put(ds, DCM_PositionReferenceIndicator, QByteArray());
    put(ds, DCM_KVP, QByteArray());
    put(ds, DCM_AcquisitionNumber, QByteArray("1"));
    ds->putAndInsertUint16(DCM_Rows, Uint16(g.dims[1]));
    ds->putAndInsertUint16(DCM_Columns, Uint16(g.dims[0]));
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    put(ds, DCM_PhotometricInterpretation, QByteArray("MONOCHROME2"));
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, Uint16(bitsStored));
    ds->putAndInsertUint16(DCM_HighBit, Uint16(bitsStored - 1));
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    put(ds, DCM_WindowCenter, decimal(window.center));
    put(ds, DCM_WindowWidth, decimal(window.width));
}

// Stored value = (HU - intercept) / slope, as unsigned 16-bit.
std::vector<Uint16> storedValues(const ImageVolume& image, const DicomSeriesOptions& options,
                                 int& bitsStored) {
    const std::size_t n = image.geometry().voxelCount();
    std::vector<Uint16> stored(n);
    const double slope = options.rescaleSlope != 0 ? options.rescaleSlope : 1.0;
    Uint16 highest = 0;
    const int w = image.dims()[0], h = image.dims()[1];
    std::size_t i = 0;
    for (int z = 0; z < image.dims()[2]; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x, ++i) {
                const double v =
                    std::round((image.valueAt(x, y, z) - options.rescaleIntercept) / slope);
                stored[i] = Uint16(std::clamp(v, 0.0, 65535.0));
                highest = std::max(highest, stored[i]);
            }
    bitsStored = highest < 4096 ? 12 : 16;
    return stored;
}

} // namespace

std::vector<QString> writeDicomSeries(const ImageVolume& image, const QString& dir,
                                      const DicomSeriesOptions& options) {
    if (image.isEmpty())
        throw IoError(dir, QStringLiteral("nothing to write: the image is empty"));
    if (image.components() != 1)
        throw IoError(dir,
                      QStringLiteral("a CT series holds grey images; this image has %1 components")
                          .arg(image.components()));
    if (image.dims()[0] > 65535 || image.dims()[1] > 65535)
        throw IoError(dir, QStringLiteral("image too large for DICOM rows/columns"));
    if (!QDir().mkpath(dir))
        throw IoError(dir,
                      QStringLiteral("cannot create the folder (read-only or no permission?)"));

    int bitsStored = 16;
    const std::vector<Uint16> stored = storedValues(image, options, bitsStored);
    const VolumeGeometry& g = image.geometry();
    const WindowLevel window = image.fileWindow.value_or(
        image.modality == QLatin1String("CT") || image.modality.isEmpty() ? WindowLevel{40.0, 400.0}
                                                                          : image.defaultWindow());
    SeriesIds ids{newDicomUid(SITE_STUDY_UID_ROOT).toLatin1(),
                  newDicomUid(SITE_SERIES_UID_ROOT).toLatin1(),
                  newDicomUid(SITE_UID_ROOT ".1.5").toLatin1(),
                  QDate::currentDate().toString(QStringLiteral("yyyyMMdd")).toLatin1(),
                  QTime::currentTime().toString(QStringLiteral("HHmmss")).toLatin1()};
    const auto& d = g.direction;
    const QByteArray orientation = decimals({d[0], d[1], d[2], d[3], d[4], d[5]});
    const QByteArray pixelSpacing = decimals({g.spacing[1], g.spacing[0]});
    const std::size_t sliceVoxels = g.sliceVoxelCount();
    std::vector<QString> written;

    if (options.multiFrame) {
        DcmFileFormat file;
        DcmDataset* ds = file.getDataset();
        putCommon(ds, options, ids, g, window, bitsStored, UID_EnhancedCTImageStorage,
                  "ORIGINAL\\PRIMARY\\AXIAL\\NONE");
        put(ds, DCM_InstanceNumber, QByteArray("1"));
        put(ds, DCM_NumberOfFrames, QByteArray::number(g.dims[2]));
        DcmItem* shared = nullptr;
        ds->findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
        DcmItem* item = nullptr;
        shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
        put(item, DCM_PixelSpacing, pixelSpacing);
        put(item, DCM_SliceThickness, decimal(g.spacing[2]));
        put(item, DCM_SpacingBetweenSlices, decimal(g.spacing[2]));
        shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
        put(item, DCM_ImageOrientationPatient, orientation);
        shared->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, item, 0);
        put(item, DCM_RescaleIntercept, decimal(options.rescaleIntercept));
        put(item, DCM_RescaleSlope, decimal(options.rescaleSlope));
        put(item, DCM_RescaleType, QByteArray("HU"));
        shared->findOrCreateSequenceItem(DCM_FrameVOILUTSequence, item, 0);
        put(item, DCM_WindowCenter, decimal(window.center));
        put(item, DCM_WindowWidth, decimal(window.width));
        for (int z = 0; z < g.dims[2]; ++z) {
            DcmItem* frame = nullptr;
            ds->findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, -2);
            frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
            const auto p = g.indexToPatient(0, 0, z);
            put(item, DCM_ImagePositionPatient, decimals({p[0], p[1], p[2]}));
            frame->findOrCreateSequenceItem(DCM_FrameContentSequence, item, 0);
            item->putAndInsertUint32(DCM_InStackPositionNumber, Uint32(z + 1));
        }
        ds->putAndInsertUint16Array(DCM_PixelData, stored.data(), Uint32(stored.size()));
        const QString path = QDir(dir).filePath(QStringLiteral("multiframe.dcm"));
        saveDicomFile(file, path, options.transferSyntaxUid);
        written.push_back(path);
        return written;
    }

    const std::array<double, 3> normal{d[6], d[7], d[8]};
    for (int z = 0; z < g.dims[2]; ++z) {
        DcmFileFormat file;
        DcmDataset* ds = file.getDataset();
        putCommon(ds, options, ids, g, window, bitsStored, UID_CTImageStorage,
                  "ORIGINAL\\PRIMARY\\AXIAL");
        put(ds, DCM_InstanceNumber, QByteArray::number(z + 1));
        const auto p = g.indexToPatient(0, 0, z);
        put(ds, DCM_ImagePositionPatient, decimals({p[0], p[1], p[2]}));
        put(ds, DCM_ImageOrientationPatient, orientation);
        put(ds, DCM_SliceLocation, decimal(p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2]));
        put(ds, DCM_PixelSpacing, pixelSpacing);
        put(ds, DCM_SliceThickness, decimal(g.spacing[2]));
        put(ds, DCM_RescaleIntercept, decimal(options.rescaleIntercept));
        put(ds, DCM_RescaleSlope, decimal(options.rescaleSlope));
        put(ds, DCM_RescaleType, QByteArray("HU"));
        ds->putAndInsertUint16Array(DCM_PixelData, stored.data() + std::size_t(z) * sliceVoxels,
                                    Uint32(sliceVoxels));
        const QString path =
            QDir(dir).filePath(QStringLiteral("slice_%1.dcm").arg(z, 4, 10, QLatin1Char('0')));
        saveDicomFile(file, path, options.transferSyntaxUid);
        written.push_back(path);
    }
    return written;
}

} // namespace tgc

// Writing images and label maps: NIfTI (VTK), PNG (OpenCV), DICOM CT series (DCMTK).
// Every failure throws IoError naming the file and the reason. Files are
// written atomically (temporary file, then rename).
#pragma once

#include "image_volume.h"
#include "io_error.h"
#include "label_map.h"

#include <QString>

namespace tgc {

// .nii or .nii.gz; geometry converted from LPS to RAS (qform and sform).
void writeNifti(const ImageVolume& image, const QString& path);
void writeNifti(const LabelMap& labels, const QString& path);

// 2D only (one slice): 8- or 16-bit grey, or 8-bit RGB.
void writePng(const ImageVolume& image, const QString& path);
// Label ids as values (8-bit); with binary255, any label -> 255.
void writePng(const LabelMap& labels, const QString& path, bool binary255 = false);
// A case's mask or proposal file: NIfTI for .nii/.nii.gz, else PNG; the
// folder is created when missing.
void writeLabelFile(const LabelMap& labels, const QString& path);

struct DicomSeriesOptions {
    QString patientName = QStringLiteral("PHANTOM^ONE");
    QString patientId = QStringLiteral("PH0001");
    QString studyDescription;
    QString seriesDescription;
    // DICOM transfer syntax UID; empty = Explicit VR Little Endian.
    // Also: implicit LE, explicit BE, deflated, RLE, JPEG lossless (14 SV1), JPEG-LS lossless.
    QString transferSyntaxUid;
    double rescaleSlope = 1.0;
    double rescaleIntercept = -1024.0; // stored = (HU - intercept) / slope, unsigned 16-bit
    bool multiFrame = false; // one Enhanced/multi-frame file instead of one file per slice
};

// Writes a CT series (one file per slice: <dir>/slice_0000.dcm ...) with real
// UIDs, ImagePositionPatient/OrientationPatient from the geometry, and rescale
// to HU. Returns the written file paths.
std::vector<QString> writeDicomSeries(const ImageVolume& image, const QString& dir,
                                      const DicomSeriesOptions& options = {});

} // namespace tgc

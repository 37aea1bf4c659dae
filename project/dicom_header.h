// What one DICOM file says about its image, parsed without loading the pixel
// data (DCMTK loads large element values lazily, on first access).
#pragma once

#include "image_volume.h"

#include <QString>
#include <array>
#include <memory>
#include <optional>
#include <vector>

class DcmFileFormat;

namespace tgc {

// Position and rescale of one frame of a file.
struct DicomFramePlacement {
    std::optional<std::array<double, 3>> position; // ImagePositionPatient
    double slope = 1.0;
    double intercept = 0.0;
};

struct DicomFileHeader {
    QString path;
    std::shared_ptr<DcmFileFormat> file; // kept for reading the pixel data later
    QString sopClassUid;
    QString sopInstanceUid;
    QString transferSyntaxUid;
    QString modality;
    QString seriesInstanceUid;
    QString seriesDescription;
    QString studyInstanceUid;
    QString frameOfReferenceUid;
    QString patientId;
    QString patientName;
    QString photometric;
    int rows = 0;
    int columns = 0;
    int frames = 1;
    int samplesPerPixel = 1;
    int bitsAllocated = 0;
    int bitsStored = 0;
    bool pixelSigned = false;
    bool hasPixelData = false;
    bool encapsulated = false;
    int instanceNumber = 0;
    bool hasInstanceNumber = false;
    std::optional<std::array<double, 6>> orientation;  // row cosines, then column cosines
    std::optional<std::array<double, 2>> pixelSpacing; // between rows, between columns
    std::optional<double> sliceSpacing;                // SpacingBetweenSlices, else SliceThickness
    std::optional<WindowLevel> window;
    std::vector<DicomFramePlacement> placements; // one per frame
    QString repair; // how a wrongly encoded file was read anyway (becomes a warning)
};

// Reads the header of a DICOM file (with or without meta header). Throws
// IoError naming the file for files DCMTK cannot parse, with a truncated-file
// message when the data stops early.
DicomFileHeader readDicomHeader(const QString& path);

// True when the file starts with the DICOM preamble ("DICM" at byte 128).
bool hasDicomPreamble(const QString& path);

// Throws IoError unless the header describes pixel data this build can
// decode: names the SOP class of objects without pixel data (SR, RTPLAN...),
// and the transfer syntax when no codec is available (JPEG 2000).
void requireDecodablePixels(const DicomFileHeader& header);

// "Basic Text SR Storage (1.2.840...)" style name of a SOP class.
QString sopClassName(const QString& uid);

} // namespace tgc

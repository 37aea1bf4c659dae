// Turning parsed DICOM headers into volumes: grouping a folder into series,
// ordering slices along the normal, and decoding them into one buffer.
#pragma once

#include "dicom_header.h"
#include "image_reader.h"

#include <vector>

namespace tgc {

struct ParsedSeries {
    SeriesInfo info;
    std::vector<DicomFileHeader> headers; // in info.files order
    std::vector<QString> warnings;        // e.g. damaged files left out of the folder scan
};

// Parses every file under the folder (recursively) and groups the DICOM
// images by SeriesInstanceUID, largest series first. Throws IoError naming
// the folder when it holds no DICOM image (naming non-image objects found).
std::vector<ParsedSeries> parseDicomFolder(const QString& folder,
                                           const ReadProgress& progress = {});

// One volume from the headers of one series or one (multi-frame) file.
// Slices are ordered along the slice normal (ImagePositionPatient), else by
// InstanceNumber; frames of other sizes are left out with a warning.
// warnings: found earlier (folder scan), passed on to the volume.
ImageVolume assembleDicomVolume(std::vector<DicomFileHeader>& headers, const QString& displayPath,
                                const ReadProgress& progress = {},
                                std::vector<QString> warnings = {});

} // namespace tgc

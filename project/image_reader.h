// Reading images: DICOM (DCMTK), PNG/JPEG/TIFF (OpenCV), NIfTI and MetaImage (VTK).
// Every failure throws IoError naming the file and the reason.
#pragma once

#include "image_volume.h"
#include "io_error.h"

#include <QString>
#include <functional>
#include <vector>

namespace tgc {

// Progress callback: (done, total); return false to cancel (throws IoError "cancelled").
using ReadProgress = std::function<bool(int done, int total)>;

// One DICOM series found in a folder.
struct SeriesInfo {
    QString seriesInstanceUid;
    QString description;
    QString modality;
    std::vector<QString> files; // sorted along the slice normal
};

// Reads a file or a folder. A folder holding DICOM files gives the largest
// series (the others are listed by scanDicomFolder); a folder of one NIfTI /
// PNG gives that image. Volumes: int16 for CT in HU when the values fit.
ImageVolume readImage(const QString& path, const ReadProgress& progress = {});

// What readImageWithInfo found in the source, for `tgc-cli info` and imports.
struct ImageSourceInfo {
    QString kind; // "dicom", "dicom-series", "nifti", "metaimage", "png", "jpeg", "tiff", "bmp"
    int seriesCount = 0; // DICOM series in the folder; 1 for a DICOM file; 0 otherwise
    int frames = 1; // 2D frames in the source: slices, DICOM frames, NIfTI slices x time points
};

// readImage that also says what kind of source it read.
ImageVolume readImageWithInfo(const QString& path, ImageSourceInfo* info,
                              const ReadProgress& progress = {});

// Lists the DICOM series of a folder (recursively), grouped by
// SeriesInstanceUID and sorted along the slice normal.
std::vector<SeriesInfo> scanDicomFolder(const QString& folder);

// Reads one series given its sorted files.
ImageVolume readDicomSeries(const SeriesInfo& series, const ReadProgress& progress = {});

} // namespace tgc

// Reading DICOM Segmentation objects (binary and fractional SEG) into a label map: the
// frames are indexed first (segment, referenced source image, plane position), then the
// pixels are unpacked onto the target grid.
#pragma once

#include "export/segment_codes.h"
#include "image_volume.h"
#include "label_map.h"

#include <QString>
#include <vector>

namespace tgc {

struct DicomSegment {
    int number = 0; // Segment Number; also the label id in the label map
    QString label;  // Segment Label
    std::array<std::uint8_t, 3> colour{255, 0, 0}; // from the recommended display CIELab
    bool hasColour = false;
    Code category;         // Segmented Property Category
    Code type;             // Segmented Property Type
    QString algorithmType; // MANUAL, SEMIAUTOMATIC, AUTOMATIC
};

struct DicomSegmentation {
    QString path;
    QString segmentationType; // BINARY or FRACTIONAL
    int maxFractionalValue = 1;
    int frames = 0;
    QString seriesInstanceUid;
    QString frameOfReferenceUid;
    QString referencedSeriesUid; // the source series, where the SEG names it
    std::vector<DicomSegment> segments;
    // Voxels = segment numbers; its label table names and colours every segment.
    LabelMap labels;
    bool onSourceGrid = false;     // false: the SEG's own grid (no source given)
    std::vector<QString> warnings; // overlapping segments, frames off the grid...
};

// True when the file's SOP class is Segmentation Storage.
bool isDicomSegFile(const QString& path);

// The Series Instance UID of the source series a SEG names (Referenced Series Sequence), read
// without its pixels; empty when it names none or the file cannot be read.
QString segReferencedSeries(const QString& path);

// Reads a SEG. With `source` (the referenced series as read by readImage) the labels lie on
// the source's grid: frames are placed by their referenced SOP instance, else by their plane
// position. Without it, on the SEG's own grid (its plane positions, orientation and pixel
// measures). Fractional segments count where the value reaches half the maximum fractional
// value. Throws IoError naming the file and the reason (not a SEG, more than 255 segments,
// a frame that does not lie on the source's grid, damaged pixel data).
DicomSegmentation readDicomSeg(const QString& path, const ImageVolume* source = nullptr);

} // namespace tgc

// What the case list holds: an image opened this session, or one image of a
// qata-layout folder with its masks and report (until the project store
// brings real cases), and how such an entry becomes an image and label map.
#pragma once

#include "image_reader.h"
#include "image_volume.h"
#include "label_map.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace tgc {

struct CaseMask {
    QString path;
    QString name; // label name when the mask is one binary layer
};

struct CaseEntry {
    QString id;        // shown in the case list
    QString imagePath; // a file or a DICOM folder
    // Either one label-id map with its label table (labels.json beside the
    // dataset), or binary layers that become labels 1, 2, ... in order.
    QString labelMapPath;
    std::vector<Label> labelTable;
    std::vector<CaseMask> layers;
    QString report;
};

// images/ and text.csv present.
bool isQataFolder(const QString& dir);
// One entry per image of a qata folder: its rows' descriptions form the
// report; masks/<image> (with labels.json) is the label map when it exists,
// else each row's mask is a layer. Throws IoError (text.csv and its line).
std::vector<CaseEntry> qataCases(const QString& dir);

struct LoadedCase {
    CaseEntry entry;
    std::shared_ptr<ImageVolume> image;
    std::shared_ptr<LabelMap> labels; // empty (all 0) when the case has no mask
    QStringList warnings;
};

// Reads the image and its masks (runs off the UI thread). Throws IoError
// naming the file: unreadable image or mask, or a mask on another grid.
LoadedCase loadCase(const CaseEntry& entry, const ReadProgress& progress = {});

// Writes the non-zero voxels of a mask into labels: as binaryId, or with keepIds as their own
// values.
void addMaskToLabels(const ImageVolume& mask, const QString& maskPath, LabelMap& labels,
                     std::uint8_t binaryId, bool keepIds);

} // namespace tgc

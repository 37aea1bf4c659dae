// Reading what a case's sources hold, the same way for every path that
// opens a case: the project importer, the loose-file case list, export,
// comparison and evaluation. The image (one file or folder, or a DICOM
// series' slices), and the starting annotation from the source's masks
// with label ids entered in a label table by name.
#pragma once

#include "image_reader.h"
#include "import_scan.h"
#include "label_map.h"

#include <QStringList>
#include <array>
#include <optional>
#include <vector>

namespace tgc {

// Reads the image a case's sources name: one file or folder, or the sorted
// slices of a DICOM series; a 16-bit slice of a qata dataset as CT in HU
// (qata::adoptCtConvention). Throws IoError naming the file.
ImageVolume readCaseSources(const QStringList& sources, ImageSourceInfo* info = nullptr,
                            const ReadProgress& progress = {});

// "512x512x1", for messages about grids that do not match.
QString gridText(const std::array<int, 3>& dims);

// The id of a label name in a table (case-insensitive); a new name gets a
// row, keeping the preferred id when it is free. So "spleen" is one id in
// every case however the sources numbered it. Throws IoError naming `owner`
// when all 255 ids are taken.
std::uint8_t labelIdFor(std::vector<Label>& table, const QString& name, int preferredId,
                        const std::optional<std::array<std::uint8_t, 3>>& colour,
                        const QString& owner);

// The starting annotation from a candidate's masks: a mask holding one value
// (0/255 or 0/1) is a layer, a label named after what it shows; a mask with
// several values is a label-id map, its ids mapped through the dataset's
// label table by name (kept as they are without one). Later masks win
// overlaps. DICOM SEGs of the series (candidate.segs) follow, each segment
// the label of its name. A mask or SEG that cannot be used is listed in
// `skipped` with its bare reason, the rest apply.
LabelMap startingMask(std::vector<Label>& table, const QString& tableOwner,
                      const ImageVolume& image, const CaseSources& candidate,
                      std::vector<ImportIssue>& skipped);

// Gives every id the mask uses a row in the table ("label 7").
void addMissingLabels(std::vector<Label>& table, const LabelMap& mask);

} // namespace tgc

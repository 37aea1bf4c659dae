// The one write path of a label map (3D Slicer's Segment Editor idea): every
// change, from a brush, a fill or an accepted model proposal, goes through
// LabelEditor. It remembers the original voxels of every tile a stroke
// touches, so that committing the stroke yields one compact undo record.
#pragma once

#include "label_change.h"
#include "label_map.h"
#include "voxel_box.h"

#include <QString>
#include <memory>
#include <unordered_map>

namespace tgc {

class ImageVolume;

enum class PaintMode { Paint, Erase };

struct PaintRule {
    std::uint8_t label = 1;
    PaintMode mode = PaintMode::Paint;
    // Paint only over background and the active label: other labels are kept.
    bool protectOtherLabels = false;
    // Erase only the active label (true) or any label (false).
    bool eraseActiveLabelOnly = true;
    // Threshold-limited painting (Slicer's "editable intensity range"):
    // voxels are changed only where the image value lies in [low, high].
    const ImageVolume* intensity = nullptr;
    double low = 0.0;
    double high = 0.0;
};

class LabelEditor {
public:
    explicit LabelEditor(LabelMap& labels);

    LabelMap& labels() { return m_labels; }

    // Applies the rule over the footprint; returns how many voxels changed.
    std::size_t apply(const Footprint& footprint, const PaintRule& rule);
    // Writes given values over a box (x fastest, one per box voxel) where
    // `where` (same layout, optional) is non-zero. For accepting a proposal,
    // copying a slice, interpolation.
    std::size_t assign(const VoxelBox& box, const std::uint8_t* values,
                       const std::uint8_t* where = nullptr);

    bool hasPendingChange() const { return !m_before.empty(); }
    // Ends the stroke: the undo record of what it changed, or nullptr when
    // nothing changed.
    std::unique_ptr<LabelChange> commit(const QString& description);
    // Puts the pending stroke's voxels back as they were.
    void cancel();

private:
    void rememberTiles(const VoxelBox& box);

    LabelMap& m_labels;
    std::unordered_map<std::int64_t, std::vector<std::uint8_t>> m_before; // tile key -> voxels
};

} // namespace tgc

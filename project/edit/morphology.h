// Whole-label operations (Slicer's Islands and Margin effects, ITK-SNAP's
// hole filling): each computes which voxels to change and writes them
// through the LabelEditor with the caller's PaintRule, so protection of other
// labels, the intensity range and undo apply to them as to a brush stroke.
#pragma once

#include "label_editor.h"

namespace tgc {

// The box holding every voxel of `label`, grown by `margin` voxels per axis
// and clipped to the grid; empty when the label has no voxel.
VoxelBox labelBounds(const LabelMap& labels, std::uint8_t label,
                     const std::array<int, 3>& margin = {0, 0, 0});

// Grows (mm > 0) or shrinks (mm < 0) rule.label by |mm| millimetres,
// measured between voxel centres with the grid's spacing.
std::size_t growShrink(LabelEditor& editor, double mm, const PaintRule& rule);

// Morphological smoothing of rule.label: closing (grow, then shrink) fills
// gaps and notches narrower than about 2 mm, opening (shrink, then grow)
// removes spurs as thin; shapes wider than that keep their outline. Returns
// the voxel writes of the four passes.
std::size_t smooth(LabelEditor& editor, double mm, const PaintRule& rule);

// Removes the 6-connected pieces of rule.label smaller than minVoxels, or all
// but the largest when keepLargestOnly.
std::size_t removeIslands(LabelEditor& editor, std::size_t minVoxels, bool keepLargestOnly,
                          const PaintRule& rule);

// Fills what rule.label encloses in each slice across `normalAxis`.
std::size_t fillHoles(LabelEditor& editor, int normalAxis, const PaintRule& rule);

} // namespace tgc

// Working across slices: copy one slice's label to a neighbour, and fill the
// slices between painted ones by shape-based interpolation (signed distance
// maps blended linearly, as ITK-SNAP and Slicer's "fill between slices" do),
// so an annotator can paint every fifth slice and let the rest follow.
#pragma once

#include "label_editor.h"
#include "slice_plane.h"

namespace tgc {

// Makes rule.label in slice `to` (along from.normal) equal to its extent in
// `from`: painted where the source has it, erased where it does not.
std::size_t copySlice(LabelEditor& editor, const SlicePlane& from, int to, const PaintRule& rule);

// Paints rule.label into every empty slice lying between two slices that
// hold it, across `normalAxis`; returns the voxels changed.
std::size_t interpolateSlices(LabelEditor& editor, int normalAxis, const PaintRule& rule);

} // namespace tgc

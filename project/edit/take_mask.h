// A whole mask written over the annotation: a reviewer starting from one
// annotator's SEG. Labels are matched to the annotation's table by name (a
// name it lacks gets a row), so "liver" stays the case's liver id whatever
// the SEG numbered it.
#pragma once

#include "label_editor.h"
#include "label_map.h"

#include <vector>

namespace tgc {

// Returns how many voxels changed; 0 when the grids differ. The change is
// pending in the editor until its caller commits it (one undo step).
std::size_t takeMask(LabelEditor& editor, std::vector<Label>& table, const LabelMap& mask);

} // namespace tgc

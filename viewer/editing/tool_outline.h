// Outlines the tools draw: the edge of a footprint's cross-section in one
// slice (the brush cursor shows exactly the voxels a dab will change) and
// open or closed polylines (the lasso).
#pragma once

#include "edit/voxel_box.h"
#include "interaction_tool.h"

namespace tgc {

// The boundary between covered and uncovered voxels of the footprint in
// slice `slice` across `sliceAxis`, along voxel faces.
void addFootprintEdges(const Footprint& footprint, int sliceAxis, int slice, ToolOutline& out);

} // namespace tgc

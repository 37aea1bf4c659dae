// Flood fill: a click fills the 4-connected region of the slice that holds
// the clicked voxel's label (and, with the intensity range on, lies within
// it) with the active label. Clicking inside a closed contour fills it.
#pragma once

#include "edit_session.h"
#include "interaction_tool.h"

namespace tgc {

class FillTool : public SessionTool {
public:
    using SessionTool::SessionTool;

    bool press(const SliceEvent& event) override;
};

} // namespace tgc

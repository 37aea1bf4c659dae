// Lasso (polygon) fill: drag around a region of the slice; on release the
// enclosed voxels (centres inside the path, closed back to its start) take
// the active label, or lose it with Shift held.
#pragma once

#include "edit_session.h"
#include "interaction_tool.h"

namespace tgc {

class LassoTool : public SessionTool {
public:
    using SessionTool::SessionTool;

    bool press(const SliceEvent& event) override;
    void drag(const SliceEvent& event) override;
    void release(const SliceEvent& event) override;
    ToolOutline outline() const override;

private:
    SliceEvent m_start;
    std::vector<std::array<double, 3>> m_path; // continuous voxel points
};

} // namespace tgc

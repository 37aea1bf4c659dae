// Clicks on the model's proposal: a left click says the voxel under it
// belongs to the target, a right click or Shift+click that it does not. Each
// click goes to the edit session's ProposalClicks (one undo step), which the
// proposal controller turns into a new request for the clicked slice; no
// label changes. Without a proposal shown a click moves the cross-hair, as
// in Navigate. The clicks of the slice in view are drawn: + and x.
#pragma once

#include "edit_session.h"
#include "interaction_tool.h"

namespace tgc {

class ClickTool : public SessionTool {
public:
    using SessionTool::SessionTool;

    bool press(const SliceEvent& event) override;
    void hover(const SliceEvent& event) override;
    ToolOutline outline() const override;
    bool wantsSecondaryButton() const override { return true; }

private:
    void remember(const SliceEvent& event);

    Orientation m_orientation = Orientation::Axial;
    int m_slice = -1; // of the view last used; -1: none
    int m_sliceAxis = 2;
};

} // namespace tgc

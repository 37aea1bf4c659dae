// Paint and Erase (Slicer: "Erase is Paint with one flag"): dabs of the
// session's brush at the voxel under the pointer, swept between mouse events
// so a fast drag leaves no gap; one undo step per stroke. `[` and `]` change
// the radius; the outline shows the footprint the next dab will cover.
#pragma once

#include "edit_session.h"
#include "interaction_tool.h"

namespace tgc {

class BrushTool : public SessionTool {
public:
    BrushTool(EditSession* session, PaintMode mode);

    bool press(const SliceEvent& event) override;
    void drag(const SliceEvent& event) override;
    void release(const SliceEvent& event) override;
    void hover(const SliceEvent& event) override;
    void leave() override;
    bool key(int key) override;
    ToolOutline outline() const override;

private:
    Footprint sweep(const std::array<double, 3>& from, const std::array<double, 3>& to) const;
    static std::array<double, 3> centreOf(const SliceEvent& event);

    PaintMode m_mode;
    bool m_stroking = false;
    std::array<double, 3> m_last{};
    // Where the outline is drawn: the last pointer position and its view.
    bool m_hovering = false;
    SliceEvent m_pointer;
};

} // namespace tgc

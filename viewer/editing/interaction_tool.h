// The hook for editing tools (brush, eraser, fill...): a tool is a Qt-free
// model fed with slice-space press/drag/release; SliceView translates mouse
// events into these calls while a tool is active (left button only, unless
// the tool asks for the right one too; the other buttons keep panning and
// windowing).
#pragma once

#include "slice_geometry.h"

#include <array>
#include <vector>

namespace tgc {

class EditSession;

struct SliceEvent {
    Orientation orientation = Orientation::Axial;
    int slice = 0;
    // The voxel axis across the view's slices (2 for axial).
    int sliceAxis = 2;
    // Continuous slice coordinates (pixel centres at +0.5) and the voxel under them.
    double u = 0.0;
    double v = 0.0;
    std::array<int, 3> voxel{0, 0, 0};
    // The same point in continuous voxel coordinates (voxel centres at integers).
    std::array<double, 3> point{0.0, 0.0, 0.0};
    bool insideImage = false;
    bool shift = false;
    bool control = false;
    bool secondary = false; // the right button (tools that take it: wantsSecondaryButton)
};

// What a tool draws over the view it was last used in: line segments in
// continuous voxel coordinates (a brush's real footprint, a lasso's path).
struct ToolOutline {
    Orientation orientation = Orientation::Axial;
    int slice = -1; // -1: nothing to draw
    std::vector<std::array<std::array<double, 3>, 2>> segments;
};

class InteractionTool {
public:
    virtual ~InteractionTool() = default;
    // Returns false to let the view handle the press (e.g. moving the cross-hair).
    virtual bool press(const SliceEvent& event) = 0;
    // A tool that acts on the press alone (fill, clicks) follows no stroke.
    virtual void drag(const SliceEvent& event) {}
    // Ends the stroke: the tool commits its change (one undo step).
    virtual void release(const SliceEvent& event) {}
    // The pointer moved with no button down (e.g. to place a brush outline).
    virtual void hover(const SliceEvent& event) {}
    // The pointer left the view.
    virtual void leave() {}
    // A key the view does not use itself (a Qt::Key value); true when handled.
    virtual bool key(int key) { return false; }
    virtual ToolOutline outline() const { return {}; }
    // The right button goes to the tool (secondary) instead of windowing.
    virtual bool wantsSecondaryButton() const { return false; }
};

// The editing tools: whatever they change goes through the edit session, the
// one write path (undo step, journal) for every label change.
class SessionTool : public InteractionTool {
public:
    explicit SessionTool(EditSession* session) : m_session(session) {}

protected:
    EditSession* const m_session;
};

} // namespace tgc

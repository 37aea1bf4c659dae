// The hook for editing tools (brush, eraser, fill...): a tool is a Qt-free
// model fed with slice-space press/drag/release; SliceView translates mouse
// events into these calls while a tool is active (left button only; the other
// buttons keep panning and windowing).
#pragma once

#include "slice_geometry.h"

#include <array>

namespace tgc {

struct SliceEvent {
    Orientation orientation = Orientation::Axial;
    int slice = 0;
    // Continuous slice coordinates (pixel centres at +0.5) and the voxel under them.
    double u = 0.0;
    double v = 0.0;
    std::array<int, 3> voxel{0, 0, 0};
    bool insideImage = false;
    bool shift = false;
    bool control = false;
};

class InteractionTool {
public:
    virtual ~InteractionTool() = default;
    // Returns false to let the view handle the press (e.g. moving the cross-hair).
    virtual bool press(const SliceEvent& event) = 0;
    virtual void drag(const SliceEvent& event) = 0;
    // Ends the stroke: the tool commits its change (one undo step).
    virtual void release(const SliceEvent& event) = 0;
    // The pointer moved with no button down (e.g. to place a brush outline).
    virtual void hover(const SliceEvent& event) {}
};

} // namespace tgc

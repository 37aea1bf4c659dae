#include "click_tool.h"

namespace tgc {

namespace {

constexpr double kMarkRadius = 3.0; // voxels

} // namespace

void ClickTool::remember(const SliceEvent& event) {
    m_orientation = event.orientation;
    m_slice = event.slice;
    m_sliceAxis = event.sliceAxis;
}

bool ClickTool::press(const SliceEvent& event) {
    remember(event);
    ProposalClicks* clicks = m_session->proposalClicks();
    if (event.insideImage && !clicks->isOpen() && clicks->isPending()) {
        clicks->refuse(); // not a cross-hair move either: the click was meant for the proposal
        return true;
    }
    if (!event.insideImage || !clicks->isOpen())
        return false;
    clicks->add({event.voxel, !(event.secondary || event.shift)});
    return true;
}

void ClickTool::hover(const SliceEvent& event) {
    remember(event);
}

ToolOutline ClickTool::outline() const {
    ToolOutline out;
    if (m_slice < 0)
        return out;
    out.orientation = m_orientation;
    out.slice = m_slice;
    // The two in-plane voxel axes of the view.
    const int a = m_sliceAxis == 0 ? 1 : 0;
    const int b = m_sliceAxis == 2 ? 1 : 2;
    for (const ProposalClick& c : m_session->proposalClicks()->clicks()) {
        if (c.voxel[std::size_t(m_sliceAxis)] != m_slice)
            continue;
        std::array<double, 3> centre{double(c.voxel[0]), double(c.voxel[1]), double(c.voxel[2])};
        auto at = [&centre, a, b](double da, double db) {
            std::array<double, 3> p = centre;
            p[std::size_t(a)] += da;
            p[std::size_t(b)] += db;
            return p;
        };
        const double r = kMarkRadius;
        if (c.positive) { // +
            out.segments.push_back({at(-r, 0), at(r, 0)});
            out.segments.push_back({at(0, -r), at(0, r)});
        } else { // x
            out.segments.push_back({at(-r, -r), at(r, r)});
            out.segments.push_back({at(-r, r), at(r, -r)});
        }
    }
    return out;
}

} // namespace tgc

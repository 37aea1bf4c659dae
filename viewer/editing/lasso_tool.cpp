#include "lasso_tool.h"

#include "edit/slice_plane.h"

namespace tgc {

bool LassoTool::press(const SliceEvent& event) {
    if (!m_session->editor())
        return false;
    m_start = event;
    m_path = {event.point};
    return true;
}

void LassoTool::drag(const SliceEvent& event) {
    if (!m_path.empty() && event.point != m_path.back())
        m_path.push_back(event.point);
}

void LassoTool::release(const SliceEvent& event) {
    drag(event);
    LabelEditor* editor = m_session->editor();
    if (editor && m_path.size() >= 3) {
        const auto& d = editor->labels().dims();
        const SlicePlane plane{m_start.sliceAxis, m_start.slice};
        std::vector<std::array<double, 2>> polygon;
        polygon.reserve(m_path.size());
        for (const auto& p : m_path)
            polygon.push_back({p[std::size_t(plane.axisU())], p[std::size_t(plane.axisV())]});
        const PaintMode mode = m_start.shift ? PaintMode::Erase : PaintMode::Paint;
        editor->apply(
            planeFootprint(d, plane, polygonMask(plane.width(d), plane.height(d), polygon)),
            m_session->rule(mode));
        m_session->commit(QObject::tr("Lasso"));
    }
    m_path.clear();
}

ToolOutline LassoTool::outline() const {
    ToolOutline out;
    if (m_path.size() < 2)
        return out;
    out.orientation = m_start.orientation;
    out.slice = m_start.slice;
    for (std::size_t i = 0; i + 1 < m_path.size(); ++i)
        out.segments.push_back({m_path[i], m_path[i + 1]});
    out.segments.push_back({m_path.back(), m_path.front()}); // where it will close
    return out;
}

} // namespace tgc

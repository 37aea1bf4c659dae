#include "brush_tool.h"

#include "tool_outline.h"

#include <Qt>

namespace tgc {

BrushTool::BrushTool(EditSession* session, PaintMode mode) : SessionTool(session), m_mode(mode) {}

std::array<double, 3> BrushTool::centreOf(const SliceEvent& event) {
    // Dabs sit on voxel centres: the footprint is the same wherever the
    // pointer lies within a voxel, so the outline never flickers.
    return {double(event.voxel[0]), double(event.voxel[1]), double(event.voxel[2])};
}

Footprint BrushTool::sweep(const std::array<double, 3>& from,
                           const std::array<double, 3>& to) const {
    const LabelMap* labels = m_session->model()->labels();
    return brushStroke(labels->geometry(), m_pointer.sliceAxis, from, to, m_session->brush());
}

bool BrushTool::press(const SliceEvent& event) {
    LabelEditor* editor = m_session->editor();
    if (!editor)
        return false;
    m_pointer = event;
    m_hovering = true;
    m_stroking = true;
    m_last = centreOf(event);
    editor->apply(sweep(m_last, m_last), m_session->rule(m_mode));
    m_session->strokeChanged();
    return true;
}

void BrushTool::drag(const SliceEvent& event) {
    LabelEditor* editor = m_session->editor();
    m_pointer = event;
    if (!m_stroking || !editor)
        return;
    const auto next = centreOf(event);
    if (next == m_last)
        return;
    if (editor->apply(sweep(m_last, next), m_session->rule(m_mode)) > 0)
        m_session->strokeChanged();
    m_last = next;
}

void BrushTool::release(const SliceEvent& event) {
    drag(event);
    m_stroking = false;
    m_session->commit(m_mode == PaintMode::Paint ? QObject::tr("Paint") : QObject::tr("Erase"));
}

void BrushTool::hover(const SliceEvent& event) {
    m_pointer = event;
    m_hovering = true;
}

void BrushTool::leave() {
    m_hovering = false;
}

bool BrushTool::key(int key) {
    if (key != Qt::Key_BracketLeft && key != Qt::Key_BracketRight)
        return false;
    m_session->stepRadius(key == Qt::Key_BracketRight ? 1 : -1);
    return true;
}

ToolOutline BrushTool::outline() const {
    ToolOutline out;
    if (!m_hovering || !m_session->model()->labels())
        return out;
    out.orientation = m_pointer.orientation;
    out.slice = m_pointer.slice;
    const auto c = centreOf(m_pointer);
    addFootprintEdges(sweep(c, c), m_pointer.sliceAxis, m_pointer.slice, out);
    return out;
}

} // namespace tgc

#include "fill_tool.h"

#include "edit/slice_plane.h"

namespace tgc {

bool FillTool::press(const SliceEvent& event) {
    LabelEditor* editor = m_session->editor();
    if (!editor || !event.insideImage)
        return false;
    const LabelMap& labels = editor->labels();
    const auto& d = labels.dims();
    const SlicePlane plane{event.sliceAxis, event.slice};
    const PaintRule rule = m_session->rule(PaintMode::Paint);
    std::vector<std::uint8_t> allowed;
    if (rule.intensity)
        allowed = intensityMask(*rule.intensity, plane, rule.low, rule.high);
    const auto& v = event.voxel;
    const int u = v[std::size_t(plane.axisU())], w = v[std::size_t(plane.axisV())];
    auto region = floodRegion(readPlane(labels, plane), plane.width(d), plane.height(d), u, w,
                              rule.intensity ? &allowed : nullptr);
    editor->apply(planeFootprint(d, plane, std::move(region)), rule);
    m_session->commit(QObject::tr("Fill"));
    return true;
}

} // namespace tgc

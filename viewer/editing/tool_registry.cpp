#include "tool_registry.h"

#include "brush_tool.h"
#include "click_tool.h"
#include "edit_session.h"
#include "fill_tool.h"
#include "lasso_tool.h"

#include <QtGlobal>
#include <algorithm>

namespace tgc {

// The dock translates these in its context, where the German texts live.
const std::vector<ToolDescriptor>& registeredTools() {
    static const std::vector<ToolDescriptor> tools = {
        {ToolBox::navigateId(), QT_TRANSLATE_NOOP("tgc::EditPanel", "Navigate"),
         QT_TRANSLATE_NOOP("tgc::EditPanel", "Left click moves the cross-hair"),
         QKeySequence(Qt::Key_Escape), nullptr},
        {QStringLiteral("brush"), QT_TRANSLATE_NOOP("tgc::EditPanel", "Brush"),
         QT_TRANSLATE_NOOP("tgc::EditPanel", "Paint the active label; [ and ] change the radius"),
         QKeySequence(Qt::Key_B),
         [](EditSession* s) { return std::make_unique<BrushTool>(s, PaintMode::Paint); }},
        {QStringLiteral("eraser"), QT_TRANSLATE_NOOP("tgc::EditPanel", "Eraser"),
         QT_TRANSLATE_NOOP("tgc::EditPanel",
                           "Erase (only the active label while other labels are protected)"),
         QKeySequence(Qt::Key_E),
         [](EditSession* s) { return std::make_unique<BrushTool>(s, PaintMode::Erase); }},
        {QStringLiteral("fill"), QT_TRANSLATE_NOOP("tgc::EditPanel", "Fill"),
         QT_TRANSLATE_NOOP("tgc::EditPanel", "Flood fill the clicked region of the slice"),
         QKeySequence(Qt::Key_F), [](EditSession* s) { return std::make_unique<FillTool>(s); }},
        {QStringLiteral("lasso"), QT_TRANSLATE_NOOP("tgc::EditPanel", "Lasso"),
         QT_TRANSLATE_NOOP("tgc::EditPanel",
                           "Drag around a region to fill it; with Shift to erase it"),
         QKeySequence(Qt::Key_L), [](EditSession* s) { return std::make_unique<LassoTool>(s); }},
        {QStringLiteral("clicks"), QT_TRANSLATE_NOOP("tgc::EditPanel", "Clicks"),
         QT_TRANSLATE_NOOP("tgc::EditPanel",
                           "Refine the model's proposal: a click adds the region under it, a right "
                           "click or Shift+click removes it; Ctrl+Z takes a click back"),
         QKeySequence(Qt::Key_K), [](EditSession* s) { return std::make_unique<ClickTool>(s); }},
    };
    return tools;
}

ToolBox::ToolBox(EditSession* session, QObject* parent) : QObject(parent) {
    for (const ToolDescriptor& d : registeredTools())
        m_tools.push_back({d.id, d.make ? d.make(session) : nullptr});
}

ToolBox::~ToolBox() = default;

InteractionTool* ToolBox::tool(const QString& id) const {
    for (const Slot& s : m_tools) {
        if (s.id == id)
            return s.tool.get();
    }
    return nullptr;
}

bool ToolBox::select(const QString& id) {
    const bool known =
        std::any_of(m_tools.begin(), m_tools.end(), [&id](const Slot& s) { return s.id == id; });
    if (!known)
        return false;
    if (id != m_current) {
        m_current = id;
        Q_EMIT toolChanged(current());
    }
    return true;
}

} // namespace tgc

// The editing part of the tools dock: the tool buttons (each with its key),
// brush options, the intensity range with its presets, protect other labels,
// the label table and the one-shot operations. It owns the tools and hands
// the chosen one to the views; all state lives in the EditSession.
#pragma once

#include "brush_tool.h"
#include "edit_session.h"
#include "fill_tool.h"
#include "lasso_tool.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class QAction;
class QActionGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace tgc {

class LabelTable;
class ViewArea;

enum class ToolKind { Navigate, Brush, Eraser, Fill, Lasso };

class EditPanel : public QWidget {
    Q_OBJECT
public:
    EditPanel(EditSession* session, ViewArea* views, QWidget* parent = nullptr);
    ~EditPanel() override;

    // Checkable actions choosing the tool (keys Esc, B, E, F, L) and the
    // slice actions; the main window adds them so their keys work anywhere.
    QList<QAction*> toolActions() const;
    QList<QAction*> sliceActions() const;
    void selectTool(ToolKind kind);
    ToolKind currentTool() const { return m_current; }
    InteractionTool* tool(ToolKind kind) const;

private:
    QWidget* createToolButtons();
    QWidget* createBrushBox();
    QWidget* createThresholdBox();
    QWidget* createOperationsBox();
    void showSettings();
    void applyBrushWidgets();
    void applyThresholdWidgets();

    EditSession* m_session;
    QPointer<ViewArea> m_views; // may go first when the window closes
    std::unique_ptr<BrushTool> m_brush;
    std::unique_ptr<BrushTool> m_eraser;
    std::unique_ptr<FillTool> m_fill;
    std::unique_ptr<LassoTool> m_lasso;
    ToolKind m_current = ToolKind::Navigate;
    QActionGroup* m_toolGroup = nullptr;
    QList<QAction*> m_toolActions;
    QList<QAction*> m_sliceActions;
    QDoubleSpinBox* m_radius = nullptr;
    QComboBox* m_unit = nullptr;
    QComboBox* m_shape = nullptr;
    QCheckBox* m_sphere = nullptr;
    QCheckBox* m_threshold = nullptr;
    QDoubleSpinBox* m_low = nullptr;
    QDoubleSpinBox* m_high = nullptr;
    QCheckBox* m_protect = nullptr;
    LabelTable* m_labels = nullptr;
    bool m_updating = false;
};

} // namespace tgc

// The editing part of the tools dock: the tool buttons (each with its key),
// brush options, the intensity range with its presets, protect other labels,
// the label table and the one-shot operations. The tools and the choice of
// one live in the ToolBox, the rest of the state in the EditSession; the
// panel binds widgets to them and hands the chosen tool to the views.
#pragma once

#include "edit_session.h"
#include "tool_registry.h"

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

class EditPanel : public QWidget {
    Q_OBJECT
public:
    EditPanel(EditSession* session, ToolBox* tools, ViewArea* views, QWidget* parent = nullptr);
    ~EditPanel() override;

    // Checkable actions choosing the tool (one per registered tool, with
    // its key) and the slice actions; the main window adds them so their
    // keys work anywhere.
    QList<QAction*> toolActions() const;
    QList<QAction*> sliceActions() const;
    ToolBox* toolBox() const { return m_toolBox; }

private:
    QWidget* createToolButtons();
    QWidget* createBrushBox();
    QWidget* createThresholdBox();
    QWidget* createOperationsBox();
    void showSettings();
    void applyBrushWidgets();
    void applyThresholdWidgets();
    void showTool();

    EditSession* m_session;
    QPointer<ViewArea> m_views; // may go first when the window closes
    ToolBox* m_toolBox;
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

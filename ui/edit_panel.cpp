#include "edit_panel.h"

#include "label_table.h"
#include "named_widget.h"
#include "view_area.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace tgc {

namespace {

// Dock buttons never take the focus: keys keep going to the views.
QPushButton* button(const QString& text, const QString& tip, const char* name) {
    auto* b = named(new QPushButton(text), name, tip);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

} // namespace

EditPanel::EditPanel(EditSession* session, ToolBox* tools, ViewArea* views, QWidget* parent)
    : QWidget(parent), m_session(session), m_views(views), m_toolBox(tools) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createToolButtons());
    layout->addWidget(createBrushBox());
    layout->addWidget(createThresholdBox());
    auto* labelBox = new QGroupBox(tr("Labels"));
    auto* labelLayout = new QVBoxLayout(labelBox);
    m_labels = new LabelTable(session);
    labelLayout->addWidget(m_labels);
    layout->addWidget(labelBox);
    layout->addWidget(createOperationsBox());
    connect(session, &EditSession::settingsChanged, this, &EditPanel::showSettings);
    connect(m_toolBox, &ToolBox::toolChanged, this, &EditPanel::showTool);
    showSettings();
}

EditPanel::~EditPanel() {
    if (m_views)
        m_views->setTool(nullptr); // the views must not keep pointers to our tools
}

QList<QAction*> EditPanel::toolActions() const {
    return m_toolActions;
}

QList<QAction*> EditPanel::sliceActions() const {
    return m_sliceActions;
}

void EditPanel::showTool() {
    if (m_views)
        m_views->setTool(m_toolBox->current());
    const auto& tools = registeredTools();
    for (std::size_t n = 0; n < tools.size(); ++n) {
        if (tools[n].id == m_toolBox->currentId() && !m_toolActions[int(n)]->isChecked())
            m_toolActions[int(n)]->setChecked(true);
    }
}

QWidget* EditPanel::createToolButtons() {
    auto* box = new QGroupBox(tr("Edit"));
    auto* grid = new QGridLayout(box);
    m_toolGroup = new QActionGroup(this);
    int n = 0;
    for (const ToolDescriptor& e : registeredTools()) {
        const QString text = tr(e.title);
        auto* action = new QAction(text, this);
        // "toolBrush" for "brush": the names tests and scripts find them by.
        action->setObjectName(QStringLiteral("tool") + e.id.left(1).toUpper() + e.id.mid(1));
        action->setCheckable(true);
        action->setShortcut(e.key);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(tr(e.tip), e.key.toString()));
        m_toolGroup->addAction(action);
        connect(action, &QAction::triggered, m_toolBox,
                [this, id = e.id] { m_toolBox->select(id); });
        m_toolActions << action;
        // The button shows the key beside the name (iconText: the menu keeps
        // the plain name and lists the key itself).
        action->setIconText(
            QStringLiteral("%1  %2").arg(text, e.key.toString(QKeySequence::NativeText)));
        auto* b = new QToolButton;
        b->setDefaultAction(action);
        b->setFocusPolicy(Qt::NoFocus);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        grid->addWidget(b, n / 2, n % 2);
        ++n;
    }
    m_toolActions.first()->setChecked(true);
    auto* undo = button(tr("Undo  Ctrl+Z"), tr("Undo the last change"), "undoButton");
    auto* redo = button(tr("Redo  Ctrl+Shift+Z"), tr("Redo"), "redoButton");
    QUndoStack* stack = m_session->undoStack();
    connect(undo, &QPushButton::clicked, m_session, &EditSession::undo);
    connect(redo, &QPushButton::clicked, m_session, &EditSession::redo);
    connect(stack, &QUndoStack::canUndoChanged, undo, &QWidget::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redo, &QWidget::setEnabled);
    undo->setEnabled(stack->canUndo());
    redo->setEnabled(stack->canRedo());
    grid->addWidget(undo, 3, 0);
    grid->addWidget(redo, 3, 1);
    return box;
}

QWidget* EditPanel::createBrushBox() {
    auto* box = new QGroupBox(tr("Brush  ( [ ] radius )"));
    auto* grid = new QGridLayout(box);
    m_radius = named(new QDoubleSpinBox, "brushRadius");
    m_radius->setRange(0.5, 200.0);
    m_radius->setDecimals(1);
    m_radius->setKeyboardTracking(false);
    m_unit = new QComboBox;
    m_unit->addItems({tr("px"), tr("mm")});
    m_shape = named(new QComboBox, "brushShape");
    m_shape->addItems({tr("Round"), tr("Square")});
    m_sphere = named(new QCheckBox(tr("3D (sphere)")), "brushSphere",
                     tr("Paint a ball across neighbouring slices"));
    grid->addWidget(new QLabel(tr("Radius")), 0, 0);
    grid->addWidget(m_radius, 0, 1);
    grid->addWidget(m_unit, 0, 2);
    grid->addWidget(m_shape, 1, 0, 1, 2);
    grid->addWidget(m_sphere, 1, 2);
    for (QWidget* w : {static_cast<QWidget*>(m_radius), static_cast<QWidget*>(m_unit),
                       static_cast<QWidget*>(m_shape), static_cast<QWidget*>(m_sphere)})
        w->setFocusPolicy(Qt::ClickFocus);
    connect(m_radius, &QDoubleSpinBox::valueChanged, this, &EditPanel::applyBrushWidgets);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &EditPanel::applyBrushWidgets);
    connect(m_shape, &QComboBox::currentIndexChanged, this, &EditPanel::applyBrushWidgets);
    connect(m_sphere, &QCheckBox::toggled, this, &EditPanel::applyBrushWidgets);
    return box;
}

QWidget* EditPanel::createThresholdBox() {
    auto* box = new QGroupBox(tr("Paint rule"));
    auto* grid = new QGridLayout(box);
    m_protect = named(new QCheckBox(tr("Protect other labels")), "protectLabels",
                      tr("Paint only over background and the active label; erase only it"));
    m_protect->setFocusPolicy(Qt::NoFocus);
    connect(m_protect, &QCheckBox::toggled, m_session, &EditSession::setProtectOtherLabels);
    grid->addWidget(m_protect, 0, 0, 1, 3);
    m_threshold = named(new QCheckBox(tr("Only where intensity in")), "thresholdEnabled");
    m_threshold->setFocusPolicy(Qt::NoFocus);
    m_low = new QDoubleSpinBox;
    m_high = new QDoubleSpinBox;
    for (QDoubleSpinBox* s : {m_low, m_high}) {
        s->setRange(-100000.0, 100000.0);
        s->setDecimals(0);
        s->setKeyboardTracking(false);
        s->setFocusPolicy(Qt::ClickFocus);
        connect(s, &QDoubleSpinBox::valueChanged, this, &EditPanel::applyThresholdWidgets);
    }
    connect(m_threshold, &QCheckBox::toggled, this, &EditPanel::applyThresholdWidgets);
    grid->addWidget(m_threshold, 1, 0, 1, 3);
    grid->addWidget(m_low, 2, 0);
    grid->addWidget(new QLabel(tr("to")), 2, 1);
    grid->addWidget(m_high, 2, 2);
    auto* lung = button(tr("Lung"), tr("-1000 to -400 HU"), "presetLung");
    auto* soft = button(tr("Soft tissue"), tr("-160 to 240 HU"), "presetSoftTissue");
    connect(lung, &QPushButton::clicked, this,
            [this] { m_session->applyPreset(IntensityPreset::Lung); });
    connect(soft, &QPushButton::clicked, this,
            [this] { m_session->applyPreset(IntensityPreset::SoftTissue); });
    grid->addWidget(lung, 3, 0);
    grid->addWidget(soft, 3, 1, 1, 2);
    return box;
}

QWidget* EditPanel::createOperationsBox() {
    auto* box = new QGroupBox(tr("Active label"));
    auto* grid = new QGridLayout(box);
    auto* holes =
        button(tr("Fill holes"), tr("Fill what the label encloses in each slice"), "fillHoles");
    connect(holes, &QPushButton::clicked, this,
            [this] { m_session->fillHoles(m_views->activeOrientation()); });
    grid->addWidget(holes, 0, 0, 1, 3);

    auto* minVoxels = new QSpinBox;
    minVoxels->setRange(1, 10000000);
    minVoxels->setValue(100);
    minVoxels->setSuffix(tr(" vox"));
    minVoxels->setFocusPolicy(Qt::ClickFocus);
    auto* small = button(tr("Remove under"), tr("Remove pieces smaller than this"), "removeSmall");
    auto* largest = button(tr("Keep largest"), tr("Keep only the largest piece"), "keepLargest");
    connect(small, &QPushButton::clicked, this, [this, minVoxels] {
        m_session->removeIslands(std::size_t(minVoxels->value()), false);
    });
    connect(largest, &QPushButton::clicked, this, [this] { m_session->removeIslands(0, true); });
    grid->addWidget(small, 1, 0);
    grid->addWidget(minVoxels, 1, 1);
    grid->addWidget(largest, 1, 2);

    auto* margin = new QDoubleSpinBox;
    margin->setRange(0.1, 50.0);
    margin->setValue(2.0);
    margin->setSuffix(tr(" mm"));
    margin->setFocusPolicy(Qt::ClickFocus);
    auto* grow = button(tr("Grow"), tr("Grow the label by this margin"), "grow");
    auto* shrink = button(tr("Shrink"), tr("Shrink the label by this margin"), "shrink");
    connect(grow, &QPushButton::clicked, this,
            [this, margin] { m_session->growShrink(margin->value()); });
    connect(shrink, &QPushButton::clicked, this,
            [this, margin] { m_session->growShrink(-margin->value()); });
    grid->addWidget(grow, 2, 0);
    grid->addWidget(margin, 2, 1);
    grid->addWidget(shrink, 2, 2);
    auto* smooth = button(
        tr("Smooth"), tr("Fill notches and remove spurs narrower than twice the margin"), "smooth");
    connect(smooth, &QPushButton::clicked, this,
            [this, margin] { m_session->smooth(margin->value()); });
    grid->addWidget(smooth, 3, 0, 1, 3);

    auto* next = named(new QAction(tr("Copy to next slice"), this), "copyToNextSlice");
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(next, &QAction::triggered, this,
            [this] { m_session->copySliceTo(m_views->activeOrientation(), 1); });
    auto* interpolate = named(new QAction(tr("Interpolate slices"), this), "interpolateSlices");
    interpolate->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    interpolate->setToolTip(tr("Fill the slices between painted ones"));
    connect(interpolate, &QAction::triggered, this,
            [this] { m_session->interpolate(m_views->activeOrientation()); });
    m_sliceActions = {next, interpolate};
    int column = 0;
    for (QAction* a : m_sliceActions) {
        a->setIconText(QStringLiteral("%1  %2").arg(
            a->text(), a->shortcut().toString(QKeySequence::NativeText)));
        auto* b = new QToolButton;
        b->setDefaultAction(a);
        b->setFocusPolicy(Qt::NoFocus);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        grid->addWidget(b, 4 + column, 0, 1, 3);
        ++column;
    }
    return box;
}

void EditPanel::showSettings() {
    m_updating = true;
    const BrushSpec& b = m_session->brush();
    m_radius->setValue(b.radius);
    m_radius->setSingleStep(b.radiusInMm ? 0.5 : 1.0);
    m_unit->setCurrentIndex(b.radiusInMm ? 1 : 0);
    m_shape->setCurrentIndex(b.shape == BrushShape::Square ? 1 : 0);
    m_sphere->setChecked(b.sphere);
    m_protect->setChecked(m_session->protectOtherLabels());
    m_threshold->setChecked(m_session->thresholdEnabled());
    m_low->setValue(m_session->thresholdLow());
    m_high->setValue(m_session->thresholdHigh());
    m_low->setEnabled(m_session->thresholdEnabled());
    m_high->setEnabled(m_session->thresholdEnabled());
    m_updating = false;
}

void EditPanel::applyBrushWidgets() {
    if (m_updating)
        return;
    BrushSpec b;
    b.radius = m_radius->value();
    b.radiusInMm = m_unit->currentIndex() == 1;
    b.shape = m_shape->currentIndex() == 1 ? BrushShape::Square : BrushShape::Round;
    b.sphere = m_sphere->isChecked();
    m_session->setBrush(b);
}

void EditPanel::applyThresholdWidgets() {
    if (m_updating)
        return;
    m_session->setThreshold(m_threshold->isChecked(), m_low->value(), m_high->value());
}

} // namespace tgc

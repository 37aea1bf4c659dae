#include "edit_session.h"

#include "edit/morphology.h"
#include "edit/proposal_merge.h"
#include "edit/slice_interpolation.h"
#include "edit/take_mask.h"
#include "label_io.h"

#include <QAction>
#include <algorithm>
#include <cmath>

namespace tgc {

EditSession::EditSession(DisplayModel* model, QObject* parent) : QObject(parent), m_model(model) {
    connect(model, &DisplayModel::imageChanged, this, &EditSession::onImageChanged);
    connect(&m_history.stack(), &QUndoStack::indexChanged, this, [this](int index) {
        announceTiles(index);
        m_model->notifyLabelsChanged();
        Q_EMIT labelsEdited();
    });
    onImageChanged();
}

EditSession::~EditSession() {
    // The stack's destructor clears it and announces that: by then the model
    // may be gone and this object half destroyed, so nobody may hear it.
    disconnect(&m_history.stack(), nullptr, this, nullptr);
}

void EditSession::announceTiles(int index) {
    const QUndoStack& stack = m_history.stack();
    const auto announce = [this, &stack](int i, bool after) {
        const auto* change = dynamic_cast<const LabelChange*>(stack.command(i));
        if (change && change->hasPayload())
            Q_EMIT tilesWritten(change->keys(),
                                after ? change->packedAfter() : change->packedBefore());
    };
    const int from = std::min(m_lastIndex, stack.count());
    for (int i = from - 1; i >= index; --i) // undone: the tiles as they were
        announce(i, false);
    for (int i = from; i < index; ++i) // pushed or redone: the tiles as they are now
        announce(i, true);
    m_lastIndex = index;
}

void EditSession::onImageChanged() {
    // Steps refer to the previous map's voxels: they cannot apply to a new one.
    m_history.stack().clear();
    m_editor.reset();
    m_labels = m_model->sharedLabels();
    if (m_labels)
        m_editor = std::make_unique<LabelEditor>(*m_labels);
    if (m_labels && !m_labels->labels().empty() && !m_labels->label(m_activeLabel))
        m_activeLabel = m_labels->labels().front().id;
    Q_EMIT labelTableChanged();
    Q_EMIT settingsChanged();
}

void EditSession::setActiveLabel(std::uint8_t id) {
    if (id == 0 || id == m_activeLabel)
        return;
    m_activeLabel = id;
    Q_EMIT settingsChanged();
}

void EditSession::setProtectOtherLabels(bool on) {
    if (on == m_protect)
        return;
    m_protect = on;
    Q_EMIT settingsChanged();
}

void EditSession::setThreshold(bool enabled, double low, double high) {
    if (low > high)
        std::swap(low, high);
    if (enabled == m_thresholdOn && low == m_low && high == m_high)
        return;
    m_thresholdOn = enabled;
    m_low = low;
    m_high = high;
    Q_EMIT settingsChanged();
}

std::pair<double, double> EditSession::presetRange(IntensityPreset preset) {
    switch (preset) {
    case IntensityPreset::Lung: // aerated and ground-glass lung, not vessels or walls
        return {-1000.0, -400.0};
    case IntensityPreset::SoftTissue: // the abdomen window's span (W 400, L 40)
        return {-160.0, 240.0};
    }
    return {-1000.0, -400.0};
}

void EditSession::applyPreset(IntensityPreset preset) {
    const auto [low, high] = presetRange(preset);
    setThreshold(true, low, high);
}

void EditSession::setBrush(const BrushSpec& brush) {
    BrushSpec b = brush;
    b.radius = std::clamp(b.radius, 0.5, 200.0);
    m_brush = b;
    Q_EMIT settingsChanged();
}

void EditSession::stepRadius(int steps) {
    BrushSpec b = m_brush;
    const double step = b.radiusInMm ? 0.5 : 1.0;
    b.radius = std::max(step, std::round(b.radius / step) * step + steps * step);
    setBrush(b);
}

PaintRule EditSession::rule(PaintMode mode) const {
    PaintRule r;
    r.label = m_activeLabel;
    r.mode = mode;
    r.protectOtherLabels = m_protect;
    // Erasing with protection on removes only the active label; otherwise any.
    r.eraseActiveLabelOnly = m_protect;
    if (m_thresholdOn && m_model->image() && m_model->image()->components() == 1) {
        r.intensity = m_model->image();
        r.low = m_low;
        r.high = m_high;
    }
    return r;
}

void EditSession::strokeChanged() {
    m_model->notifyLabelsChanged();
}

void EditSession::commit(const QString& what) {
    if (!m_editor)
        return;
    auto change = m_editor->commit(what);
    if (change)
        m_history.push(std::move(change)); // indexChanged refreshes the views
}

void EditSession::undo() {
    if (m_editor && m_editor->hasPendingChange())
        commit(tr("Edit"));
    m_history.stack().undo();
}

void EditSession::redo() {
    if (m_editor && m_editor->hasPendingChange())
        commit(tr("Edit")); // which also drops the redo branch, as any new edit does
    m_history.stack().redo();
}

QAction* EditSession::createUndoAction(QObject* parent) {
    QAction* action = m_history.stack().createUndoAction(parent, tr("&Undo"));
    disconnect(action, &QAction::triggered, &m_history.stack(), nullptr);
    connect(action, &QAction::triggered, this, &EditSession::undo);
    return action;
}

QAction* EditSession::createRedoAction(QObject* parent) {
    QAction* action = m_history.stack().createRedoAction(parent, tr("&Redo"));
    disconnect(action, &QAction::triggered, &m_history.stack(), nullptr);
    connect(action, &QAction::triggered, this, &EditSession::redo);
    return action;
}

template <typename Edit> std::size_t EditSession::applyEdit(const QString& what, Edit&& edit) {
    if (!m_editor)
        return 0;
    const std::size_t n = edit(*m_editor);
    commit(what);
    return n;
}

std::size_t EditSession::fillHoles(Orientation orientation) {
    return applyEdit(tr("Fill holes"), [&](LabelEditor& editor) {
        const SliceGeometry g(m_labels->geometry(), orientation);
        return tgc::fillHoles(editor, g.sliceAxis(), rule(PaintMode::Paint));
    });
}

std::size_t EditSession::removeIslands(std::size_t minVoxels, bool keepLargestOnly) {
    return applyEdit(keepLargestOnly ? tr("Keep largest island") : tr("Remove small islands"),
                     [&](LabelEditor& editor) {
                         return tgc::removeIslands(editor, minVoxels, keepLargestOnly,
                                                   rule(PaintMode::Erase));
                     });
}

std::size_t EditSession::growShrink(double mm) {
    return applyEdit(
        mm > 0 ? tr("Grow %1 mm").arg(mm) : tr("Shrink %1 mm").arg(-mm),
        [&](LabelEditor& editor) { return tgc::growShrink(editor, mm, rule(PaintMode::Paint)); });
}

std::size_t EditSession::smooth(double mm) {
    return applyEdit(tr("Smooth %1 mm").arg(mm), [&](LabelEditor& editor) {
        return tgc::smooth(editor, mm, rule(PaintMode::Paint));
    });
}

std::size_t EditSession::copySliceTo(Orientation orientation, int step) {
    if (!m_editor)
        return 0;
    const SliceGeometry g(m_labels->geometry(), orientation);
    const int from = m_model->sliceIndex(orientation);
    // The view's slice numbers run along the voxel axis, so "next" is +1 in both.
    const std::size_t n = applyEdit(tr("Copy slice"), [&](LabelEditor& editor) {
        return tgc::copySlice(editor, SlicePlane{g.sliceAxis(), from}, from + step,
                              rule(PaintMode::Paint));
    });
    m_model->setSliceIndex(orientation, from + step);
    return n;
}

std::size_t EditSession::interpolate(Orientation orientation) {
    return applyEdit(tr("Interpolate slices"), [&](LabelEditor& editor) {
        const SliceGeometry g(m_labels->geometry(), orientation);
        return tgc::interpolateSlices(editor, g.sliceAxis(), rule(PaintMode::Paint));
    });
}

std::size_t EditSession::acceptProposal(const std::vector<std::uint8_t>& mask, const QString& what,
                                        ProposalMerge merge, const VoxelBox* region) {
    if (!m_editor)
        return 0;
    const std::size_t n = mergeProposal(*m_editor, mask, rule(PaintMode::Paint), merge, region);
    commit(what); // nothing pending: no undo step
    return n;
}

std::size_t EditSession::takeMask(const LabelMap& mask, const QString& what) {
    if (!m_editor || !m_labels)
        return 0;
    const std::size_t rows = m_labels->labels().size();
    const std::size_t n = tgc::takeMask(*m_editor, m_labels->labels(), mask);
    commit(what);
    if (m_labels->labels().size() != rows)
        Q_EMIT labelTableChanged();
    return n;
}

Label* EditSession::findLabel(std::uint8_t id) {
    if (!m_labels)
        return nullptr;
    for (Label& l : m_labels->labels())
        if (l.id == id)
            return &l;
    return nullptr;
}

std::uint8_t EditSession::addLabel() {
    if (!m_labels)
        return 0;
    auto& table = m_labels->labels();
    int id = 1;
    while (id < 256 && findLabel(std::uint8_t(id)))
        ++id;
    if (id >= 256)
        return 0;
    // The project's palette: a label has the same colour wherever it is made.
    table.push_back(Label{std::uint8_t(id), tr("label %1").arg(id), defaultLabelColour(id), true});
    Q_EMIT labelTableChanged();
    setActiveLabel(std::uint8_t(id));
    return std::uint8_t(id);
}

void EditSession::renameLabel(std::uint8_t id, const QString& name) {
    if (Label* l = findLabel(id); l && l->name != name) {
        l->name = name;
        Q_EMIT labelTableChanged();
    }
}

void EditSession::setLabelColour(std::uint8_t id, const std::array<std::uint8_t, 3>& colour) {
    if (Label* l = findLabel(id); l && l->colour != colour) {
        l->colour = colour;
        m_model->notifyLabelsChanged();
        Q_EMIT labelTableChanged();
    }
}

void EditSession::setLabelVisible(std::uint8_t id, bool visible) {
    if (Label* l = findLabel(id); l && l->visible != visible) {
        l->visible = visible;
        m_model->notifyLabelsChanged();
        Q_EMIT labelTableChanged();
    }
}

} // namespace tgc

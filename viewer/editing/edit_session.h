// Editing state shared by the tools and the tools dock: the label editor and
// its undo history for the shown label map, the active label, the paint rule
// options (protect other labels, intensity range) and the brush. No widgets:
// the dock binds to it, the tools read it. Every change to the label map ends
// in commit(), which makes one undo step and refreshes the views.
#pragma once

#include "display_model.h"
#include "edit/brush.h"
#include "edit/label_editor.h"
#include "edit/label_history.h"
#include "edit/proposal_merge.h"
#include "proposal_clicks.h"

#include <QObject>
#include <memory>

class QAction;

namespace tgc {

// Intensity range presets for threshold-limited painting (CT, HU).
enum class IntensityPreset { Lung, SoftTissue };

class EditSession : public QObject {
    Q_OBJECT
public:
    explicit EditSession(DisplayModel* model, QObject* parent = nullptr);
    ~EditSession() override;

    DisplayModel* model() const { return m_model; }
    // Null while no image is shown.
    LabelEditor* editor() const { return m_editor.get(); }
    LabelHistory& history() { return m_history; }
    QUndoStack* undoStack() { return &m_history.stack(); }
    // The clicks refining the model's proposal: steps on the same undo stack.
    ProposalClicks* proposalClicks() { return &m_clicks; }

    std::uint8_t activeLabel() const { return m_activeLabel; }
    void setActiveLabel(std::uint8_t id);
    bool protectOtherLabels() const { return m_protect; }
    void setProtectOtherLabels(bool on);

    bool thresholdEnabled() const { return m_thresholdOn; }
    double thresholdLow() const { return m_low; }
    double thresholdHigh() const { return m_high; }
    void setThreshold(bool enabled, double low, double high);
    static std::pair<double, double> presetRange(IntensityPreset preset);
    void applyPreset(IntensityPreset preset);

    const BrushSpec& brush() const { return m_brush; }
    void setBrush(const BrushSpec& brush);
    // `[` and `]`: one step smaller or larger (1 px or 0.5 mm; 1 at least).
    void stepRadius(int steps);

    // The rule every tool paints with, for painting or erasing.
    PaintRule rule(PaintMode mode) const;

    // A tool changed voxels (mid-stroke): redraw the views.
    void strokeChanged();
    // Writes a whole mask over the annotation as one undo step (a reviewer
    // starting from an annotator's SEG); labels matched by name, new names
    // added to the table. Returns the voxels changed (0: another grid).
    std::size_t takeMask(const LabelMap& mask, const QString& what);
    // Ends the pending change as one undo step named `what`.
    void commit(const QString& what);
    // Undo and redo; a stroke still in progress is committed first, so that
    // Ctrl+Z in the middle of a drag takes the stroke back whole.
    void undo();
    void redo();
    // Menu actions for them, with the stack's texts and enabled states.
    QAction* createUndoAction(QObject* parent);
    QAction* createRedoAction(QObject* parent);

    // One-shot operations on the active label; each is one undo step and
    // returns the voxels it changed.
    std::size_t fillHoles(Orientation orientation);
    std::size_t removeIslands(std::size_t minVoxels, bool keepLargestOnly);
    std::size_t growShrink(double mm);
    std::size_t smooth(double mm);
    // Copies the active label of the slice shown in `orientation` to the
    // next (step 1) or previous (step -1) slice, and shows that slice.
    std::size_t copySliceTo(Orientation orientation, int step);
    std::size_t interpolate(Orientation orientation);
    // Accepting a model proposal: the active label where `mask` (one byte
    // per voxel of the label map, x fastest) is non-zero; with Replace, the
    // active label also goes where it is zero. Only inside `region` (e.g.
    // one slice) when given. One undo step; returns the voxels changed.
    std::size_t acceptProposal(const std::vector<std::uint8_t>& mask, const QString& what,
                               ProposalMerge merge = ProposalMerge::Add,
                               const VoxelBox* region = nullptr);

    // The label table (not part of undo: it names voxels, it does not change them).
    std::uint8_t addLabel();
    void renameLabel(std::uint8_t id, const QString& name);
    void setLabelColour(std::uint8_t id, const std::array<std::uint8_t, 3>& colour);
    void setLabelVisible(std::uint8_t id, bool visible);

Q_SIGNALS:
    void settingsChanged();
    void labelTableChanged();
    // After every committed change, undo and redo.
    void labelsEdited();
    // The tiles a commit, undo or redo wrote, packed as LabelChange packs
    // them: what the autosave journal records.
    void tilesWritten(const std::vector<std::int64_t>& keys, const QByteArray& packed);

private:
    // Runs one whole-mask edit on the editor and commits it as one undo step
    // named `what`; returns the voxels it changed (0 without an image).
    template <typename Edit> std::size_t applyEdit(const QString& what, Edit&& edit);
    void announceTiles(int index);
    void onImageChanged();
    Label* findLabel(std::uint8_t id);

    DisplayModel* m_model;
    std::shared_ptr<LabelMap> m_labels; // kept alive while its history refers to it
    std::unique_ptr<LabelEditor> m_editor;
    LabelHistory m_history;
    ProposalClicks m_clicks{&m_history.stack()};
    int m_lastIndex = 0; // undo stack index the journal has heard of
    std::uint8_t m_activeLabel = 1;
    bool m_protect = false;
    bool m_thresholdOn = false;
    double m_low = -1000.0;
    double m_high = -400.0;
    BrushSpec m_brush;
};

} // namespace tgc

// The clicks that refine the model's shown proposal, in the order given: a
// positive click says "this belongs to the target", a negative one "this does
// not". Each click is one step on the edit session's undo stack, so Ctrl+Z
// steps back through clicks as through strokes; the proposal controller
// listens and asks the model again for the clicked slice. Clicks change the
// proposal only, never a label. When the proposal goes (accepted, rejected,
// another image) the list starts afresh and the steps of the old one do
// nothing any more. No widgets.
#pragma once

#include <QObject>
#include <array>
#include <vector>

class QUndoStack;

namespace tgc {

struct ProposalClick {
    std::array<int, 3> voxel{0, 0, 0}; // image voxel indices; voxel[2] is the axial slice
    bool positive = true;
    bool operator==(const ProposalClick& o) const {
        return voxel == o.voxel && positive == o.positive;
    }
};

class ProposalClicks : public QObject {
    Q_OBJECT
public:
    explicit ProposalClicks(QUndoStack* stack, QObject* parent = nullptr);

    // A proposal that clicks can refine is shown (the proposal controller says so).
    bool isOpen() const { return m_open; }
    // A new proposal (open) or none (closed): the list becomes `base` (the
    // clicks a saved proposal was made with), without undo steps.
    void reset(bool open, const std::vector<ProposalClick>& base = {});

    const std::vector<ProposalClick>& clicks() const { return m_clicks; }
    // The clicks on one axial slice.
    std::vector<ProposalClick> onSlice(int axialSlice) const;
    // One undo step; false (nothing done) while closed.
    bool add(const ProposalClick& click);

    // A proposal is being generated: a click now is refused (refused()), not
    // taken for Navigate's. Cleared by reset().
    void setPending(bool pending) { m_pending = pending; }
    bool isPending() const { return m_pending; }
    void refuse() { Q_EMIT refused(); }
    // The model could not refine the proposal after the last click: that
    // click's step is undone (Redo tries it again). False when the last step
    // on the stack is not a click of this list.
    bool takeBackLast();

Q_SIGNALS:
    // A click was added, undone or redone on this axial slice.
    void changed(int axialSlice);
    // A click came while the proposal it would refine was still coming.
    void refused();

private:
    class Step;
    void push(const ProposalClick& click);
    void pop();

    QUndoStack* m_stack;
    std::vector<ProposalClick> m_clicks;
    bool m_open = false;
    bool m_pending = false;
    bool m_lastWasAdd = false; // the last change added a click (not an undo)
    quint64 m_serial = 0;      // counts resets: an older list's steps do nothing
};

} // namespace tgc

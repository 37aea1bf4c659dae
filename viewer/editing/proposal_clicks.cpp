#include "proposal_clicks.h"

#include <QCoreApplication>
#include <QUndoCommand>
#include <QUndoStack>

namespace tgc {

class ProposalClicks::Step : public QUndoCommand {
public:
    Step(ProposalClicks* owner, const ProposalClick& click)
        : QUndoCommand(click.positive
                           ? QCoreApplication::translate("tgc::ProposalClicks", "Click: add")
                           : QCoreApplication::translate("tgc::ProposalClicks", "Click: remove")),
          m_owner(owner), m_click(click), m_serial(owner->m_serial) {}
    bool belongsTo(const ProposalClicks* owner) const {
        return m_owner == owner && m_serial == owner->m_serial;
    }
    void redo() override {
        if (live())
            m_owner->push(m_click);
    }
    void undo() override {
        if (live())
            m_owner->pop();
    }

private:
    // The list it was made for is still the shown one; otherwise the step
    // is dropped from the stack once undone or redone (QUndoStack does it).
    bool live() {
        const bool same = m_owner->m_serial == m_serial;
        setObsolete(!same);
        return same;
    }
    ProposalClicks* m_owner;
    ProposalClick m_click;
    quint64 m_serial;
};

ProposalClicks::ProposalClicks(QUndoStack* stack, QObject* parent)
    : QObject(parent), m_stack(stack) {}

void ProposalClicks::reset(bool open, const std::vector<ProposalClick>& base) {
    ++m_serial;
    m_open = open;
    m_pending = false;
    m_lastWasAdd = false;
    m_clicks = open ? base : std::vector<ProposalClick>{};
}

std::vector<ProposalClick> ProposalClicks::onSlice(int axialSlice) const {
    std::vector<ProposalClick> out;
    for (const ProposalClick& c : m_clicks)
        if (c.voxel[2] == axialSlice)
            out.push_back(c);
    return out;
}

bool ProposalClicks::add(const ProposalClick& click) {
    if (!m_open)
        return false;
    m_stack->push(new Step(this, click)); // redo() adds it
    return true;
}

bool ProposalClicks::takeBackLast() {
    const int top = m_stack->index() - 1;
    const auto* step = top >= 0 ? dynamic_cast<const Step*>(m_stack->command(top)) : nullptr;
    if (!m_lastWasAdd || !step || !step->belongsTo(this))
        return false;
    m_stack->undo();
    return true;
}

void ProposalClicks::push(const ProposalClick& click) {
    m_clicks.push_back(click);
    m_lastWasAdd = true;
    Q_EMIT changed(click.voxel[2]);
}

void ProposalClicks::pop() {
    if (m_clicks.empty())
        return;
    const int slice = m_clicks.back().voxel[2];
    m_clicks.pop_back();
    m_lastWasAdd = false;
    Q_EMIT changed(slice);
}

} // namespace tgc

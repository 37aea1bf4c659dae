#include "label_history.h"

namespace tgc {

LabelHistory::LabelHistory(std::size_t byteBudget) : m_budget(byteBudget) {}

std::size_t LabelHistory::byteSize() const {
    std::size_t total = 0;
    for (int i = 0; i < m_stack.count(); ++i) {
        if (const auto* change = dynamic_cast<const LabelChange*>(m_stack.command(i)))
            total += change->byteSize();
    }
    return total;
}

void LabelHistory::push(std::unique_ptr<LabelChange> change) {
    if (!change)
        return;
    m_stack.push(change.release());
    std::size_t total = byteSize();
    for (int i = 0; i < m_stack.count() && total > m_budget; ++i) {
        auto* oldest = dynamic_cast<LabelChange*>(const_cast<QUndoCommand*>(m_stack.command(i)));
        if (!oldest || !oldest->hasPayload() || i == m_stack.index() - 1)
            continue; // never drop the step just made
        total -= oldest->byteSize();
        oldest->releasePayload();
    }
}

} // namespace tgc

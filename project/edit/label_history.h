// Undo/redo of a label map through QUndoStack, with its memory capped by
// bytes (3D Slicer's segmentation history keeps a limit too): when the
// stored steps exceed the budget the oldest give up their voxels first.
#pragma once

#include "label_change.h"

#include <QUndoStack>
#include <memory>

namespace tgc {

class LabelHistory {
public:
    explicit LabelHistory(std::size_t byteBudget = 64u << 20);

    QUndoStack& stack() { return m_stack; }
    // Pushes a committed stroke (ignored when null) and enforces the budget.
    void push(std::unique_ptr<LabelChange> change);
    // Bytes held by all steps still on the stack.
    std::size_t byteSize() const;
    std::size_t byteBudget() const { return m_budget; }

private:
    QUndoStack m_stack;
    std::size_t m_budget;
};

} // namespace tgc

// The label table of the tools dock: one row per label with its colour
// (click to recolour), name (double-click to rename) and visibility; the
// selected row is the active label. Bound to the EditSession both ways.
#pragma once

#include "edit_session.h"

#include <QWidget>

class QTableWidget;

namespace tgc {

class LabelTable : public QWidget {
    Q_OBJECT
public:
    explicit LabelTable(EditSession* session, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }

private:
    void rebuild();
    void onItemChanged(int row, int column);
    void onCellClicked(int row, int column);
    std::uint8_t idOfRow(int row) const;

    EditSession* m_session;
    QTableWidget* m_table = nullptr;
    bool m_rebuilding = false;
};

} // namespace tgc

#include "label_table.h"

#include "named_widget.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tgc {

namespace {
enum Column { ColourColumn, NameColumn, VisibleColumn };
}

LabelTable::LabelTable(EditSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = named(new QTableWidget(0, 3), "labelTable");
    m_table->setHorizontalHeaderLabels({QString(), tr("Label"), tr("Shown")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ColourColumn, QHeaderView::Fixed);
    m_table->setColumnWidth(ColourColumn, 28);
    m_table->setMinimumHeight(130); // four rows without scrolling
    m_table->setMaximumHeight(180);
    m_table->setToolTip(tr("Selected row: the active label. Click the colour to change it, "
                           "double-click the name to rename."));
    layout->addWidget(m_table);
    auto* add = named(new QPushButton(tr("Add label")), "addLabel");
    add->setFocusPolicy(Qt::NoFocus);
    connect(add, &QPushButton::clicked, this, [this] { m_session->addLabel(); });
    layout->addWidget(add);

    connect(m_table, &QTableWidget::cellChanged, this, &LabelTable::onItemChanged);
    connect(m_table, &QTableWidget::cellClicked, this, &LabelTable::onCellClicked);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!m_rebuilding && row >= 0)
            m_session->setActiveLabel(idOfRow(row));
    });
    connect(session, &EditSession::labelTableChanged, this, &LabelTable::rebuild);
    connect(session, &EditSession::settingsChanged, this, &LabelTable::rebuild);
    rebuild();
}

std::uint8_t LabelTable::idOfRow(int row) const {
    const QTableWidgetItem* item = m_table->item(row, NameColumn);
    return item ? std::uint8_t(item->data(Qt::UserRole).toInt()) : 0;
}

void LabelTable::rebuild() {
    m_rebuilding = true;
    const LabelMap* labels = m_session->model()->labels();
    const std::vector<Label> rows = labels ? labels->labels() : std::vector<Label>{};
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const Label& l = rows[std::size_t(r)];
        // A decoration, not a background: it stays visible on the selected row.
        auto* swatch = new QTableWidgetItem;
        swatch->setData(Qt::DecorationRole, QColor(l.colour[0], l.colour[1], l.colour[2]));
        swatch->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(r, ColourColumn, swatch);
        auto* name = new QTableWidgetItem(l.name);
        name->setData(Qt::UserRole, int(l.id));
        name->setToolTip(tr("Label %1 (voxel value in the mask)").arg(l.id));
        m_table->setItem(r, NameColumn, name);
        auto* shown = new QTableWidgetItem;
        shown->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        shown->setCheckState(l.visible ? Qt::Checked : Qt::Unchecked);
        m_table->setItem(r, VisibleColumn, shown);
        if (l.id == m_session->activeLabel())
            m_table->setCurrentCell(r, NameColumn);
    }
    m_rebuilding = false;
}

void LabelTable::onItemChanged(int row, int column) {
    if (m_rebuilding)
        return;
    const std::uint8_t id = idOfRow(row);
    if (column == NameColumn) {
        const QString name = m_table->item(row, column)->text().trimmed();
        if (!name.isEmpty())
            m_session->renameLabel(id, name);
        else
            rebuild(); // an empty name is not a name: show the old one again
    } else if (column == VisibleColumn) {
        m_session->setLabelVisible(id, m_table->item(row, column)->checkState() == Qt::Checked);
    }
}

void LabelTable::onCellClicked(int row, int column) {
    if (column != ColourColumn)
        return;
    const std::uint8_t id = idOfRow(row);
    const LabelMap* labels = m_session->model()->labels();
    const Label* l = labels ? labels->label(id) : nullptr;
    if (!l)
        return;
    const QColor c = QColorDialog::getColor(QColor(l->colour[0], l->colour[1], l->colour[2]), this,
                                            tr("Colour of %1").arg(l->name));
    if (c.isValid())
        m_session->setLabelColour(
            id, {std::uint8_t(c.red()), std::uint8_t(c.green()), std::uint8_t(c.blue())});
}

} // namespace tgc

#include "shortcuts.h"

#include "named_widget.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tgc {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("Shortcuts", text);
}
} // namespace

std::vector<ShortcutInfo> shortcutTable() {
    return {
        {tr("Esc"), tr("Navigate (left click moves the cross-hair)")},
        {tr("B"), tr("Brush")},
        {tr("E"), tr("Eraser")},
        {tr("F"), tr("Flood fill")},
        {tr("L"), tr("Lasso fill (Shift: lasso erase)")},
        {tr("K"), tr("Clicks on the proposal (right click or Shift+click: remove)")},
        {tr("[  ]"), tr("Brush radius smaller / larger")},
        {tr("Ctrl+Z"), tr("Undo")},
        {tr("Ctrl+Shift+Z"), tr("Redo")},
        {tr("Ctrl+Shift+N"), tr("Copy the slice's label to the next slice")},
        {tr("Ctrl+Shift+I"), tr("Interpolate between painted slices")},
        {tr("Ctrl+G"), tr("Generate the mask the report describes (this slice)")},
        {tr("Ctrl+Shift+G"), tr("Generate the mask for the whole volume")},
        {tr("Wheel, arrows"), tr("Previous / next slice (PgUp/PgDn: 10)")},
        {tr("Ctrl+wheel"), tr("Zoom")},
        {tr("Middle drag"), tr("Pan")},
        {tr("Right drag"), tr("Window / level")},
        {tr("1 … 5"), tr("Window presets: lung, abdomen, bone, brain, file")},
        {tr("Ctrl+0, Ctrl+1"), tr("Fit, 1:1")},
        {tr("Ctrl+O, Ctrl+Shift+O"), tr("Open image, open folder")},
    };
}

QString shortcutSummary() {
    QStringList lines;
    for (const ShortcutInfo& s : shortcutTable())
        lines << QStringLiteral("%1\t%2").arg(s.keys, s.action);
    return lines.join(QLatin1Char('\n'));
}

QDialog* createShortcutsDialog(QWidget* parent) {
    auto* dialog = named(new QDialog(parent), "shortcutsDialog");
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(dialog);
    const auto rows = shortcutTable();
    auto* table = new QTableWidget(int(rows.size()), 2);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    for (int r = 0; r < int(rows.size()); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[std::size_t(r)].keys));
        table->setItem(r, 1, new QTableWidgetItem(rows[std::size_t(r)].action));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(520, 480);
    return dialog;
}

} // namespace tgc

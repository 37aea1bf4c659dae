// The keyboard shortcuts, listed once: the tools dock and Help > Keyboard
// shortcuts both show this table, so they cannot drift apart.
#pragma once

#include <QString>
#include <vector>

class QDialog;
class QWidget;

namespace tgc {

struct ShortcutInfo {
    QString keys;
    QString action;
};

std::vector<ShortcutInfo> shortcutTable();
// "B  Brush\nE  Eraser..." for a compact label.
QString shortcutSummary();
// A non-modal window listing every shortcut.
QDialog* createShortcutsDialog(QWidget* parent);

} // namespace tgc

#include "app_style.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace tgc {

void applyDarkStyle() {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(37, 40, 44);
    const QColor base(26, 28, 31);
    const QColor text(220, 223, 228);
    const QColor accent(64, 140, 220);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(130, 136, 145));
    p.setColor(QPalette::Button, QColor(48, 52, 57));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::Mid, QColor(120, 126, 134));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(110, 114, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(110, 114, 120));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(110, 114, 120));
    QApplication::setPalette(p);
}

} // namespace tgc

// Every widget a test or a script looks for has an object name, and most
// controls say in a tooltip what they do: one call sets both, so a panel's
// layout code reads as the list of what it shows.
#pragma once

#include <QLatin1String>
#include <QString>

namespace tgc {

template <typename Widget>
Widget* named(Widget* widget, const char* objectName, const QString& toolTip = QString()) {
    widget->setObjectName(QLatin1String(objectName));
    if (!toolTip.isEmpty())
        widget->setToolTip(toolTip);
    return widget;
}

} // namespace tgc

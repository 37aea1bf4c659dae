// The main window's report editor, found by its name as a user's tools find
// it: for tests that type into the real widget. Tests that only need a
// report set it through the application layer (MainWindow::casePrompts).
#pragma once

#include "main_window.h"
#include "report_panel.h"

#include <QPlainTextEdit>

inline QPlainTextEdit* reportEditorOf(const tgc::MainWindow& window,
                                      const char* name = "reportEditor") {
    return window.reportPanel()->findChild<QPlainTextEdit*>(QLatin1String(name));
}

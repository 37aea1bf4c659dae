// The main window's compare dock (issue 9), kept apart from main_window.cpp
// so compare mode is one small hook there.
#include "compare_controller.h"
#include "compare_panel.h"
#include "main_window.h"

#include <QDockWidget>

namespace tgc {

void MainWindow::createCompareDock() {
    m_compare = new CompareController(m_model, m_reportPanel, m_models, m_project, this);
    connect(m_compare->session(), &CompareSession::error, this,
            [this](const QString& text) { m_lastError = text; });
    m_comparePanel = new ComparePanel(m_compare);
    m_compareDock = new QDockWidget(tr("Compare models"), this);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    m_compareDock->setWidget(m_comparePanel);
    addDockWidget(Qt::RightDockWidgetArea, m_compareDock);
    // Tabbed with the tools: comparing and editing are seldom done at once.
    tabifyDockWidget(m_toolsDock, m_compareDock);
    m_toolsDock->raise();
}

void MainWindow::showCompareDock() {
    m_compareDock->show();
    m_compareDock->raise();
}

} // namespace tgc

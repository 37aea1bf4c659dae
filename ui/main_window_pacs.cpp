// The main window's PACS dock, kept apart from main_window.cpp: the dock
// over the application's browser and worklist, and the review window.
#include "annotator.h"
#include "main_window.h"
#include "named_widget.h"
#include "pacs_dock.h"
#include "project_controller.h"
#include "review_window.h"

#include <QDockWidget>

namespace tgc {

void MainWindow::createPacsDock() {
    m_pacsPanel = new PacsDock(m_app->pacs(), m_app->worklist());
    m_pacsDock = named(new QDockWidget(tr("PACS"), this), "pacsDockWidget");
    m_pacsDock->setWidget(m_pacsPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_pacsDock);
    tabifyDockWidget(m_casesDock, m_pacsDock);
    m_casesDock->raise();

    connect(m_app, &Annotator::pulledCasesChanged, m_pacsPanel,
            [this] { m_pacsPanel->setPulledCases(m_app->pulledCases()); });
    connect(m_pacsPanel, &PacsDock::pullRequested, m_app, &Annotator::pull);
    connect(m_pacsPanel, &PacsDock::openRequested, m_app->project(), &ProjectController::openCase);
    connect(m_pacsPanel, &PacsDock::pushRequested, m_app, &Annotator::pushShownCase);
    connect(m_pacsPanel, &PacsDock::reviewRequested, this, [this](int row) {
        if (!m_app->review(row))
            return;
        if (!m_reviewWindow)
            m_reviewWindow = new ReviewWindow(m_app->reviewer(), this);
        m_reviewWindow->show();
        m_reviewWindow->raise();
    });
    connect(m_app, &Annotator::attentionWanted, this, [this] {
        raise();
        activateWindow();
    });
}

void MainWindow::showPacsDock() {
    m_pacsDock->show();
    m_pacsDock->raise();
    m_pacsPanel->focusConnect();
}

} // namespace tgc

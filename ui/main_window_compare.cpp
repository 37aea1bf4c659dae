// The main window's compare dock, kept apart from main_window.cpp
// so compare mode is one small hook there.
#include "annotator.h"
#include "compare_panel.h"
#include "main_window.h"
#include "named_widget.h"
#include "project_compare_dialog.h"
#include "project_controller.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>

namespace tgc {

void MainWindow::createCompareDock() {
    m_comparePanel = new ComparePanel(m_app->compare());
    m_compareDock = named(new QDockWidget(tr("Compare models"), this), "compareDock");
    // Scrolled when the window is short: the dock must not make the window taller.
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_comparePanel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_compareDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, m_compareDock);
    // Tabbed with the tools: comparing and editing are seldom done at once.
    tabifyDockWidget(m_toolsDock, m_compareDock);
    m_toolsDock->raise();
}

void MainWindow::createCompareMenu() {
    auto* tools = new QMenu(tr("&Tools"), this);
    QAction* inApp =
        tools->addAction(tr("Compare models on this &case"), this, &MainWindow::showCompareDock);
    inApp->setObjectName(QStringLiteral("actionCompareCase"));
    QAction* batch = tools->addAction(tr("Compare models on &project…"), this,
                                      &MainWindow::showProjectCompareDialog);
    batch->setObjectName(QStringLiteral("actionCompareProject"));
    const ProjectController* project = m_app->project();
    batch->setEnabled(project->hasProject());
    connect(project, &ProjectController::projectChanged, batch,
            [project, batch] { batch->setEnabled(project->hasProject()); });
    // Before Help, which stays last.
    const QList<QAction*> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.last(), tools);
}

void MainWindow::showProjectCompareDialog() {
    auto* dialog = new ProjectCompareDialog(m_app->models(), m_app->project(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show(); // not modal: the annotator may keep working meanwhile
}

void MainWindow::showCompareDock() {
    m_compareDock->show();
    m_compareDock->raise();
}

} // namespace tgc

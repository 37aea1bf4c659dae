// The main window's PACS dock, kept apart from main_window.cpp: the browser
// (ui/application/pacs_browser.h) and its dock, and what a pull or a push
// asks of the project.
#include "edit/label_editor.h"
#include "edit_session.h"
#include "main_window.h"
#include "pacs_browser.h"
#include "pacs_dock.h"
#include "project_controller.h"
#include "review_window.h"
#include "series_reviewer.h"
#include "store/session.h"
#include "team_worklist.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QStatusBar>

namespace tgc {

void MainWindow::createPacsDock() {
    m_pacs = new PacsBrowser(this);
    m_worklist = new TeamWorklist(m_pacs, this);
    m_pacsPanel = new PacsDock(m_pacs, m_worklist);
    m_pacsDock = new QDockWidget(tr("PACS"), this);
    m_pacsDock->setObjectName(QStringLiteral("pacsDockWidget"));
    m_pacsDock->setWidget(m_pacsPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_pacsDock);
    tabifyDockWidget(m_casesDock, m_pacsDock);
    m_casesDock->raise();

    auto showPulled = [this] {
        m_pacsPanel->setPulledCases(m_project->pulledCases(m_pacs->serverName()));
    };
    connect(m_pacs, &PacsBrowser::connected, this, showPulled);
    connect(m_project, &ProjectController::projectChanged, this, showPulled);
    connect(m_pacs, &PacsBrowser::failed, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_pacs, &PacsBrowser::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(m_pacsPanel, &PacsDock::pullRequested, this, [this](int row) {
        if (!m_project->hasProject()) {
            showError(tr("Cannot pull"), tr("Open or create a project first: a pulled series "
                                            "becomes one of its cases."));
            return;
        }
        m_pacs->pull(row, m_project->session()->project().root());
    });
    connect(m_pacs, &PacsBrowser::staged, this,
            [this](const pacs::StagedSeries& staged, const std::optional<pacs::SrReport>& report) {
                if (m_project->hasProject())
                    m_project->adoptPulled(staged, m_pacs->serverName(), report);
            });
    connect(m_project, &ProjectController::pulled, this, [this, showPulled](const QString& id) {
        showPulled();
        m_pacs->notePulled(id);
        m_project->openCase(id);
    });
    connect(m_pacsPanel, &PacsDock::openRequested, m_project, &ProjectController::openCase);
    m_reviewer = new SeriesReviewer(m_pacs, this);
    connect(m_reviewer, &SeriesReviewer::finalRecorded, m_worklist, &TeamWorklist::reload);
    connect(m_reviewer, &SeriesReviewer::editMask, this, &MainWindow::editReviewedMask);
    connect(m_pacsPanel, &PacsDock::reviewRequested, this, [this](int row) {
        if (!m_project->hasProject()) {
            showError(tr("Cannot review"), tr("Open or create a project first: the review "
                                              "fetches the series and its SEGs into it."));
            return;
        }
        if (!m_reviewWindow)
            m_reviewWindow = new ReviewWindow(m_reviewer, this);
        m_reviewWindow->show();
        m_reviewWindow->raise();
        m_reviewer->open(row, m_project->session()->project().root());
    });
    connect(m_pacsPanel, &PacsDock::pushRequested, this, [this] {
        const QString id = m_project->currentCaseId();
        if (!m_project->hasProject() || id.isEmpty()) {
            showError(tr("Cannot push"), tr("Open a case of the project first: its saved mask "
                                            "goes to the PACS as a DICOM SEG."));
            return;
        }
        // The SEG is written from the saved mask: save first, off this thread.
        m_project->saveThen([this, id](bool saved) {
            if (saved && m_project->hasProject())
                m_pacs->push(std::make_shared<const Project>(m_project->session()->project()), id);
        });
    });
    connect(m_pacs, &PacsBrowser::pushUnreachable, this,
            [this](const QString& caseId, const QString&) {
                if (!m_project->hasProject())
                    return;
                const CaseRecord* record = m_project->session()->project().findCase(caseId);
                if (record && record->pacs.isSet())
                    m_worklist->queuePush(caseId, record->pacs.seriesUid);
            });
    // Offline changes wait in the open project's folder.
    auto followProject = [this] {
        if (!m_project->hasProject())
            return m_worklist->setProject({}, {});
        m_worklist->setProject(m_project->session()->project().root(), [this] {
            return m_project->hasProject()
                       ? std::make_shared<const Project>(m_project->session()->project())
                       : std::shared_ptr<const Project>();
        });
    };
    connect(m_project, &ProjectController::projectChanged, this, followProject);
    followProject();
    connect(m_pacs, &PacsBrowser::pushed, this, [this](const pacs::PushResult& result) {
        m_worklist->reload(); // one more SEG for the series
        statusBar()->showMessage(
            tr("Pushed the mask as DICOM SEG series %1").arg(result.segSeriesUid), 8000);
    });
}

// The reviewer starts from an annotator's mask: the series' case in the open
// project is opened and the mask written over its annotation as one undo
// step (Undo gives the case's own annotation back).
void MainWindow::editReviewedMask(const QString& seriesUid, std::shared_ptr<const LabelMap> mask,
                                  const QString& annotator) {
    const QString caseId = m_project->hasProject()
                               ? m_project->pulledCases(m_pacs->serverName()).value(seriesUid)
                               : QString();
    if (caseId.isEmpty()) {
        showError(tr("Cannot edit"), tr("Pull the series into the project first (PACS dock ▸ "
                                        "Pull): the edited mask becomes its case's mask."));
        return;
    }
    auto take = [this, mask, annotator] {
        LabelEditor* editor = editSession()->editor();
        if (!editor || editor->labels().geometry().dims != mask->geometry().dims) {
            showError(tr("Cannot edit"),
                      tr("%1's mask does not lie on the case's grid.").arg(annotator));
            return;
        }
        const std::size_t changed =
            editSession()->takeMask(*mask, tr("%1's mask, for review").arg(annotator));
        statusBar()->showMessage(
            changed == 0 ? tr("%1's mask is the annotation already.").arg(annotator)
                         : tr("Started from %1's mask: edit it, then Push mask; Undo gives the "
                              "case's own annotation back.")
                               .arg(annotator),
            10000);
        raise();
        activateWindow();
    };
    if (m_project->currentCaseId() == caseId && editSession()->editor())
        return take();
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(this, &MainWindow::loadFinished, this, [this, once, take](bool ok) {
        disconnect(*once);
        if (ok)
            take();
    });
    if (!m_project->openCase(caseId)) {
        disconnect(*once);
        showError(tr("Cannot edit"), tr("Case %1 could not be opened.").arg(caseId));
    }
}

void MainWindow::showPacsDock() {
    m_pacsDock->show();
    m_pacsDock->raise();
    m_pacsPanel->focusConnect();
}

} // namespace tgc

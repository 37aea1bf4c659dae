// The application's PACS part, kept apart from annotator.cpp: what a pull,
// a push or a review asks of the open project.
#include "annotator.h"
#include "edit/label_editor.h"
#include "edit_session.h"
#include "pacs_browser.h"
#include "project_controller.h"
#include "series_reviewer.h"
#include "store/session.h"
#include "team_worklist.h"

namespace tgc {

void Annotator::connectPacs() {
    connect(m_pacs, &PacsBrowser::connected, this, &Annotator::pulledCasesChanged);
    connect(m_project, &ProjectController::projectChanged, this, &Annotator::pulledCasesChanged);
    connect(m_pacs, &PacsBrowser::failed, this,
            [this](const QString& text) { Q_EMIT message(text, 8000); });
    connect(m_pacs, &PacsBrowser::message, this,
            [this](const QString& text) { Q_EMIT message(text, 5000); });
    connect(m_pacs, &PacsBrowser::staged, this,
            [this](const pacs::StagedSeries& staged, const std::optional<pacs::SrReport>& report) {
                if (m_project->hasProject())
                    m_project->adoptPulled(staged, m_pacs->serverName(), report);
            });
    connect(m_project, &ProjectController::pulled, this, [this](const QString& id) {
        Q_EMIT pulledCasesChanged();
        m_pacs->notePulled(id);
        m_project->openCase(id);
    });
    connect(m_reviewer, &SeriesReviewer::finalRecorded, m_worklist, &TeamWorklist::reload);
    connect(m_reviewer, &SeriesReviewer::editMask, this, &Annotator::editReviewedMask);
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
        Q_EMIT message(tr("Pushed the mask as DICOM SEG series %1").arg(result.segSeriesUid), 8000);
    });
}

QMap<QString, QString> Annotator::pulledCases() const {
    return m_project->pulledCases(m_pacs->serverName());
}

bool Annotator::pull(int row) {
    if (!needsProject(tr("Cannot pull"), tr("Open or create a project first: a pulled series "
                                            "becomes one of its cases.")))
        return false;
    return m_pacs->pull(row, m_project->session()->project().root());
}

bool Annotator::review(int row) {
    if (!needsProject(tr("Cannot review"), tr("Open or create a project first: the review "
                                              "fetches the series and its SEGs into it.")))
        return false;
    return m_reviewer->open(row, m_project->session()->project().root());
}

bool Annotator::pushShownCase() {
    const QString id = m_project->currentCaseId();
    if (!m_project->hasProject() || id.isEmpty()) {
        report(tr("Cannot push"), tr("Open a case of the project first: its saved mask "
                                     "goes to the PACS as a DICOM SEG."));
        return false;
    }
    // The SEG is written from the saved mask: save first, off this thread.
    m_project->saveThen([this, id](bool saved) {
        if (saved && m_project->hasProject())
            m_pacs->push(std::make_shared<const Project>(m_project->session()->project()), id);
    });
    return true;
}

void Annotator::editReviewedMask(const QString& seriesUid, std::shared_ptr<const LabelMap> mask,
                                 const QString& annotator) {
    const QString caseId = m_project->hasProject() ? pulledCases().value(seriesUid) : QString();
    if (caseId.isEmpty()) {
        report(tr("Cannot edit"), tr("Pull the series into the project first (PACS dock ▸ "
                                     "Pull): the edited mask becomes its case's mask."));
        return;
    }
    auto take = [this, mask, annotator] {
        LabelEditor* editor = m_edit->editor();
        if (!editor || editor->labels().geometry().dims != mask->geometry().dims) {
            report(tr("Cannot edit"),
                   tr("%1's mask does not lie on the case's grid.").arg(annotator));
            return;
        }
        const std::size_t changed =
            m_edit->takeMask(*mask, tr("%1's mask, for review").arg(annotator));
        Q_EMIT message(changed == 0
                           ? tr("%1's mask is the annotation already.").arg(annotator)
                           : tr("Started from %1's mask: edit it, then Push mask; Undo gives the "
                                "case's own annotation back.")
                                 .arg(annotator),
                       10000);
        Q_EMIT attentionWanted();
    };
    if (m_project->currentCaseId() == caseId && m_edit->editor())
        return take();
    const QMetaObject::Connection once = connect(
        this, &Annotator::loadFinished, this,
        [take](bool ok) {
            if (ok)
                take();
        },
        Qt::SingleShotConnection);
    if (!m_project->openCase(caseId)) {
        disconnect(once);
        report(tr("Cannot edit"), tr("Case %1 could not be opened.").arg(caseId));
    }
}

} // namespace tgc

#include "annotator.h"

#include "case_entry.h"
#include "case_list.h"
#include "case_opening.h"
#include "case_prompts.h"
#include "compare_controller.h"
#include "display_model.h"
#include "edit_session.h"
#include "model_host.h"
#include "model_manager.h"
#include "pacs_browser.h"
#include "project_controller.h"
#include "proposal_controller.h"
#include "series_reviewer.h"
#include "team_worklist.h"
#include "token_counting.h"

namespace tgc {

Annotator::Annotator(std::shared_ptr<ModelHost> host, QObject* parent) : QObject(parent) {
    qRegisterMetaType<tgc::LoadedCase>(); // caseShown() crosses queued connections and spies
    m_display = new DisplayModel(this);
    m_edit = new EditSession(m_display, this);
    m_cases = new CaseList(this);
    m_opening = new CaseOpening(m_cases, this);
    m_prompts = new CasePrompts(this);
    m_tokens = new TokenCounting(this);
    m_project = new ProjectController(m_prompts, m_cases, this);
    // The one model host: every inference of the application goes through it.
    m_models = new ModelManager(host ? std::move(host) : std::make_shared<ModelHost>(), this);
    m_proposals = new ProposalController(m_display, m_edit, m_prompts, m_project, m_models, this);
    m_compare = new CompareController(m_display, m_prompts, m_models, m_project, this);
    m_pacs = new PacsBrowser(this);
    m_worklist = new TeamWorklist(m_pacs, this);
    m_reviewer = new SeriesReviewer(m_pacs, this);

    connect(m_opening, &CaseOpening::projectFolder, this,
            [this](const QString& folder) { m_project->openProject(folder); });
    connect(m_opening, &CaseOpening::problem, this, &Annotator::report);
    connect(m_opening, &CaseOpening::started, this, &Annotator::loadStarted);
    connect(m_opening, &CaseOpening::progress, this, &Annotator::loadProgress);
    connect(m_opening, &CaseOpening::loaded, this, &Annotator::show);
    connect(m_opening, &CaseOpening::failed, this,
            [this](const QString& name, const QString& error, bool cancelled) {
                Q_EMIT loadFailed(name, error, cancelled);
                if (!cancelled)
                    report(tr("Cannot open image"), error);
                Q_EMIT loadFinished(false);
            });
    connect(m_models, &ModelManager::error, this, &Annotator::report);
    // The count shown is the active model's: its own tokenizer.
    connect(m_models, &ModelManager::modelReady, m_tokens, [this](const ModelInfo& info) {
        m_tokens->useModel(info.tokenizer, info.spec.clipFolder);
    });
    connect(m_proposals, &ProposalController::error, this, &Annotator::report);
    connect(m_proposals, &ProposalController::message, this,
            [this](const QString& text) { Q_EMIT message(text, 8000); });
    connect(m_compare->session(), &CompareSession::error, this,
            [this](const QString& text) { m_lastError = text; }); // the dock shows it
    connectProject();
    connectPacs();
}

Annotator::~Annotator() = default;

void Annotator::start() {
    m_tokens->start();
    m_models->start();
}

void Annotator::connectProject() {
    connect(m_project, &ProjectController::caseRequested, m_opening, &CaseOpening::openProjectCase);
    connect(m_project, &ProjectController::error, this, &Annotator::report);
    connect(m_project, &ProjectController::message, this,
            [this](const QString& text) { Q_EMIT message(text, 5000); });
    // Every stroke, fill, accepted proposal, undo and redo reaches the autosave journal.
    connect(m_edit, &EditSession::tilesWritten, m_project, &ProjectController::recordMaskTiles);
    // A loose image's report lives in the case list.
    connect(m_prompts, &CasePrompts::edited, this, [this](const QString& field) {
        if (field == QLatin1String("report") && !m_project->hasProject() &&
            !m_opening->shownLoose().isEmpty())
            m_cases->setLooseReport(m_opening->shownLoose(), m_prompts->report());
    });
}

void Annotator::openPaths(const QStringList& paths) {
    const QString first = m_opening->addPaths(paths);
    if (first.isEmpty() || !m_opening->openLoose(first))
        Q_EMIT loadFinished(false);
}

void Annotator::openCase(const QString& caseId) {
    if (!m_cases->showsProject())
        m_opening->openLoose(caseId);
    else if (caseId != m_project->currentCaseId())
        m_project->openCase(caseId);
}

bool Annotator::isLoading() const {
    return m_opening->isLoading();
}

void Annotator::show(const LoadedCase& loaded, const QString& projectCaseId) {
    m_display->setImage(loaded.image, loaded.labels);
    if (!projectCaseId.isEmpty()) {
        m_project->caseLoaded(projectCaseId, loaded.labels);
        m_display->notifyLabelsChanged(); // unsaved edits kept in memory may have been applied
    } else {
        m_project->leaveCase();
        m_prompts->showLooseReport(loaded.entry.report);
    }
    m_proposals->caseShown(projectCaseId); // a saved proposal comes back
    Q_EMIT caseShown(loaded);
    Q_EMIT loadFinished(true);
}

void Annotator::report(const QString& title, const QString& text) {
    m_lastError = text;
    Q_EMIT problem(title, text);
}

bool Annotator::needsProject(const QString& title, const QString& why) {
    if (m_project->hasProject())
        return true;
    report(title, why);
    return false;
}

} // namespace tgc

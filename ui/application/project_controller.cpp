#include "project_controller.h"

#include "case_prompts.h"
#include "io_error.h"
#include "store/case_query.h"
#include "store/session.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QSettings>
#include <QTimer>
#include <utility>

namespace tgc {

ProjectController::ProjectController(CasePrompts* prompts, CaseList* cases, QObject* parent)
    : QObject(parent), m_prompts(prompts), m_cases(cases) {
    m_journalWatch = new QTimer(this);
    m_journalWatch->setInterval(1000);
    connect(m_journalWatch, &QTimer::timeout, this, &ProjectController::checkJournal);

    connect(m_prompts, &CasePrompts::fieldEdited, this, &ProjectController::fieldEdited);
}

ProjectController::~ProjectController() {
    waitForSave();
}

void ProjectController::setSession(std::unique_ptr<ProjectSession> session) {
    waitForSave();
    m_prompts->showCase(nullptr);
    m_current.clear();
    m_cases->showProject(nullptr);
    m_session = std::move(session);
    if (m_session)
        m_session->setUser(QSettings().value(QStringLiteral("user/name")).toString());
    m_cases->showProject(m_session ? &m_session->project() : nullptr);
    m_journalWatch->start();
    refreshProgress();
    Q_EMIT projectChanged();
}

bool ProjectController::openProject(const QString& folder, Recovery recovery) {
    std::unique_ptr<ProjectSession> session;
    try {
        session = ProjectSession::open(folder);
    } catch (const IoError& e) {
        Q_EMIT error(tr("Cannot open the project"), e.message());
        return false;
    }
    if (const auto pending = session->pendingRecovery()) {
        if (recovery == Recovery::Ask)
            recovery =
                m_askRecovery && m_askRecovery(*pending) ? Recovery::Restore : Recovery::Discard;
        if (recovery == Recovery::Restore)
            session->restore();
        else
            session->discardRecovery(); // kept aside in .autosave/, never deleted
    }
    setSession(std::move(session));
    Q_EMIT message(tr("Opened project %1").arg(m_session->project().root()));
    return true;
}

bool ProjectController::createProject(const QString& folder) {
    try {
        setSession(std::make_unique<ProjectSession>(Project::create(folder)));
    } catch (const IoError& e) {
        Q_EMIT error(tr("Cannot create the project"), e.message());
        return false;
    }
    return true;
}

bool ProjectController::saveAs(const QString& folder) {
    if (!m_session || !save())
        return false;
    try {
        m_session->project().saveAs(folder);
    } catch (const IoError& e) {
        Q_EMIT error(tr("Cannot save the project there"), e.message());
        return false;
    }
    return openProject(folder, Recovery::Discard);
}

bool ProjectController::hasUnsavedChanges() {
    waitForSave(); // a save in flight finishes first
    if (!m_session)
        return false;
    m_prompts->flushPending();
    return m_session->isDirty();
}

bool ProjectController::openCase(const QString& caseId) {
    const CaseRecord* record = m_session ? m_session->project().findCase(caseId) : nullptr;
    if (!record)
        return false;
    m_prompts->flushPending();
    m_cases->setCurrent(caseId);
    CaseEntry entry = entryOf(*record);
    const QString mask = m_session->project().maskPath(*record);
    if (QFileInfo::exists(mask)) {
        entry.labelMapPath = mask;
        entry.labelTable = m_session->project().labels;
    }
    Q_EMIT caseRequested(entry, caseId);
    return true;
}

void ProjectController::caseLoaded(const QString& caseId, const std::shared_ptr<LabelMap>& labels) {
    if (!m_session || !labels)
        return;
    m_prompts->flushPending(); // typed while loading: belongs to the case still shown
    if (!m_current.isEmpty() && m_current != caseId)
        m_session->releaseMask(m_current);
    m_current = caseId;
    // A mask kept in memory with unsaved edits wins over the file on disk.
    if (auto kept = m_session->mask(caseId);
        kept && kept != labels && kept->dims() == labels->dims())
        std::copy(kept->data(), kept->data() + kept->geometry().voxelCount(), labels->data());
    m_session->attachMask(caseId, labels);
    m_prompts->showCase(m_session->project().findCase(caseId));
}

void ProjectController::leaveCase() {
    m_prompts->flushPending();
    if (m_session && !m_current.isEmpty())
        m_session->releaseMask(m_current);
    m_current.clear();
    if (m_cases->showsProject())
        m_cases->setCurrent({});
}

void ProjectController::recordMaskTiles(const std::vector<std::int64_t>& keys,
                                        const QByteArray& packed) {
    if (!m_session || m_current.isEmpty())
        return;
    m_session->recordMaskTiles(m_current, keys, packed);
    m_cases->caseChanged(m_current);
    refreshProgress();
}

void ProjectController::fieldEdited(const QString& field, const QString& value) {
    if (!m_session || m_current.isEmpty())
        return;
    m_session->setField(m_current, field, value);
    m_cases->caseChanged(m_current);
    refreshProgress();
}

QString ProjectController::setStatus(CaseStatus status) {
    if (!m_session || m_current.isEmpty())
        return tr("no case is open");
    m_prompts->flushPending();
    const QString refused = m_session->setStatus(m_current, status);
    m_cases->caseChanged(m_current);
    m_cases->filtered()->invalidate();
    refreshProgress();
    return refused;
}

void ProjectController::markShownCase(CaseStatus status) {
    const QString refused = setStatus(status);
    if (!refused.isEmpty())
        Q_EMIT error(tr("Status not changed"), refused);
}

void ProjectController::nextUnfinished(int step) {
    std::vector<const CaseRecord*> order;
    int from = -1;
    const CaseListFilter* filter = m_cases->filtered();
    for (int row = 0; row < filter->rowCount(); ++row) {
        const QModelIndex source = filter->mapToSource(filter->index(row, 0));
        order.push_back(m_cases->recordAt(source.row()));
        if (order.back()->id == m_current)
            from = row;
    }
    const int next = tgc::nextUnfinished(order, from, step);
    if (next < 0)
        Q_EMIT message(tr("Every case in the list is done"));
    else
        openCase(order[std::size_t(next)]->id);
}

QString ProjectController::progressText() const {
    if (!m_session)
        return {};
    const QString done = tgc::progressText(m_session->project().cases());
    return m_autosaveProblem.isEmpty() ? done : done + tr(" — autosave failing");
}

void ProjectController::refreshProgress() {
    Q_EMIT progressChanged();
}

void ProjectController::checkJournal() {
    const QString problem = m_session ? m_session->journalError() : QString();
    if (problem == m_autosaveProblem)
        return;
    m_autosaveProblem = problem;
    Q_EMIT progressChanged();
}

} // namespace tgc

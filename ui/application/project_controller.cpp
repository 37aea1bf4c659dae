#include "project_controller.h"

#include "case_prompts.h"
#include "edit/label_change.h"
#include "io_error.h"
#include "store/case_query.h"
#include "store/importer.h"
#include "store/session.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QSettings>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
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

bool ProjectController::save() {
    if (!m_session)
        return true;
    waitForSave();
    m_prompts->flushPending();
    try {
        m_session->save();
    } catch (const IoError& e) {
        reportSaveFailure(e.message());
        return false;
    }
    Q_EMIT message(tr("Saved %1").arg(m_session->project().root()));
    return true;
}

void ProjectController::saveInBackground() {
    if (!m_session)
        return;
    if (isSaving()) {
        m_saveAgain = true; // edits made meanwhile go in the next one
        return;
    }
    m_prompts->flushPending();
    m_ridingSave = std::move(m_waitingForSave);
    m_waitingForSave.clear();
    Q_EMIT message(tr("Saving…"));
    // First a worker maps memory for the snapshot, then the UI thread copies
    // the masks into it (milliseconds), then a worker writes the files.
    auto* preparing = new QFutureWatcher<PreparedMasks>(this);
    m_prepareWatcher = preparing;
    connect(preparing, &QFutureWatcher<PreparedMasks>::finished, this, [this, preparing] {
        preparing->deleteLater();
        if (m_prepareWatcher != preparing)
            return; // waitForSave() dropped it
        m_prepareWatcher = nullptr;
        startWriting(preparing->result());
    });
    preparing->setFuture(
        QtConcurrent::run([geometries = m_session->dirtyMaskGeometries()]() -> PreparedMasks {
            PreparedMasks prepared;
            for (const auto& [caseId, geometry] : geometries)
                prepared.emplace(caseId, LabelMap(geometry));
            return prepared;
        }));
}

void ProjectController::startWriting(PreparedMasks prepared) {
    if (!m_session)
        return;
    m_saveSnapshot = m_session->beginSave(std::move(prepared));
    auto* watcher = new QFutureWatcher<QString>(this);
    m_saveWatcher = watcher;
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        if (m_saveWatcher == watcher)
            completeSave();
    });
    watcher->setFuture(QtConcurrent::run([snapshot = m_saveSnapshot]() -> QString {
        try {
            ProjectSession::writeSave(*snapshot);
            return {};
        } catch (const IoError& e) {
            return e.message();
        }
    }));
}

void ProjectController::waitForSave() {
    m_saveAgain = false; // the caller saves or leaves on its own terms
    if (m_prepareWatcher) {
        // Nothing taken from the session yet: the prepared memory is dropped,
        // and whoever waited for this save waits for the next one.
        m_prepareWatcher->waitForFinished();
        m_prepareWatcher = nullptr;
        for (auto& done : std::exchange(m_ridingSave, {}))
            m_waitingForSave.push_back(std::move(done));
    }
    if (!m_saveWatcher)
        return;
    m_saveWatcher->waitForFinished();
    completeSave();
}

void ProjectController::completeSave() {
    QFutureWatcher<QString>* watcher = m_saveWatcher;
    m_saveWatcher = nullptr;
    const QString failure = watcher->result();
    watcher->deleteLater();
    const auto snapshot = std::move(m_saveSnapshot);
    if (!m_session)
        return;
    m_session->finishSave(*snapshot, failure.isEmpty());
    if (!failure.isEmpty())
        reportSaveFailure(failure);
    else
        Q_EMIT message(tr("Saved %1").arg(m_session->project().root()));
    Q_EMIT saveFinished(failure.isEmpty());
    for (const auto& done : std::exchange(m_ridingSave, {}))
        done(failure.isEmpty());
    if (m_saveAgain) {
        m_saveAgain = false;
        saveInBackground();
    }
}

void ProjectController::saveThen(std::function<void(bool)> done) {
    m_waitingForSave.push_back(std::move(done));
    saveInBackground(); // starts now, or after the save running (m_saveAgain)
}

void ProjectController::reportSaveFailure(const QString& why) {
    Q_EMIT error(tr("Not saved"),
                 tr("%1\n\nYour edits are kept in memory and in the autosave journal; the "
                    "files saved before are unchanged. Free some space or fix the folder's "
                    "permissions, then save again.")
                     .arg(why));
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

void ProjectController::importSources(const QStringList& sources) {
    if (!m_session || sources.isEmpty() || m_busy)
        return;
    // The import reads on a worker thread into a copy, adopted at the end;
    // the window's busy dialog is modal, so nothing else edits the project
    // meanwhile.
    auto copy = std::make_shared<Project>(m_session->project());
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancelBusy = cancel;
    m_busy = true;
    Q_EMIT busyStarted(tr("Importing…"), true);
    QPointer<ProjectController> self(this);
    ImportOptions options;
    options.annotator = m_session->user();
    options.progress = [cancel, self](int done, int total, const QString& current) {
        QMetaObject::invokeMethod(self, [self, done, total, name = QFileInfo(current).fileName()] {
            if (self)
                Q_EMIT self->busyProgress(done, total, name);
        });
        return !cancel->load();
    };
    auto* watcher = new QFutureWatcher<ImportResult>(this);
    connect(watcher, &QFutureWatcher<ImportResult>::finished, this, [this, watcher, copy] {
        const ImportResult result = watcher->result();
        watcher->deleteLater();
        endBusy();
        m_session->project() = *copy;
        m_cases->showProject(&m_session->project());
        refreshProgress();
        saveInBackground();
        QString text = tr("%1 case(s) imported").arg(result.added.size());
        if (!result.duplicates.empty())
            text += tr(", %1 already in the project").arg(result.duplicates.size());
        if (!result.skipped.empty()) {
            QStringList lines;
            for (const ImportIssue& s : result.skipped)
                lines << s.path + QStringLiteral(": ") + s.reason;
            Q_EMIT error(tr("Some files were not imported"),
                         text + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')));
        }
        Q_EMIT message(text);
        Q_EMIT importFinished(int(result.added.size()));
    });
    watcher->setFuture(QtConcurrent::run(
        [copy, sources, options] { return tgc::importSources(*copy, sources, options); }));
}

void ProjectController::adoptPulled(const pacs::StagedSeries& staged, const QString& server,
                                    const std::optional<pacs::SrReport>& report) {
    if (!m_session)
        return;
    if (m_busy) {
        Q_EMIT error(tr("The series was not pulled"),
                     tr("The project is still reading an import or another pull: pull again "
                        "once it has finished."));
        return;
    }
    // As an import: the series is read into a copy on a worker thread, the
    // project kept from other edits meanwhile, and the copy adopted.
    auto copy = std::make_shared<Project>(m_session->project());
    m_busy = true;
    Q_EMIT busyStarted(tr("Reading the pulled series…"), false);
    auto* watcher = new QFutureWatcher<QString>(this);
    auto caseId = std::make_shared<QString>();
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, copy, caseId] {
        const QString problem = watcher->result();
        watcher->deleteLater();
        endBusy();
        if (!problem.isEmpty()) {
            Q_EMIT error(tr("The series was not pulled"), problem);
            return;
        }
        m_session->project() = *copy;
        m_cases->showProject(&m_session->project());
        refreshProgress();
        saveInBackground();
        Q_EMIT message(tr("Pulled as case %1").arg(*caseId));
        Q_EMIT pulled(*caseId);
    });
    watcher->setFuture(QtConcurrent::run(
        [copy, staged, server, user = m_session->user(), report, caseId]() -> QString {
            try {
                *caseId = pacs::adoptStagedSeries(*copy, staged, server, user, report).caseId;
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        }));
}

QMap<QString, QString> ProjectController::pulledCases(const QString& server) const {
    QMap<QString, QString> cases;
    if (!m_session)
        return cases;
    for (const CaseRecord& c : m_session->project().cases())
        if (c.pacs.server == server && !c.pacs.seriesUid.isEmpty())
            cases.insert(c.pacs.seriesUid, c.id);
    return cases;
}

bool ProjectController::openCase(const QString& caseId) {
    const CaseRecord* record = m_session ? m_session->project().findCase(caseId) : nullptr;
    if (!record)
        return false;
    m_prompts->flushPending();
    m_cases->setCurrent(caseId);
    CaseEntry entry;
    entry.id = record->id;
    entry.sources = record->sources;
    entry.report = record->report;
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

void ProjectController::recordMaskChange(const LabelChange& change) {
    recordMaskTiles(change.keys(), change.packedAfter());
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

void ProjectController::cancelBusy() {
    if (m_cancelBusy)
        m_cancelBusy->store(true);
}

void ProjectController::endBusy() {
    m_busy = false;
    m_cancelBusy.reset();
    Q_EMIT busyFinished();
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

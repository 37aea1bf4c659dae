// Reading into the open project, kept apart from project_controller.cpp:
// an import and a series the PACS browser staged, each on a worker thread
// into a copy of the project that is adopted at the end.
#include "project_controller.h"
#include "store/importer.h"

#include <QFileInfo>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace tgc {

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
        adopt(*copy);
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
        if (!problem.isEmpty()) {
            endBusy();
            Q_EMIT error(tr("The series was not pulled"), problem);
            return;
        }
        adopt(*copy);
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

void ProjectController::cancelBusy() {
    if (m_cancelBusy)
        m_cancelBusy->store(true);
}

void ProjectController::adopt(const Project& copy) {
    endBusy();
    m_session->project() = copy;
    m_cases->showProject(&m_session->project());
    refreshProgress();
    saveInBackground();
}

void ProjectController::endBusy() {
    m_busy = false;
    m_cancelBusy.reset();
    Q_EMIT busyFinished();
}

} // namespace tgc

#include "project_comparison_job.h"

#include "comparison_report.h"

#include <QDir>
#include <QPointer>
#include <QtConcurrent>

namespace tgc {

ProjectComparisonJob::ProjectComparisonJob(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this,
            [this] { Q_EMIT finished(m_watcher.result()); });
}

ProjectComparisonJob::~ProjectComparisonJob() {
    cancel();
    m_watcher.waitForFinished();
}

bool ProjectComparisonJob::start(const Project& project, const QStringList& checkpoints,
                                 const QString& outFolder, const ComparisonOptions& options) {
    if (isRunning())
        return false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const QPointer<ProjectComparisonJob> self(this);
    auto report = [self](int done, int total, const QString& id) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, total, id] {
                if (self)
                    Q_EMIT self->progress(done, total, id);
            },
            Qt::QueuedConnection);
    };
    // The project is copied here, on the UI thread: the worker reads its
    // own snapshot while the annotator goes on editing.
    m_watcher.setFuture(QtConcurrent::run([project, checkpoints, outFolder, options,
                                           cancel = m_cancel, report]() -> Outcome {
        Outcome outcome;
        try {
            const auto cases = projectCaseSource(project);
            ComparisonRunner runner(checkpoints, options);
            outcome.modelNames = runner.modelNames();
            ComparisonReportWriter writer(outFolder, runner.modelNames());
            report(0, int(cases->size()), QString());
            const ComparisonResult result = runner.run(
                *cases,
                [&report](std::size_t done, std::size_t total, const QString& id) {
                    report(int(done), int(total), id);
                },
                [&writer](const CaseComparison& c, const CaseMasks& m) { writer.addCase(c, m); },
                cancel.get());
            writer.finish(result);
            outcome.ok = true;
            outcome.cancelled = result.cancelled;
            outcome.cases = int(result.cases.size());
            outcome.reportPath = writer.folder().absoluteFilePath(QStringLiteral("report.html"));
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(e.what());
        }
        return outcome;
    }));
    return true;
}

void ProjectComparisonJob::cancel() {
    if (m_cancel)
        *m_cancel = true;
}

} // namespace tgc

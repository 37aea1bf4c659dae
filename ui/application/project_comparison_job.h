// Tools ▸ Compare models on project, without widgets: the batch comparison
// (ComparisonRunner and ComparisonReportWriter, as `tgc-cli compare` runs
// them, with the models held by the GUI's model host, so a model the GUI has
// loaded already is not loaded again) on a worker thread, over a snapshot of the project's done and
// reviewed cases as saved, with progress and cancel; the outcome names
// report.html. The dialog only starts it and shows what it says.
#pragma once

#include "comparison_runner.h"
#include "store/project.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>

namespace tgc {

class ModelHost;

class ProjectComparisonJob : public QObject {
    Q_OBJECT
public:
    struct Outcome {
        bool ok = false;
        bool cancelled = false;
        QString error;      // names the file and the problem
        QString reportPath; // report.html (also when cancelled: the cases done so far)
        int cases = 0;      // cases compared
        QStringList modelNames;
    };

    // A host of its own when none is given.
    explicit ProjectComparisonJob(std::shared_ptr<ModelHost> host = nullptr,
                                  QObject* parent = nullptr);
    // Cancels and waits for the worker (at most one engine batch).
    ~ProjectComparisonJob() override;

    // False when a job runs already.
    bool start(const Project& project, const QStringList& checkpoints, const QString& outFolder,
               const ComparisonOptions& options = {});
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

Q_SIGNALS:
    // After each case, and (done 0) once the models are loaded.
    void progress(int done, int total, const QString& caseId);
    void finished(const tgc::ProjectComparisonJob::Outcome& outcome);

private:
    std::shared_ptr<ModelHost> m_host;
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace tgc

Q_DECLARE_METATYPE(tgc::ProjectComparisonJob::Outcome)

#include "project_comparison_job.h"

#include "comparison_report.h"
#include "model_host.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QtConcurrent>

namespace tgc {

namespace {

// A checkpoint the model host holds for the job, run from the job's thread.
class HostedModel : public ComparedModel {
public:
    HostedModel(std::shared_ptr<ModelHost> host, QString path, QByteArray metadata)
        : m_host(std::move(host)), m_path(std::move(path)), m_metadata(std::move(metadata)) {}
    QByteArray metadataJson() const override { return m_metadata; }
    engine::SegmentationResult segmentSlices(const std::vector<engine::SliceInput>& slices,
                                             const engine::Prompt& prompt,
                                             const std::atomic<bool>* cancel) override {
        return m_host->segment(m_path, slices, prompt, cancel);
    }

private:
    std::shared_ptr<ModelHost> m_host;
    QString m_path;
    QByteArray m_metadata;
};

// Holds every checkpoint on the host for one job, and lets go of them after.
class HostedModels {
public:
    HostedModels(std::shared_ptr<ModelHost> host, const QStringList& checkpoints,
                 const ComparisonOptions& options)
        : m_host(std::move(host)), m_requester(m_host->newRequester()) {
        DeviceChoice choice;
        choice.device = options.device;
        choice.threads = options.threads;
        for (const QString& path : checkpoints) {
            ModelSpec spec;
            spec.id = spec.name = QFileInfo(path).completeBaseName();
            spec.path = path;
            spec.clipFolder = options.clipFolder;
            ModelInfo info;
            QString error;
            if (!m_host->hold(spec, choice, m_requester, &error, &info))
                throw std::runtime_error(error.toStdString());
            m_models.push_back(std::make_unique<HostedModel>(m_host, path, info.metadataJson));
        }
    }
    ~HostedModels() { m_host->releaseAll(m_requester); }
    std::vector<std::unique_ptr<ComparedModel>> take() { return std::move(m_models); }

private:
    std::shared_ptr<ModelHost> m_host;
    quint64 m_requester;
    std::vector<std::unique_ptr<ComparedModel>> m_models;
};

} // namespace

ProjectComparisonJob::ProjectComparisonJob(std::shared_ptr<ModelHost> host, QObject* parent)
    : QObject(parent), m_host(host ? std::move(host) : std::make_shared<ModelHost>()) {
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
                                           cancel = m_cancel, report, host = m_host]() -> Outcome {
        Outcome outcome;
        try {
            const auto cases = projectCaseSource(project);
            HostedModels held(host, checkpoints, options);
            ComparisonRunner runner(checkpoints, held.take(), options);
            outcome.modelNames = runner.modelNames();
            ComparisonReportWriter writer(outFolder, runner.modelNames());
            report(0, int(cases->size()), QString());
            const ComparisonResult result = runner.run(
                *cases,
                [&report](std::size_t done, std::size_t total, const QString& id) {
                    report(int(done), int(total), id);
                },
                [&writer](const CaseScores& c, const CaseMasks& m) { writer.addCase(c, m); },
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

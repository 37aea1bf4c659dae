#include "case_loader.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace tgc {

CaseLoader::CaseLoader(QObject* parent) : QObject(parent) {}

CaseLoader::~CaseLoader() {
    // A reader blocked in I/O cannot be interrupted: ask it to stop and wait.
    if (m_cancel)
        m_cancel->store(true);
    if (m_watcher)
        m_watcher->waitForFinished();
}

void CaseLoader::start(const CaseEntry& entry) {
    if (m_cancel)
        m_cancel->store(true);
    if (m_watcher) {
        // The superseded load finishes in the background and is ignored.
        m_watcher->disconnect(this);
        connect(m_watcher, &QFutureWatcher<LoadOutcome>::finished, m_watcher,
                &QObject::deleteLater);
        m_watcher = nullptr;
    }
    const int generation = ++m_generation;
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    QPointer<CaseLoader> self(this);
    auto report = [self, cancelFlag, generation](int done, int total) {
        if (cancelFlag->load())
            return false;
        QMetaObject::invokeMethod(
            self,
            [self, generation, done, total] {
                if (self && self->m_generation == generation)
                    Q_EMIT self->progress(done, total);
            },
            Qt::QueuedConnection);
        return true;
    };
    auto* watcher = new QFutureWatcher<LoadOutcome>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<LoadOutcome>::finished, this,
            [this, watcher, generation] { onFinished(watcher, generation); });
    watcher->setFuture(QtConcurrent::run([entry, report, cancelFlag] {
        LoadOutcome outcome;
        try {
            outcome.loaded = loadCase(entry, report);
        } catch (const IoError& e) {
            outcome.error = e.message();
        } catch (const std::exception& e) {
            outcome.error =
                entry.sources.value(0) + QStringLiteral(": ") + QString::fromUtf8(e.what());
        }
        outcome.cancelled = cancelFlag->load();
        return outcome;
    }));
}

void CaseLoader::cancel() {
    if (m_cancel)
        m_cancel->store(true);
}

void CaseLoader::onFinished(QFutureWatcher<LoadOutcome>* watcher, int generation) {
    const LoadOutcome outcome = watcher->result();
    watcher->deleteLater();
    if (watcher == m_watcher)
        m_watcher = nullptr;
    if (generation != m_generation)
        return;
    Q_EMIT finished(outcome);
}

} // namespace tgc

// Loads a case off the UI thread (QtConcurrent + QFutureWatcher) with
// progress and cancel. A newer request supersedes an older one: the older
// result is dropped, so a slow load never replaces what the user opened since.
#pragma once

#include "case_entry.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>

namespace tgc {

struct LoadOutcome {
    LoadedCase loaded; // valid when error is empty
    QString error;     // "path: reason"
    bool cancelled = false;
};

class CaseLoader : public QObject {
    Q_OBJECT
public:
    explicit CaseLoader(QObject* parent = nullptr);
    ~CaseLoader() override;

    void start(const CaseEntry& entry);
    void cancel();
    bool isRunning() const { return m_watcher != nullptr; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished(const tgc::LoadOutcome& outcome);

private:
    void onFinished(QFutureWatcher<LoadOutcome>* watcher, int generation);

    QFutureWatcher<LoadOutcome>* m_watcher = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_generation = 0;
};

} // namespace tgc

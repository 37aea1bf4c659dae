// One annotator of the claim race: a thread of its own with its own
// DicomWebClient (its own connections), TeamClient and Orthanc login. Each
// burst it gets ready (reads what it needs), waits at a gate all annotators
// share, then starts all its calls at once (Qt runs up to six requests at a
// time per server and queues the rest) and keeps every outcome: what the
// TeamClient answered, or the error it reported.
#pragma once

#include "team_state.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QSemaphore>
#include <QThread>
#include <future>
#include <optional>
#include <type_traits>
#include <vector>

namespace tgc::test {

// One call's outcome: a claim's result, a status change's record, or the
// error (a refused change is a RevisionConflict; anything else leaves the
// annotator unsure).
struct RaceOutcome {
    std::optional<pacs::ClaimResult> claim;
    std::optional<pacs::TeamRecord> changed;
    bool conflict = false;
    QString error; // set when the call failed, conflicts included
};

class RacingAnnotator : public QThread {
public:
    explicit RacingAnnotator(pacs::PacsServer server) : m_server(std::move(server)) {}

    const QString& user() const { return m_server.user; }

    // The next burst: claim every series, or set every series reviewed based
    // on what this annotator read just before the gate.
    enum class Burst { Claim, Review };
    void prepare(Burst burst, QStringList seriesUids, std::shared_future<void> gate,
                 QSemaphore* ready) {
        m_burst = burst;
        m_seriesUids = std::move(seriesUids);
        m_gate = std::move(gate);
        m_ready = ready;
    }
    // In the order of the series given, once the thread has ended.
    const std::vector<RaceOutcome>& outcomes() const { return m_outcomes; }
    // From the gate opening to the last answer.
    double seconds() const { return m_seconds; }

protected:
    void run() override {
        pacs::DicomWebClient client(m_server);
        pacs::TeamClient team(client);
        m_outcomes.assign(std::size_t(m_seriesUids.size()), RaceOutcome{});
        QEventLoop loop;
        int pending = 0;
        // Records the future's outcome in slot i when it is done.
        auto track = [&](auto future, std::size_t i, auto keep) {
            using Watcher = QFutureWatcher<std::decay_t<decltype(future.result())>>;
            auto* watcher = new Watcher(&loop);
            ++pending;
            QObject::connect(watcher, &Watcher::finished, &loop, [&, watcher, i, keep] {
                try {
                    keep(m_outcomes[i], watcher->future().result());
                } catch (const pacs::RevisionConflict& e) {
                    m_outcomes[i].conflict = true;
                    m_outcomes[i].error = e.message();
                } catch (const pacs::PacsError& e) {
                    m_outcomes[i].error = e.message();
                }
                if (--pending == 0)
                    loop.quit();
            });
            watcher->setFuture(future);
        };
        std::vector<pacs::TeamRecord> seen(m_outcomes.size());
        if (m_burst == Burst::Review) {
            for (qsizetype i = 0; i < m_seriesUids.size(); ++i)
                track(team.read(m_seriesUids[i]), std::size_t(i),
                      [&seen, i](RaceOutcome&, const pacs::TeamRecord& r) {
                          seen[std::size_t(i)] = r;
                      });
            loop.exec();
        }
        m_ready->release();
        m_gate.wait();
        QElapsedTimer clock;
        clock.start();
        for (qsizetype i = 0; i < m_seriesUids.size(); ++i) {
            if (m_burst == Burst::Claim)
                track(team.claim(m_seriesUids[i]), std::size_t(i),
                      [](RaceOutcome& o, const pacs::ClaimResult& r) { o.claim = r; });
            else if (m_outcomes[std::size_t(i)].error.isEmpty()) // read fine
                track(team.setStatus(seen[std::size_t(i)], pacs::SeriesStatus::Reviewed),
                      std::size_t(i),
                      [](RaceOutcome& o, const pacs::TeamRecord& r) { o.changed = r; });
        }
        if (pending > 0)
            loop.exec();
        m_seconds = clock.elapsed() / 1000.0;
    }

private:
    pacs::PacsServer m_server;
    Burst m_burst = Burst::Claim;
    QStringList m_seriesUids;
    std::shared_future<void> m_gate;
    QSemaphore* m_ready = nullptr;
    std::vector<RaceOutcome> m_outcomes;
    double m_seconds = 0.0;
};

} // namespace tgc::test

// The team's side of the PACS dock, without widgets: for each series the
// browser lists, who holds it, its status and how many SEGs reference it;
// the filters (mine, unclaimed, to review) and the actions (claim, release,
// submit, take over). An action first reads the series again: when it is
// not what the annotator was shown, the list reloads and says what changed,
// and nothing is written. A change the server cannot take because it is
// unreachable (and a mask push) waits in the project's queue and is sent,
// in order, once the server answers again; a series changed meanwhile is
// shown as a conflict, not overwritten. Every step is a future watched here.
#pragma once

#include "team_queue.h"
#include "team_state.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

class QTimer;

namespace tgc {

class PacsBrowser;
class Project;

class TeamWorklist : public QObject {
    Q_OBJECT
public:
    enum class Filter { All, Mine, Unclaimed, ToReview };
    enum class Action { Claim, Release, Submit, TakeOver };

    explicit TeamWorklist(PacsBrowser* browser, QObject* parent = nullptr);
    ~TeamWorklist() override;

    // False for a server without Orthanc's REST API (no team state there).
    bool isAvailable() const;
    QString user() const;

    const pacs::TeamRecord* record(const QString& seriesUid) const;
    int segCount(const QString& seriesUid) const;

    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }
    // Whether the browser's row passes the filter (rows not read yet pass).
    bool shows(int row) const;
    // Whether the action makes sense for the row as last read.
    bool allows(Action action, int row) const;

    void reload();
    void act(Action action, int row);

    // Where offline changes wait: the open project (root empty: none). The
    // snapshot gives the project as saved, for a queued push's SEG.
    void setProject(const QString& root, std::function<std::shared_ptr<const Project>()> snapshot);
    // A mask push that found the server unreachable: queued for later.
    void queuePush(const QString& caseId, const QString& seriesUid);
    // Sends what waits (on connect, and every half minute while anything does).
    void sendQueued();
    std::size_t queued() const;
    std::size_t conflicts() const;
    // Drops a series' conflict (and what waited behind it) once shown.
    void dismissConflicts(const QString& seriesUid);

Q_SIGNALS:
    void changed();
    void message(const QString& text);
    // A change refused because someone else changed the series first.
    void conflict(const QString& text);
    void failed(const QString& text);
    // The queue of offline changes changed (queued, sent, conflict).
    void queueChanged();

private:
    template <class T, class Done> void watch(QFuture<T> future, Done done);
    void perform(Action action, const pacs::TeamRecord& fresh);
    void enqueue(pacs::QueuedChange change, const pacs::TeamRecord& seen);
    QString seriesAt(int row) const;
    void followConnection();

    PacsBrowser* m_browser;
    std::unique_ptr<pacs::TeamClient> m_team;
    pacs::DicomWebClient* m_client = nullptr; // the browser's, for m_team
    QHash<QString, pacs::TeamRecord> m_records;
    QHash<QString, int> m_segs;
    Filter m_filter = Filter::All;
    int m_serial = 0; // answers of an older listing are dropped
    std::unique_ptr<pacs::TeamQueue> m_queue;
    std::function<std::shared_ptr<const Project>()> m_snapshot;
    QTimer* m_retry = nullptr;
    bool m_sending = false;
};

} // namespace tgc

#include "team_worklist.h"

#include "pacs_browser.h"
#include "store/project.h"
#include "watch_future.h"

#include <QSet>
#include <QTimer>

namespace tgc {

using pacs::SeriesStatus;

namespace {

// The change an action leaves in the queue when the server is away.
pacs::QueuedChange queuedFor(TeamWorklist::Action a) {
    pacs::QueuedChange c;
    c.action = a == TeamWorklist::Action::Release ? pacs::QueuedChange::Action::Release
                                                  : pacs::QueuedChange::Action::Status;
    if (a == TeamWorklist::Action::Submit)
        c.value = pacs::statusName(SeriesStatus::Submitted);
    return c;
}

} // namespace

TeamWorklist::TeamWorklist(PacsBrowser* browser, QObject* parent)
    : QObject(parent), m_browser(browser), m_retry(new QTimer(this)) {
    m_retry->setInterval(30000);
    connect(m_retry, &QTimer::timeout, this, &TeamWorklist::sendQueued);
    connect(browser, &PacsBrowser::connected, this, &TeamWorklist::sendQueued);
    // The browser says "changed" for each part of a page (rows, count,
    // reports): read the team state once per new set of rows.
    connect(browser, &PacsBrowser::listChanged, this, [this] {
        QStringList uids;
        for (const pacs::SeriesEntry& s : m_browser->series())
            uids << s.seriesUid;
        const QString key = uids.join(QLatin1Char(','));
        if (key != property("tgc_rows").toString()) {
            setProperty("tgc_rows", key);
            reload();
        }
    });
}

TeamWorklist::~TeamWorklist() = default;

bool TeamWorklist::isAvailable() const {
    pacs::DicomWebClient* client = m_browser->client();
    return client && !client->server().rest.isEmpty();
}

QString TeamWorklist::user() const {
    pacs::DicomWebClient* client = m_browser->client();
    return client ? client->server().user : QString();
}

const pacs::TeamRecord* TeamWorklist::record(const QString& seriesUid) const {
    const auto it = m_records.constFind(seriesUid);
    return it == m_records.constEnd() ? nullptr : &*it;
}

int TeamWorklist::segCount(const QString& seriesUid) const {
    return m_segs.value(seriesUid);
}

QString TeamWorklist::seriesAt(int row) const {
    const auto& series = m_browser->series();
    return row >= 0 && row < int(series.size()) ? series[std::size_t(row)].seriesUid : QString();
}

void TeamWorklist::setFilter(Filter filter) {
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT changed();
}

bool TeamWorklist::shows(int row) const {
    if (m_filter == Filter::All)
        return true;
    const auto& series = m_browser->series();
    if (row < 0 || row >= int(series.size()) || !series[std::size_t(row)].isSource())
        return false;
    const pacs::TeamRecord* r = record(seriesAt(row));
    if (!r)
        return false;
    switch (m_filter) {
    case Filter::Mine:
        return r->assignee.exists && r->assignee.value == user();
    case Filter::Unclaimed:
        return !r->assignee.exists && r->seriesStatus() == SeriesStatus::Todo;
    case Filter::ToReview:
        return r->seriesStatus() == SeriesStatus::Submitted;
    case Filter::All:
        break;
    }
    return true;
}

bool TeamWorklist::allows(Action action, int row) const {
    const pacs::TeamRecord* r = record(seriesAt(row));
    if (!r || !isAvailable())
        return false;
    const bool mine = r->assignee.exists && r->assignee.value == user();
    switch (action) {
    case Action::Claim:
        return !r->assignee.exists;
    case Action::Release:
        return mine;
    case Action::Submit:
        return mine && r->seriesStatus() == SeriesStatus::InProgress;
    case Action::TakeOver:
        return r->assignee.exists && !mine;
    }
    return false;
}

// A new connection of the browser gets a team client of its own.
void TeamWorklist::followConnection() {
    if (!m_team || m_client != m_browser->client()) {
        m_client = m_browser->client();
        m_team = std::make_unique<pacs::TeamClient>(*m_client);
    }
}

void TeamWorklist::reload() {
    const int serial = ++m_serial;
    if (!isAvailable()) {
        m_records.clear();
        m_segs.clear();
        Q_EMIT changed();
        return;
    }
    followConnection();
    QStringList sources;
    QSet<QString> studies;
    for (const pacs::SeriesEntry& s : m_browser->series()) {
        if (s.isSource()) {
            sources << s.seriesUid;
            m_team->knowListed(s);
        }
        studies.insert(s.studyUid);
    }
    watchFuture(
        this, m_team->readAll(sources),
        [this, serial](std::optional<std::vector<pacs::TeamRecord>> records, const QString& why) {
            if (serial != m_serial)
                return;
            if (!records) {
                Q_EMIT failed(why);
                return;
            }
            m_records.clear();
            for (pacs::TeamRecord& r : *records)
                m_records.insert(r.seriesUid, std::move(r));
            Q_EMIT changed();
        });
    m_segs.clear();
    for (const QString& study : studies)
        watchFuture(
            this, m_client->findSegs(study),
            [this, serial](std::optional<std::vector<pacs::SegEntry>> segs, const QString&) {
                if (serial != m_serial || !segs)
                    return;
                for (const pacs::SegEntry& e : *segs)
                    ++m_segs[e.sourceSeriesUid];
                Q_EMIT changed();
            });
}

void TeamWorklist::act(Action action, int row) {
    const QString uid = seriesAt(row);
    const pacs::TeamRecord* shown = record(uid);
    if (!shown || !m_team)
        return;
    const pacs::TeamRecord seen = *shown;
    if (action == Action::Claim) {
        watchFuture(this, m_team->claim(uid),
                    [this, uid](std::optional<pacs::ClaimResult> result, const QString& why) {
                        if (!result)
                            return Q_EMIT failed(why);
                        m_records.insert(uid, result->record);
                        Q_EMIT changed();
                        if (result->claimed)
                            Q_EMIT message(tr("You hold this series now."));
                        else
                            Q_EMIT conflict(
                                tr("%1 claimed this series first.").arg(result->heldBy));
                    });
        return;
    }
    // The action is based on what the annotator was shown: read it again
    // (with its revisions) and go on only if nothing changed meanwhile.
    auto reading = m_team->read(uid);
    watchFuture(
        this, reading,
        [this, action, seen, reading](std::optional<pacs::TeamRecord> fresh, const QString& why) {
            if (!fresh && failedUnreachable(reading))
                return enqueue(queuedFor(action), seen);
            if (!fresh)
                return Q_EMIT failed(why);
            const QStringList changes = pacs::differences(seen, *fresh);
            if (!changes.isEmpty()) {
                m_records.insert(fresh->seriesUid, *fresh);
                Q_EMIT changed();
                return Q_EMIT conflict(tr("This series changed since it was shown: %1. Nothing was "
                                          "changed; look again.")
                                           .arg(changes.join(QStringLiteral(", "))));
            }
            perform(action, *fresh);
        });
}

void TeamWorklist::perform(Action action, const pacs::TeamRecord& fresh) {
    QFuture<pacs::TeamRecord> change;
    QString done;
    switch (action) {
    case Action::Release:
        change = m_team->release(fresh);
        done = tr("Released.");
        break;
    case Action::Submit:
        change = m_team->setStatus(fresh, SeriesStatus::Submitted);
        done = tr("Submitted for review.");
        break;
    case Action::TakeOver:
        change = m_team->takeOver(fresh);
        done = tr("Taken over from %1.").arg(fresh.assignee.value);
        break;
    case Action::Claim:
        return;
    }
    watchFuture(this, change,
                [this, done, change, action, fresh,
                 uid = fresh.seriesUid](std::optional<pacs::TeamRecord> now, const QString& why) {
                    if (!now) {
                        if (failedUnreachable(change))
                            return enqueue(queuedFor(action), fresh);
                        // A refused revision says what changed; the list shows
                        // the series as it is now.
                        reload();
                        return Q_EMIT failed(why);
                    }
                    m_records.insert(uid, *now);
                    Q_EMIT changed();
                    Q_EMIT message(done);
                });
}

void TeamWorklist::setProject(const QString& root,
                              std::function<std::shared_ptr<const Project>()> snapshot) {
    m_snapshot = std::move(snapshot);
    m_queue.reset();
    if (!root.isEmpty()) {
        try {
            m_queue = std::make_unique<pacs::TeamQueue>(root);
        } catch (const std::exception& e) {
            Q_EMIT failed(QString::fromUtf8(e.what()));
        }
    }
    Q_EMIT queueChanged();
    sendQueued();
}

std::size_t TeamWorklist::queued() const {
    return m_queue ? m_queue->changes().size() : 0;
}

std::size_t TeamWorklist::conflicts() const {
    return m_queue ? m_queue->conflicts() : 0;
}

void TeamWorklist::dismissConflicts(const QString& seriesUid) {
    if (!m_queue)
        return;
    m_queue->dismissConflicts(seriesUid);
    Q_EMIT queueChanged();
}

void TeamWorklist::enqueue(pacs::QueuedChange change, const pacs::TeamRecord& seen) {
    if (!m_queue || !m_browser->client()) {
        Q_EMIT failed(tr("The server cannot be reached and no project is open to keep the "
                         "change: it was not made."));
        return;
    }
    change.server = m_browser->client()->server().display();
    change.seriesUid = seen.seriesUid;
    change.seenAssignee = seen.assignee.exists ? seen.assignee.value : QString();
    change.seenStatus = pacs::statusName(seen.seriesStatus());
    try {
        m_queue->add(change);
    } catch (const std::exception& e) {
        return Q_EMIT failed(QString::fromUtf8(e.what()));
    }
    m_retry->start();
    Q_EMIT queueChanged();
    Q_EMIT message(tr("The server cannot be reached: \"%1\" waits in the project and is sent "
                      "when it answers again.")
                       .arg(change.describe()));
}

void TeamWorklist::queuePush(const QString& caseId, const QString& seriesUid) {
    pacs::QueuedChange c;
    c.action = pacs::QueuedChange::Action::Push;
    c.caseId = caseId;
    pacs::TeamRecord seen;
    seen.seriesUid = seriesUid;
    if (const pacs::TeamRecord* r = record(seriesUid))
        seen = *r;
    enqueue(c, seen);
}

void TeamWorklist::sendQueued() {
    if (!m_queue || m_sending || !isAvailable() || !m_browser->isConnected())
        return;
    if (m_queue->sendable(m_browser->client()->server().display()).empty()) {
        if (m_queue->changes().empty())
            m_retry->stop();
        return;
    }
    followConnection();
    m_sending = true;
    watchFuture(this, pacs::sendQueue(*m_queue, *m_team, m_snapshot ? m_snapshot() : nullptr),
                [this](std::optional<pacs::QueueReport> report, const QString& why) {
                    m_sending = false;
                    Q_EMIT queueChanged();
                    if (!report)
                        return Q_EMIT failed(why);
                    if (report->sent > 0)
                        reload();
                    if (report->conflicts > 0)
                        Q_EMIT conflict(tr("Not sent, the series changed while you were "
                                           "offline: %1")
                                            .arg(report->said.join(QStringLiteral("; "))));
                    else if (report->sent > 0)
                        Q_EMIT message(tr("%n change(s) made offline sent to the server.", nullptr,
                                          report->sent));
                    if (!report->unreachable &&
                        m_queue->sendable(m_browser->client()->server().display()).empty())
                        m_retry->stop();
                });
}

} // namespace tgc

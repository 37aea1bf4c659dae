// Sending the queue of offline team changes (team_queue.h): in order, each
// checked against what the annotator saw before it goes.
#include "future_chain.h"
#include "pacs_push.h"
#include "store/project.h"
#include "team_queue.h"
#include "team_state.h"

#include <QHash>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace tgc::pacs {

namespace {

bool isUnreachable(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const PacsError& e) {
        return e.unreachable();
    } catch (...) {
        return false;
    }
}

QString messageOf(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QStringLiteral("unknown error");
    }
}

// One step of the replay: the change is sent, refused as a conflict, or
// waits (unreachable); anything else refused is reported and dropped, so one
// bad change cannot hold the queue forever.
struct Replay : std::enable_shared_from_this<Replay> {
    TeamQueue& queue;
    TeamClient& team;
    std::shared_ptr<const Project> project;
    std::vector<QueuedChange> todo;
    std::size_t next = 0;
    QueueReport report;
    Promise<QueueReport> promise = startPromise<QueueReport>();
    QSet<QString> blocked; // series with a conflict found in this run
    // The state our own changes sent in this run left a series in: the next
    // queued change of that series is checked against it, not against what
    // the annotator saw before the earlier change.
    QHash<QString, std::pair<QString, QString>> expected; // series -> (holder, status)

    Replay(TeamQueue& q, TeamClient& t, std::shared_ptr<const Project> p)
        : queue(q), team(t), project(std::move(p)) {}

    void finish() {
        promise->addResult(report);
        promise->finish();
    }

    void failed(const QueuedChange& c, std::exception_ptr error) {
        if (isUnreachable(error)) {
            report.unreachable = true;
            report.said << QStringLiteral("%1: still unreachable; %2 change(s) wait")
                               .arg(c.server)
                               .arg(todo.size() - next + 1);
            return finish();
        }
        const QString why = messageOf(error);
        queue.markConflict(c.id, why);
        blocked.insert(c.seriesUid);
        ++report.conflicts;
        report.said
            << QStringLiteral("series %1: not sent (%2): %3").arg(c.seriesUid, c.describe(), why);
        step();
    }

    void sent(const QueuedChange& c, const TeamRecord& after) {
        expected.insert(c.seriesUid, {after.assignee.exists ? after.assignee.value : QString(),
                                      statusName(after.seriesStatus())});
        queue.remove(c.id);
        ++report.sent;
        report.said << QStringLiteral("series %1: sent (%2)").arg(c.seriesUid, c.describe());
        step();
    }

    void step() {
        while (next < todo.size() && blocked.contains(todo[next].seriesUid))
            ++next;
        if (next >= todo.size())
            return finish();
        const QueuedChange c = todo[next++];
        auto self = shared_from_this();
        QObject* context = &team;
        when(
            team.read(c.seriesUid), context,
            [self, c, context](const TeamRecord& now) {
                const QString holder = now.assignee.exists ? now.assignee.value : QString();
                const QString status = statusName(now.seriesStatus());
                const auto mine = self->expected.constFind(c.seriesUid);
                const bool changed = mine != self->expected.constEnd()
                                         ? std::make_pair(holder, status) != *mine
                                         : holder != c.seenAssignee || status != c.seenStatus;
                if (changed) {
                    const QString why =
                        QStringLiteral("the series changed while you were offline: now %1, %2 "
                                       "(you saw %3, %4)")
                            .arg(status, holder.isEmpty() ? QStringLiteral("unclaimed") : holder,
                                 c.seenStatus,
                                 c.seenAssignee.isEmpty() ? QStringLiteral("unclaimed")
                                                          : c.seenAssignee);
                    self->queue.markConflict(c.id, why);
                    self->blocked.insert(c.seriesUid);
                    ++self->report.conflicts;
                    self->report.said << QStringLiteral("series %1: not sent (%2): %3")
                                             .arg(c.seriesUid, c.describe(), why);
                    return self->step();
                }
                auto onFail = [self, c](std::exception_ptr e) { self->failed(c, e); };
                switch (c.action) {
                case QueuedChange::Action::Status: {
                    const auto s = parseStatus(c.value);
                    if (!s)
                        return onFail(std::make_exception_ptr(
                            PacsError(QStringLiteral("'%1' is not a status").arg(c.value))));
                    return when(
                        self->team.setStatus(now, *s), context,
                        [self, c](const TeamRecord& after) { self->sent(c, after); }, onFail);
                }
                case QueuedChange::Action::Release:
                    return when(
                        self->team.release(now), context,
                        [self, c](const TeamRecord& after) { self->sent(c, after); }, onFail);
                case QueuedChange::Action::Push: {
                    if (!self->project)
                        return onFail(std::make_exception_ptr(
                            PacsError(QStringLiteral("no project to push from"))));
                    auto project = self->project;
                    const QString caseId = c.caseId;
                    return when(
                        QtConcurrent::run(
                            [project, caseId] { return prepareSeg(*project, caseId); }),
                        context,
                        [self, c, context, onFail, now](const PreparedSeg& seg) {
                            when(
                                pushSeg(self->team.client(), seg), context,
                                [self, c, now](const PushResult&) { self->sent(c, now); }, onFail);
                        },
                        onFail);
                }
                }
            },
            [self, c](std::exception_ptr e) { self->failed(c, e); });
    }
};

} // namespace

QFuture<QueueReport> sendQueue(TeamQueue& queue, TeamClient& team,
                               std::shared_ptr<const Project> project) {
    auto replay = std::make_shared<Replay>(queue, team, std::move(project));
    replay->todo = queue.sendable(team.client().server().display());
    QFuture<QueueReport> future = replay->promise->future();
    replay->step();
    return future;
}

} // namespace tgc::pacs

#include "team_queue.h"

#include "atomic_file.h"
#include "future_chain.h"
#include "io_error.h"
#include "pacs_push.h"
#include "store/project.h"
#include "team_state.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace tgc::pacs {

namespace {

QString actionName(QueuedChange::Action a) {
    switch (a) {
    case QueuedChange::Action::Status:
        return QStringLiteral("status");
    case QueuedChange::Action::Release:
        return QStringLiteral("release");
    case QueuedChange::Action::Push:
        return QStringLiteral("push");
    }
    return {};
}

} // namespace

QString QueuedChange::describe() const {
    switch (action) {
    case Action::Status:
        return QStringLiteral("set %1").arg(value);
    case Action::Release:
        return QStringLiteral("release");
    case Action::Push:
        return QStringLiteral("push the mask of case %1").arg(caseId);
    }
    return {};
}

QJsonObject QueuedChange::toJson() const {
    QJsonObject o{{"id", id},
                  {"server", server},
                  {"series_uid", seriesUid},
                  {"action", actionName(action)},
                  {"seen_assignee", seenAssignee},
                  {"seen_status", seenStatus},
                  {"queued", queued.toUTC().toString(Qt::ISODateWithMs)}};
    if (!value.isEmpty())
        o.insert("value", value);
    if (!caseId.isEmpty())
        o.insert("case", caseId);
    if (!conflict.isEmpty())
        o.insert("conflict", conflict);
    return o;
}

QueuedChange QueuedChange::fromJson(const QJsonObject& o) {
    QueuedChange c;
    c.id = o.value("id").toString();
    c.server = o.value("server").toString();
    c.seriesUid = o.value("series_uid").toString();
    const QString action = o.value("action").toString();
    c.action = action == QLatin1String("push")      ? Action::Push
               : action == QLatin1String("release") ? Action::Release
                                                    : Action::Status;
    c.value = o.value("value").toString();
    c.caseId = o.value("case").toString();
    c.seenAssignee = o.value("seen_assignee").toString();
    c.seenStatus = o.value("seen_status").toString();
    c.queued = QDateTime::fromString(o.value("queued").toString(), Qt::ISODateWithMs);
    c.conflict = o.value("conflict").toString();
    return c;
}

TeamQueue::TeamQueue(const QString& projectRoot)
    : m_path(QDir(projectRoot).filePath(QLatin1String(kFileName))) {
    QFile file(m_path);
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(m_path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject())
        throw IoError(m_path,
                      QStringLiteral("not a queue of PACS changes (%1)").arg(parse.errorString()));
    for (const QJsonValue& v : doc.object().value("changes").toArray()) {
        QueuedChange c = QueuedChange::fromJson(v.toObject());
        if (!c.id.isEmpty() && !c.seriesUid.isEmpty())
            m_changes.push_back(std::move(c));
    }
}

std::vector<QueuedChange> TeamQueue::sendable(const QString& server) const {
    std::vector<QueuedChange> out;
    QSet<QString> blocked;
    for (const QueuedChange& c : m_changes) {
        if (c.server != server)
            continue;
        if (!c.conflict.isEmpty() || blocked.contains(c.seriesUid)) {
            blocked.insert(c.seriesUid);
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::size_t TeamQueue::conflicts() const {
    return std::size_t(std::count_if(m_changes.begin(), m_changes.end(),
                                     [](const QueuedChange& c) { return !c.conflict.isEmpty(); }));
}

QueuedChange TeamQueue::add(QueuedChange change) {
    change.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!change.queued.isValid())
        change.queued = QDateTime::currentDateTimeUtc();
    m_changes.push_back(change);
    save();
    return change;
}

void TeamQueue::remove(const QString& id) {
    m_changes.erase(std::remove_if(m_changes.begin(), m_changes.end(),
                                   [&](const QueuedChange& c) { return c.id == id; }),
                    m_changes.end());
    save();
}

void TeamQueue::markConflict(const QString& id, const QString& why) {
    for (QueuedChange& c : m_changes)
        if (c.id == id)
            c.conflict = why;
    save();
}

void TeamQueue::dismissConflicts(const QString& seriesUid) {
    m_changes.erase(std::remove_if(m_changes.begin(), m_changes.end(),
                                   [&](const QueuedChange& c) { return c.seriesUid == seriesUid; }),
                    m_changes.end());
    save();
}

void TeamQueue::save() const {
    QJsonArray list;
    for (const QueuedChange& c : m_changes)
        list.append(c.toJson());
    writeFileAtomically(m_path,
                        QJsonDocument(QJsonObject{{"format", 1}, {"changes", list}}).toJson());
}

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

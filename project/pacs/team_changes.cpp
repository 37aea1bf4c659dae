// The team client's changes: claim, release, take over, status, final SEG,
// agreed prompts, each based on the revision read and followed by its
// history entry (team_state.h says why).
#include "future_chain.h"
#include "pacs_error.h"
#include "team_keys.h"
#include "team_state.h"

#include <QDateTime>

namespace tgc::pacs {

using namespace team;

QFuture<ClaimResult> TeamClient::claim(const QString& seriesUid) {
    auto promise = startPromise<ClaimResult>();
    const QString me = user();
    if (me.isEmpty()) {
        fail(promise, QStringLiteral("%1: a claim needs a user name (log in as the annotator)")
                          .arg(server()));
        return promise->future();
    }
    auto finish = [this, promise, seriesUid, me](bool won) {
        when(
            read(seriesUid), this,
            [promise, me, won](const TeamRecord& record) {
                ClaimResult result;
                result.heldBy = record.assignee.exists ? record.assignee.value : QString();
                result.claimed = won && result.heldBy == me;
                result.record = record;
                promise->addResult(result);
                promise->finish();
            },
            failer(promise));
    };
    when(
        resourceId(seriesUid), this,
        [this, promise, seriesUid, me, finish](const QString& id) {
            when(
                m_client.rest("PUT", metadataPath(id, kAssignee), me.toUtf8()), this,
                [this, promise, seriesUid, me, id, finish](const RestAnswer& answer) {
                    if (answer.status == 409) { // held: by us (a retried claim) or another
                        when(
                            read(seriesUid), this,
                            [this, finish, me](const TeamRecord& record) {
                                if (!record.assignee.exists || record.assignee.value != me)
                                    return finish(false);
                                // Ours: a claim whose answer was lost may also have
                                // lost its status and history; write what is missing.
                                std::vector<Write> writes;
                                if (!record.status.exists ||
                                    parseStatus(record.status.value) == SeriesStatus::Todo)
                                    writes.push_back(
                                        {kStatus, statusName(SeriesStatus::InProgress)});
                                if (writes.empty() && lastHandOverIsClaimBy(record.history, me))
                                    return finish(true);
                                when(
                                    change(record, QStringLiteral("claim"), writes), this,
                                    [finish](const TeamRecord&) { finish(true); },
                                    [finish](std::exception_ptr) { finish(true); });
                            },
                            failer(promise));
                        return;
                    }
                    if (answer.status != 200)
                        return fail(promise, notKept(kAssignee, answer.status));
                    // Won: the status follows; losing that write leaves a claim
                    // that still reads as in progress.
                    when(
                        read(seriesUid), this,
                        [this, promise, finish, me](const TeamRecord& record) {
                            std::vector<Write> writes;
                            if (!record.status.exists ||
                                parseStatus(record.status.value) == SeriesStatus::Todo)
                                writes.push_back({kStatus, statusName(SeriesStatus::InProgress)});
                            when(
                                change(record, QStringLiteral("claim"), writes), this,
                                [finish](const TeamRecord&) { finish(true); },
                                [finish](std::exception_ptr) { finish(true); });
                        },
                        [finish](std::exception_ptr) { finish(true); });
                },
                failer(promise));
        },
        failer(promise));
    return promise->future();
}

QFuture<TeamRecord> TeamClient::release(const TeamRecord& seen) {
    if (!seen.assignee.exists || seen.assignee.value != user()) {
        auto promise = startPromise<TeamRecord>();
        fail(promise, seen.assignee.exists
                          ? QStringLiteral("series %1 is held by %2, not by %3: take it over "
                                           "instead")
                                .arg(seen.seriesUid, seen.assignee.value, user())
                          : QStringLiteral("series %1 is held by nobody").arg(seen.seriesUid));
        return promise->future();
    }
    std::vector<Write> writes;
    if (seen.seriesStatus() == SeriesStatus::InProgress)
        writes.push_back({kStatus, statusName(SeriesStatus::Todo)});
    writes.push_back({kAssignee, std::nullopt});
    return change(seen, QStringLiteral("release"), writes);
}

QFuture<TeamRecord> TeamClient::takeOver(const TeamRecord& seen) {
    std::vector<Write> writes{{kAssignee, user()}};
    if (seen.seriesStatus() == SeriesStatus::Todo)
        writes.push_back({kStatus, statusName(SeriesStatus::InProgress)});
    return change(seen, QStringLiteral("take_over"), writes,
                  seen.assignee.exists ? seen.assignee.value : QString());
}

QFuture<TeamRecord> TeamClient::setStatus(const TeamRecord& seen, SeriesStatus status) {
    const bool holderOnly = status == SeriesStatus::InProgress || status == SeriesStatus::Submitted;
    if (holderOnly && (!seen.assignee.exists || seen.assignee.value != user())) {
        auto promise = startPromise<TeamRecord>();
        fail(promise,
             QStringLiteral("series %1: only its holder may set it %2 (%3)")
                 .arg(seen.seriesUid, statusName(status),
                      seen.assignee.exists ? QStringLiteral("held by %1").arg(seen.assignee.value)
                                           : QStringLiteral("claim it first")));
        return promise->future();
    }
    return change(seen, statusName(status), {{kStatus, statusName(status)}});
}

QFuture<TeamRecord> TeamClient::setFinal(const TeamRecord& seen, const QString& segSeriesUid,
                                         std::optional<double> agreement) {
    std::vector<Write> writes{{kFinalSeg, segSeriesUid}};
    if (agreement)
        writes.push_back({kAgreement, QString::number(*agreement, 'f', 4)});
    writes.push_back({kStatus, statusName(SeriesStatus::Reviewed)});
    return change(seen, QStringLiteral("reviewed"), writes);
}

QFuture<TeamRecord> TeamClient::setPrompts(const TeamRecord& seen, const QString& report,
                                           const QString& auxiliaryPrompt) {
    return change(seen, QStringLiteral("prompts"), {{kReport, report}, {kAux, auxiliaryPrompt}});
}

QFuture<TeamRecord> TeamClient::change(const TeamRecord& seen, const QString& action,
                                       std::vector<Write> writes, const QString& from) {
    auto promise = startPromise<TeamRecord>();
    auto queue = std::make_shared<std::vector<Write>>(std::move(writes));
    auto next = std::make_shared<std::function<void(std::size_t)>>();
    // The step holds itself only weakly; each request in flight holds it
    // strongly, so it lives while the chain runs and is freed when it ends.
    std::weak_ptr<std::function<void(std::size_t)>> self = next;
    *next = [this, promise, queue, seen, action, from, self](std::size_t i) {
        const QString id = seen.resourceId;
        if (i == queue->size()) {
            QJsonObject entry{{"at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                              {"user", user()},
                              {"action", action}};
            if (!from.isEmpty())
                entry.insert("from", from);
            when(
                appendHistory(id, entry), this,
                [this, promise, seen] {
                    when(
                        read(seen.seriesUid), this,
                        [promise](const TeamRecord& now) {
                            promise->addResult(now);
                            promise->finish();
                        },
                        failer(promise));
                },
                failer(promise));
            return;
        }
        const auto& [key, value] = (*queue)[i];
        TeamRecord base = seen;
        const Revisioned* old = field(base, key);
        const QByteArray ifMatch = old && old->exists ? old->revision : QByteArray();
        const auto run = self.lock();
        if (!value && ifMatch.isEmpty()) // deleting what is not there
            return (*run)(i + 1);
        when(
            m_client.rest(value ? "PUT" : "DELETE", metadataPath(id, key),
                          value ? value->toUtf8() : QByteArray(), ifMatch),
            this,
            [this, promise, seen, run, i, key = key, put = bool(value)](const RestAnswer& answer) {
                // A series we just read has every declared key: a PUT answered
                // 404 names a key the server was not configured with.
                if (put && answer.status == 404)
                    return fail(promise, notKept(key, answer.status));
                // A DELETE answered 404: the key went away since it was read.
                if (answer.status == 409 || answer.status == 412 || answer.status == 404) {
                    when(
                        read(seen.seriesUid), this,
                        [this, promise, seen](const TeamRecord& now) {
                            fail(promise,
                                 std::make_exception_ptr(RevisionConflict(
                                     QStringLiteral("%1: series %2 %3: reloaded, "
                                                    "nothing overwritten")
                                         .arg(server(), seen.seriesUid,
                                              [&] {
                                                  const QStringList d = differences(seen, now);
                                                  return d.isEmpty()
                                                             ? QStringLiteral("changed by someone "
                                                                              "else meanwhile")
                                                             : d.join(QStringLiteral(", "));
                                              }()),
                                     now)));
                        },
                        failer(promise));
                    return;
                }
                (*run)(i + 1);
            },
            failer(promise));
    };
    (*next)(0);
    return promise->future();
}

// History entries are only ever added, so a lost race is retried on what
// the other writer left, never overwritten.
QFuture<void> TeamClient::appendHistory(const QString& id, const QJsonObject& entry) {
    auto promise = startPromise<void>();
    auto attempt = std::make_shared<std::function<void(int)>>();
    std::weak_ptr<std::function<void(int)>> self = attempt;
    *attempt = [this, promise, id, entry, self](int tries) {
        const auto run = self.lock();
        when(
            m_client.rest("GET", metadataPath(id, kHistory)), this,
            [this, promise, id, entry, run, tries](const RestAnswer& current) {
                QJsonArray history =
                    current.status == 200 ? parseHistory(current.body) : QJsonArray{};
                history.append(entry);
                while (history.size() > kHistoryCap)
                    history.removeFirst();
                const QByteArray body = QJsonDocument(history).toJson(QJsonDocument::Compact);
                when(
                    m_client.rest("PUT", metadataPath(id, kHistory), body,
                                  current.status == 200 ? current.etag : QByteArray()),
                    this,
                    [this, promise, run, tries](const RestAnswer& written) {
                        if (written.status == 200) {
                            promise->finish();
                            return;
                        }
                        if (written.status != 409)
                            return fail(promise, notKept(kHistory, written.status));
                        if (tries + 1 >= kHistoryTries)
                            return fail(promise,
                                        QStringLiteral("%1: the series history stayed busy "
                                                       "after %2 tries")
                                            .arg(server())
                                            .arg(kHistoryTries));
                        (*run)(tries + 1);
                    },
                    failer(promise));
            },
            failer(promise));
    };
    (*attempt)(0);
    return promise->future();
}

QFuture<bool> shareReportIfNone(TeamClient& team, const QString& seriesUid, const QString& report,
                                const QString& auxiliaryPrompt, const QString& reportSource) {
    auto promise = startPromise<bool>();
    if (report.trimmed().isEmpty() || reportSource.startsWith(QLatin1String("from SR"))) {
        promise->addResult(false);
        promise->finish();
        return promise->future();
    }
    TeamClient* t = &team;
    when(
        team.read(seriesUid), &team,
        [t, promise, report, auxiliaryPrompt](const TeamRecord& now) {
            if (now.report.exists) {
                promise->addResult(false);
                promise->finish();
                return;
            }
            when(
                t->setPrompts(now, report, auxiliaryPrompt), t,
                [promise](const TeamRecord&) {
                    promise->addResult(true);
                    promise->finish();
                },
                failer(promise));
        },
        failer(promise));
    return promise->future();
}

} // namespace tgc::pacs

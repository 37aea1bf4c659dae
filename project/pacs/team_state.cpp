#include "team_state.h"

#include "future_chain.h"
#include "pacs_error.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QUrl>
#include <memory>

namespace tgc::pacs {

namespace {

const QString kAssignee = QStringLiteral("TgcAssignee");
const QString kStatus = QStringLiteral("TgcStatus");
const QString kFinalSeg = QStringLiteral("TgcFinalSeg");
const QString kReport = QStringLiteral("TgcReport");
const QString kAux = QStringLiteral("TgcAux");
const QString kAgreement = QStringLiteral("TgcAgreement");
const QString kHistory = QStringLiteral("TgcHistory");
constexpr int kHistoryCap = 500;  // oldest entries drop out beyond this
constexpr int kHistoryTries = 10; // appends racing other appends

Revisioned* field(TeamRecord& record, const QString& key) {
    if (key == kAssignee)
        return &record.assignee;
    if (key == kStatus)
        return &record.status;
    if (key == kFinalSeg)
        return &record.finalSeg;
    if (key == kReport)
        return &record.report;
    if (key == kAux)
        return &record.auxiliaryPrompt;
    if (key == kAgreement)
        return &record.agreement;
    return nullptr;
}

QString metadataPath(const QString& id, const QString& key) {
    return QStringLiteral("/series/%1/metadata/%2").arg(id, key);
}

// Whether the newest change of hands in the history is this user's claim.
bool lastHandOverIsClaimBy(const QJsonArray& history, const QString& user) {
    for (auto it = history.end(); it != history.begin();) {
        const QJsonObject e = (--it)->toObject();
        const QString action = e.value("action").toString();
        if (action == QLatin1String("claim") || action == QLatin1String("release") ||
            action == QLatin1String("take_over"))
            return action == QLatin1String("claim") && e.value("user").toString() == user;
    }
    return false;
}

QJsonArray parseHistory(const QByteArray& text) {
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isArray() ? doc.array() : QJsonArray{};
}

} // namespace

QString TeamClient::notKept(const QString& key, int status) const {
    return QStringLiteral("%1 keeps no %2 (HTTP %3): add the UserMetadata of "
                          "resources/pacs/orthanc.json to its configuration")
        .arg(server(), key)
        .arg(status);
}

QStringList differences(const TeamRecord& seen, const TeamRecord& now) {
    QStringList what;
    if (seen.assignee.value != now.assignee.value || seen.assignee.exists != now.assignee.exists)
        what << QStringLiteral("held by %1 (was %2)")
                    .arg(now.assignee.exists ? now.assignee.value : QStringLiteral("nobody"),
                         seen.assignee.exists ? seen.assignee.value : QStringLiteral("nobody"));
    if (seen.seriesStatus() != now.seriesStatus())
        what << QStringLiteral("status %1 (was %2)")
                    .arg(statusName(now.seriesStatus()), statusName(seen.seriesStatus()));
    if (seen.finalSeg.value != now.finalSeg.value)
        what << QStringLiteral("final SEG changed");
    if (seen.report.value != now.report.value ||
        seen.auxiliaryPrompt.value != now.auxiliaryPrompt.value)
        what << QStringLiteral("agreed report changed");
    return what;
}

QString statusName(SeriesStatus status) {
    switch (status) {
    case SeriesStatus::Todo:
        return QStringLiteral("todo");
    case SeriesStatus::InProgress:
        return QStringLiteral("in_progress");
    case SeriesStatus::Submitted:
        return QStringLiteral("submitted");
    case SeriesStatus::Reviewed:
        return QStringLiteral("reviewed");
    }
    return QStringLiteral("todo");
}

std::optional<SeriesStatus> parseStatus(const QString& name) {
    for (SeriesStatus s : {SeriesStatus::Todo, SeriesStatus::InProgress, SeriesStatus::Submitted,
                           SeriesStatus::Reviewed})
        if (statusName(s) == name.trimmed())
            return s;
    return std::nullopt;
}

SeriesStatus TeamRecord::seriesStatus() const {
    const std::optional<SeriesStatus> s =
        status.exists ? parseStatus(status.value) : std::optional<SeriesStatus>{};
    if (s && !(*s == SeriesStatus::Todo && assignee.exists))
        return *s;
    return assignee.exists ? SeriesStatus::InProgress : SeriesStatus::Todo;
}

QJsonObject TeamRecord::toJson() const {
    return {{"series_uid", seriesUid},
            {"status", statusName(seriesStatus())},
            {"assignee", assignee.exists ? QJsonValue(assignee.value) : QJsonValue()},
            {"final_seg", finalSeg.exists ? QJsonValue(finalSeg.value) : QJsonValue()},
            {"agreement", agreement.exists ? QJsonValue(agreement.value.toDouble()) : QJsonValue()},
            {"history", history}};
}

TeamClient::TeamClient(DicomWebClient& client, QObject* parent)
    : QObject(parent), m_client(client) {}

QString TeamClient::user() const {
    return m_client.server().user;
}

QString TeamClient::server() const {
    return QStringLiteral("server %1").arg(m_client.server().display());
}

QFuture<QString> TeamClient::resourceId(const QString& seriesUid) {
    auto promise = startPromise<QString>();
    if (const auto it = m_ids.constFind(seriesUid); it != m_ids.constEnd()) {
        promise->addResult(*it);
        promise->finish();
        return promise->future();
    }
    when(
        m_client.rest("POST", QStringLiteral("/tools/lookup"), seriesUid.toUtf8()), this,
        [this, promise, seriesUid](const RestAnswer& answer) {
            const QJsonArray found = QJsonDocument::fromJson(answer.body).array();
            for (const QJsonValue& v : found) {
                const QJsonObject o = v.toObject();
                if (o.value("Type").toString() == QLatin1String("Series")) {
                    const QString id = o.value("ID").toString();
                    m_ids.insert(seriesUid, id);
                    promise->addResult(id);
                    promise->finish();
                    return;
                }
            }
            fail(promise, QStringLiteral("%1 has no series %2").arg(server(), seriesUid));
        },
        failer(promise));
    return promise->future();
}

void TeamClient::knowResource(const QString& seriesUid, const QString& resourceId) {
    if (!resourceId.isEmpty())
        m_ids.insert(seriesUid, resourceId);
}

QFuture<TeamRecord> TeamClient::read(const QString& seriesUid) {
    return readRecord(seriesUid, true);
}

// With revisions: each of our keys is read on its own (Orthanc gives the
// revision only there), all at once.
QFuture<TeamRecord> TeamClient::readRecord(const QString& seriesUid, bool revisions) {
    auto promise = startPromise<TeamRecord>();
    when(
        resourceId(seriesUid), this,
        [this, promise, seriesUid, revisions](const QString& id) {
            auto record = std::make_shared<TeamRecord>();
            record->seriesUid = seriesUid;
            record->resourceId = id;
            if (!revisions) {
                when(
                    m_client.rest("GET", QStringLiteral("/series/%1/metadata?expand").arg(id)),
                    this,
                    [this, promise, record](const RestAnswer& answer) {
                        if (answer.status != 200)
                            return fail(promise, QStringLiteral("%1 has no series %2")
                                                     .arg(server(), record->seriesUid));
                        const QJsonObject values = QJsonDocument::fromJson(answer.body).object();
                        for (auto it = values.begin(); it != values.end(); ++it) {
                            if (it.key() == kHistory)
                                record->history = parseHistory(it.value().toString().toUtf8());
                            else if (Revisioned* f = field(*record, it.key()))
                                *f = {it.value().toString(), {}, true};
                        }
                        promise->addResult(*record);
                        promise->finish();
                    },
                    failer(promise));
                return;
            }
            const QStringList keys{kAssignee, kStatus,    kFinalSeg, kReport,
                                   kAux,      kAgreement, kHistory};
            auto pending = std::make_shared<int>(int(keys.size()));
            auto failed = std::make_shared<bool>(false);
            for (const QString& key : keys) {
                when(
                    m_client.rest("GET", metadataPath(id, key)), this,
                    [promise, record, key, pending, failed](const RestAnswer& answer) {
                        if (answer.status == 200) {
                            if (key == kHistory)
                                record->history = parseHistory(answer.body);
                            else if (Revisioned* f = field(*record, key))
                                *f = {QString::fromUtf8(answer.body), answer.etag, true};
                        }
                        if (--*pending == 0 && !*failed) {
                            promise->addResult(*record);
                            promise->finish();
                        }
                    },
                    [promise, failed](std::exception_ptr error) {
                        if (!*failed) {
                            *failed = true;
                            fail(promise, error);
                        }
                    });
            }
        },
        failer(promise));
    return promise->future();
}

QFuture<std::vector<TeamRecord>> TeamClient::readAll(const QStringList& seriesUids) {
    auto promise = startPromise<std::vector<TeamRecord>>();
    auto records = std::make_shared<std::vector<TeamRecord>>(seriesUids.size());
    auto pending = std::make_shared<qsizetype>(seriesUids.size());
    auto failed = std::make_shared<bool>(false);
    if (seriesUids.isEmpty()) {
        promise->addResult(*records);
        promise->finish();
    }
    for (qsizetype i = 0; i < seriesUids.size(); ++i)
        when(
            readRecord(seriesUids[i], false), this,
            [promise, records, pending, failed, i](const TeamRecord& record) {
                (*records)[std::size_t(i)] = record;
                if (--*pending == 0 && !*failed) {
                    promise->addResult(*records);
                    promise->finish();
                }
            },
            [promise, failed](std::exception_ptr error) {
                if (!*failed) {
                    *failed = true;
                    fail(promise, error);
                }
            });
    return promise->future();
}

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

} // namespace tgc::pacs

#include "team_state.h"

#include "future_chain.h"
#include "pacs_error.h"
#include "team_keys.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QUrl>
#include <memory>

namespace tgc::pacs {

using namespace team;

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

std::optional<SrReport> agreedReport(const TeamRecord& record) {
    if (!record.report.exists || record.report.value.trimmed().isEmpty())
        return std::nullopt;
    SrReport r;
    r.agreed = true;
    r.text = record.report.value;
    r.auxiliaryPrompt = record.auxiliaryPrompt.exists ? record.auxiliaryPrompt.value : QString();
    for (auto it = record.history.end(); it != record.history.begin();) {
        const QJsonObject e = (--it)->toObject();
        if (e.value("action").toString() == QLatin1String("prompts")) {
            r.author = e.value("user").toString();
            r.date = e.value("at").toString().left(10);
            break;
        }
    }
    return r;
}

QString statusName(SeriesStatus status) {
    return QLatin1String(enumName(kSeriesStatusNames, status));
}

std::optional<SeriesStatus> parseStatus(const QString& name) {
    return enumFromName(kSeriesStatusNames, name.trimmed());
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

QString orthancSeriesId(const QString& patientId, const QString& studyUid,
                        const QString& seriesUid) {
    const QByteArray hex =
        QCryptographicHash::hash(
            QStringLiteral("%1|%2|%3").arg(patientId, studyUid, seriesUid).toUtf8(),
            QCryptographicHash::Sha1)
            .toHex();
    QStringList groups;
    for (int i = 0; i < hex.size(); i += 8)
        groups << QString::fromLatin1(hex.mid(i, 8));
    return groups.join(QLatin1Char('-'));
}

void TeamClient::knowListed(const SeriesEntry& series) {
    if (!series.resourceId.isEmpty())
        m_ids.insert(series.seriesUid, series.resourceId);
    else if (!m_ids.contains(series.seriesUid))
        m_guesses.insert(series.seriesUid,
                         orthancSeriesId(series.patientId, series.studyUid, series.seriesUid));
}

namespace {

QString expandedMetadataPath(const QString& id) {
    return QStringLiteral("/series/%1/metadata?expand").arg(id);
}

// Our keys from an answer of expandedMetadataPath.
void readExpanded(TeamRecord& record, const QByteArray& body) {
    const QJsonObject values = QJsonDocument::fromJson(body).object();
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (it.key() == kHistory)
            record.history = parseHistory(it.value().toString().toUtf8());
        else if (Revisioned* f = field(record, it.key()))
            *f = {it.value().toString(), {}, true};
    }
}

} // namespace

QFuture<TeamRecord> TeamClient::readGuessed(const QString& seriesUid, const QString& id) {
    auto promise = startPromise<TeamRecord>();
    when(
        m_client.rest("GET", expandedMetadataPath(id)), this,
        [this, promise, seriesUid, id](const RestAnswer& answer) {
            if (answer.status != 200) {
                when(
                    readRecord(seriesUid, false), this,
                    [promise](const TeamRecord& record) {
                        promise->addResult(record);
                        promise->finish();
                    },
                    failer(promise));
                return;
            }
            m_ids.insert(seriesUid, id);
            TeamRecord record;
            record.seriesUid = seriesUid;
            record.resourceId = id;
            readExpanded(record, answer.body);
            promise->addResult(record);
            promise->finish();
        },
        failer(promise));
    return promise->future();
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
                    m_client.rest("GET", expandedMetadataPath(id)), this,
                    [this, promise, record](const RestAnswer& answer) {
                        if (answer.status != 200)
                            return fail(promise, QStringLiteral("%1 has no series %2")
                                                     .arg(server(), record->seriesUid));
                        readExpanded(*record, answer.body);
                        promise->addResult(*record);
                        promise->finish();
                    },
                    failer(promise));
                return;
            }
            const QStringList keys{kAssignee, kStatus,    kFinalSeg, kReport,
                                   kAux,      kAgreement, kHistory};
            auto countdown = std::make_shared<Countdown<TeamRecord>>(promise, keys.size());
            for (const QString& key : keys) {
                when(
                    m_client.rest("GET", metadataPath(id, key)), this,
                    [record, key, countdown](const RestAnswer& answer) {
                        if (answer.status == 200) {
                            if (key == kHistory)
                                record->history = parseHistory(answer.body);
                            else if (Revisioned* f = field(*record, key))
                                *f = {QString::fromUtf8(answer.body), answer.etag, true};
                        }
                        if (countdown->answered()) {
                            countdown->promise->addResult(*record);
                            countdown->promise->finish();
                        }
                    },
                    [countdown](std::exception_ptr error) { countdown->fail(error); });
            }
        },
        failer(promise));
    return promise->future();
}

QFuture<std::vector<TeamRecord>> TeamClient::readAll(const QStringList& seriesUids) {
    auto promise = startPromise<std::vector<TeamRecord>>();
    auto records = std::make_shared<std::vector<TeamRecord>>(seriesUids.size());
    auto countdown =
        std::make_shared<Countdown<std::vector<TeamRecord>>>(promise, seriesUids.size());
    if (seriesUids.isEmpty()) {
        promise->addResult(*records);
        promise->finish();
    }
    for (qsizetype i = 0; i < seriesUids.size(); ++i)
        when(
            !m_ids.contains(seriesUids[i]) && m_guesses.contains(seriesUids[i])
                ? readGuessed(seriesUids[i], m_guesses.take(seriesUids[i]))
                : readRecord(seriesUids[i], false),
            this,
            [records, countdown, i](const TeamRecord& record) {
                (*records)[std::size_t(i)] = record;
                if (countdown->answered()) {
                    countdown->promise->addResult(*records);
                    countdown->promise->finish();
                }
            },
            [countdown](std::exception_ptr error) { countdown->fail(error); });
    return promise->future();
}

} // namespace tgc::pacs

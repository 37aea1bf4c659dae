#include "team_queue.h"

#include "atomic_file.h"
#include "io_error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>
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

} // namespace tgc::pacs

// The metadata keys of the team's state and the small helpers the reading
// (team_state.cpp) and the changing (team_changes.cpp) sides share.
// Internal to project/pacs.
#pragma once

#include "team_state.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tgc::pacs::team {

inline const QString kAssignee = QStringLiteral("TgcAssignee");
inline const QString kStatus = QStringLiteral("TgcStatus");
inline const QString kFinalSeg = QStringLiteral("TgcFinalSeg");
inline const QString kReport = QStringLiteral("TgcReport");
inline const QString kAux = QStringLiteral("TgcAux");
inline const QString kAgreement = QStringLiteral("TgcAgreement");
inline const QString kHistory = QStringLiteral("TgcHistory");
inline constexpr int kHistoryCap = 500;  // oldest entries drop out beyond this
inline constexpr int kHistoryTries = 10; // appends racing other appends

inline Revisioned* field(TeamRecord& record, const QString& key) {
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

inline QString metadataPath(const QString& id, const QString& key) {
    return QStringLiteral("/series/%1/metadata/%2").arg(id, key);
}

// Whether the newest change of hands in the history is this user's claim.
inline bool lastHandOverIsClaimBy(const QJsonArray& history, const QString& user) {
    for (auto it = history.end(); it != history.begin();) {
        const QJsonObject e = (--it)->toObject();
        const QString action = e.value("action").toString();
        if (action == QLatin1String("claim") || action == QLatin1String("release") ||
            action == QLatin1String("take_over"))
            return action == QLatin1String("claim") && e.value("user").toString() == user;
    }
    return false;
}

inline QJsonArray parseHistory(const QByteArray& text) {
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    return doc.isArray() ? doc.array() : QJsonArray{};
}

} // namespace tgc::pacs::team

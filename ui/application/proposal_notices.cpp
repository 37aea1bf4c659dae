#include "proposal_notices.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>
#include <algorithm>

namespace tgc {

namespace {

const char* const kPresenceThresholdKey = "proposal/presenceThreshold";

// "p = 0.03"; never "p = 0.00" for a probability that is not zero, nor
// "p = 1.000" for one below 1 (a threshold of 1 hides those too).
QString probability(double p) {
    if (p > 0.0 && p < 0.005)
        return QStringLiteral("p < 0.01");
    if (p >= 0.9995 && p < 1.0)
        return QStringLiteral("p > 0.999");
    return QStringLiteral("p = ") + QString::number(p, 'f', p >= 0.995 ? 3 : 2);
}

} // namespace

QString ProposalNotices::presence(const ModelSayings& said) {
    if (said.presence < 0.0)
        return {};
    if (said.presence < said.presenceThreshold) {
        const QString p = probability(said.presence);
        return said.volume ? tr("Not found in this volume (%1)").arg(p)
                           : tr("Not found in this slice (%1)").arg(p);
    }
    if (said.slicesNotFound > 0)
        return tr("Not found in %1 of %2 slices: their masks are left out")
            .arg(said.slicesNotFound)
            .arg(said.slices);
    return {};
}

QString ProposalNotices::outOfDistribution(const ModelSayings& said) {
    if (said.oodScore < 0.0 || said.oodThreshold <= 0.0)
        return tr("Whether this image is like the model's training data: unknown (the checkpoint "
                  "does not describe its training images)");
    if (said.oodScore <= said.oodThreshold)
        return {};
    const QString trainedOn = said.trainedOn.isEmpty() ? tr("unknown") : said.trainedOn;
    return tr("This image is unlike the model's training data (%1): check the mask. "
              "(distance %2, typical up to %3)")
        .arg(trainedOn)
        .arg(said.oodScore, 0, 'f', 1)
        .arg(said.oodThreshold, 0, 'f', 2);
}

QString ProposalNotices::trainedOn(const QString& checkpointPath, bool bundled,
                                   const QByteArray& metadataJson) {
    if (bundled) {
        QFile card(QFileInfo(checkpointPath).absolutePath() + QStringLiteral("/README.md"));
        if (card.open(QIODevice::ReadOnly)) {
            // The card's own summary: "A demonstration model, trained on synthetic phantoms."
            static const QRegularExpression said(QStringLiteral("trained on ([^.\\n*]+)"));
            const auto match = said.match(QString::fromUtf8(card.read(64 * 1024)));
            if (match.hasMatch())
                return match.captured(1).trimmed();
        }
    }
    const QJsonObject metadata = QJsonDocument::fromJson(metadataJson).object();
    return metadata.value(QStringLiteral("training_data")).toString().trimmed();
}

double ProposalNotices::presenceThresholdSetting() {
    bool ok = false;
    const double t = QSettings().value(QLatin1String(kPresenceThresholdKey), 0.5).toDouble(&ok);
    return ok ? std::clamp(t, 0.0, 1.0) : 0.5;
}

void ProposalNotices::setPresenceThresholdSetting(double threshold) {
    QSettings().setValue(QLatin1String(kPresenceThresholdKey), std::clamp(threshold, 0.0, 1.0));
}

} // namespace tgc

#include "agreement_report.h"

#include "atomic_file.h"
#include "io_error.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace tgc {

namespace {

QJsonValue number(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvNumber(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 6) : QString();
}

QJsonObject summaryJson(const Summary& s) {
    return {{QStringLiteral("n"), qint64(s.count)},
            {QStringLiteral("mean"), number(s.mean)},
            {QStringLiteral("median"), number(s.median)},
            {QStringLiteral("sd"), s.count > 1 ? number(s.stdDev) : QJsonValue()}};
}

} // namespace

QByteArray agreementCsv(const std::vector<SeriesReview>& series) {
    QString csv = QStringLiteral("case_id,series_uid,label,label_name,a,b,dice,iou,hd95_mm,"
                                 "volume_a_ml,volume_b_ml,volume_diff_ml,final_mask\n");
    for (const SeriesReview& s : series)
        for (const AgreementRow& r : s.rows) {
            const QStringList fields{
                csvField(s.caseId),     csvField(s.seriesUid),  QString::number(r.label),
                csvField(r.labelName),  csvField(r.a),          csvField(r.b),
                csvNumber(r.dice),      csvNumber(r.iou),       csvNumber(r.hd95Mm),
                csvNumber(r.volumeAMl), csvNumber(r.volumeBMl), csvNumber(r.volumeDiffMl),
                csvField(s.finalMask)};
            csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    return csv.toUtf8();
}

QJsonObject agreementSummaryJson(const AgreementSummary& summary) {
    QJsonArray pairs;
    for (const LabelPairAgreement& p : summary.pairs) {
        QJsonObject o{{QStringLiteral("label"), int(p.label)},
                      {QStringLiteral("label_name"), p.labelName},
                      {QStringLiteral("a"), p.a},
                      {QStringLiteral("b"), p.b},
                      {QStringLiteral("dice"), summaryJson(p.dice)}};
        QJsonObject dice = o.value(QStringLiteral("dice")).toObject();
        dice.insert(QStringLiteral("min"), number(p.diceMin));
        o.insert(QStringLiteral("dice"), dice);
        pairs.append(o);
    }
    QJsonArray series;
    for (const SeriesAgreementLine& line : summary.series) {
        QJsonObject o{{QStringLiteral("case_id"), line.series->caseId},
                      {QStringLiteral("series_uid"), line.series->seriesUid},
                      {QStringLiteral("final_mask"), line.series->finalMask},
                      {QStringLiteral("rows"), qint64(line.series->rows.size())},
                      {QStringLiteral("dice_mean"), number(line.diceMean)},
                      {QStringLiteral("hd95_max_mm"), number(line.hd95MaxMm)},
                      {QStringLiteral("hd95_undefined"), qint64(line.undefinedHd95)}};
        o.insert(QStringLiteral("lowest"), line.worst ? line.worst->toJson() : QJsonValue());
        series.append(o);
    }
    QJsonArray annotators;
    for (const AnnotatorReviewSummary& a : summary.annotators) {
        QJsonObject models;
        for (const auto& [model, count] : a.models)
            models.insert(model, qint64(count));
        annotators.append(QJsonObject{
            {QStringLiteral("annotator"), a.annotator},
            {QStringLiteral("series"), qint64(a.series)},
            {QStringLiteral("final_masks"), qint64(a.finalMasks)},
            {QStringLiteral("from_proposal"), qint64(a.fromProposal)},
            {QStringLiteral("from_proposal_share"),
             a.series ? QJsonValue(double(a.fromProposal) / double(a.series)) : QJsonValue()},
            {QStringLiteral("proposal_dice"), summaryJson(a.proposalDice)},
            {QStringLiteral("models"), models}});
    }
    return {{QStringLiteral("series_count"), qint64(summary.series.size())},
            {QStringLiteral("order"), QStringLiteral("series: lowest mean Dice first")},
            {QStringLiteral("pairs"), pairs},
            {QStringLiteral("series"), series},
            {QStringLiteral("annotators"), annotators}};
}

AgreementSummary writeAgreementReport(const QString& folder,
                                      const std::vector<SeriesReview>& series) {
    const QFileInfo where(folder);
    if ((where.exists() && !where.isDir()) || !QDir().mkpath(folder))
        throw IoError(folder, QStringLiteral("cannot create the report folder"));
    AgreementSummary summary = summarizeAgreement(series);
    const QDir dir(folder);
    const auto write = [&dir](const QString& name, const QByteArray& bytes) {
        const QString path = dir.filePath(name);
        const QString error = writeFileAtomically(path, bytes);
        if (!error.isEmpty())
            throw IoError(path, QStringLiteral("cannot write the report: %1").arg(error));
    };
    write(QStringLiteral("agreement.csv"), agreementCsv(series));
    write(QStringLiteral("summary.json"),
          QJsonDocument(agreementSummaryJson(summary)).toJson(QJsonDocument::Indented));
    write(QStringLiteral("report.html"), agreementHtml(summary));
    return summary;
}

} // namespace tgc

#include "comparison_summary.h"

#include "qata_dataset.h"

#include <QJsonArray>
#include <cmath>

namespace tgc {

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

ComparisonSummary summarizeComparison(const ComparisonResult& result) {
    ComparisonSummary s;
    const int n = int(result.modelNames.size());
    const std::size_t count = std::size_t(n);
    std::vector<std::vector<double>> dices(count), ious(count), hds(count), times(count);
    s.pairwiseDice.assign(std::size_t(n), std::vector<double>(std::size_t(n), 0.0));
    for (const CaseScores& c : result.cases) {
        for (int m = 0; m < n; ++m) {
            const ModelScore& score = c.scores[std::size_t(m)];
            times[std::size_t(m)].push_back(score.ms);
            if (score.hasReference) {
                dices[std::size_t(m)].push_back(score.dice);
                ious[std::size_t(m)].push_back(score.iou);
                hds[std::size_t(m)].push_back(score.hd95);
            }
            for (int k = 0; k < n; ++k)
                s.pairwiseDice[std::size_t(m)][std::size_t(k)] +=
                    c.pairwiseDice[std::size_t(m)][std::size_t(k)];
        }
    }
    // Summed first, divided once: identical masks give exactly 1.
    for (auto& row : s.pairwiseDice)
        for (double& value : row)
            value = result.cases.empty() ? std::nan("") : value / double(result.cases.size());
    for (int m = 0; m < n; ++m) {
        ModelSummary model;
        model.name = result.modelNames[m];
        model.scored = dices[std::size_t(m)].size();
        model.dice = summarize(dices[std::size_t(m)]);
        model.iou = summarize(ious[std::size_t(m)]);
        model.hd95 = summarize(hds[std::size_t(m)]);
        model.ms = summarize(times[std::size_t(m)]);
        s.anyReference = s.anyReference || model.scored > 0;
        s.models.push_back(model);
    }
    for (int a = 0; a < n; ++a) {
        for (int b = a + 1; b < n; ++b) {
            PairSummary pair;
            pair.a = a;
            pair.b = b;
            pair.meanPairwiseDice = s.pairwiseDice[std::size_t(a)][std::size_t(b)];
            // Every model scores the same cases, so the Dice lists are paired.
            const auto& da = dices[std::size_t(a)];
            const auto& db = dices[std::size_t(b)];
            pair.cases = da.size();
            for (std::size_t i = 0; i < da.size(); ++i) {
                pair.aWins += da[i] > db[i];
                pair.bWins += da[i] < db[i];
                pair.ties += da[i] == db[i];
                pair.meanDiceDifference += (da[i] - db[i]) / double(da.size());
            }
            pair.wilcoxon = wilcoxonSignedRank(da, db);
            s.pairs.push_back(pair);
        }
    }
    return s;
}

QByteArray metricsCsv(const ComparisonResult& result) {
    QString csv = QStringLiteral("case,model,dice,iou,hd95_mm,ms\n");
    for (const CaseScores& c : result.cases) {
        for (int m = 0; m < result.modelNames.size(); ++m) {
            const ModelScore& s = c.scores[std::size_t(m)];
            QStringList fields{qata::csvField(c.id), qata::csvField(result.modelNames[m])};
            if (s.hasReference) {
                fields << QString::number(s.dice, 'f', 6) << QString::number(s.iou, 'f', 6)
                       << (std::isfinite(s.hd95) ? QString::number(s.hd95, 'f', 4)
                                                 : QStringLiteral("inf"));
            } else {
                fields << QString() << QString() << QString();
            }
            fields << QString::number(s.ms, 'f', 1);
            csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    return csv.toUtf8();
}

QByteArray pairwiseCsv(const ComparisonResult& result) {
    QString csv = QStringLiteral("case,model_a,model_b,dice\n");
    const int n = int(result.modelNames.size());
    for (const CaseScores& c : result.cases)
        for (int a = 0; a < n; ++a)
            for (int b = a + 1; b < n; ++b)
                csv += QStringList{qata::csvField(c.id), qata::csvField(result.modelNames[a]),
                                   qata::csvField(result.modelNames[b]),
                                   QString::number(c.pairwiseDice[std::size_t(a)][std::size_t(b)],
                                                   'f', 6)}
                           .join(QLatin1Char(',')) +
                       QLatin1Char('\n');
    return csv.toUtf8();
}

namespace {

QJsonObject summaryObject(const Summary& s) {
    QJsonObject o;
    o[QStringLiteral("n")] = qint64(s.count);
    o[QStringLiteral("mean")] = jsonNumber(s.mean);
    o[QStringLiteral("median")] = jsonNumber(s.median);
    o[QStringLiteral("std")] = jsonNumber(s.stdDev);
    return o;
}

QJsonArray matrix(const std::vector<std::vector<double>>& values) {
    QJsonArray rows;
    for (const auto& row : values) {
        QJsonArray r;
        for (double v : row)
            r.append(jsonNumber(v));
        rows.append(r);
    }
    return rows;
}

// The two models of a pair and how often each did better.
QJsonObject pairObject(const ComparisonSummary& summary, const PairSummary& p) {
    return {{QStringLiteral("a"), summary.models[std::size_t(p.a)].name},
            {QStringLiteral("b"), summary.models[std::size_t(p.b)].name},
            {QStringLiteral("a_wins"), qint64(p.aWins)},
            {QStringLiteral("b_wins"), qint64(p.bWins)}};
}

} // namespace

QJsonObject summaryJson(const ComparisonResult& result, const ComparisonSummary& summary) {
    QJsonObject root;
    root[QStringLiteral("source")] = result.casesDescription;
    root[QStringLiteral("cases")] = int(result.cases.size());
    root[QStringLiteral("cancelled")] = result.cancelled;
    QJsonArray models;
    for (int m = 0; m < int(summary.models.size()); ++m) {
        const ModelSummary& s = summary.models[std::size_t(m)];
        QJsonObject o;
        o[QStringLiteral("name")] = s.name;
        o[QStringLiteral("checkpoint")] = result.modelPaths.value(m);
        o[QStringLiteral("cases_with_reference")] = qint64(s.scored);
        o[QStringLiteral("dice")] = summaryObject(s.dice);
        o[QStringLiteral("iou")] = summaryObject(s.iou);
        QJsonObject hd = summaryObject(s.hd95);
        // Cases where exactly one mask is empty: no distance, left out above.
        hd[QStringLiteral("infinite")] = qint64(s.hd95.nonFinite);
        o[QStringLiteral("hd95_mm")] = hd;
        o[QStringLiteral("ms")] = summaryObject(s.ms);
        models.append(o);
    }
    root[QStringLiteral("models")] = models;
    QJsonArray pairs;
    for (const PairSummary& p : summary.pairs) {
        QJsonObject o = pairObject(summary, p);
        o[QStringLiteral("cases")] = qint64(p.cases);
        o[QStringLiteral("ties")] = qint64(p.ties);
        o[QStringLiteral("dice_mean_difference")] = p.meanDiceDifference;
        o[QStringLiteral("pairwise_dice_mean")] = p.meanPairwiseDice;
        QJsonObject w;
        w[QStringLiteral("w_plus")] = p.wilcoxon.rankSumPositive;
        w[QStringLiteral("w_minus")] = p.wilcoxon.rankSumNegative;
        w[QStringLiteral("ranked_pairs")] = qint64(p.wilcoxon.ranked);
        w[QStringLiteral("zero_differences")] = qint64(p.wilcoxon.zeros);
        w[QStringLiteral("method")] = p.wilcoxon.ranked == 0 ? QStringLiteral("no differences")
                                      : p.wilcoxon.exact     ? QStringLiteral("exact")
                                                             : QStringLiteral("normal");
        if (!p.wilcoxon.exact && p.wilcoxon.ranked > 0)
            w[QStringLiteral("z")] = p.wilcoxon.z;
        w[QStringLiteral("p_value")] = p.wilcoxon.pValue;
        o[QStringLiteral("wilcoxon")] = w;
        pairs.append(o);
    }
    root[QStringLiteral("pairs")] = pairs;
    root[QStringLiteral("pairwise_dice")] = matrix(summary.pairwiseDice);
    root[QStringLiteral("wilcoxon_method")] =
        QStringLiteral("Wilcoxon signed-rank test of per-case Dice a - b, two-sided; zero "
                       "differences dropped; tied |differences| get mid-ranks; exact "
                       "permutation distribution up to 50 ranked pairs, else the normal "
                       "approximation with tie-corrected variance and continuity correction");
    root[QStringLiteral("std")] = QStringLiteral("sample standard deviation (n - 1)");
    return root;
}

QJsonObject contractJson(const ComparisonResult& result, const ComparisonSummary& summary) {
    QJsonObject root;
    QJsonArray names;
    for (const QString& name : result.modelNames)
        names.append(name);
    root[QStringLiteral("models")] = names;
    root[QStringLiteral("pairwise_dice")] = matrix(summary.pairwiseDice);
    if (summary.anyReference) {
        QJsonArray vs;
        for (const ModelSummary& s : summary.models) {
            QJsonObject o;
            o[QStringLiteral("model")] = s.name;
            o[QStringLiteral("cases")] = qint64(s.scored);
            o[QStringLiteral("dice_mean")] = jsonNumber(s.dice.mean);
            o[QStringLiteral("dice_median")] = jsonNumber(s.dice.median);
            o[QStringLiteral("iou_mean")] = jsonNumber(s.iou.mean);
            o[QStringLiteral("hd95_mm_median")] = jsonNumber(s.hd95.median);
            vs.append(o);
        }
        root[QStringLiteral("vs_reference")] = vs;
    } else {
        root[QStringLiteral("vs_reference")] = QJsonValue();
    }
    QJsonArray tests;
    for (const PairSummary& p : summary.pairs) {
        QJsonObject o = pairObject(summary, p);
        o[QStringLiteral("p_value")] = p.wilcoxon.pValue;
        tests.append(o);
    }
    root[QStringLiteral("wilcoxon")] = tests;
    root[QStringLiteral("cases")] = int(result.cases.size());
    root[QStringLiteral("cancelled")] = result.cancelled;
    return root;
}

} // namespace tgc

#include "agreement_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace tgc {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<LabelPairAgreement> pairsOf(const std::vector<SeriesReview>& series) {
    // (label, a, b) with a < b -> Dice values, in series order.
    std::map<std::tuple<int, QString, QString>, std::vector<double>> dice;
    std::map<int, QString> names;
    for (const SeriesReview& s : series)
        for (const AgreementRow& row : s.rows) {
            const bool swap = row.b < row.a;
            dice[{row.label, swap ? row.b : row.a, swap ? row.a : row.b}].push_back(row.dice);
            names.emplace(row.label, row.labelName); // the first name seen
        }
    std::vector<LabelPairAgreement> out;
    for (const auto& [key, values] : dice) {
        LabelPairAgreement p;
        p.label = std::uint8_t(std::get<0>(key));
        p.labelName = names[std::get<0>(key)];
        p.a = std::get<1>(key);
        p.b = std::get<2>(key);
        p.dice = summarize(values);
        p.diceMin = *std::min_element(values.begin(), values.end());
        out.push_back(p);
    }
    return out;
}

SeriesAgreementLine lineOf(const SeriesReview& s) {
    SeriesAgreementLine line;
    line.series = &s;
    line.diceMean = s.rows.empty() ? kNaN : 0;
    line.hd95MaxMm = kNaN;
    for (const AgreementRow& row : s.rows) {
        line.diceMean += row.dice / double(s.rows.size());
        if (!line.worst || row.dice < line.worst->dice)
            line.worst = &row;
        if (!row.hd95Defined())
            ++line.undefinedHd95;
        else if (!(row.hd95Mm <= line.hd95MaxMm))
            line.hd95MaxMm = row.hd95Mm;
    }
    return line;
}

std::vector<AnnotatorReviewSummary> annotatorsOf(const std::vector<SeriesReview>& series) {
    std::map<QString, AnnotatorReviewSummary> by;
    std::map<QString, std::vector<double>> proposalDice;
    for (const SeriesReview& s : series)
        for (const AnnotatorSeg& seg : s.segs) {
            AnnotatorReviewSummary& a = by[seg.annotator];
            a.annotator = seg.annotator;
            ++a.series;
            a.finalMasks += seg.annotator == s.finalMask;
            if (!seg.proposalModel.isEmpty()) {
                ++a.fromProposal;
                ++a.models[seg.proposalModel];
            }
            if (seg.proposalDice)
                proposalDice[seg.annotator].push_back(*seg.proposalDice);
        }
    std::vector<AnnotatorReviewSummary> out;
    for (auto& [name, a] : by) {
        a.proposalDice = summarize(proposalDice[name]);
        out.push_back(a);
    }
    return out;
}

} // namespace

AgreementSummary summarizeAgreement(const std::vector<SeriesReview>& series) {
    AgreementSummary out;
    out.pairs = pairsOf(series);
    for (const SeriesReview& s : series)
        out.series.push_back(lineOf(s));
    // Lowest mean Dice first, then lowest single pair; series without rows
    // (no one drew anything) last. Stable: equal ones keep the input order.
    std::stable_sort(out.series.begin(), out.series.end(),
                     [](const SeriesAgreementLine& x, const SeriesAgreementLine& y) {
                         const bool xr = x.worst, yr = y.worst;
                         if (xr != yr)
                             return xr;
                         if (!xr)
                             return false;
                         if (x.diceMean != y.diceMean)
                             return x.diceMean < y.diceMean;
                         return x.worst->dice < y.worst->dice;
                     });
    out.annotators = annotatorsOf(series);
    return out;
}

} // namespace tgc

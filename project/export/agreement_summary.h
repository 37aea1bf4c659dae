// What the agreement report says about a project's reviewed series: the
// agreement per label and pair of annotators, the series ordered from the
// lowest agreement, and each annotator's habits with model proposals.
#pragma once

#include "agreement.h"
#include "paired_statistics.h"

#include <QString>
#include <map>
#include <optional>
#include <vector>

namespace tgc {

// One annotator's SEG of a reviewed series.
struct AnnotatorSeg {
    QString annotator;
    // The model whose accepted proposal the mask started from; empty: drawn by hand.
    QString proposalModel;
    // Dice between that accepted proposal and the annotator's final mask
    // (1: kept as proposed); missing where it is not known.
    std::optional<double> proposalDice;
};

// One reviewed series: the pairwise rows of pairwiseAgreement and whose
// mask became final ("majority vote" or "STAPLE" for a consensus).
struct SeriesReview {
    QString caseId;
    QString seriesUid;
    std::vector<AgreementRow> rows;
    QString finalMask;
    std::vector<AnnotatorSeg> segs;
};

// One label and one pair of annotators over every series that has that row.
// The pair is named in alphabetical order whatever order the rows had.
struct LabelPairAgreement {
    std::uint8_t label = 0;
    QString labelName;
    QString a, b;
    Summary dice; // count, mean, median, sample sd
    double diceMin = 0;
};

struct SeriesAgreementLine {
    const SeriesReview* series = nullptr;
    double diceMean = 0;                 // over its rows (labels x pairs); NaN without rows
    const AgreementRow* worst = nullptr; // the row with the lowest Dice, if any
    double hd95MaxMm = 0;                // largest defined HD95; NaN where none is
    std::size_t undefinedHd95 = 0;       // rows where one mask is empty
};

struct AnnotatorReviewSummary {
    QString annotator;
    std::size_t series = 0;                // series with a SEG of theirs
    std::size_t finalMasks = 0;            // series whose final mask is theirs
    std::size_t fromProposal = 0;          // SEGs started from an accepted model proposal
    Summary proposalDice;                  // over the SEGs where it is known
    std::map<QString, std::size_t> models; // proposal model -> SEGs
};

struct AgreementSummary {
    std::vector<LabelPairAgreement> pairs;          // by label, then pair
    std::vector<SeriesAgreementLine> series;        // lowest mean Dice first; no rows last
    std::vector<AnnotatorReviewSummary> annotators; // alphabetical
};

// Points into `series`, which must outlive the summary.
AgreementSummary summarizeAgreement(const std::vector<SeriesReview>& series);

} // namespace tgc

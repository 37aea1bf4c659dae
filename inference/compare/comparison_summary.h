// The figures of a comparison: per model summaries (mean, median, sample
// std of Dice, IoU, HD95 and time), paired win counts and a Wilcoxon
// signed-rank test of the Dice difference for every pair of models, as
// metrics.csv, summary.json and the JSON `tgc-cli compare` prints
// (DESIGN.md §5, contract).
#pragma once

#include "comparison_runner.h"
#include "paired_statistics.h"

#include <QJsonObject>
#include <QString>

namespace tgc {

struct ModelSummary {
    QString name;
    std::size_t scored = 0; // cases with a reference
    Summary dice, iou, hd95, ms;
};

struct PairSummary {
    int a = 0, b = 0;                           // model indices, a < b
    std::size_t cases = 0;                      // cases with a reference
    std::size_t aWins = 0, bWins = 0, ties = 0; // by Dice
    double meanDiceDifference = 0;              // a - b
    double meanPairwiseDice = 0;                // agreement of the two masks, every case
    WilcoxonResult wilcoxon;                    // of Dice a - b
};

struct ComparisonSummary {
    std::vector<ModelSummary> models;
    std::vector<PairSummary> pairs;
    std::vector<std::vector<double>> pairwiseDice; // mean over cases, models x models
    bool anyReference = false;
};

ComparisonSummary summarizeComparison(const ComparisonResult& result);

// metrics.csv: one row per case and model (case, model, dice, iou, hd95_mm,
// ms); scores against the reference are empty for a case without one and
// hd95_mm is "inf" when exactly one mask is empty.
QByteArray metricsCsv(const ComparisonResult& result);
// pairwise.csv: Dice between the masks of every pair of models, per case
// (case, model_a, model_b, dice): where models disagree, with or without a
// reference.
QByteArray pairwiseCsv(const ComparisonResult& result);
QJsonObject summaryJson(const ComparisonResult& result, const ComparisonSummary& summary);
// {"models":[names],"pairwise_dice":[[...]],"vs_reference":[{...}] or null, ...}
QJsonObject contractJson(const ComparisonResult& result, const ComparisonSummary& summary);

// A number as JSON, null when it is not finite (JSON has no infinity).
QJsonValue jsonNumber(double value);

} // namespace tgc

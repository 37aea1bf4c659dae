// The evaluator's figures beyond Dice (evaluator.h): presence AUROC, false
// masks on absent targets, and the simulated-click series.
#include "click_simulation.h"
#include "evaluator.h"

#include <algorithm>
#include <numeric>

namespace tgc::training {

double rocAuc(const std::vector<double>& scores, const std::vector<bool>& positive) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&scores](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    // Mann-Whitney: the mean rank of the positives, ties sharing their mean rank.
    double rankSum = 0;
    std::size_t positives = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]])
            ++j;
        const double meanRank = 0.5 * double(i + 1 + j); // ranks i+1 .. j
        for (std::size_t k = i; k < j; ++k)
            if (positive[order[k]]) {
                rankSum += meanRank;
                ++positives;
            }
        i = j;
    }
    const std::size_t negatives = scores.size() - positives;
    if (positives == 0 || negatives == 0)
        return -1;
    return (rankSum - 0.5 * double(positives) * double(positives + 1)) /
           (double(positives) * double(negatives));
}

void summariseHonesty(Evaluation& e, std::size_t absentMaskPixels) {
    e.absentMaskPixels = absentMaskPixels;
    std::vector<double> scores;
    std::vector<bool> positive;
    bool presenceKnown = !e.rows.empty();
    double presentDice = 0;
    int shown = 0, drawn = 0;
    e.presentRows = e.absentRows = 0;
    for (const RowScore& r : e.rows) {
        const bool present = r.truthVoxels > 0;
        presenceKnown = presenceKnown && r.presence >= 0;
        scores.push_back(r.presence);
        positive.push_back(present);
        if (present) {
            ++e.presentRows;
            presentDice += r.dice;
        } else {
            ++e.absentRows;
            shown += r.predictedVoxels >= absentMaskPixels;
            drawn += r.rawPredictedVoxels >= absentMaskPixels;
        }
    }
    e.diceMeanPresent = e.presentRows ? presentDice / e.presentRows : -1;
    e.presenceAuroc = presenceKnown ? rocAuc(scores, positive) : -1;
    if (e.absentRows) {
        e.absentFalseMaskRate = double(shown) / e.absentRows;
        e.absentFalseMaskRateUngated = double(drawn) / e.absentRows;
    }

    std::size_t rounds = 0;
    for (const RowScore& r : e.rows)
        rounds = std::max(rounds, r.diceAfter.size());
    if (rounds == 0)
        return;
    e.clickDiceAfter.assign(rounds, 0.0);
    int rows = 0, never = 0;
    double clicks = 0;
    for (const RowScore& r : e.rows) {
        if (r.diceAfter.size() != rounds)
            continue;
        ++rows;
        for (std::size_t k = 0; k < rounds; ++k)
            e.clickDiceAfter[k] += r.diceAfter[k];
        const ClicksToReach reach = clicksToReach(r.diceAfter, 0.90);
        clicks += reach.clicks;
        never += !reach.reached;
    }
    for (double& d : e.clickDiceAfter)
        d /= std::max(1, rows);
    e.noc90 = rows ? clicks / rows : -1;
    e.noc90NeverReached = rows ? double(never) / rows : -1;
}

} // namespace tgc::training

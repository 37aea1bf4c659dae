// Summaries of per-case scores and the paired test used to compare two
// models case by case. Plain C++ (no Qt, no torch), next to the mask metrics
// they summarise.
#pragma once

#include <cstddef>
#include <vector>

namespace tgc {

struct Summary {
    std::size_t count = 0;     // finite values summarised
    std::size_t nonFinite = 0; // left out: infinite or NaN (HD95 against an empty mask)
    double mean = 0;
    double median = 0;
    double stdDev = 0; // sample standard deviation (n - 1); 0 for fewer than two values
};

// Mean, median and sample standard deviation of the finite values (NaN
// when there is none). A
// non-finite value (HD95 is +inf when one mask is empty) is counted apart,
// since it would make every moment infinite.
Summary summarize(const std::vector<double>& values);

struct WilcoxonResult {
    std::size_t pairs = 0;      // pairs given
    std::size_t zeros = 0;      // pairs with no difference, dropped before ranking
    std::size_t ranked = 0;     // pairs - zeros
    double rankSumPositive = 0; // W+: ranks of the differences a - b > 0
    double rankSumNegative = 0; // W-
    bool exact = false;         // exact distribution (else normal approximation)
    double z = 0;               // normal approximation only, with continuity correction
    double pValue = 1;          // two-sided
};

// Wilcoxon signed-rank test of the paired differences a[i] - b[i] (two
// sided). Zero differences are dropped (Wilcoxon's own rule, scipy's
// zero_method="wilcox"); tied absolute differences get their average rank.
// With at most exactUpTo ranked pairs the p-value comes from the exact
// permutation distribution of W+ over the 2^n sign assignments of the
// (mid-)ranks actually observed, so it stays exact with ties. Beyond that:
// the normal approximation with the tie-corrected variance
// n(n+1)(2n+1)/24 - sum(t^3 - t)/48 and a continuity correction of 0.5.
// No ranked pair at all (identical scores): p = 1.
// Throws std::invalid_argument when a and b differ in length or hold a NaN.
WilcoxonResult wilcoxonSignedRank(const std::vector<double>& a, const std::vector<double>& b,
                                  std::size_t exactUpTo = 50);

} // namespace tgc

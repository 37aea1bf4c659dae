#include "paired_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace tgc {

Summary summarize(const std::vector<double>& values) {
    Summary s;
    std::vector<double> finite;
    for (double v : values) {
        if (std::isfinite(v))
            finite.push_back(v);
        else
            ++s.nonFinite;
    }
    s.count = finite.size();
    if (finite.empty()) {
        s.mean = s.median = s.stdDev = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    const double n = double(finite.size());
    s.mean = std::accumulate(finite.begin(), finite.end(), 0.0) / n;
    double squares = 0;
    for (double v : finite)
        squares += (v - s.mean) * (v - s.mean);
    s.stdDev = finite.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
    std::sort(finite.begin(), finite.end());
    const std::size_t half = finite.size() / 2;
    s.median = finite.size() % 2 ? finite[half] : 0.5 * (finite[half - 1] + finite[half]);
    return s;
}

namespace {

struct SignedRanks {
    std::vector<double> ranks; // of |d|, ties averaged, in the order of `positive`
    std::vector<bool> positive;
    double tieTerm = 0; // sum over tie groups of t^3 - t
};

SignedRanks rankDifferences(const std::vector<double>& differences) {
    std::vector<double> nonzero;
    for (double d : differences) {
        if (d != 0)
            nonzero.push_back(d);
    }
    std::sort(nonzero.begin(), nonzero.end(),
              [](double x, double y) { return std::fabs(x) < std::fabs(y); });
    SignedRanks r;
    r.ranks.resize(nonzero.size());
    for (std::size_t i = 0; i < nonzero.size();) {
        std::size_t j = i;
        while (j < nonzero.size() && std::fabs(nonzero[j]) == std::fabs(nonzero[i]))
            ++j;
        // Positions i..j-1 share the ranks i+1..j: each gets their average.
        const double average = 0.5 * double(i + 1 + j);
        for (std::size_t k = i; k < j; ++k)
            r.ranks[k] = average;
        const double t = double(j - i);
        r.tieTerm += t * t * t - t;
        i = j;
    }
    for (double d : nonzero)
        r.positive.push_back(d > 0);
    return r;
}

// Two-sided exact p-value of W+ = observed: every sign assignment of the
// ranks is equally likely under the null. Ranks are whole or half numbers,
// so twice a rank is a whole number and the distribution of 2 W+ is counted
// by the subset-sum recurrence (counts up to 2^50 are exact in a double).
double exactTwoSided(const std::vector<double>& ranks, double observed) {
    std::vector<int> doubled;
    int total = 0;
    for (double r : ranks) {
        doubled.push_back(int(std::lround(2 * r)));
        total += doubled.back();
    }
    std::vector<double> ways(std::size_t(total) + 1, 0.0);
    ways[0] = 1;
    int reach = 0;
    for (int step : doubled) {
        for (int s = reach; s >= 0; --s)
            ways[std::size_t(s + step)] += ways[std::size_t(s)];
        reach += step;
    }
    const int w = int(std::lround(2 * observed));
    double atMost = 0, atLeast = 0, all = 0;
    for (int s = 0; s <= total; ++s) {
        all += ways[std::size_t(s)];
        if (s <= w)
            atMost += ways[std::size_t(s)];
        if (s >= w)
            atLeast += ways[std::size_t(s)];
    }
    return std::min(1.0, 2.0 * std::min(atMost, atLeast) / all);
}

} // namespace

WilcoxonResult wilcoxonSignedRank(const std::vector<double>& a, const std::vector<double>& b,
                                  std::size_t exactUpTo) {
    if (a.size() != b.size())
        throw std::invalid_argument("wilcoxonSignedRank: the two samples differ in length");
    WilcoxonResult result;
    result.pairs = a.size();
    std::vector<double> differences;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = a[i] - b[i];
        if (std::isnan(d))
            throw std::invalid_argument("wilcoxonSignedRank: a score is not a number");
        differences.push_back(d);
        result.zeros += d == 0;
    }
    const SignedRanks r = rankDifferences(differences);
    result.ranked = r.ranks.size();
    for (std::size_t i = 0; i < r.ranks.size(); ++i)
        (r.positive[i] ? result.rankSumPositive : result.rankSumNegative) += r.ranks[i];
    if (result.ranked == 0)
        return result; // nothing to rank: no evidence of a difference, p = 1
    const double n = double(result.ranked);
    if (result.ranked <= exactUpTo) {
        result.exact = true;
        result.pValue = exactTwoSided(r.ranks, result.rankSumPositive);
        return result;
    }
    const double mean = n * (n + 1) / 4;
    const double variance = n * (n + 1) * (2 * n + 1) / 24 - r.tieTerm / 48;
    const double distance = std::max(0.0, std::fabs(result.rankSumPositive - mean) - 0.5);
    result.z = variance > 0 ? distance / std::sqrt(variance) : 0.0;
    if (result.rankSumPositive < mean)
        result.z = -result.z;
    result.pValue = std::min(1.0, std::erfc(std::fabs(result.z) / std::sqrt(2.0)));
    return result;
}

} // namespace tgc

// The summary statistics and the Wilcoxon signed-rank test against values
// worked by hand, a published example, and brute-force enumeration.
#include "paired_statistics.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

using namespace tgc;

namespace {

// Independent check of the exact p-value: enumerate all 2^n sign
// assignments of the mid-ranks and count those at least as extreme.
double bruteForceExactP(const std::vector<double>& d) {
    std::vector<double> nonzero;
    for (double x : d) {
        if (x != 0)
            nonzero.push_back(x);
    }
    const std::size_t n = nonzero.size();
    std::vector<double> rank(n);
    for (std::size_t i = 0; i < n; ++i) {
        double below = 0, equal = 0;
        for (std::size_t j = 0; j < n; ++j) {
            below += std::fabs(nonzero[j]) < std::fabs(nonzero[i]);
            equal += std::fabs(nonzero[j]) == std::fabs(nonzero[i]);
        }
        rank[i] = below + (equal + 1) / 2; // mean of below+1 .. below+equal
    }
    double observed = 0;
    for (std::size_t i = 0; i < n; ++i)
        observed += nonzero[i] > 0 ? rank[i] : 0;
    double low = 0, high = 0;
    for (std::uint64_t mask = 0; mask < (std::uint64_t(1) << n); ++mask) {
        double w = 0;
        for (std::size_t i = 0; i < n; ++i)
            w += (mask >> i) & 1 ? rank[i] : 0;
        low += w <= observed + 1e-9;
        high += w >= observed - 1e-9;
    }
    return std::min(1.0, 2 * std::min(low, high) / double(std::uint64_t(1) << n));
}

std::vector<double> zeros(std::size_t n) {
    return std::vector<double>(n, 0.0);
}

} // namespace

class TestPairedStatistics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void summaryOfAHandfulOfValues() {
        // 1, 2, 4, 9: mean 4, median 3, squares about the mean 9+4+0+25 = 38,
        // sample variance 38/3.
        const Summary s = summarize({4, 1, 9, 2});
        QCOMPARE(s.count, std::size_t(4));
        QCOMPARE(s.mean, 4.0);
        QCOMPARE(s.median, 3.0);
        QVERIFY(std::fabs(s.stdDev - std::sqrt(38.0 / 3.0)) < 1e-12);
        QCOMPARE(summarize({5, 1, 3}).median, 3.0);
        QCOMPARE(summarize({7}).stdDev, 0.0);
    }

    void summaryKeepsInfinityApart() {
        const double inf = std::numeric_limits<double>::infinity();
        const Summary s = summarize({2, inf, 4});
        QCOMPARE(s.count, std::size_t(2));
        QCOMPARE(s.nonFinite, std::size_t(1));
        QCOMPARE(s.mean, 3.0);
        const Summary none = summarize({inf});
        QCOMPARE(none.count, std::size_t(0));
        QVERIFY(std::isnan(none.mean) && std::isnan(none.median));
    }

    void fishersZeaMaysExactAndApproximate() {
        // Darwin's Zea mays, height differences (eighths of an inch) of 15
        // pairs, as in Fisher's Design of Experiments and scipy's wilcoxon
        // documentation. |d| ranks 1..15 without ties; the negative ones
        // (-48, -67) hold ranks 10 and 14, so W- = 24, W+ = 120 - 24 = 96.
        // Exact: 676 of the 2^15 sign assignments give W+ >= 96, so
        // p = 2 * 676 / 32768 = 0.041259765625 (scipy: 0.041259765625).
        const std::vector<double> d = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
        const WilcoxonResult exact = wilcoxonSignedRank(d, zeros(d.size()));
        QVERIFY(exact.exact);
        QCOMPARE(exact.ranked, std::size_t(15));
        QCOMPARE(exact.rankSumPositive, 96.0);
        QCOMPARE(exact.rankSumNegative, 24.0);
        QVERIFY(std::fabs(exact.pValue - 0.041259765625) < 1e-12);
        // Normal approximation: mean 15*16/4 = 60, variance 15*16*31/24 = 310,
        // z = (|96 - 60| - 0.5) / sqrt(310) = 2.016265; p = erfc(z/sqrt 2) =
        // 0.0437723. (Without the continuity correction, scipy's
        // method="approx" gives 0.0408881.)
        const WilcoxonResult normal = wilcoxonSignedRank(d, zeros(d.size()), 0);
        QVERIFY(!normal.exact);
        QVERIFY(std::fabs(normal.z - 2.0162645) < 1e-6);
        QVERIFY(std::fabs(normal.pValue - 0.0437723) < 1e-6);
        // The test is symmetric: swapping a and b swaps W+ and W-.
        const WilcoxonResult swapped = wilcoxonSignedRank(zeros(d.size()), d);
        QCOMPARE(swapped.rankSumPositive, 24.0);
        QCOMPARE(swapped.pValue, exact.pValue);
    }

    void tiesAndZerosWorkedByHand() {
        // a - b = 1, 1, -2, 3, 0: the zero is dropped; |d| = 1, 1, 2, 3 take
        // ranks 1.5, 1.5, 3, 4; W+ = 1.5 + 1.5 + 4 = 7, W- = 3. Of the 16 sign
        // assignments, W+ is >= 7 for {1.5,1.5,4}=7, {3,4}=7, {1.5,3,4}=8.5
        // (twice) and all=10: 5 of 16; p = 2 * 5/16 = 0.625.
        const std::vector<double> a = {0.9, 0.8, 0.5, 0.7, 0.6};
        const std::vector<double> b = {-0.1, -0.2, 2.5, -2.3, 0.6};
        const WilcoxonResult r = wilcoxonSignedRank(a, b);
        QCOMPARE(r.pairs, std::size_t(5));
        QCOMPARE(r.zeros, std::size_t(1));
        QCOMPARE(r.ranked, std::size_t(4));
        QCOMPARE(r.rankSumPositive, 7.0);
        QCOMPARE(r.rankSumNegative, 3.0);
        QVERIFY(r.exact);
        QVERIFY(std::fabs(r.pValue - 0.625) < 1e-12);
        // Normal approximation with the tie correction: one tie group of 2,
        // variance 4*5*9/24 - (8 - 2)/48 = 7.375; z = (|7 - 5| - 0.5) /
        // sqrt(7.375) = 0.552345; p = 0.580712.
        const WilcoxonResult n = wilcoxonSignedRank(a, b, 0);
        QVERIFY(std::fabs(n.z - 0.5523448) < 1e-6);
        QVERIFY(std::fabs(n.pValue - 0.5807122) < 1e-6);
    }

    void identicalScoresGivePOne() {
        const std::vector<double> a = {0.91, 0.85, 0.7};
        const WilcoxonResult r = wilcoxonSignedRank(a, a);
        QCOMPARE(r.ranked, std::size_t(0));
        QCOMPARE(r.zeros, std::size_t(3));
        QCOMPARE(r.pValue, 1.0);
    }

    void exactMatchesEnumerationOnRandomTiedData() {
        std::mt19937 rng(5);
        std::uniform_int_distribution<int> value(-4, 4); // few values: many ties and zeros
        for (int trial = 0; trial < 40; ++trial) {
            std::vector<double> d(std::size_t(3 + trial % 12));
            for (double& x : d)
                x = value(rng) * 0.05;
            const double expected = bruteForceExactP(d);
            const WilcoxonResult r = wilcoxonSignedRank(d, zeros(d.size()));
            QVERIFY2(
                std::fabs(r.pValue - expected) < 1e-12,
                qPrintable(
                    QStringLiteral("trial %1: %2 vs %3").arg(trial).arg(r.pValue).arg(expected)));
        }
    }

    void largeSamplesUseTheApproximationAndAgreeWithExact() {
        // 60 pairs with a shift: beyond the exact limit the normal
        // approximation is used; it should be close to the exact value.
        std::mt19937 rng(9);
        std::normal_distribution<double> noise(0.3, 1.0);
        std::vector<double> d(60);
        for (double& x : d)
            x = noise(rng);
        const WilcoxonResult normal = wilcoxonSignedRank(d, zeros(d.size()));
        QVERIFY(!normal.exact);
        const WilcoxonResult exact = wilcoxonSignedRank(d, zeros(d.size()), 60);
        QVERIFY(exact.exact);
        QVERIFY(exact.pValue < 0.05);
        QVERIFY(std::fabs(normal.pValue - exact.pValue) < 0.1 * exact.pValue);
    }

    void badInputIsRefused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wilcoxonSignedRank({1, 2}, {1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wilcoxonSignedRank({std::nan("")}, {1}));
    }
};

QTEST_APPLESS_MAIN(TestPairedStatistics)
#include "test_paired_statistics.moc"

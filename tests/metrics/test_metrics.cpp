// Mask metrics on hand-made masks, and the distance transform against brute force.
#include "mask_metrics.h"
#include "model_test.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace tgc;

namespace {

struct Grid {
    std::array<int, 3> dims;
    std::vector<std::uint8_t> voxels;
    explicit Grid(std::array<int, 3> d) : dims(d), voxels(std::size_t(d[0]) * d[1] * d[2], 0) {}
    void set(int x, int y, int z) {
        voxels[(std::size_t(z) * dims[1] + std::size_t(y)) * dims[0] + std::size_t(x)] = 1;
    }
    void box(int x0, int y0, int x1, int y1, int z = 0) {
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x)
                set(x, y, z);
    }
    const std::uint8_t* data() const { return voxels.data(); }
    std::size_t size() const { return voxels.size(); }
};

// Brute-force symmetric HD95 with the same surface and percentile rules.
double bruteHd95(const Grid& a, const Grid& b, const std::array<double, 3>& s) {
    auto surface = [](const Grid& g) {
        std::vector<std::array<int, 3>> out;
        const auto& n = g.dims;
        auto at = [&](int x, int y, int z) {
            if (x < 0 || y < 0 || z < 0 || x >= n[0] || y >= n[1] || z >= n[2])
                return false;
            return g.voxels[(std::size_t(z) * n[1] + std::size_t(y)) * n[0] + std::size_t(x)] != 0;
        };
        for (int z = 0; z < n[2]; ++z)
            for (int y = 0; y < n[1]; ++y)
                for (int x = 0; x < n[0]; ++x) {
                    if (!at(x, y, z))
                        continue;
                    bool edge = !at(x - 1, y, z) || !at(x + 1, y, z) || !at(x, y - 1, z) ||
                                !at(x, y + 1, z);
                    if (n[2] > 1)
                        edge = edge || !at(x, y, z - 1) || !at(x, y, z + 1);
                    if (edge)
                        out.push_back({x, y, z});
                }
        return out;
    };
    auto directed = [&](const std::vector<std::array<int, 3>>& from,
                        const std::vector<std::array<int, 3>>& to) {
        std::vector<double> d;
        for (const auto& p : from) {
            double best = std::numeric_limits<double>::infinity();
            for (const auto& q : to) {
                double sum = 0;
                for (int k = 0; k < 3; ++k)
                    sum += std::pow((p[k] - q[k]) * s[k], 2);
                best = std::min(best, std::sqrt(sum));
            }
            d.push_back(best);
        }
        std::sort(d.begin(), d.end());
        const std::size_t rank = std::size_t(std::ceil(0.95 * double(d.size())));
        return d[rank - 1];
    };
    const auto sa = surface(a), sb = surface(b);
    return std::max(directed(sa, sb), directed(sb, sa));
}

} // namespace

TGC_TEST(identical_masks_agree_perfectly) {
    Grid a({20, 20, 1});
    a.box(5, 5, 15, 12);
    const auto c = countOverlap(a.data(), a.data(), a.size());
    TGC_CHECK_EQ(c.intersection, std::size_t(70));
    TGC_CHECK_CLOSE(dice(c), 1.0, 1e-12);
    TGC_CHECK_CLOSE(iou(c), 1.0, 1e-12);
    TGC_CHECK_CLOSE(hausdorff95(a.data(), a.data(), a.dims, {1, 1, 1}), 0.0, 1e-12);
}

TGC_TEST(shifted_square_dice_and_iou) {
    Grid a({30, 30, 1}), b({30, 30, 1});
    a.box(0, 0, 10, 10);
    b.box(3, 0, 13, 10);
    const auto c = countOverlap(a.data(), b.data(), a.size());
    TGC_CHECK_EQ(c.intersection, std::size_t(70));
    TGC_CHECK_CLOSE(dice(c), 140.0 / 200.0, 1e-12);
    TGC_CHECK_CLOSE(iou(c), 70.0 / 130.0, 1e-12);
    // Every surface point of one square is within 3 columns of the other's surface.
    TGC_CHECK_CLOSE(hausdorff95(a.data(), b.data(), a.dims, {1, 1, 1}), 3.0, 1e-9);
    TGC_CHECK_CLOSE(hausdorff95(a.data(), b.data(), a.dims, {0.5, 1, 1}), 1.5, 1e-9);
}

TGC_TEST(empty_masks_are_scored_as_documented) {
    Grid empty({8, 8, 2}), one({8, 8, 2});
    one.set(3, 3, 1);
    const auto both = countOverlap(empty.data(), empty.data(), empty.size());
    TGC_CHECK_CLOSE(dice(both), 1.0, 0);
    TGC_CHECK_CLOSE(iou(both), 1.0, 0);
    TGC_CHECK_CLOSE(hausdorff95(empty.data(), empty.data(), empty.dims, {1, 1, 1}), 0.0, 0);
    const auto miss = countOverlap(one.data(), empty.data(), one.size());
    TGC_CHECK_CLOSE(dice(miss), 0.0, 0);
    TGC_CHECK(std::isinf(hausdorff95(one.data(), empty.data(), one.dims, {1, 1, 1})));
}

TGC_TEST(one_empty_mask_scores_zero_both_ways) {
    Grid empty({6, 6, 1}), some({6, 6, 1});
    some.box(1, 1, 3, 3);
    for (const auto& c : {countOverlap(some.data(), empty.data(), some.size()),
                          countOverlap(empty.data(), some.data(), some.size())}) {
        TGC_CHECK_CLOSE(dice(c), 0.0, 0);
        TGC_CHECK_CLOSE(iou(c), 0.0, 0);
    }
    TGC_CHECK(std::isinf(hausdorff95(empty.data(), some.data(), some.dims, {1, 1, 1})));
}

TGC_TEST(anisotropic_spacing_within_a_slice) {
    // The same 3-pixel shift costs 3 x 2.0 mm along rows, 3 x 0.5 mm along columns.
    Grid a({20, 20, 1}), down({20, 20, 1}), across({20, 20, 1});
    a.box(4, 4, 10, 10);
    down.box(4, 7, 10, 13);
    across.box(7, 4, 13, 10);
    const std::array<double, 3> spacing{0.5, 2.0, 1.0};
    TGC_CHECK_CLOSE(hausdorff95(a.data(), down.data(), a.dims, spacing), 6.0, 1e-9);
    TGC_CHECK_CLOSE(hausdorff95(a.data(), across.data(), a.dims, spacing), 1.5, 1e-9);
    TGC_CHECK_CLOSE(hausdorff95(a.data(), down.data(), a.dims, spacing),
                    bruteHd95(a, down, spacing), 1e-9);
}

TGC_TEST(anisotropic_spacing_between_slices) {
    Grid a({5, 5, 4}), b({5, 5, 4});
    a.set(2, 2, 0);
    b.set(2, 2, 2);
    // Two slices apart at 2.5 mm slice spacing.
    TGC_CHECK_CLOSE(hausdorff95(a.data(), b.data(), a.dims, {0.7, 0.7, 2.5}), 5.0, 1e-9);
    Grid c({5, 5, 4});
    c.set(4, 2, 2); // and two columns of 0.7 mm
    TGC_CHECK_CLOSE(hausdorff95(a.data(), c.data(), a.dims, {0.7, 0.7, 2.5}),
                    std::sqrt(5.0 * 5.0 + 1.4 * 1.4), 1e-9);
}

TGC_TEST(percentile_ignores_a_few_outliers) {
    Grid a({100, 100, 1}), b({100, 100, 1});
    a.box(10, 10, 60, 60);
    b.box(10, 10, 60, 60);
    b.set(95, 95, 0); // one stray voxel far away: Hausdorff would be ~49 px
    const double hd95 = hausdorff95(a.data(), b.data(), a.dims, {1, 1, 1});
    TGC_CHECK_CLOSE(hd95, 0.0, 1e-12);
    TGC_CHECK_CLOSE(hd95, bruteHd95(a, b, {1, 1, 1}), 1e-9);
}

TGC_TEST(distance_transform_matches_brute_force) {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 12; ++trial) {
        Grid a({13, 11, 4}), b({13, 11, 4});
        for (auto* g : {&a, &b})
            for (int k = 0; k < 25; ++k)
                g->set(int(rng() % 13), int(rng() % 11), int(rng() % 4));
        const std::array<double, 3> spacing{0.8, 1.3, 2.5};
        TGC_CHECK_CLOSE(hausdorff95(a.data(), b.data(), a.dims, spacing), bruteHd95(a, b, spacing),
                        1e-9);
    }
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

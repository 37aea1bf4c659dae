// Majority vote and STAPLE on masks whose truth is known by construction.
#include "consensus.h"
#include "model_test.h"

#include <cstdint>
#include <vector>

using namespace tgc;

namespace {

using Mask = std::vector<std::uint8_t>;

// Pointers only: the masks must outlive the use of the list.
template <typename... Masks> RaterLabels pointers(const Masks&... masks) {
    return {masks.data()...};
}

// A box of foreground in a 20 x 20 x 5 grid: 10 x 10 x 3 = 300 voxels.
Mask truthBox() {
    Mask m(20 * 20 * 5, 0);
    for (int z = 1; z < 4; ++z)
        for (int y = 5; y < 15; ++y)
            for (int x = 5; x < 15; ++x)
                m[std::size_t((z * 20 + y) * 20 + x)] = 1;
    return m;
}

// Sets (value 1) or clears (value 0) the first `count` voxels that hold `from`.
Mask changeFirst(Mask m, std::uint8_t from, std::uint8_t to, int count) {
    for (std::size_t i = 0; i < m.size() && count > 0; ++i)
        if (m[i] == from) {
            m[i] = to;
            --count;
        }
    return m;
}

Mask span(std::size_t size, std::size_t begin, std::size_t end) {
    Mask m(size, 0);
    for (std::size_t i = begin; i < end; ++i)
        m[i] = 1;
    return m;
}

Mask unite(Mask a, const Mask& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] = a[i] || b[i];
    return a;
}

Mask subtract(Mask a, const Mask& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] = a[i] && !b[i];
    return a;
}

std::size_t differences(const Mask& a, const Mask& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        n += (a[i] != 0) != (b[i] != 0);
    return n;
}

} // namespace

TGC_TEST(majority_vote_takes_the_label_of_more_than_half) {
    // Six voxels, three annotators: (0,0,0) (1,1,0) (1,2,0) (2,2,1) (1,2,3) (3,3,3).
    const Mask a{0, 1, 1, 2, 1, 3}, b{0, 1, 2, 2, 2, 3}, c{0, 0, 0, 1, 3, 3};
    const Mask vote = majorityVote(pointers(a, b, c), 6);
    TGC_CHECK((vote == Mask{0, 1, 0, 2, 0, 3}));
}

TGC_TEST(majority_vote_ties_are_background) {
    const Mask a{1, 1, 0}, b{0, 1, 0};
    TGC_CHECK((majorityVote(pointers(a, b), 3) == Mask{0, 1, 0}));
    // Four annotators: 2 vs 2 is no majority, 3 of 4 is.
    const Mask p{1, 1, 2}, q{1, 1, 2}, r{2, 1, 2}, s{2, 0, 0};
    TGC_CHECK((majorityVote(pointers(p, q, r, s), 3) == Mask{0, 1, 2}));
}

// Annotator 1 is the truth, annotator 2 misses 30 of its 300 voxels
// (sensitivity 270/300 = 0.9), annotator 3 adds 170 of the 1700 background
// voxels (specificity 1530/1700 = 0.9). STAPLE's mask is the truth and its
// estimates are these rates (tolerance 1e-8; it stops at changes below 1e-10).
TGC_TEST(staple_recovers_a_constructed_truth_and_the_raters_rates) {
    const Mask truth = truthBox();
    const Mask misses = changeFirst(truth, 1, 0, 30);
    const Mask adds = changeFirst(truth, 0, 1, 170);
    const StapleResult s = staple(pointers(truth, misses, adds), truth.size());
    TGC_CHECK(s.converged);
    TGC_CHECK_EQ(differences(s.mask, truth), std::size_t(0));
    const double expected[3][2] = {{1.0, 1.0}, {0.9, 1.0}, {1.0, 0.9}};
    for (int j = 0; j < 3; ++j) {
        TGC_CHECK_CLOSE(s.raters[std::size_t(j)].sensitivity, expected[j][0], 1e-8);
        TGC_CHECK_CLOSE(s.raters[std::size_t(j)].specificity, expected[j][1], 1e-8);
    }
    // The prior is the mean foreground fraction: (300 + 270 + 470) / (3 * 2000).
    TGC_CHECK_CLOSE(s.prior, 1040.0 / 6000.0, 1e-12);
    for (std::size_t i = 0; i < truth.size(); ++i)
        TGC_CHECK_CLOSE(s.posterior[i], truth[i], 1e-6);
}

// Annotators A and B draw the truth (200 voxels of 2000). C and D are
// careless: each misses 20 truth voxels and adds 20 false ones of its own,
// and both miss the same 10 truth voxels (M) and add the same 10 false ones
// (S). On M and S the votes split 2 to 2, so majority vote is wrong on one of
// them whatever it does with ties (ours: background, wrong on M). STAPLE
// learns from the voxels where C or D is outvoted 3 to 1 that their votes
// are worth less than A's and B's, and settles both M and S as A and B did.
TGC_TEST(staple_is_right_where_majority_vote_cannot_be) {
    const std::size_t n = 2000;
    const Mask truth = span(n, 0, 200), m = span(n, 0, 10), s = span(n, 200, 210);
    const Mask c =
        unite(unite(subtract(subtract(truth, m), span(n, 10, 30)), s), span(n, 210, 230));
    const Mask d =
        unite(unite(subtract(subtract(truth, m), span(n, 30, 50)), s), span(n, 230, 250));
    const RaterLabels raters = pointers(truth, truth, c, d);
    const Mask vote = majorityVote(raters, n);
    TGC_CHECK_EQ(differences(vote, truth), std::size_t(10)); // M
    for (std::size_t i = 0; i < 10; ++i)
        TGC_CHECK(vote[i] == 0);
    const StapleResult st = staple(raters, n);
    TGC_CHECK(st.converged);
    TGC_CHECK_EQ(differences(st.mask, truth), std::size_t(0));
    // C and D: 170 of 200 truth voxels (0.85), 30 of 1800 background voxels marked.
    TGC_CHECK_CLOSE(st.raters[2].sensitivity, 0.85, 1e-8);
    TGC_CHECK_CLOSE(st.raters[3].specificity, 1.0 - 30.0 / 1800.0, 1e-8);
    TGC_CHECK_CLOSE(st.raters[0].sensitivity, 1.0, 1e-8);
}

TGC_TEST(staple_of_empty_masks_is_empty) {
    const Mask empty(100, 0);
    const StapleResult s = staple(pointers(empty, empty), empty.size());
    TGC_CHECK_EQ(differences(s.mask, empty), std::size_t(0));
    TGC_CHECK(s.converged);
    TGC_CHECK_EQ(s.prior, 0.0);
}

TGC_TEST(staple_keeps_a_given_prior) {
    const Mask truth = truthBox();
    StapleOptions options;
    options.prior = 0.3;
    const StapleResult s =
        staple(pointers(truth, changeFirst(truth, 1, 0, 30), truth), truth.size(), options);
    TGC_CHECK_EQ(s.prior, 0.3);
    TGC_CHECK_EQ(differences(s.mask, truth), std::size_t(0));
    TGC_CHECK_CLOSE(s.raters[1].sensitivity, 0.9, 1e-8);
}

TGC_TEST(staple_stops_at_the_iteration_cap) {
    const Mask truth = truthBox();
    StapleOptions options;
    options.maxIterations = 1;
    const StapleResult s =
        staple(pointers(truth, changeFirst(truth, 1, 0, 30), changeFirst(truth, 0, 1, 170)),
               truth.size(), options);
    TGC_CHECK_EQ(s.iterations, 1);
    TGC_CHECK(!s.converged);
}

// Two labels, each built like the worked example: the assembled map is the
// truth, and each label has its own estimates.
TGC_TEST(staple_labels_assembles_the_labels) {
    const Mask truth = changeFirst(truthBox(), 1, 2, 150); // half the box becomes label 2
    const Mask misses = changeFirst(truth, 2, 0, 15);      // 15 of label 2's 150: p = 0.9
    const Mask adds = changeFirst(truth, 0, 1, 170);       // label 1 on 170 of 1850 others
    const MultiLabelStaple s = stapleLabels(pointers(truth, misses, adds), truth.size());
    TGC_CHECK((s.labels == truth));
    TGC_CHECK_EQ(s.perLabel.size(), std::size_t(2));
    TGC_CHECK_EQ(int(s.perLabel[0].label), 1);
    TGC_CHECK_EQ(int(s.perLabel[1].label), 2);
    TGC_CHECK_CLOSE(s.perLabel[1].raters[1].sensitivity, 0.9, 1e-8);
    TGC_CHECK_CLOSE(s.perLabel[0].raters[2].specificity, 1.0 - 170.0 / 1850.0, 1e-8);
    for (std::size_t i = 0; i < truth.size(); ++i)
        TGC_CHECK_CLOSE(s.posterior[i], truth[i] ? 1.0 : 0.0, 1e-6);
}

TGC_TEST(staple_refuses_no_or_too_many_annotators_and_bad_options) {
    const Mask m(10, 0);
    TGC_CHECK_THROWS_WITH(staple({}, 10), "at least one");
    TGC_CHECK_THROWS_WITH(staple(RaterLabels(17, m.data()), 10), "at most 16");
    StapleOptions options;
    options.prior = 1.5;
    TGC_CHECK_THROWS_WITH(staple({m.data()}, 10, options), "prior");
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

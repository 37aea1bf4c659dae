// A consensus mask from several annotators' label maps of one series on one
// grid: per-voxel majority vote, and STAPLE (Warfield, Zou and Wells 2004),
// which weighs each annotator by the sensitivity and specificity it
// estimates for them. Plain C++ (no Qt, no torch), next to the mask metrics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tgc {

// Label ids (0 = background) of every annotator, each `voxels` long, all on
// the same grid.
using RaterLabels = std::vector<const std::uint8_t*>;

// The label that more than half of the annotators gave the voxel; otherwise
// background. "More than half" counts every annotator, so with two
// annotators both must agree, and a voxel where the votes split without a
// strict majority (1 vs 1 of 2, or 1/2/0 of 3) is background: a consensus
// should not claim what most annotators did not draw.
std::vector<std::uint8_t> majorityVote(const RaterLabels& raters, std::size_t voxels);

struct RaterPerformance {
    double sensitivity = 1; // p: share of the true foreground the annotator marked
    double specificity = 1; // q: share of the true background the annotator left empty
};

struct StapleOptions {
    // P(voxel is foreground) before looking at the annotators; negative:
    // the mean foreground fraction over all annotators (ITK's choice).
    double prior = -1;
    // Stop when no sensitivity or specificity moved more than this in an
    // iteration, or after maxIterations (then converged is false).
    double tolerance = 1e-10;
    int maxIterations = 200;
};

struct StapleResult {
    std::vector<float> posterior;         // P(truth is foreground | all annotators), per voxel
    std::vector<std::uint8_t> mask;       // posterior >= 0.5
    std::vector<RaterPerformance> raters; // estimated, in the order given
    double prior = 0;
    int iterations = 0;
    bool converged = false;
};

// Binary STAPLE; a voxel is foreground for an annotator when its id is
// non-zero. Expectation-maximisation as in the paper, started as ITK's
// STAPLEImageFilter starts (each voxel's posterior W = its share of votes):
// the M step estimates p_j = sum(W D_j) / sum(W) and
// q_j = sum((1-W)(1-D_j)) / sum(1-W), the E step gives each voxel's W from
// them and the prior. When the annotators' errors are not independent, EM
// can end in another fixed point from another start; this one makes the
// result comparable with ITK's. Over the whole grid, deliberately: the
// voxels no annotator marked are true background that every annotator got
// right, and leaving them out (a box around the union plus a margin) makes
// q_j and the prior depend on the margin chosen. The posterior depends on a
// voxel's votes only, so the iterations run over the distinct vote patterns
// (at most 2^annotators), not over voxels. Throws std::invalid_argument for
// no annotator, more than 16, a prior above 1 or no iteration allowed.
StapleResult staple(const RaterLabels& raters, std::size_t voxels,
                    const StapleOptions& options = {});

struct LabelStaple {
    std::uint8_t label = 0;
    std::vector<RaterPerformance> raters;
    double prior = 0;
    int iterations = 0;
    bool converged = false;
};

struct MultiLabelStaple {
    std::vector<std::uint8_t> labels;  // the consensus label map
    std::vector<float> posterior;      // the chosen label's posterior (0 where background)
    std::vector<LabelStaple> perLabel; // one per label any annotator used, ascending ids
};

// Binary STAPLE per label (that label against everything else), assembled:
// a voxel takes the label with the highest posterior among those >= 0.5
// (an exact tie: the smaller id), else background.
MultiLabelStaple stapleLabels(const RaterLabels& raters, std::size_t voxels,
                              const StapleOptions& options = {});

} // namespace tgc

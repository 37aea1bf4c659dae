#include "consensus.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tgc {

std::vector<std::uint8_t> majorityVote(const RaterLabels& raters, std::size_t voxels) {
    std::vector<std::uint8_t> out(voxels, 0);
    const std::size_t n = raters.size();
    for (std::size_t i = 0; i < voxels; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const std::uint8_t label = raters[j][i];
            if (label == 0)
                continue;
            std::size_t votes = 0;
            for (std::size_t k = 0; k < n; ++k)
                votes += raters[k][i] == label;
            // Strictly more than half: at most one label can have that.
            if (2 * votes > n) {
                out[i] = label;
                break;
            }
        }
    }
    return out;
}

namespace {

constexpr std::size_t kMaxRaters = 16;
// No estimate reaches 0 or 1 exactly, so no vote pattern becomes impossible
// under both hypotheses (0/0 in the E step) once sums round to 1.
constexpr double kFloor = 1e-12;

// Which annotators marked voxel i: bit j for annotator j. `label` < 0 means
// any non-zero id, else exactly that id.
std::uint32_t votes(const RaterLabels& raters, std::size_t i, int label) {
    std::uint32_t bits = 0;
    for (std::size_t j = 0; j < raters.size(); ++j) {
        const int id = raters[j][i];
        if (label < 0 ? id != 0 : id == label)
            bits |= std::uint32_t(1) << j;
    }
    return bits;
}

unsigned popcount(std::uint32_t bits) {
    unsigned n = 0;
    for (; bits; bits &= bits - 1)
        ++n;
    return n;
}

struct PatternEstimate {
    std::vector<double> posterior; // per vote pattern
    LabelStaple fit;
};

// EM over the distinct vote patterns, each weighted by its voxel count.
PatternEstimate estimate(const std::vector<std::size_t>& counts, std::size_t raters,
                         std::size_t voxels, const StapleOptions& options) {
    std::vector<std::uint32_t> seen;
    double marked = 0;
    for (std::uint32_t bits = 0; bits < counts.size(); ++bits) {
        if (counts[bits] == 0)
            continue;
        seen.push_back(bits);
        for (std::size_t j = 0; j < raters; ++j)
            marked += double(counts[bits]) * double((bits >> j) & 1u);
    }
    PatternEstimate out;
    out.posterior.assign(counts.size(), 0.0);
    out.fit.raters.assign(raters, RaterPerformance{});
    const double f =
        options.prior >= 0 ? options.prior : marked / (double(raters) * double(voxels));
    out.fit.prior = f;
    if (options.prior < 0 && (marked == 0 || f >= 1)) {
        // Nobody marked anything (or everybody everything): nothing to weigh.
        std::fill(out.posterior.begin(), out.posterior.end(), marked == 0 ? 0.0 : 1.0);
        out.fit.raters.assign(raters, RaterPerformance{1, 1});
        out.fit.converged = true;
        return out;
    }
    auto& r = out.fit.raters;
    const auto expectation = [&] {
        for (std::uint32_t bits : seen) {
            double a = f, b = 1 - f; // P(votes, truth = 1), P(votes, truth = 0)
            for (std::size_t j = 0; j < raters; ++j) {
                const bool d = (bits >> j) & 1u;
                a *= d ? r[j].sensitivity : 1 - r[j].sensitivity;
                b *= d ? 1 - r[j].specificity : r[j].specificity;
            }
            out.posterior[bits] = a + b > 0 ? a / (a + b) : f; // 0/0 only at prior 0 or 1
        }
    };
    // ITK's start: each pattern's share of votes (a soft majority vote).
    for (std::uint32_t bits : seen)
        out.posterior[bits] = double(popcount(bits)) / double(raters);
    for (int it = 0; it < options.maxIterations; ++it) {
        double change = 0;
        for (std::size_t j = 0; j < raters; ++j) {
            double w = 0, wd = 0, v = 0, vd = 0; // sums of W, W*D, (1-W), (1-W)(1-D)
            for (std::uint32_t bits : seen) {
                const double c = double(counts[bits]);
                const double W = out.posterior[bits];
                w += c * W;
                v += c * (1 - W);
                if ((bits >> j) & 1u)
                    wd += c * W;
                else
                    vd += c * (1 - W);
            }
            RaterPerformance next = r[j];
            if (w > 0)
                next.sensitivity = std::clamp(wd / w, kFloor, 1 - kFloor);
            if (v > 0)
                next.specificity = std::clamp(vd / v, kFloor, 1 - kFloor);
            change = std::max({change, std::abs(next.sensitivity - r[j].sensitivity),
                               std::abs(next.specificity - r[j].specificity)});
            r[j] = next;
        }
        expectation();
        out.fit.iterations = it + 1;
        // The first step has no earlier estimate to compare with.
        if (it > 0 && change < options.tolerance) {
            out.fit.converged = true;
            break;
        }
    }
    return out;
}

std::vector<std::size_t> countPatterns(const RaterLabels& raters, std::size_t voxels, int label) {
    std::vector<std::size_t> counts(std::size_t(1) << raters.size(), 0);
    for (std::size_t i = 0; i < voxels; ++i)
        ++counts[votes(raters, i, label)];
    return counts;
}

void checkInput(const RaterLabels& raters, const StapleOptions& options) {
    if (raters.empty())
        throw std::invalid_argument("STAPLE needs at least one annotator's mask");
    if (raters.size() > kMaxRaters)
        throw std::invalid_argument("STAPLE takes at most 16 annotators' masks");
    if (options.prior > 1 || options.maxIterations < 1 || !(options.tolerance >= 0))
        throw std::invalid_argument("STAPLE options: the prior must be at most 1, the iterations "
                                    "at least 1 and the tolerance not negative");
}

} // namespace

StapleResult staple(const RaterLabels& raters, std::size_t voxels, const StapleOptions& options) {
    checkInput(raters, options);
    const PatternEstimate e =
        estimate(countPatterns(raters, voxels, -1), raters.size(), voxels, options);
    StapleResult out;
    out.posterior.resize(voxels);
    out.mask.resize(voxels);
    for (std::size_t i = 0; i < voxels; ++i) {
        const double w = e.posterior[votes(raters, i, -1)];
        out.posterior[i] = float(w);
        out.mask[i] = w >= 0.5;
    }
    out.raters = e.fit.raters;
    out.prior = e.fit.prior;
    out.iterations = e.fit.iterations;
    out.converged = e.fit.converged;
    return out;
}

MultiLabelStaple stapleLabels(const RaterLabels& raters, std::size_t voxels,
                              const StapleOptions& options) {
    checkInput(raters, options);
    bool used[256] = {};
    for (const std::uint8_t* rater : raters)
        for (std::size_t i = 0; i < voxels; ++i)
            used[rater[i]] = true;
    MultiLabelStaple out;
    out.labels.assign(voxels, 0);
    out.posterior.assign(voxels, 0.0f);
    for (int label = 1; label < 256; ++label) {
        if (!used[label])
            continue;
        PatternEstimate e =
            estimate(countPatterns(raters, voxels, label), raters.size(), voxels, options);
        e.fit.label = std::uint8_t(label);
        out.perLabel.push_back(e.fit);
        // Ascending ids and a strict comparison: an exact tie keeps the smaller id.
        for (std::size_t i = 0; i < voxels; ++i) {
            const float w = float(e.posterior[votes(raters, i, label)]);
            if (w >= 0.5f && w > out.posterior[i]) {
                out.posterior[i] = w;
                out.labels[i] = std::uint8_t(label);
            }
        }
    }
    return out;
}

} // namespace tgc

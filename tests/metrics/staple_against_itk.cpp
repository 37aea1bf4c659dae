// STAPLE against ITK's STAPLEImageFilter (SimpleITK, run by
// staple_reference.py) on perturbed ellipsoids. Runs where TGC_STAPLE_PYTHON
// names a Python with numpy and SimpleITK; skips otherwise.
#include "consensus.h"
#include "model_test.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace tgc;
namespace fs = std::filesystem;

namespace {

using Mask = std::vector<std::uint8_t>;
constexpr std::array<int, 3> kDims{40, 36, 12};

std::string staplePython() {
    const char* env = std::getenv("TGC_STAPLE_PYTHON");
    if (!env || !*env)
        TGC_SKIP("TGC_STAPLE_PYTHON names no Python with SimpleITK");
    return env;
}

// An ellipsoid of the given radii (voxels) around the grid's centre, with
// label `label`, on top of `m`.
void ellipsoid(Mask& m, double rx, double ry, double rz, std::uint8_t label, double shift = 0) {
    for (int z = 0; z < kDims[2]; ++z)
        for (int y = 0; y < kDims[1]; ++y)
            for (int x = 0; x < kDims[0]; ++x) {
                const double dx = (x - kDims[0] / 2.0 - shift) / rx, dy = (y - kDims[1] / 2.0) / ry,
                             dz = (z - kDims[2] / 2.0) / rz;
                if (dx * dx + dy * dy + dz * dz <= 1)
                    m[std::size_t((z * kDims[1] + y) * kDims[0] + x)] = label;
            }
}

// Annotators who draw the ellipsoids a little larger or smaller, shifted,
// with scattered wrong voxels at their own rate.
std::vector<Mask> annotators(int count, bool twoLabels, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> size(0.8, 1.2), shift(-2, 2), u(0, 1);
    std::vector<Mask> out;
    for (int j = 0; j < count; ++j) {
        const std::size_t voxels = std::size_t(kDims[0]) * kDims[1] * kDims[2];
        Mask m(voxels, 0);
        const double s = size(rng), noise = 0.03 * u(rng);
        ellipsoid(m, 12 * s, 10 * s, 4 * s, 1, shift(rng));
        if (twoLabels)
            ellipsoid(m, 5 * size(rng), 4 * size(rng), 2.5, 2, shift(rng));
        for (auto& v : m)
            if (u(rng) < noise)
                v = v ? 0 : std::uint8_t(twoLabels && u(rng) < 0.5 ? 2 : 1);
        out.push_back(std::move(m));
    }
    return out;
}

struct Reference {
    std::vector<double> posterior;
    std::vector<RaterPerformance> rates;
};

Reference runItk(const std::vector<Mask>& masks, int label, const std::string& name) {
    const fs::path folder =
        fs::path(TGC_BINARY_DIR) / "staple-reference" / (name + "-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    std::ofstream(folder / "case.txt")
        << kDims[0] << ' ' << kDims[1] << ' ' << kDims[2] << ' ' << masks.size() << ' ' << label;
    for (std::size_t j = 0; j < masks.size(); ++j)
        std::ofstream(folder / ("rater_" + std::to_string(j) + ".raw"), std::ios::binary)
            .write(reinterpret_cast<const char*>(masks[j].data()),
                   std::streamsize(masks[j].size()));
    const std::string command =
        "'" + staplePython() + "' '" TGC_SOURCE_DIR "/tests/metrics/staple_reference.py' '" +
        folder.string() + "' > '" + (folder / "log.txt").string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) {
        std::ifstream log(folder / "log.txt");
        TGC_FAIL("staple_reference.py failed: " << log.rdbuf());
    }
    Reference r;
    r.posterior.resize(masks[0].size());
    std::ifstream(folder / "posterior.raw", std::ios::binary)
        .read(reinterpret_cast<char*>(r.posterior.data()),
              std::streamsize(r.posterior.size() * sizeof(double)));
    std::ifstream rates(folder / "rates.txt");
    RaterPerformance p;
    while (rates >> p.sensitivity >> p.specificity)
        r.rates.push_back(p);
    fs::remove_all(folder);
    return r;
}

// Largest differences in the rates and the posterior; masks must agree away
// from 0.5 (ITK stops at changes below 1e-7, we at 1e-10).
void compare(const StapleResult& ours, const Reference& itk, const std::string& what) {
    TGC_CHECK_EQ(itk.rates.size(), ours.raters.size());
    double rates = 0, posterior = 0;
    std::size_t flipped = 0;
    for (std::size_t j = 0; j < ours.raters.size(); ++j)
        rates = std::max({rates, std::abs(ours.raters[j].sensitivity - itk.rates[j].sensitivity),
                          std::abs(ours.raters[j].specificity - itk.rates[j].specificity)});
    for (std::size_t i = 0; i < ours.posterior.size(); ++i) {
        posterior = std::max(posterior, std::abs(double(ours.posterior[i]) - itk.posterior[i]));
        if (std::abs(itk.posterior[i] - 0.5) > 1e-4)
            flipped += (ours.mask[i] != 0) != (itk.posterior[i] >= 0.5);
    }
    std::cout << "       " << what << ": max |rate diff| " << rates << ", max |posterior diff| "
              << posterior << ", mask voxels differing " << flipped << "\n";
    TGC_CHECK(rates <= 1e-6);
    TGC_CHECK(posterior <= 1e-5);
    TGC_CHECK_EQ(flipped, std::size_t(0));
}

} // namespace

TGC_TEST(staple_matches_itk_on_perturbed_annotators) {
    for (int raters : {3, 4, 5}) {
        const std::vector<Mask> masks = annotators(raters, false, unsigned(raters) * 7919u);
        RaterLabels pointers;
        for (const Mask& m : masks)
            pointers.push_back(m.data());
        const StapleResult ours = staple(pointers, masks[0].size());
        TGC_CHECK(ours.converged);
        compare(ours, runItk(masks, 1, "binary"), std::to_string(raters) + " annotators");
    }
}

TGC_TEST(staple_per_label_matches_itk_per_label) {
    const std::vector<Mask> masks = annotators(3, true, 104729u);
    RaterLabels pointers;
    for (const Mask& m : masks)
        pointers.push_back(m.data());
    const MultiLabelStaple ours = stapleLabels(pointers, masks[0].size());
    TGC_CHECK_EQ(ours.perLabel.size(), std::size_t(2));
    for (const LabelStaple& label : ours.perLabel) {
        const Reference itk = runItk(masks, label.label, "label");
        double rates = 0;
        for (std::size_t j = 0; j < label.raters.size(); ++j)
            rates =
                std::max({rates, std::abs(label.raters[j].sensitivity - itk.rates[j].sensitivity),
                          std::abs(label.raters[j].specificity - itk.rates[j].specificity)});
        std::cout << "       label " << int(label.label) << ": max |rate diff| " << rates << "\n";
        TGC_CHECK(rates <= 1e-6);
        // Where ITK is sure of this label, so is the assembled map.
        for (std::size_t i = 0; i < itk.posterior.size(); ++i)
            if (itk.posterior[i] > 0.5 + 1e-4 && ours.labels[i] != label.label)
                TGC_CHECK(ours.posterior[i] >= itk.posterior[i] - 1e-5); // another label won
    }
}

#include "augment.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tgc::training {

bool textNamesSide(const std::string& text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    // Word starts only: "bright" or "upright" name no side.
    for (const std::string stem : {"left", "right", "sinistr", "dextr", "dexter"}) {
        for (std::size_t at = lower.find(stem); at != std::string::npos;
             at = lower.find(stem, at + 1)) {
            if (at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1])))
                return true;
        }
    }
    return false;
}

namespace {

double uniform(torch::Generator& generator, double lo, double hi) {
    const double u = torch::rand({1}, generator).item<double>();
    return lo + (hi - lo) * u;
}

} // namespace

void augmentSample(torch::Tensor& image, torch::Tensor& mask, bool mayFlip, const AugmentOptions& o,
                   torch::Generator& generator) {
    namespace F = torch::nn::functional;
    // Geometry: rotation, scale and shift as one affine sampling grid.
    const double angle = uniform(generator, -o.maxRotationDegrees, o.maxRotationDegrees) *
                         3.14159265358979323846 / 180.0;
    const double scale = uniform(generator, 1.0 - o.maxScale, 1.0 + o.maxScale);
    const double tx = uniform(generator, -o.maxShift, o.maxShift) * 2.0;
    const double ty = uniform(generator, -o.maxShift, o.maxShift) * 2.0;
    const bool flip = mayFlip && uniform(generator, 0.0, 1.0) < o.flipProbability;
    const double sx = flip ? -1.0 : 1.0;
    const double c = std::cos(angle) / scale, s = std::sin(angle) / scale;
    const auto theta = torch::tensor({{sx * c, -s, tx}, {sx * s, c, ty}}, torch::kFloat32)
                           .unsqueeze(0); // [1, 2, 3]
    const auto size = std::vector<int64_t>{1, 1, image.size(1), image.size(2)};
    const auto grid = F::affine_grid(theta, size, /*align_corners=*/false);
    const auto sampleOptions = F::GridSampleFuncOptions()
                                   .mode(torch::kBilinear)
                                   .padding_mode(torch::kZeros)
                                   .align_corners(false);
    image = F::grid_sample(image.unsqueeze(0), grid, sampleOptions).squeeze(0);
    mask = (F::grid_sample(mask.unsqueeze(0).to(torch::kFloat32), grid, sampleOptions).squeeze(0) >=
            0.5)
               .to(torch::kFloat32);
    // Intensity: gamma and contrast about the mean, kept in [0, 1].
    const double gamma = uniform(generator, 1.0 - o.maxGamma, 1.0 + o.maxGamma);
    const double contrast = uniform(generator, 1.0 - o.maxContrast, 1.0 + o.maxContrast);
    image = image.clamp(0.0, 1.0).pow(gamma);
    const auto mean = image.mean();
    image = ((image - mean) * contrast + mean).clamp(0.0, 1.0);
}

} // namespace tgc::training

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
    for (const std::string stem : {"left", "right", "sinistr", "sinister", "dextr", "dexter"}) {
        for (std::size_t at = lower.find(stem); at != std::string::npos;
             at = lower.find(stem, at + 1)) {
            if (at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1])))
                return true;
        }
    }
    return false;
}

namespace {

bool wordStart(const std::string& text, std::size_t at) {
    return at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
}

bool wordEnd(const std::string& text, std::size_t end) {
    return end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
}

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// `to` in the case pattern of `from`: all capitals, a capital first, or lower.
std::string inCaseOf(const std::string& from, std::string to) {
    const bool allUpper =
        std::all_of(from.begin(), from.end(), [](unsigned char c) { return std::isupper(c) != 0; });
    for (std::size_t i = 0; i < to.size(); ++i)
        if (allUpper || (i == 0 && std::isupper(static_cast<unsigned char>(from[0]))))
            to[i] = char(std::toupper(static_cast<unsigned char>(to[i])));
    return to;
}

} // namespace

std::string swapSides(const std::string& text) {
    const std::string lower = lowered(text);
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        bool swapped = false;
        for (const auto& [word, other] : {std::pair<std::string, std::string>{"left", "right"},
                                          std::pair<std::string, std::string>{"right", "left"}}) {
            if (lower.compare(i, word.size(), word) == 0 && wordStart(lower, i) &&
                wordEnd(lower, i + word.size())) {
                out += inCaseOf(text.substr(i, word.size()), other);
                i += word.size();
                swapped = true;
                break;
            }
        }
        if (!swapped)
            out += text[i++];
    }
    return out;
}

bool sidesSwappable(const std::string& text) {
    // What textNamesSide finds, minus the whole words swapSides turns.
    std::string rest = lowered(text);
    for (const std::string word : {"left", "right"})
        for (std::size_t at = rest.find(word); at != std::string::npos;
             at = rest.find(word, at + 1))
            if (wordStart(rest, at) && wordEnd(rest, at + word.size()))
                rest.replace(at, word.size(), std::string(word.size(), ' '));
    return !textNamesSide(rest);
}

namespace {

double uniform(torch::Generator& generator, double lo, double hi) {
    const double u = torch::rand({1}, generator).item<double>();
    return lo + (hi - lo) * u;
}

} // namespace

bool augmentSample(torch::Tensor& image, torch::Tensor& mask, bool mayFlip, const AugmentOptions& o,
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
    return flip;
}

} // namespace tgc::training

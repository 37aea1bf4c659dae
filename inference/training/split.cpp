#include "split.h"

#include <algorithm>
#include <map>

namespace tgc::training {

namespace {

// FNV-1a, then a splitmix step with the seed: stable across platforms.
std::uint64_t hashId(const std::string& id, std::uint64_t seed) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : id) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= seed + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    return h;
}

} // namespace

Split splitByImage(const SampleSource& source, double validationFraction, std::uint64_t seed) {
    std::map<std::string, std::vector<std::size_t>> rowsByImage;
    for (std::size_t i = 0; i < source.size(); ++i)
        rowsByImage[source.imageId(i)].push_back(i);
    std::vector<std::pair<std::uint64_t, std::string>> order;
    for (const auto& entry : rowsByImage)
        order.emplace_back(hashId(entry.first, seed), entry.first);
    std::sort(order.begin(), order.end());
    std::size_t validationImages = std::size_t(validationFraction * double(order.size()) + 0.5);
    if (validationFraction > 0 && validationImages == 0 && order.size() >= 2)
        validationImages = 1;
    validationImages = std::min(validationImages, order.size() > 0 ? order.size() - 1 : 0);
    Split split;
    for (std::size_t k = 0; k < order.size(); ++k) {
        auto& side = k < validationImages ? split.validation : split.train;
        const auto& rows = rowsByImage[order[k].second];
        side.insert(side.end(), rows.begin(), rows.end());
    }
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.validation.begin(), split.validation.end());
    return split;
}

} // namespace tgc::training

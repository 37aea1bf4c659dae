#include "click_simulation.h"

#include <algorithm>
#include <deque>

namespace tgc::training {

namespace {

// Labels the 4-connected components of mask; returns the label of the
// largest (first in row-major order among equals) and its size.
std::pair<int, std::size_t> largestRegion(const std::vector<std::uint8_t>& mask, int width,
                                          int height, std::vector<int>& labels) {
    labels.assign(mask.size(), 0);
    int next = 0, best = 0;
    std::size_t bestSize = 0;
    std::deque<std::size_t> queue;
    for (std::size_t start = 0; start < mask.size(); ++start) {
        if (!mask[start] || labels[start])
            continue;
        labels[start] = ++next;
        queue.assign(1, start);
        std::size_t size = 0;
        while (!queue.empty()) {
            const std::size_t at = queue.front();
            queue.pop_front();
            ++size;
            const int x = int(at % std::size_t(width)), y = int(at / std::size_t(width));
            const auto visit = [&](int nx, int ny) {
                if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                    return;
                const std::size_t n = std::size_t(ny) * std::size_t(width) + std::size_t(nx);
                if (mask[n] && !labels[n]) {
                    labels[n] = next;
                    queue.push_back(n);
                }
            };
            visit(x - 1, y);
            visit(x + 1, y);
            visit(x, y - 1);
            visit(x, y + 1);
        }
        if (size > bestSize) {
            bestSize = size;
            best = next;
        }
    }
    return {best, bestSize};
}

} // namespace

std::optional<SimulatedClick> nextClick(const std::uint8_t* truth, const std::uint8_t* prediction,
                                        int width, int height) {
    const std::size_t n = std::size_t(width) * std::size_t(height);
    std::vector<std::uint8_t> error(n);
    for (std::size_t i = 0; i < n; ++i)
        error[i] = (truth[i] != 0) != (prediction[i] != 0);
    std::vector<int> labels;
    const auto [region, size] = largestRegion(error, width, height, labels);
    if (size == 0)
        return std::nullopt;
    // Chamfer (3-4) distance to the nearest pixel outside the region, the
    // image border counting as outside: the click goes where it is largest.
    constexpr int kFar = 1 << 28;
    std::vector<int> distance(n);
    for (std::size_t i = 0; i < n; ++i)
        distance[i] = labels[i] == region ? kFar : 0;
    const auto at = [&](int x, int y) {
        return (x < 0 || y < 0 || x >= width || y >= height)
                   ? 0
                   : distance[std::size_t(y) * std::size_t(width) + std::size_t(x)];
    };
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            int& d = distance[std::size_t(y) * std::size_t(width) + std::size_t(x)];
            if (d)
                d = std::min({d, at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4,
                              at(x + 1, y - 1) + 4});
        }
    for (int y = height - 1; y >= 0; --y)
        for (int x = width - 1; x >= 0; --x) {
            int& d = distance[std::size_t(y) * std::size_t(width) + std::size_t(x)];
            if (d)
                d = std::min({d, at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4,
                              at(x - 1, y + 1) + 4});
        }
    // The deepest pixel; along a ridge of equally deep ones (an elongated
    // region) the one nearest the region's centroid.
    double cx = 0, cy = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (labels[i] == region) {
            cx += double(i % std::size_t(width));
            cy += double(i / std::size_t(width));
        }
    cx /= double(size);
    cy /= double(size);
    const int depth = *std::max_element(distance.begin(), distance.end());
    std::size_t deepest = 0;
    double nearest = -1;
    for (std::size_t i = 0; i < n; ++i) {
        if (distance[i] != depth)
            continue;
        const double dx = double(i % std::size_t(width)) - cx,
                     dy = double(i / std::size_t(width)) - cy;
        if (nearest < 0 || dx * dx + dy * dy < nearest) {
            nearest = dx * dx + dy * dy;
            deepest = i;
        }
    }
    SimulatedClick click;
    click.x = int(deepest % std::size_t(width));
    click.y = int(deepest / std::size_t(width));
    click.positive = truth[deepest] != 0;
    click.regionPixels = size;
    return click;
}

ClicksToReach clicksToReach(const std::vector<double>& diceAfter, double threshold) {
    for (std::size_t i = 0; i < diceAfter.size(); ++i)
        if (diceAfter[i] >= threshold)
            return {int(i), true};
    return {diceAfter.empty() ? 0 : int(diceAfter.size()) - 1, false};
}

} // namespace tgc::training

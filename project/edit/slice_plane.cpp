#include "slice_plane.h"

#include "image_volume.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tgc {

VoxelBox SlicePlane::box(const std::array<int, 3>& dims) const {
    VoxelBox b = VoxelBox::whole(dims);
    b.lo[std::size_t(normal)] = index;
    b.hi[std::size_t(normal)] = index + 1;
    return b;
}

std::array<int, 3> SlicePlane::voxel(int u, int v) const {
    std::array<int, 3> p{};
    p[std::size_t(normal)] = index;
    p[std::size_t(axisU())] = u;
    p[std::size_t(axisV())] = v;
    return p;
}

std::vector<std::uint8_t> readPlane(const LabelMap& labels, const SlicePlane& plane) {
    const auto& d = labels.dims();
    const int w = plane.width(d), h = plane.height(d);
    std::vector<std::uint8_t> out(std::size_t(w) * std::size_t(h));
    if (plane.normal == 2) { // contiguous in memory
        std::memcpy(out.data(), labels.slice(plane.index), out.size());
        return out;
    }
    std::size_t n = 0;
    for (int v = 0; v < h; ++v) {
        for (int u = 0; u < w; ++u, ++n) {
            const auto p = plane.voxel(u, v);
            out[n] = labels.at(p[0], p[1], p[2]);
        }
    }
    return out;
}

std::vector<std::uint8_t> intensityMask(const ImageVolume& image, const SlicePlane& plane,
                                        double low, double high) {
    const auto& d = image.dims();
    const int w = plane.width(d), h = plane.height(d);
    std::vector<std::uint8_t> out(std::size_t(w) * std::size_t(h));
    std::size_t n = 0;
    for (int v = 0; v < h; ++v) {
        for (int u = 0; u < w; ++u, ++n) {
            const auto p = plane.voxel(u, v);
            const double value = image.valueAt(p[0], p[1], p[2]);
            out[n] = value >= low && value <= high ? 1 : 0;
        }
    }
    return out;
}

Footprint planeFootprint(const std::array<int, 3>& dims, const SlicePlane& plane,
                         std::vector<std::uint8_t> mask) {
    return Footprint{plane.box(dims), std::move(mask)};
}

std::vector<std::uint8_t> floodRegion(const std::vector<std::uint8_t>& values, int width,
                                      int height, int seedU, int seedV,
                                      const std::vector<std::uint8_t>* allowed) {
    std::vector<std::uint8_t> region(values.size(), 0);
    if (seedU < 0 || seedV < 0 || seedU >= width || seedV >= height)
        return region;
    const std::size_t seed = std::size_t(seedV) * width + std::size_t(seedU);
    const std::uint8_t target = values[seed];
    auto fillable = [&](std::size_t i) {
        return !region[i] && values[i] == target && (!allowed || (*allowed)[i]);
    };
    if (!fillable(seed))
        return region;
    // Scanline fill: each popped seed fills its whole run, then queues the
    // runs above and below it, so every pixel is visited a small constant
    // number of times.
    std::vector<std::pair<int, int>> stack{{seedU, seedV}};
    while (!stack.empty()) {
        const auto [u0, v] = stack.back();
        stack.pop_back();
        const std::size_t row = std::size_t(v) * width;
        if (!fillable(row + std::size_t(u0)))
            continue;
        int left = u0, right = u0;
        while (left > 0 && fillable(row + std::size_t(left - 1)))
            --left;
        while (right + 1 < width && fillable(row + std::size_t(right + 1)))
            ++right;
        std::memset(region.data() + row + left, 1, std::size_t(right - left + 1));
        for (int nv : {v - 1, v + 1}) {
            if (nv < 0 || nv >= height)
                continue;
            const std::size_t nrow = std::size_t(nv) * width;
            bool inRun = false;
            for (int u = left; u <= right; ++u) {
                const bool f = fillable(nrow + std::size_t(u));
                if (f && !inRun)
                    stack.push_back({u, nv});
                inRun = f;
            }
        }
    }
    return region;
}

std::vector<std::uint8_t> polygonMask(int width, int height,
                                      const std::vector<std::array<double, 2>>& polygon) {
    std::vector<std::uint8_t> mask(std::size_t(width) * std::size_t(height), 0);
    const std::size_t n = polygon.size();
    if (n < 3)
        return mask;
    std::vector<double> crossings;
    for (int v = 0; v < height; ++v) {
        // Where the edges cross this row of pixel centres; spans between
        // pairs of crossings are inside.
        crossings.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const auto& a = polygon[i];
            const auto& b = polygon[(i + 1) % n];
            if ((a[1] <= v) == (b[1] <= v))
                continue;
            crossings.push_back(a[0] + (v - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
            const int from = std::max(0, int(std::ceil(crossings[k])));
            const int to = std::min(width - 1, int(std::floor(crossings[k + 1])));
            if (from <= to)
                std::memset(mask.data() + std::size_t(v) * width + from, 1,
                            std::size_t(to - from + 1));
        }
    }
    return mask;
}

std::vector<std::uint8_t> holesMask(const std::vector<std::uint8_t>& values, int width, int height,
                                    std::uint8_t label) {
    // Flood the non-label pixels from the border; what stays unreached is enclosed.
    std::vector<std::uint8_t> outside(values.size(), 0);
    std::vector<std::size_t> stack;
    auto visit = [&](std::size_t i) {
        if (!outside[i] && values[i] != label) {
            outside[i] = 1;
            stack.push_back(i);
        }
    };
    for (int u = 0; u < width; ++u) {
        visit(std::size_t(u));
        visit(std::size_t(height - 1) * width + std::size_t(u));
    }
    for (int v = 0; v < height; ++v) {
        visit(std::size_t(v) * width);
        visit(std::size_t(v) * width + std::size_t(width - 1));
    }
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        const int u = int(i % std::size_t(width)), v = int(i / std::size_t(width));
        if (u > 0)
            visit(i - 1);
        if (u + 1 < width)
            visit(i + 1);
        if (v > 0)
            visit(i - std::size_t(width));
        if (v + 1 < height)
            visit(i + std::size_t(width));
    }
    std::vector<std::uint8_t> holes(values.size(), 0);
    for (std::size_t i = 0; i < values.size(); ++i)
        holes[i] = values[i] != label && !outside[i];
    return holes;
}

} // namespace tgc

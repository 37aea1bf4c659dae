#include "mask_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tgc {

OverlapCounts countOverlap(const std::uint8_t* truth, const std::uint8_t* prediction,
                           std::size_t voxels) {
    OverlapCounts c;
    for (std::size_t i = 0; i < voxels; ++i) {
        const bool t = truth[i] != 0;
        const bool p = prediction[i] != 0;
        c.truth += t;
        c.prediction += p;
        c.intersection += (t && p);
    }
    return c;
}

double dice(const OverlapCounts& c) {
    const std::size_t sum = c.truth + c.prediction;
    return sum == 0 ? 1.0 : 2.0 * double(c.intersection) / double(sum);
}

double iou(const OverlapCounts& c) {
    const std::size_t unite = c.truth + c.prediction - c.intersection;
    return unite == 0 ? 1.0 : double(c.intersection) / double(unite);
}

namespace {

constexpr double kFar = 1e20;

// One line of the exact squared Euclidean distance transform (Felzenszwalb &
// Huttenlocher's lower envelope of parabolas), samples `step` mm apart.
void distanceLine(std::vector<double>& f, double step, std::vector<double>& d, std::vector<int>& v,
                  std::vector<double>& z) {
    const int n = int(f.size());
    d.resize(std::size_t(n));
    v.resize(std::size_t(n));
    z.resize(std::size_t(n) + 1);
    int k = -1;
    for (int q = 0; q < n; ++q) {
        if (f[std::size_t(q)] >= kFar)
            continue;
        const double pq = q * step;
        double s = -std::numeric_limits<double>::infinity();
        while (k >= 0) {
            const double pv = v[std::size_t(k)] * step;
            s = ((f[std::size_t(q)] + pq * pq) - (f[std::size_t(v[std::size_t(k)])] + pv * pv)) /
                (2.0 * (pq - pv));
            if (s > z[std::size_t(k)])
                break;
            --k;
        }
        ++k;
        v[std::size_t(k)] = q;
        z[std::size_t(k)] = k == 0 ? -std::numeric_limits<double>::infinity() : s;
        z[std::size_t(k) + 1] = std::numeric_limits<double>::infinity();
    }
    if (k < 0) {
        std::fill(d.begin(), d.end(), kFar);
    } else {
        int j = 0;
        for (int q = 0; q < n; ++q) {
            const double pq = q * step;
            while (z[std::size_t(j) + 1] < pq)
                ++j;
            const double pv = v[std::size_t(j)] * step;
            d[std::size_t(q)] = (pq - pv) * (pq - pv) + f[std::size_t(v[std::size_t(j)])];
        }
    }
    f.swap(d);
}

// Squared distance (mm²) from every voxel to the nearest seed voxel.
std::vector<double> squaredDistanceTo(const std::vector<std::uint8_t>& seeds,
                                      const std::array<int, 3>& n,
                                      const std::array<double, 3>& spacing) {
    std::vector<double> dist(seeds.size());
    for (std::size_t i = 0; i < seeds.size(); ++i)
        dist[i] = seeds[i] ? 0.0 : kFar;
    const std::size_t stride[3] = {1, std::size_t(n[0]), std::size_t(n[0]) * std::size_t(n[1])};
    std::vector<double> line, d, z;
    std::vector<int> v;
    for (int axis = 0; axis < 3; ++axis) {
        if (n[axis] == 1)
            continue;
        const int a1 = axis == 0 ? 1 : 0;
        const int a2 = axis == 2 ? 1 : 2;
        line.resize(std::size_t(n[axis]));
        for (int j = 0; j < n[a2]; ++j) {
            for (int i = 0; i < n[a1]; ++i) {
                const std::size_t base = std::size_t(i) * stride[a1] + std::size_t(j) * stride[a2];
                for (int t = 0; t < n[axis]; ++t)
                    line[std::size_t(t)] = dist[base + std::size_t(t) * stride[axis]];
                distanceLine(line, spacing[std::size_t(axis)], d, v, z);
                for (int t = 0; t < n[axis]; ++t)
                    dist[base + std::size_t(t) * stride[axis]] = line[std::size_t(t)];
            }
        }
    }
    return dist;
}

// Foreground voxels with a face neighbour in the background or on the border.
std::vector<std::uint8_t> surfaceOf(const std::uint8_t* mask, const std::array<int, 3>& n) {
    const std::size_t voxels = std::size_t(n[0]) * std::size_t(n[1]) * std::size_t(n[2]);
    std::vector<std::uint8_t> surface(voxels, 0);
    auto at = [&](int x, int y, int z) {
        return mask[(std::size_t(z) * n[1] + std::size_t(y)) * n[0] + std::size_t(x)] != 0;
    };
    for (int z = 0; z < n[2]; ++z)
        for (int y = 0; y < n[1]; ++y)
            for (int x = 0; x < n[0]; ++x) {
                if (!at(x, y, z))
                    continue;
                bool edge = false;
                // In-plane borders always count; along z only when there are slices.
                edge |= x == 0 || x == n[0] - 1 || !at(x - 1, y, z) || !at(x + 1, y, z);
                edge |= y == 0 || y == n[1] - 1 || !at(x, y - 1, z) || !at(x, y + 1, z);
                if (n[2] > 1)
                    edge |= z == 0 || z == n[2] - 1 || !at(x, y, z - 1) || !at(x, y, z + 1);
                surface[(std::size_t(z) * n[1] + std::size_t(y)) * n[0] + std::size_t(x)] = edge;
            }
    return surface;
}

double percentile95(std::vector<double>& values) {
    // The value at rank ceil(0.95 n), as the nearest-rank method defines it.
    const std::size_t rank = std::size_t(std::ceil(0.95 * double(values.size())));
    const std::size_t index = rank == 0 ? 0 : rank - 1;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(index), values.end());
    return values[index];
}

double directed95(const std::vector<std::uint8_t>& from, const std::vector<double>& squaredTo) {
    std::vector<double> distances;
    for (std::size_t i = 0; i < from.size(); ++i) {
        if (from[i])
            distances.push_back(std::sqrt(squaredTo[i]));
    }
    return percentile95(distances);
}

} // namespace

double hausdorff95(const std::uint8_t* truth, const std::uint8_t* prediction,
                   const std::array<int, 3>& dims, const std::array<double, 3>& spacing) {
    const std::size_t voxels = std::size_t(dims[0]) * dims[1] * dims[2];
    const OverlapCounts c = countOverlap(truth, prediction, voxels);
    if (c.truth == 0 && c.prediction == 0)
        return 0.0;
    if (c.truth == 0 || c.prediction == 0)
        return std::numeric_limits<double>::infinity();
    const auto surfaceTruth = surfaceOf(truth, dims);
    const auto surfacePrediction = surfaceOf(prediction, dims);
    const auto toTruth = squaredDistanceTo(surfaceTruth, dims, spacing);
    const auto toPrediction = squaredDistanceTo(surfacePrediction, dims, spacing);
    return std::max(directed95(surfaceTruth, toPrediction), directed95(surfacePrediction, toTruth));
}

} // namespace tgc

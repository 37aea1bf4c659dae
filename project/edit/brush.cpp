#include "brush.h"

#include <algorithm>
#include <cmath>

namespace tgc {

namespace {

// Smallest Chebyshev norm of a + t b over t in [0, 1]. The norm is convex and
// piecewise linear in t, so its minimum lies at an end, where one component
// crosses zero, or where two components have equal magnitude.
double chebyshevToSegment(const std::array<double, 3>& a, const std::array<double, 3>& b) {
    auto norm = [&](double t) {
        t = std::clamp(t, 0.0, 1.0);
        return std::max(
            {std::abs(a[0] + t * b[0]), std::abs(a[1] + t * b[1]), std::abs(a[2] + t * b[2])});
    };
    double best = std::min(norm(0.0), norm(1.0));
    for (int i = 0; i < 3; ++i) {
        if (b[i] != 0.0)
            best = std::min(best, norm(-a[i] / b[i]));
        for (int j = i + 1; j < 3; ++j) {
            for (double sign : {1.0, -1.0}) {
                const double denominator = b[i] - sign * b[j];
                if (denominator != 0.0)
                    best = std::min(best, norm((sign * a[j] - a[i]) / denominator));
            }
        }
    }
    return best;
}

} // namespace

std::array<double, 3> brushRadiusVoxels(const VolumeGeometry& geometry, int normalAxis,
                                        const BrushSpec& brush) {
    const auto& sp = geometry.spacing;
    double finest = 0.0;
    for (int a = 0; a < 3; ++a) {
        if (a != normalAxis && (finest == 0.0 || sp[std::size_t(a)] < finest))
            finest = sp[std::size_t(a)];
    }
    const double mm = brush.radiusInMm ? brush.radius : brush.radius * finest;
    std::array<double, 3> r{};
    for (int a = 0; a < 3; ++a)
        r[std::size_t(a)] = mm / sp[std::size_t(a)];
    // A 2D brush: any fraction below one voxel keeps the footprint in the slice.
    if (!brush.sphere)
        r[std::size_t(normalAxis)] = 0.5;
    return r;
}

Footprint brushStroke(const VolumeGeometry& geometry, int normalAxis,
                      const std::array<double, 3>& from, const std::array<double, 3>& to,
                      const BrushSpec& brush) {
    const std::array<double, 3> r = brushRadiusVoxels(geometry, normalAxis, brush);
    Footprint f;
    for (int a = 0; a < 3; ++a) {
        const std::size_t i = std::size_t(a);
        f.box.lo[i] = int(std::ceil(std::min(from[i], to[i]) - r[i] - 1e-9));
        f.box.hi[i] = int(std::floor(std::max(from[i], to[i]) + r[i] + 1e-9)) + 1;
    }
    f.box = f.box.clippedTo(geometry.dims);
    if (f.box.isEmpty())
        return f;
    // Work in units of the radius per axis: the brush becomes a unit ball
    // (round) or a unit cube (square), whatever the spacing.
    const std::array<double, 3> b{(to[0] - from[0]) / r[0], (to[1] - from[1]) / r[1],
                                  (to[2] - from[2]) / r[2]};
    const double bb = b[0] * b[0] + b[1] * b[1] + b[2] * b[2];
    const bool round = brush.shape == BrushShape::Round;
    const bool flat = !brush.sphere;
    f.inside.resize(f.box.voxelCount());
    std::size_t n = 0;
    for (int z = f.box.lo[2]; z < f.box.hi[2]; ++z) {
        for (int y = f.box.lo[1]; y < f.box.hi[1]; ++y) {
            for (int x = f.box.lo[0]; x < f.box.hi[0]; ++x, ++n) {
                std::array<double, 3> a{(from[0] - x) / r[0], (from[1] - y) / r[1],
                                        (from[2] - z) / r[2]};
                if (flat)
                    a[std::size_t(normalAxis)] = 0.0; // the box already holds one slice
                bool in;
                if (round) {
                    const double t =
                        bb > 0.0
                            ? std::clamp(-(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / bb, 0.0, 1.0)
                            : 0.0;
                    const double dx = a[0] + t * b[0], dy = a[1] + t * b[1], dz = a[2] + t * b[2];
                    in = dx * dx + dy * dy + dz * dz <= 1.0 + 1e-9;
                } else {
                    in = chebyshevToSegment(a, b) <= 1.0 + 1e-9;
                }
                f.inside[n] = in ? 1 : 0;
            }
        }
    }
    return f;
}

} // namespace tgc

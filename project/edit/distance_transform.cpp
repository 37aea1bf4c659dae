#include "distance_transform.h"

#include <cstddef>

namespace tgc {

namespace {

constexpr double kFar = 1e20;

// One line: d[q] = min over p of f[p] + ((q - p) s)^2, in O(n).
struct Envelope {
    std::vector<double> f, z;
    std::vector<int> v;

    void run(double* line, int n, double s) {
        f.assign(line, line + n);
        v.resize(std::size_t(n));
        z.resize(std::size_t(n) + 1);
        auto meet = [&](int q, int p) { // where the parabolas of q and p intersect
            const double xq = q * s, xp = p * s;
            return ((f[std::size_t(q)] + xq * xq) - (f[std::size_t(p)] + xp * xp)) /
                   (2.0 * (xq - xp));
        };
        int k = 0;
        v[0] = 0;
        z[0] = -kFar;
        z[1] = kFar;
        for (int q = 1; q < n; ++q) {
            double x = meet(q, v[std::size_t(k)]);
            while (k > 0 && x <= z[std::size_t(k)]) {
                --k;
                x = meet(q, v[std::size_t(k)]);
            }
            ++k;
            v[std::size_t(k)] = q;
            z[std::size_t(k)] = x;
            z[std::size_t(k) + 1] = kFar;
        }
        k = 0;
        for (int q = 0; q < n; ++q) {
            while (z[std::size_t(k) + 1] < q * s)
                ++k;
            const double dx = (q - v[std::size_t(k)]) * s;
            line[q] = dx * dx + f[std::size_t(v[std::size_t(k)])];
        }
    }
};

} // namespace

std::vector<float> squaredDistance(const std::vector<std::uint8_t>& feature,
                                   const std::array<int, 3>& dims,
                                   const std::array<double, 3>& spacing) {
    const std::size_t nx = std::size_t(dims[0]), ny = std::size_t(dims[1]),
                      nz = std::size_t(dims[2]);
    std::vector<double> d(feature.size());
    for (std::size_t i = 0; i < feature.size(); ++i)
        d[i] = feature[i] ? 0.0 : kFar;
    Envelope envelope;
    std::vector<double> line;
    // Each axis in turn: gather a line, transform it, scatter it back.
    const std::array<std::size_t, 3> stride{1, nx, nx * ny};
    for (int axis = 0; axis < 3; ++axis) {
        const std::size_t n = std::size_t(dims[std::size_t(axis)]);
        if (n <= 1)
            continue;
        line.resize(n);
        const std::size_t step = stride[std::size_t(axis)];
        for (std::size_t z = 0; z < (axis == 2 ? 1 : nz); ++z) {
            for (std::size_t y = 0; y < (axis == 1 ? 1 : ny); ++y) {
                for (std::size_t x = 0; x < (axis == 0 ? 1 : nx); ++x) {
                    const std::size_t start = z * stride[2] + y * stride[1] + x;
                    for (std::size_t q = 0; q < n; ++q)
                        line[q] = d[start + q * step];
                    envelope.run(line.data(), int(n), spacing[std::size_t(axis)]);
                    for (std::size_t q = 0; q < n; ++q)
                        d[start + q * step] = line[q];
                }
            }
        }
    }
    return std::vector<float>(d.begin(), d.end());
}

} // namespace tgc

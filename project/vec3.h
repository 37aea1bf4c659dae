// Three-vectors of patient space (DICOM's direction cosines and positions):
// the few operations the series and SEG readers place slices and frames with.
#pragma once

#include <array>
#include <cmath>

namespace tgc {

using Vec3 = std::array<double, 3>;

inline double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

inline Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

// The unit vector along v (v itself when it is zero).
inline Vec3 normalised(Vec3 v) {
    const double n = std::sqrt(dot(v, v));
    if (n > 0)
        for (double& x : v)
            x /= n;
    return v;
}

} // namespace tgc

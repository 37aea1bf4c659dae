#include "volume_geometry.h"

#include <cmath>

namespace tgc {

bool VolumeGeometry::sameGrid(const VolumeGeometry& other, double tolerance) const {
    if (dims != other.dims)
        return false;
    for (int a = 0; a < 3; ++a) {
        if (std::abs(spacing[a] - other.spacing[a]) > tolerance ||
            std::abs(origin[a] - other.origin[a]) > tolerance)
            return false;
    }
    for (int a = 0; a < 9; ++a) {
        if (std::abs(direction[a] - other.direction[a]) > tolerance)
            return false;
    }
    return true;
}

std::array<double, 3> VolumeGeometry::indexToPatient(double i, double j, double k) const {
    std::array<double, 3> p{};
    for (int a = 0; a < 3; ++a) {
        p[a] = origin[a] + direction[0 + a] * i * spacing[0] + direction[3 + a] * j * spacing[1] +
               direction[6 + a] * k * spacing[2];
    }
    return p;
}

} // namespace tgc

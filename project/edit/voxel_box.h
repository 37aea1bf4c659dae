// Axis-aligned boxes of voxel indices and footprints inside them: the unit
// every label-map edit is described in.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tgc {

// Half-open box [lo, hi) of voxel indices (x, y, z).
struct VoxelBox {
    std::array<int, 3> lo{0, 0, 0};
    std::array<int, 3> hi{0, 0, 0};

    bool isEmpty() const { return hi[0] <= lo[0] || hi[1] <= lo[1] || hi[2] <= lo[2]; }
    int size(int axis) const { return std::max(0, hi[axis] - lo[axis]); }
    std::size_t voxelCount() const {
        return std::size_t(size(0)) * std::size_t(size(1)) * std::size_t(size(2));
    }
    bool contains(int x, int y, int z) const {
        return x >= lo[0] && x < hi[0] && y >= lo[1] && y < hi[1] && z >= lo[2] && z < hi[2];
    }
    VoxelBox clippedTo(const std::array<int, 3>& dims) const {
        VoxelBox b;
        for (int a = 0; a < 3; ++a) {
            b.lo[a] = std::clamp(lo[a], 0, dims[a]);
            b.hi[a] = std::clamp(hi[a], b.lo[a], dims[a]);
        }
        return b;
    }
    static VoxelBox whole(const std::array<int, 3>& dims) { return VoxelBox{{0, 0, 0}, dims}; }
};

// Which voxels of a box an edit touches; `inside` has one byte per box
// voxel, x fastest. An empty `inside` means the whole box.
struct Footprint {
    VoxelBox box;
    std::vector<std::uint8_t> inside;

    bool touches(int x, int y, int z) const {
        if (inside.empty())
            return true;
        const std::size_t i =
            (std::size_t(z - box.lo[2]) * box.size(1) + std::size_t(y - box.lo[1])) * box.size(0) +
            std::size_t(x - box.lo[0]);
        return inside[i] != 0;
    }
};

} // namespace tgc

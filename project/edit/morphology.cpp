#include "morphology.h"

#include "distance_transform.h"
#include "slice_plane.h"

#include <algorithm>
#include <cmath>

namespace tgc {

namespace {

// The label's voxels inside a box, box layout (x fastest).
std::vector<std::uint8_t> labelMask(const LabelMap& labels, const VoxelBox& box,
                                    std::uint8_t label) {
    std::vector<std::uint8_t> mask(box.voxelCount());
    std::size_t n = 0;
    for (int z = box.lo[2]; z < box.hi[2]; ++z)
        for (int y = box.lo[1]; y < box.hi[1]; ++y) {
            const std::uint8_t* row = labels.slice(z) + std::size_t(y) * labels.dims()[0];
            for (int x = box.lo[0]; x < box.hi[0]; ++x, ++n)
                mask[n] = row[x] == label;
        }
    return mask;
}

} // namespace

VoxelBox labelBounds(const LabelMap& labels, std::uint8_t label, const std::array<int, 3>& margin) {
    const auto& d = labels.dims();
    VoxelBox b{{d[0], d[1], d[2]}, {0, 0, 0}};
    for (int z = 0; z < d[2]; ++z) {
        const std::uint8_t* slice = labels.slice(z);
        for (int y = 0; y < d[1]; ++y) {
            const std::uint8_t* row = slice + std::size_t(y) * d[0];
            const std::uint8_t* first = std::find(row, row + d[0], label);
            if (first == row + d[0])
                continue;
            int last = d[0] - 1;
            while (row[last] != label)
                --last;
            b.lo = {std::min(b.lo[0], int(first - row)), std::min(b.lo[1], y),
                    std::min(b.lo[2], z)};
            b.hi = {std::max(b.hi[0], last + 1), std::max(b.hi[1], y + 1),
                    std::max(b.hi[2], z + 1)};
        }
    }
    if (b.isEmpty())
        return VoxelBox{};
    for (int a = 0; a < 3; ++a) {
        b.lo[std::size_t(a)] -= margin[std::size_t(a)];
        b.hi[std::size_t(a)] += margin[std::size_t(a)];
    }
    return b.clippedTo(d);
}

std::size_t growShrink(LabelEditor& editor, double mm, const PaintRule& rule) {
    const LabelMap& labels = editor.labels();
    const auto& sp = labels.geometry().spacing;
    const double reach = std::abs(mm);
    std::array<int, 3> margin{};
    for (int a = 0; a < 3; ++a)
        margin[std::size_t(a)] = int(std::ceil(reach / sp[std::size_t(a)])) + 1;
    const VoxelBox box = labelBounds(labels, rule.label, margin);
    if (box.isEmpty() || reach == 0.0)
        return 0;
    const std::array<int, 3> dims{box.size(0), box.size(1), box.size(2)};
    std::vector<std::uint8_t> mask = labelMask(labels, box, rule.label);
    const bool grow = mm > 0.0;
    if (!grow) // distance from each label voxel to the nearest other voxel
        for (auto& m : mask)
            m = !m;
    const std::vector<float> d2 = squaredDistance(mask, dims, sp);
    const float limit = float(reach * reach * (1.0 + 1e-6));
    Footprint f{box, std::vector<std::uint8_t>(mask.size())};
    for (std::size_t i = 0; i < mask.size(); ++i)
        f.inside[i] = !mask[i] && d2[i] <= limit;
    PaintRule r = rule;
    r.mode = grow ? PaintMode::Paint : PaintMode::Erase;
    r.eraseActiveLabelOnly = true;
    return editor.apply(f, r);
}

std::size_t smooth(LabelEditor& editor, double mm, const PaintRule& rule) {
    PaintRule r = rule;
    r.intensity = nullptr; // a shape operation: intensities play no part
    std::size_t writes = 0;
    for (double step : {mm, -mm, -mm, mm})
        writes += growShrink(editor, step, r);
    return writes;
}

std::size_t removeIslands(LabelEditor& editor, std::size_t minVoxels, bool keepLargestOnly,
                          const PaintRule& rule) {
    const LabelMap& labels = editor.labels();
    const VoxelBox box = labelBounds(labels, rule.label);
    if (box.isEmpty())
        return 0;
    const std::vector<std::uint8_t> mask = labelMask(labels, box, rule.label);
    const std::size_t nx = std::size_t(box.size(0)), ny = std::size_t(box.size(1)),
                      nz = std::size_t(box.size(2));
    // Component number per voxel (0: not the label) and each component's size.
    std::vector<std::uint32_t> component(mask.size(), 0);
    std::vector<std::size_t> sizes{0};
    std::vector<std::size_t> stack;
    for (std::size_t start = 0; start < mask.size(); ++start) {
        if (!mask[start] || component[start])
            continue;
        const auto id = std::uint32_t(sizes.size());
        std::size_t count = 0;
        component[start] = id;
        stack.push_back(start);
        while (!stack.empty()) {
            const std::size_t i = stack.back();
            stack.pop_back();
            ++count;
            const std::size_t x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            auto visit = [&](std::size_t j) {
                if (mask[j] && !component[j]) {
                    component[j] = id;
                    stack.push_back(j);
                }
            };
            if (x > 0)
                visit(i - 1);
            if (x + 1 < nx)
                visit(i + 1);
            if (y > 0)
                visit(i - nx);
            if (y + 1 < ny)
                visit(i + nx);
            if (z > 0)
                visit(i - nx * ny);
            if (z + 1 < nz)
                visit(i + nx * ny);
        }
        sizes.push_back(count);
    }
    const std::size_t largest =
        std::size_t(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    std::vector<std::uint8_t> drop(sizes.size(), 0);
    for (std::size_t c = 1; c < sizes.size(); ++c)
        drop[c] = keepLargestOnly ? c != largest : sizes[c] < minVoxels;
    Footprint f{box, std::vector<std::uint8_t>(mask.size())};
    for (std::size_t i = 0; i < mask.size(); ++i)
        f.inside[i] = drop[component[i]];
    PaintRule r = rule;
    r.mode = PaintMode::Erase;
    r.eraseActiveLabelOnly = true;
    r.intensity = nullptr; // an island goes whole, whatever its intensities
    return editor.apply(f, r);
}

std::size_t fillHoles(LabelEditor& editor, int normalAxis, const PaintRule& rule) {
    const LabelMap& labels = editor.labels();
    const VoxelBox bounds = labelBounds(labels, rule.label);
    if (bounds.isEmpty())
        return 0;
    PaintRule r = rule;
    r.mode = PaintMode::Paint;
    std::size_t changed = 0;
    const std::size_t axis = std::size_t(normalAxis);
    for (int s = bounds.lo[axis]; s < bounds.hi[axis]; ++s) {
        const SlicePlane plane{normalAxis, s};
        const auto& d = labels.dims();
        std::vector<std::uint8_t> holes =
            holesMask(readPlane(labels, plane), plane.width(d), plane.height(d), rule.label);
        if (std::find(holes.begin(), holes.end(), 1) != holes.end())
            changed += editor.apply(planeFootprint(d, plane, std::move(holes)), r);
    }
    return changed;
}

} // namespace tgc

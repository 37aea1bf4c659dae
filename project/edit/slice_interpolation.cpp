#include "slice_interpolation.h"

#include "distance_transform.h"

#include <algorithm>
#include <cmath>

namespace tgc {

namespace {

std::vector<std::uint8_t> labelPlane(const LabelMap& labels, const SlicePlane& plane,
                                     std::uint8_t label) {
    std::vector<std::uint8_t> values = readPlane(labels, plane);
    for (auto& v : values)
        v = v == label;
    return values;
}

// Signed distance (mm) to the shape's edge: negative inside, positive outside.
std::vector<float> signedDistance(const std::vector<std::uint8_t>& inside, int width, int height,
                                  double spacingU, double spacingV) {
    const std::array<int, 3> dims{width, height, 1};
    const std::array<double, 3> spacing{spacingU, spacingV, 1.0};
    std::vector<std::uint8_t> outside(inside.size());
    for (std::size_t i = 0; i < inside.size(); ++i)
        outside[i] = !inside[i];
    const std::vector<float> toInside = squaredDistance(inside, dims, spacing);
    const std::vector<float> toOutside = squaredDistance(outside, dims, spacing);
    std::vector<float> d(inside.size());
    for (std::size_t i = 0; i < d.size(); ++i)
        d[i] = std::sqrt(toInside[i]) - std::sqrt(toOutside[i]);
    return d;
}

} // namespace

std::size_t copySlice(LabelEditor& editor, const SlicePlane& from, int to, const PaintRule& rule) {
    const LabelMap& labels = editor.labels();
    const auto& d = labels.dims();
    if (to < 0 || to >= d[std::size_t(from.normal)] || to == from.index)
        return 0;
    const SlicePlane target{from.normal, to};
    std::vector<std::uint8_t> source = labelPlane(labels, from, rule.label);
    std::vector<std::uint8_t> stale = labelPlane(labels, target, rule.label);
    for (std::size_t i = 0; i < stale.size(); ++i)
        stale[i] = stale[i] && !source[i];
    PaintRule erase = rule;
    erase.mode = PaintMode::Erase;
    erase.eraseActiveLabelOnly = true;
    erase.intensity = nullptr;
    PaintRule paint = rule;
    paint.mode = PaintMode::Paint;
    std::size_t changed = editor.apply(planeFootprint(d, target, std::move(stale)), erase);
    changed += editor.apply(planeFootprint(d, target, std::move(source)), paint);
    return changed;
}

std::size_t interpolateSlices(LabelEditor& editor, int normalAxis, const PaintRule& rule) {
    const LabelMap& labels = editor.labels();
    const auto& d = labels.dims();
    const int count = d[std::size_t(normalAxis)];
    std::vector<int> painted;
    for (int s = 0; s < count; ++s) {
        const auto plane = labelPlane(labels, SlicePlane{normalAxis, s}, rule.label);
        if (std::find(plane.begin(), plane.end(), 1) != plane.end())
            painted.push_back(s);
    }
    const SlicePlane probe{normalAxis, 0};
    const int w = probe.width(d), h = probe.height(d);
    const auto& sp = labels.geometry().spacing;
    const double su = sp[std::size_t(probe.axisU())], sv = sp[std::size_t(probe.axisV())];
    PaintRule paint = rule;
    paint.mode = PaintMode::Paint;
    std::size_t changed = 0;
    for (std::size_t k = 0; k + 1 < painted.size(); ++k) {
        const int a = painted[k], b = painted[k + 1];
        if (b - a < 2)
            continue;
        const auto da =
            signedDistance(labelPlane(labels, {normalAxis, a}, rule.label), w, h, su, sv);
        const auto db =
            signedDistance(labelPlane(labels, {normalAxis, b}, rule.label), w, h, su, sv);
        for (int s = a + 1; s < b; ++s) {
            const float t = float(s - a) / float(b - a);
            std::vector<std::uint8_t> inside(da.size());
            for (std::size_t i = 0; i < inside.size(); ++i)
                inside[i] = (1.0f - t) * da[i] + t * db[i] < 0.0f;
            changed += editor.apply(planeFootprint(d, {normalAxis, s}, std::move(inside)), paint);
        }
    }
    return changed;
}

} // namespace tgc

#include "tool_outline.h"

#include "edit/slice_plane.h"

namespace tgc {

void addFootprintEdges(const Footprint& f, int sliceAxis, int slice, ToolOutline& out) {
    const std::size_t n = std::size_t(sliceAxis);
    if (slice < f.box.lo[n] || slice >= f.box.hi[n])
        return;
    const SlicePlane plane{sliceAxis, slice};
    const std::size_t a = std::size_t(plane.axisU()), b = std::size_t(plane.axisV());
    auto covered = [&](int u, int v) {
        std::array<int, 3> p{};
        p[n] = slice;
        p[a] = u;
        p[b] = v;
        return f.box.contains(p[0], p[1], p[2]) && f.touches(p[0], p[1], p[2]);
    };
    auto point = [&](double u, double v) {
        std::array<double, 3> p{};
        p[n] = slice;
        p[a] = u;
        p[b] = v;
        return p;
    };
    for (int v = f.box.lo[b]; v < f.box.hi[b]; ++v) {
        for (int u = f.box.lo[a]; u < f.box.hi[a]; ++u) {
            if (!covered(u, v))
                continue;
            // A face is on the outline where the neighbour across it is not covered.
            if (!covered(u - 1, v))
                out.segments.push_back({point(u - 0.5, v - 0.5), point(u - 0.5, v + 0.5)});
            if (!covered(u + 1, v))
                out.segments.push_back({point(u + 0.5, v - 0.5), point(u + 0.5, v + 0.5)});
            if (!covered(u, v - 1))
                out.segments.push_back({point(u - 0.5, v - 0.5), point(u + 0.5, v - 0.5)});
            if (!covered(u, v + 1))
                out.segments.push_back({point(u - 0.5, v + 0.5), point(u + 0.5, v + 0.5)});
        }
    }
}

} // namespace tgc

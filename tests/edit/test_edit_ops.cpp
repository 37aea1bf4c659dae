// The Qt-free editing operations behind the viewer's tools: brush sweeps,
// slice fills, lasso, holes, islands, margins, copying and interpolating
// between slices, and the distance transform they rest on. Voxel by voxel.
#include "edit/brush.h"
#include "edit/distance_transform.h"
#include "edit/label_editor.h"
#include "edit/label_history.h"
#include "edit/morphology.h"
#include "edit/slice_interpolation.h"
#include "edit/slice_plane.h"
#include "edit/take_mask.h"
#include "image_volume.h"

#include <QTest>
#include <cmath>
#include <random>

using namespace tgc;

namespace {

VolumeGeometry grid(int x, int y, int z, std::array<double, 3> spacing = {1.0, 1.0, 1.0}) {
    VolumeGeometry g;
    g.dims = {x, y, z};
    g.spacing = spacing;
    return g;
}

std::size_t countLabel(const LabelMap& m, std::uint8_t label) {
    return std::size_t(
        std::count(m.data(), m.data() + m.geometry().voxelCount(), std::uint8_t(label)));
}

void paintBox(LabelMap& m, VoxelBox box, std::uint8_t label) {
    for (int z = box.lo[2]; z < box.hi[2]; ++z)
        for (int y = box.lo[1]; y < box.hi[1]; ++y)
            for (int x = box.lo[0]; x < box.hi[0]; ++x)
                m.slice(z)[std::size_t(y) * m.dims()[0] + std::size_t(x)] = label;
}

} // namespace

class TestEditOps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void takenMaskKeepsTheCaseLabelIds();
    void roundDabMatchesDisc();
    void squareDabIsSquare();
    void sweepLeavesNoGap();
    void sphereUsesSpacing();
    void radiusInMmOnAnisotropicGrid();
    void distanceTransformMatchesBruteForce();
    void floodStopsAtClosedContour();
    void floodRespectsIntensity();
    void polygonCoversCentresInside();
    void holesFilledPerSlice();
    void islandsRemovedBySize();
    void keepLargestIsland();
    void growAndShrinkByMillimetres();
    void smoothFillsNotchAndRemovesSpur();
    void copySliceReplacesLabelOnly();
    void interpolatesBetweenPaintedSlices();
    void planesOfAllOrientations();
    void benchFloodFill512();
};

void TestEditOps::roundDabMatchesDisc() {
    const auto g = grid(40, 30, 3);
    BrushSpec brush;
    brush.radius = 3;
    const Footprint f = brushStroke(g, 2, {10, 10, 1}, {10, 10, 1}, brush);
    QCOMPARE(f.box.lo, (std::array<int, 3>{7, 7, 1}));
    QCOMPARE(f.box.hi, (std::array<int, 3>{14, 14, 2}));
    std::size_t count = 0;
    for (int y = 7; y < 14; ++y)
        for (int x = 7; x < 14; ++x) {
            const bool in = (x - 10) * (x - 10) + (y - 10) * (y - 10) <= 9;
            QCOMPARE(f.touches(x, y, 1), in);
            count += in;
        }
    QCOMPARE(count, std::size_t(29));
}

void TestEditOps::squareDabIsSquare() {
    BrushSpec brush;
    brush.shape = BrushShape::Square;
    brush.radius = 2;
    const Footprint f = brushStroke(grid(20, 20, 1), 2, {5, 5, 0}, {5, 5, 0}, brush);
    QCOMPARE(f.box.voxelCount(), std::size_t(25));
    QCOMPARE(std::size_t(std::count(f.inside.begin(), f.inside.end(), 1)), std::size_t(25));
}

void TestEditOps::sweepLeavesNoGap() {
    // Two mouse events 60 px apart: the swept band is a capsule, no gap.
    const auto g = grid(100, 40, 1);
    for (BrushShape shape : {BrushShape::Round, BrushShape::Square}) {
        BrushSpec brush;
        brush.shape = shape;
        brush.radius = 2;
        const Footprint f = brushStroke(g, 2, {10, 20, 0}, {70, 26, 0}, brush);
        for (int x = 10; x <= 70; ++x) {
            // The segment's centre line at this column is covered, and so is
            // the band two voxels either side of it.
            const int y = int(std::lround(20 + (x - 10) * 6.0 / 60.0));
            QVERIFY2(f.touches(x, y, 0) && f.touches(x, y - 1, 0) && f.touches(x, y + 1, 0),
                     qPrintable(QStringLiteral("gap at x=%1").arg(x)));
        }
        QVERIFY(!f.touches(40, 28, 0)); // 5 px off the line: outside
    }
}

void TestEditOps::sphereUsesSpacing() {
    // 1 x 1 x 2.5 mm voxels, radius 5 px = 5 mm: 2 slices either side.
    const auto g = grid(30, 30, 11, {1.0, 1.0, 2.5});
    BrushSpec brush;
    brush.radius = 5;
    brush.sphere = true;
    const Footprint f = brushStroke(g, 2, {15, 15, 5}, {15, 15, 5}, brush);
    QCOMPARE(f.box.lo[2], 3);
    QCOMPARE(f.box.hi[2], 8);
    QVERIFY(f.touches(15, 15, 3) && f.touches(15, 15, 7));
    QVERIFY(f.touches(20, 15, 5) && !f.touches(20, 15, 4)); // equator only at the rim
    QVERIFY(f.touches(19, 15, 4));                          // 4^2 + 2.5^2 <= 25
}

void TestEditOps::radiusInMmOnAnisotropicGrid() {
    // Coronal plane (normal y) of 0.5 x 1 x 2 mm voxels: 4 mm is 8 voxels
    // across x and 2 voxels across z.
    const auto g = grid(40, 5, 20, {0.5, 1.0, 2.0});
    BrushSpec brush;
    brush.radius = 4;
    brush.radiusInMm = true;
    const Footprint f = brushStroke(g, 1, {20, 2, 10}, {20, 2, 10}, brush);
    QCOMPARE(f.box.lo, (std::array<int, 3>{12, 2, 8}));
    QCOMPARE(f.box.hi, (std::array<int, 3>{29, 3, 13}));
}

void TestEditOps::distanceTransformMatchesBruteForce() {
    const std::array<int, 3> dims{13, 9, 5};
    const std::array<double, 3> spacing{0.7, 1.0, 2.5};
    std::mt19937 rng(5);
    std::vector<std::uint8_t> feature(std::size_t(13 * 9 * 5));
    for (auto& f : feature)
        f = rng() % 23 == 0;
    feature[0] = 1;
    const std::vector<float> d2 = squaredDistance(feature, dims, spacing);
    std::size_t i = 0;
    for (int z = 0; z < 5; ++z)
        for (int y = 0; y < 9; ++y)
            for (int x = 0; x < 13; ++x, ++i) {
                double best = 1e30;
                std::size_t j = 0;
                for (int c = 0; c < 5; ++c)
                    for (int b = 0; b < 9; ++b)
                        for (int a = 0; a < 13; ++a, ++j)
                            if (feature[j]) {
                                const double dx = (a - x) * 0.7, dy = (b - y) * 1.0,
                                             dz = (c - z) * 2.5;
                                best = std::min(best, dx * dx + dy * dy + dz * dz);
                            }
                QVERIFY(std::abs(d2[i] - best) < 1e-3);
            }
}

void TestEditOps::floodStopsAtClosedContour() {
    // A ring of label 2; flooding background inside it fills the interior only.
    const int w = 20, h = 20;
    std::vector<std::uint8_t> values(std::size_t(w * h), 0);
    for (int v = 0; v < h; ++v)
        for (int u = 0; u < w; ++u) {
            const int r2 = (u - 10) * (u - 10) + (v - 10) * (v - 10);
            if (r2 >= 25 && r2 <= 49)
                values[std::size_t(v * w + u)] = 2;
        }
    const auto region = floodRegion(values, w, h, 10, 10);
    for (int v = 0; v < h; ++v)
        for (int u = 0; u < w; ++u) {
            const int r2 = (u - 10) * (u - 10) + (v - 10) * (v - 10);
            QCOMPARE(bool(region[std::size_t(v * w + u)]), r2 < 25);
        }
    QVERIFY(floodRegion(values, w, h, -1, 3) == std::vector<std::uint8_t>(values.size(), 0));
}

void TestEditOps::floodRespectsIntensity() {
    std::vector<std::uint8_t> values(10, 0);
    std::vector<std::uint8_t> allowed{1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
    const auto region = floodRegion(values, 10, 1, 1, 0, &allowed);
    QCOMPARE(region, (std::vector<std::uint8_t>{1, 1, 1, 0, 0, 0, 0, 0, 0, 0}));
}

void TestEditOps::polygonCoversCentresInside() {
    // A triangle with vertices on pixel centres (0,0), (8,0), (0,8): pixel
    // (u, v) is inside when u + v < 8 (edges count as in at the left/top).
    const auto mask = polygonMask(10, 10, {{0, 0}, {8, 0}, {0, 8}});
    for (int v = 1; v < 8; ++v)
        for (int u = 1; u < 8; ++u)
            if (u + v != 8)
                QCOMPARE(bool(mask[std::size_t(v * 10 + u)]), u + v < 8);
    QVERIFY(!mask[std::size_t(9 * 10 + 9)]);
    QVERIFY(polygonMask(10, 10, {{0, 0}, {5, 5}}) == std::vector<std::uint8_t>(100, 0));
}

void TestEditOps::holesFilledPerSlice() {
    LabelMap map(grid(12, 12, 2));
    paintBox(map, {{2, 2, 0}, {10, 10, 2}}, 1);
    paintBox(map, {{4, 4, 0}, {6, 6, 1}}, 0); // a hole in slice 0
    paintBox(map, {{0, 5, 1}, {5, 6, 2}}, 0); // a notch open to the edge in slice 1
    LabelEditor editor(map);
    PaintRule rule;
    QCOMPARE(fillHoles(editor, 2, rule), std::size_t(4));
    QCOMPARE(map.at(4, 4, 0), std::uint8_t(1));
    QCOMPARE(map.at(3, 5, 1), std::uint8_t(0)); // not enclosed: stays
}

void TestEditOps::islandsRemovedBySize() {
    LabelMap map(grid(30, 30, 4));
    paintBox(map, {{2, 2, 0}, {12, 12, 3}}, 1);   // 300 voxels
    paintBox(map, {{20, 20, 1}, {22, 22, 2}}, 1); // 4 voxels
    paintBox(map, {{25, 2, 0}, {28, 5, 1}}, 1);   // 9 voxels
    paintBox(map, {{25, 20, 0}, {27, 22, 1}}, 2); // another label: untouched
    LabelEditor editor(map);
    PaintRule rule;
    QCOMPARE(removeIslands(editor, 5, false, rule), std::size_t(4));
    QCOMPARE(countLabel(map, 1), std::size_t(309));
    QCOMPARE(countLabel(map, 2), std::size_t(4));
}

void TestEditOps::keepLargestIsland() {
    LabelMap map(grid(30, 30, 4));
    paintBox(map, {{2, 2, 0}, {12, 12, 3}}, 1);
    paintBox(map, {{25, 2, 0}, {28, 5, 1}}, 1);
    paintBox(map, {{12, 12, 3}, {13, 13, 4}}, 1); // touches the big one only at a corner
    LabelEditor editor(map);
    QCOMPARE(removeIslands(editor, 0, true, PaintRule{}), std::size_t(10));
    QCOMPARE(countLabel(map, 1), std::size_t(300));
}

void TestEditOps::growAndShrinkByMillimetres() {
    LabelMap map(grid(40, 40, 9, {0.5, 0.5, 2.0}));
    paintBox(map, {{20, 20, 4}, {21, 21, 5}}, 1); // one voxel
    LabelEditor editor(map);
    PaintRule rule;
    // 2 mm: a ball of radius 4 voxels in-plane and 1 slice either side.
    growShrink(editor, 2.0, rule);
    std::size_t expected = 0;
    for (int z = 0; z < 9; ++z)
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 40; ++x) {
                const double dx = (x - 20) * 0.5, dy = (y - 20) * 0.5, dz = (z - 4) * 2.0;
                const bool in = dx * dx + dy * dy + dz * dz <= 4.0 + 1e-9;
                expected += in;
                QCOMPARE(map.at(x, y, z), std::uint8_t(in ? 1 : 0));
            }
    QCOMPARE(countLabel(map, 1), expected);
    // Shrinking by 2 mm leaves only voxels more than 2 mm inside: the centre.
    growShrink(editor, -2.0, rule);
    QCOMPARE(countLabel(map, 1), std::size_t(1));
    QCOMPARE(map.at(20, 20, 4), std::uint8_t(1));
}

void TestEditOps::smoothFillsNotchAndRemovesSpur() {
    LabelMap map(grid(40, 40, 1));
    paintBox(map, {{10, 10, 0}, {30, 30, 1}}, 1);
    std::vector<std::uint8_t> clean(map.data(), map.data() + 1600);
    paintBox(map, {{10, 15, 0}, {11, 16, 1}}, 0); // a notch in the left edge
    paintBox(map, {{30, 20, 0}, {32, 21, 1}}, 1); // a two-voxel spur on the right
    LabelEditor editor(map);
    QVERIFY(smooth(editor, 1.5, PaintRule{}) > 0);
    QVERIFY(std::equal(clean.begin(), clean.end(), map.data()));
}

void TestEditOps::copySliceReplacesLabelOnly() {
    LabelMap map(grid(10, 10, 3));
    paintBox(map, {{1, 1, 0}, {4, 4, 1}}, 1);
    paintBox(map, {{6, 6, 1}, {8, 8, 2}}, 1);  // old label 1 in the target: erased
    paintBox(map, {{0, 9, 1}, {2, 10, 2}}, 2); // label 2 in the target: kept
    LabelEditor editor(map);
    copySlice(editor, SlicePlane{2, 0}, 1, PaintRule{});
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x)
            QCOMPARE(map.at(x, y, 1), map.at(x, y, 0) == 1 ? std::uint8_t(1)
                                      : (y == 9 && x < 2)  ? std::uint8_t(2)
                                                           : std::uint8_t(0));
}

void TestEditOps::interpolatesBetweenPaintedSlices() {
    // A disc of radius 2 at slice 0 and radius 6 at slice 4: slice 2 gets ~4.
    LabelMap map(grid(30, 30, 5));
    LabelEditor editor(map);
    BrushSpec brush;
    brush.radius = 2;
    editor.apply(brushStroke(map.geometry(), 2, {15, 15, 0}, {15, 15, 0}, brush), PaintRule{});
    brush.radius = 6;
    editor.apply(brushStroke(map.geometry(), 2, {15, 15, 4}, {15, 15, 4}, brush), PaintRule{});
    const std::size_t before = countLabel(map, 1);
    QVERIFY(interpolateSlices(editor, 2, PaintRule{}) > 0);
    std::vector<std::size_t> area(5, 0);
    for (int z = 0; z < 5; ++z)
        for (int y = 0; y < 30; ++y)
            for (int x = 0; x < 30; ++x)
                area[std::size_t(z)] += map.at(x, y, z) == 1;
    QVERIFY(area[1] > area[0] && area[2] > area[1] && area[3] > area[2] && area[4] > area[3]);
    QVERIFY(map.at(15, 15, 2) == 1 && map.at(19, 15, 2) == 1 && map.at(21, 15, 2) == 0);
    QCOMPARE(countLabel(map, 1), before + area[1] + area[2] + area[3]);
}

void TestEditOps::planesOfAllOrientations() {
    LabelMap map(grid(4, 5, 6));
    paintBox(map, {{1, 2, 3}, {2, 3, 4}}, 7);
    for (int normal = 0; normal < 3; ++normal) {
        const SlicePlane plane{normal, normal == 0 ? 1 : normal == 1 ? 2 : 3};
        const auto values = readPlane(map, plane);
        const int w = plane.width(map.dims());
        QCOMPARE(int(values.size()), w * plane.height(map.dims()));
        std::size_t n = 0;
        for (int v = 0; v < plane.height(map.dims()); ++v)
            for (int u = 0; u < w; ++u, ++n) {
                const auto p = plane.voxel(u, v);
                QCOMPARE(values[n], map.at(p[0], p[1], p[2]));
            }
        // The plane's footprint covers exactly that slice, in box layout.
        const Footprint f = planeFootprint(map.dims(), plane, values);
        QVERIFY(f.touches(1, 2, 3));
    }
}

void TestEditOps::benchFloodFill512() {
    // Flood a 512x512 slice inside a ring, written and recorded for undo.
    LabelMap map(grid(512, 512, 1));
    BrushSpec ring;
    ring.radius = 3;
    LabelEditor editor(map);
    PaintRule wall;
    wall.label = 2;
    for (int a = 0; a < 720; ++a) {
        const double t = a * M_PI / 360.0;
        const std::array<double, 3> p{256 + 200 * std::cos(t), 256 + 200 * std::sin(t), 0};
        editor.apply(brushStroke(map.geometry(), 2, p, p, ring), wall);
    }
    editor.commit("ring");
    LabelHistory history;
    PaintRule fill;
    const SlicePlane plane{2, 0};
    std::size_t filled = 0;
    QBENCHMARK {
        const auto region = floodRegion(readPlane(map, plane), 512, 512, 256, 256);
        filled = editor.apply(planeFootprint(map.dims(), plane, region), fill);
        history.push(editor.commit("fill"));
        history.stack().undo();
    }
    QVERIFY(filled > 100000);
}

// A reviewed mask numbered its own way: "liver" keeps the case's id 3, a
// name the case lacks gets a new row, the write is one pending change.
void TestEditOps::takenMaskKeepsTheCaseLabelIds() {
    LabelMap annotation(grid(4, 4, 1));
    annotation.labels() = {Label{3, "liver", {1, 2, 3}, true}};
    annotation.data()[0] = 3;
    LabelMap reviewed(grid(4, 4, 1));
    reviewed.labels() = {Label{1, "liver", {9, 9, 9}, true}, Label{2, "spleen", {8, 8, 8}, true}};
    reviewed.data()[5] = 1;
    reviewed.data()[6] = 2;
    LabelEditor editor(annotation);
    std::vector<Label> table = annotation.labels();
    const std::size_t changed = takeMask(editor, table, reviewed);
    QCOMPARE(changed, std::size_t(3)); // voxel 0 cleared, 5 and 6 drawn
    QVERIFY(editor.hasPendingChange());
    QCOMPARE(annotation.data()[0], std::uint8_t(0));
    QCOMPARE(annotation.data()[5], std::uint8_t(3)); // liver stays id 3
    QCOMPARE(table.size(), std::size_t(2));
    QCOMPARE(table[1].name, QStringLiteral("spleen"));
    QCOMPARE(annotation.data()[6], table[1].id);
    QVERIFY(table[1].id != 3);

    LabelMap other(grid(5, 4, 1));
    QCOMPARE(takeMask(editor, table, other), std::size_t(0)); // another grid: nothing
}

QTEST_GUILESS_MAIN(TestEditOps)
#include "test_edit_ops.moc"

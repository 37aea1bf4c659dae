// The editing tools driven through the real SliceView with QTest mouse and
// key events, checked voxel by voxel against shapes computed here
// independently: brush footprint, a fast drag's swept band, the intensity
// range, flood fill, lasso, protection of other labels, the eraser, the
// coronal mapping, and undo/redo restoring the exact bytes.
#include "brush_tool.h"
#include "click_tool.h"
#include "display_model.h"
#include "edit_session.h"
#include "fill_tool.h"
#include "lasso_tool.h"
#include "slice_view.h"

#include <QtTest>
#include <cmath>
#include <memory>

using namespace tgc;

namespace {

// 64 x 48 x 20 CT, 1 x 1 x 2 mm, HU = 20 x - 1000 (x = 0..63 gives -1000..260).
std::shared_ptr<ImageVolume> rampVolume(int w = 64, int h = 48, int d = 20) {
    VolumeGeometry g;
    g.dims = {w, h, d};
    g.spacing = {1.0, 1.0, 2.0};
    auto image = std::make_shared<ImageVolume>(VoxelType::Int16, 1, g);
    auto* v = image->data<std::int16_t>();
    for (std::size_t n = 0; n < g.voxelCount(); ++n)
        v[n] = std::int16_t(20 * int(n % std::size_t(w)) - 1000);
    image->modality = QStringLiteral("CT");
    return image;
}

std::vector<std::uint8_t> bytesOf(const LabelMap& m) {
    return {m.data(), m.data() + m.geometry().voxelCount()};
}

// Distance from voxel (x, y) to the segment a-b, in voxels (isotropic plane).
double distanceToSegment(double x, double y, QPointF a, QPointF b) {
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - a.x()) * dx + (y - a.y()) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(x - a.x() - t * dx, y - a.y() - t * dy);
}

struct Fixture {
    DisplayModel model;
    EditSession session{&model};
    SliceView view{&model, Orientation::Axial};
    explicit Fixture(std::shared_ptr<ImageVolume> image = rampVolume(), QSize size = {400, 400}) {
        model.setImage(std::move(image));
        view.resize(size);
        view.show();
        QVERIFY2(QTest::qWaitForWindowExposed(&view), "view not exposed");
        view.setFocus();
    }
    LabelMap& labels() { return *model.labels(); }
    // The widget point at the centre of voxel (i, j) of the shown slice.
    QPoint at(SliceView& v, int i, int j) {
        return v.transform().sliceToScreen(QPointF(i + 0.5, j + 0.5)).toPoint();
    }
    QPoint at(int i, int j) { return at(view, i, j); }
    void drag(const std::vector<QPoint>& points, Qt::KeyboardModifiers mods = Qt::NoModifier) {
        QTest::mousePress(&view, Qt::LeftButton, mods, points.front());
        for (std::size_t n = 1; n < points.size(); ++n)
            QTest::mouseMove(&view, points[n]);
        QTest::mouseRelease(&view, Qt::LeftButton, mods, points.back());
    }
    void setRadius(double r) {
        BrushSpec b = session.brush();
        b.radius = r;
        session.setBrush(b);
    }
};

} // namespace

class TestEditing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clickPaintsExactDisc();
    void fastDragLeavesNoGap();
    void bracketKeysResizeBrushAndOutline();
    void thresholdPresetsLimitPainting();
    void protectOtherLabels();
    void eraserRemovesActiveLabel();
    void fillClosedRegion();
    void lassoFillsInside();
    void coronalBrushPaintsTheRightVoxels();
    void sphereBrushSpansSlices();
    void undoRedoRestoreExactBytes();
    void operationsAreOneStepEach();
    void labelTableEdits();
    void acceptingProposalIsOneStep();
    void acceptingProposalReplacesOnOneSlice();
    void proposalLayerFollowsTheThreshold();
    void undoMidStrokeTakesStrokeBack();
    void clickToolAddsUndoableClicksOnly();
    void clicksWaitForTheProposalAndFailedOnesGoBack();
    void benchBrushStroke200();
};

void TestEditing::clickPaintsExactDisc() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(4);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 15));
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int k = 0; k < 20; ++k)
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x) {
                const bool in = k == z && (x - 20) * (x - 20) + (y - 15) * (y - 15) <= 16;
                QCOMPARE(f.labels().at(x, y, k), std::uint8_t(in ? 1 : 0));
            }
    QCOMPARE(f.session.undoStack()->count(), 1);
}

void TestEditing::fastDragLeavesNoGap() {
    // One press and one move 40 voxels away: the band between is painted.
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(3);
    f.drag({f.at(10, 10), f.at(50, 35)});
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            const bool in = distanceToSegment(x, y, {10, 10}, {50, 35}) <= 3.0 + 1e-9;
            QCOMPARE(f.labels().at(x, y, z), std::uint8_t(in ? 1 : 0));
        }
    QCOMPARE(f.session.undoStack()->count(), 1); // the whole drag is one step
}

void TestEditing::bracketKeysResizeBrushAndOutline() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(5);
    QTest::keyClick(&f.view, Qt::Key_BracketRight);
    QTest::keyClick(&f.view, Qt::Key_BracketRight);
    QCOMPARE(f.session.brush().radius, 7.0);
    QTest::keyClick(&f.view, Qt::Key_BracketLeft);
    QCOMPARE(f.session.brush().radius, 6.0);
    // The outline is the footprint's edge: a square brush of radius 6 shows
    // a 13 x 13 voxel square, 4 x 13 unit faces.
    BrushSpec square = f.session.brush();
    square.shape = BrushShape::Square;
    f.session.setBrush(square);
    QTest::mouseMove(&f.view, f.at(30, 20));
    const ToolOutline outline = brush.outline();
    QCOMPARE(outline.slice, f.model.sliceIndex(Orientation::Axial));
    QCOMPARE(int(outline.segments.size()), 4 * 13);
    double minX = 1e9, maxX = -1e9;
    for (const auto& s : outline.segments)
        for (const auto& p : s) {
            minX = std::min(minX, p[0]);
            maxX = std::max(maxX, p[0]);
        }
    QCOMPARE(minX, 23.5);
    QCOMPARE(maxX, 36.5);
}

void TestEditing::thresholdPresetsLimitPainting() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(40);
    f.session.applyPreset(IntensityPreset::SoftTissue); // -160..240 HU: x = 42..62
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(32, 24));
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            const double hu = 20 * x - 1000;
            const bool inBrush = (x - 32) * (x - 32) + (y - 24) * (y - 24) <= 1600;
            const bool in = inBrush && hu >= -160 && hu <= 240;
            QCOMPARE(f.labels().at(x, y, z), std::uint8_t(in ? 1 : 0));
        }
    f.session.applyPreset(IntensityPreset::Lung); // -1000..-400 HU: x = 0..30
    f.session.setActiveLabel(2);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(32, 24));
    QCOMPARE(f.labels().at(30, 24, z), std::uint8_t(2));
    QCOMPARE(f.labels().at(31, 24, z), std::uint8_t(0));
    QCOMPARE(f.labels().at(50, 24, z), std::uint8_t(1));
}

void TestEditing::protectOtherLabels() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(5);
    f.session.setActiveLabel(2);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 20));
    const auto withTwo = bytesOf(f.labels());
    f.session.setActiveLabel(1);
    f.session.setProtectOtherLabels(true);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(26, 20));
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            const std::uint8_t old = withTwo[std::size_t((z * 48 + y) * 64 + x)];
            const bool inNew = (x - 26) * (x - 26) + (y - 20) * (y - 20) <= 25;
            const std::uint8_t expected = old == 2 ? 2 : inNew ? 1 : 0;
            QCOMPARE(f.labels().at(x, y, z), expected);
        }
    f.session.setProtectOtherLabels(false); // now painting overwrites label 2
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 20));
    QCOMPARE(f.labels().at(20, 20, z), std::uint8_t(1));
}

void TestEditing::eraserRemovesActiveLabel() {
    Fixture f;
    BrushTool paint(&f.session, PaintMode::Paint);
    BrushTool erase(&f.session, PaintMode::Erase);
    f.view.setTool(&paint);
    f.setRadius(6);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(30, 24));
    f.view.setTool(&erase);
    f.setRadius(2);
    f.drag({f.at(20, 24), f.at(40, 24)});
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            const bool painted = (x - 30) * (x - 30) + (y - 24) * (y - 24) <= 36;
            const bool erased = distanceToSegment(x, y, {20, 24}, {40, 24}) <= 2.0;
            QCOMPARE(f.labels().at(x, y, z), std::uint8_t(painted && !erased ? 1 : 0));
        }
}

void TestEditing::fillClosedRegion() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    FillTool fill(&f.session);
    f.view.setTool(&brush);
    f.setRadius(1);
    f.session.setActiveLabel(2);
    // A closed square outline of label 2 from (10,10) to (30,30), then fill inside with 1.
    f.drag({f.at(10, 10), f.at(30, 10), f.at(30, 30), f.at(10, 30), f.at(10, 10)});
    const auto wall = bytesOf(f.labels());
    f.view.setTool(&fill);
    f.session.setActiveLabel(1);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 20));
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            const std::uint8_t old = wall[std::size_t((z * 48 + y) * 64 + x)];
            const bool interior = x > 11 && x < 29 && y > 11 && y < 29;
            QCOMPARE(f.labels().at(x, y, z), old        ? old
                                             : interior ? std::uint8_t(1)
                                                        : std::uint8_t(0));
        }
    QCOMPARE(f.session.undoStack()->count(), 2);
}

void TestEditing::lassoFillsInside() {
    Fixture f;
    LassoTool lasso(&f.session);
    f.view.setTool(&lasso);
    // A triangle through voxel centres (10,10), (40,10), (10,40).
    f.drag({f.at(10, 10), f.at(40, 10), f.at(10, 40)});
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 11; y < 40; ++y)
        for (int x = 11; x < 40; ++x)
            if (x + y != 50) // centres on the hypotenuse may go either way
                QCOMPARE(f.labels().at(x, y, z), std::uint8_t(x + y < 50 ? 1 : 0));
    QCOMPARE(f.labels().at(45, 45, z), std::uint8_t(0));
    // Shift + lasso erases.
    f.drag({f.at(10, 10), f.at(20, 10), f.at(10, 20)}, Qt::ShiftModifier);
    QCOMPARE(f.labels().at(12, 12, z), std::uint8_t(0));
    QCOMPARE(f.labels().at(25, 12, z), std::uint8_t(1));
}

void TestEditing::coronalBrushPaintsTheRightVoxels() {
    // Coronal rows run from the top slice down: the disc lands around voxel
    // (i, cursor j, k) where k = depth - 1 - row, flattened by the 2 mm slices.
    Fixture f;
    SliceView coronal(&f.model, Orientation::Coronal);
    coronal.resize(400, 400);
    BrushTool brush(&f.session, PaintMode::Paint);
    coronal.setTool(&brush);
    f.setRadius(4); // 4 px of the finer in-plane spacing = 4 mm: 2 slices up and down
    const int j = f.model.sliceIndex(Orientation::Coronal);
    const QPoint p = coronal.transform().sliceToScreen(QPointF(30.5, 20 - 1 - 7 + 0.5)).toPoint();
    QTest::mouseClick(&coronal, Qt::LeftButton, Qt::NoModifier, p);
    for (int k = 0; k < 20; ++k)
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x) {
                const double dx = x - 30, dz = (k - 7) * 2.0;
                const bool in = y == j && dx * dx + dz * dz <= 16.0 + 1e-9;
                QCOMPARE(f.labels().at(x, y, k), std::uint8_t(in ? 1 : 0));
            }
}

void TestEditing::sphereBrushSpansSlices() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    BrushSpec b;
    b.radius = 4;
    b.sphere = true;
    f.session.setBrush(b);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(30, 20));
    const int z = f.model.sliceIndex(Orientation::Axial);
    std::size_t count = 0, expected = 0;
    for (int k = 0; k < 20; ++k)
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x) {
                const double dx = x - 30, dy = y - 20, dz = (k - z) * 2.0;
                const bool in = dx * dx + dy * dy + dz * dz <= 16.0 + 1e-9;
                expected += in;
                count += f.labels().at(x, y, k) == 1;
                QCOMPARE(f.labels().at(x, y, k), std::uint8_t(in ? 1 : 0));
            }
    QCOMPARE(count, expected);
}

void TestEditing::undoRedoRestoreExactBytes() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    BrushTool erase(&f.session, PaintMode::Erase);
    FillTool fill(&f.session);
    std::vector<std::vector<std::uint8_t>> states{bytesOf(f.labels())};
    f.view.setTool(&brush);
    f.setRadius(3);
    f.drag({f.at(5, 5), f.at(30, 8), f.at(33, 30)});
    states.push_back(bytesOf(f.labels()));
    f.session.setActiveLabel(2);
    f.drag({f.at(25, 5), f.at(25, 40)});
    states.push_back(bytesOf(f.labels()));
    f.view.setTool(&erase);
    f.drag({f.at(0, 6), f.at(60, 6)});
    states.push_back(bytesOf(f.labels()));
    f.view.setTool(&fill);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(50, 40));
    states.push_back(bytesOf(f.labels()));
    QUndoStack* stack = f.session.undoStack();
    QCOMPARE(stack->count(), 4);
    for (int s = 3; s >= 0; --s) {
        stack->undo();
        QVERIFY(bytesOf(f.labels()) == states[std::size_t(s)]);
    }
    for (int s = 1; s <= 4; ++s) {
        stack->redo();
        QVERIFY(bytesOf(f.labels()) == states[std::size_t(s)]);
    }
}

void TestEditing::operationsAreOneStepEach() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(3);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 20));
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(50, 40));
    const auto painted = bytesOf(f.labels());
    QVERIFY(f.session.growShrink(2.0) > 0);
    QVERIFY(f.session.removeIslands(0, true) > 0);
    const int z = f.model.sliceIndex(Orientation::Axial);
    QVERIFY(f.session.copySliceTo(Orientation::Axial, 1) > 0);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), z + 1);
    QTest::keyClick(&f.view, Qt::Key_Up); // paint 3 slices further, then interpolate
    QTest::keyClick(&f.view, Qt::Key_Up);
    QTest::keyClick(&f.view, Qt::Key_Up);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 20));
    QVERIFY(f.session.interpolate(Orientation::Axial) > 0);
    QVERIFY(f.labels().at(20, 20, z + 2) == 1 && f.labels().at(20, 20, z + 3) == 1);
    QCOMPARE(f.session.undoStack()->count(), 7);
    for (int s = 0; s < 5; ++s)
        f.session.undoStack()->undo();
    QVERIFY(bytesOf(f.labels()) == painted);
}

void TestEditing::labelTableEdits() {
    Fixture f;
    QSignalSpy table(&f.session, &EditSession::labelTableChanged);
    const std::uint8_t id = f.session.addLabel();
    QCOMPARE(id, std::uint8_t(2));
    QCOMPARE(f.session.activeLabel(), id);
    f.session.renameLabel(id, QStringLiteral("consolidation"));
    f.session.setLabelColour(id, {10, 200, 30});
    f.session.setLabelVisible(1, false);
    const Label* l = f.labels().label(id);
    QVERIFY(l);
    QCOMPARE(l->name, QStringLiteral("consolidation"));
    QCOMPARE(l->colour, (std::array<std::uint8_t, 3>{10, 200, 30}));
    QVERIFY(!f.labels().label(1)->visible);
    QVERIFY(table.count() >= 4);
    // A hidden label's voxels render as plain grey.
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.session.setActiveLabel(1);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 20));
    const QRgb c = f.view.renderedSlice().pixel(20, 20);
    QCOMPARE(qRed(c), qGreen(c));
}

void TestEditing::acceptingProposalIsOneStep() {
    Fixture f;
    std::vector<std::uint8_t> proposal(f.labels().geometry().voxelCount(), 0);
    for (std::size_t i = 0; i < proposal.size(); i += 7)
        proposal[i] = 1;
    f.session.setActiveLabel(f.session.addLabel());
    QCOMPARE(f.session.acceptProposal(proposal, QStringLiteral("Accept proposal")),
             proposal.size() / 7 + 1);
    for (std::size_t i = 0; i < proposal.size(); ++i)
        QCOMPARE(f.labels().data()[i], std::uint8_t(proposal[i] ? 2 : 0));
    QCOMPARE(f.session.undoStack()->count(), 1);
    f.session.undoStack()->undo();
    QVERIFY(std::all_of(f.labels().data(), f.labels().data() + proposal.size(),
                        [](std::uint8_t v) { return v == 0; }));
}

void TestEditing::acceptingProposalReplacesOnOneSlice() {
    Fixture f;
    const auto& d = f.labels().dims();
    auto index = [&d](int x, int y, int z) {
        return (std::size_t(z) * d[1] + std::size_t(y)) * d[0] + std::size_t(x);
    };
    // Label 1 on x < 20 of slices 4 and 5, label 2 on x >= 50 of slice 4.
    for (int z = 4; z <= 5; ++z)
        for (int y = 0; y < d[1]; ++y)
            for (int x = 0; x < d[0]; ++x)
                f.labels().data()[index(x, y, z)] = x < 20 ? 1 : (z == 4 && x >= 50 ? 2 : 0);
    f.session.setActiveLabel(1);
    // The proposal: 10 <= x < 30 everywhere.
    std::vector<std::uint8_t> proposal(f.labels().geometry().voxelCount(), 0);
    for (int z = 0; z < d[2]; ++z)
        for (int y = 0; y < d[1]; ++y)
            for (int x = 10; x < 30; ++x)
                proposal[index(x, y, z)] = 1;
    const auto before = bytesOf(f.labels());
    VoxelBox slice4 = VoxelBox::whole(d);
    slice4.lo[2] = 4;
    slice4.hi[2] = 5;
    f.session.acceptProposal(proposal, QStringLiteral("Accept proposal on slice"),
                             ProposalMerge::Replace, &slice4);
    QCOMPARE(f.session.undoStack()->count(), 1);
    for (int y = 0; y < d[1]; ++y) {
        for (int x = 0; x < d[0]; ++x) {
            // Slice 4: label 1 is the proposal now; label 2 untouched.
            const std::uint8_t want = x >= 10 && x < 30 ? 1 : (x >= 50 ? 2 : 0);
            QCOMPARE(f.labels().at(x, y, 4), want);
            QCOMPARE(f.labels().at(x, y, 5), before[index(x, y, 5)]); // other slices as they were
            QCOMPARE(f.labels().at(x, y, 3), std::uint8_t(0));
        }
    }
    f.session.undo();
    QVERIFY(bytesOf(f.labels()) == before);
}

void TestEditing::proposalLayerFollowsTheThreshold() {
    Fixture f;
    auto proposal = std::make_shared<LabelMap>(f.model.image()->geometry());
    const auto& d = proposal->dims();
    const int z = f.model.sliceIndex(Orientation::Axial);
    // Probability rises with x: 0 at x = 0, 252 at x = 63.
    for (int y = 0; y < d[1]; ++y)
        for (int x = 0; x < d[0]; ++x)
            proposal->slice(z)[std::size_t(y) * d[0] + x] = std::uint8_t(4 * x);
    f.model.setProposal(proposal);
    const QRgb edge = qRgb(255, 64, 220);
    auto firstProposedColumn = [&f] {
        const QImage& img = f.view.renderedSlice();
        for (int x = 0; x < img.width(); ++x)
            if (img.pixel(x, 20) !=
                qRgb(qGray(img.pixel(x, 20)), qGray(img.pixel(x, 20)), qGray(img.pixel(x, 20))))
                return x;
        return -1;
    };
    f.model.setProposalThreshold(0.5); // cutoff 128: x >= 32
    QCOMPARE(f.model.proposalCutoff(), 128);
    QCOMPARE(firstProposedColumn(), 32);
    QCOMPARE(f.view.renderedSlice().pixel(32, 20), edge); // the proposal's edge
    f.model.setProposalThreshold(0.75);                   // cutoff 192: x >= 48
    QCOMPARE(firstProposedColumn(), 48);
    // A proposal of another grid is refused; a new image clears it.
    f.model.setProposal(std::make_shared<LabelMap>(VolumeGeometry{}));
    QVERIFY(!f.model.proposal());
    f.model.setProposal(proposal);
    f.model.setImage(rampVolume());
    QVERIFY(!f.model.proposal());
    QCOMPARE(firstProposedColumn(), -1);
}

void TestEditing::undoMidStrokeTakesStrokeBack() {
    Fixture f;
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(3);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(10, 10));
    const auto first = bytesOf(f.labels());
    QTest::mousePress(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(30, 30));
    QTest::mouseMove(&f.view, f.at(40, 30));
    f.session.undo(); // Ctrl+Z while the button is still down
    QVERIFY(bytesOf(f.labels()) == first);
    QTest::mouseMove(&f.view, f.at(50, 30)); // the drag goes on: a new step
    QTest::mouseRelease(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(50, 30));
    QCOMPARE(f.session.undoStack()->count(), 2);
    f.session.undo();
    QVERIFY(bytesOf(f.labels()) == first);
}

// The click tool through the real view: nothing without a proposal (the
// cross-hair moves); with one, left click positive, right click and
// Shift+click negative, one undo step each, no label touched; the steps of a
// proposal that is gone do nothing.
void TestEditing::clickToolAddsUndoableClicksOnly() {
    Fixture f;
    ClickTool tool(&f.session);
    f.view.setTool(&tool);
    ProposalClicks* clicks = f.session.proposalClicks();
    QSignalSpy changed(clicks, &ProposalClicks::changed);
    const int z = f.model.sliceIndex(Orientation::Axial);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 30));
    QVERIFY(clicks->clicks().empty());
    QCOMPARE(f.model.cursor(), (std::array<int, 3>{20, 30, z}));
    QCOMPARE(f.session.undoStack()->count(), 0);

    const auto labels = bytesOf(f.labels());
    const WindowLevel window = f.model.window();
    clicks->reset(true);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 30));
    QTest::mouseClick(&f.view, Qt::RightButton, Qt::NoModifier, f.at(21, 31));
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::ShiftModifier, f.at(22, 32));
    QCOMPARE(clicks->clicks().size(), std::size_t(3));
    QCOMPARE(clicks->clicks()[0], (ProposalClick{{20, 30, z}, true}));
    QCOMPARE(clicks->clicks()[1], (ProposalClick{{21, 31, z}, false}));
    QCOMPARE(clicks->clicks()[2], (ProposalClick{{22, 32, z}, false}));
    QCOMPARE(changed.size(), 3);
    QCOMPARE(changed.last().first().toInt(), z);
    QCOMPARE(f.session.undoStack()->count(), 3);
    QVERIFY(bytesOf(f.labels()) == labels);
    QCOMPARE(f.model.window().center, window.center); // the right button did not window
    QCOMPARE(clicks->onSlice(z).size(), std::size_t(3));
    QVERIFY(clicks->onSlice(z + 1).empty());
    // The outline marks them on the slice in view: + is 2 segments, x is 2.
    QCOMPARE(tool.outline().segments.size(), std::size_t(6));

    f.session.undo();
    QCOMPARE(clicks->clicks().size(), std::size_t(2));
    f.session.redo();
    QCOMPARE(clicks->clicks().size(), std::size_t(3));
    // The proposal is gone: the old steps change nothing and leave the stack.
    clicks->reset(false);
    changed.clear();
    f.session.undo();
    QVERIFY(clicks->clicks().empty());
    QCOMPARE(changed.size(), 0);
    QCOMPARE(f.session.undoStack()->count(), 2);
    QVERIFY(!clicks->add({{1, 1, z}, true})); // closed: nothing added
    QVERIFY(bytesOf(f.labels()) == labels);
}

// While a proposal is being generated a click is refused in words (not a
// cross-hair move); a click whose refinement failed is taken back as one
// undo step (Redo tries it again), and only a click that was just added.
void TestEditing::clicksWaitForTheProposalAndFailedOnesGoBack() {
    Fixture f;
    ClickTool tool(&f.session);
    f.view.setTool(&tool);
    ProposalClicks* clicks = f.session.proposalClicks();
    QSignalSpy refused(clicks, &ProposalClicks::refused);
    const auto cursor = f.model.cursor();
    clicks->setPending(true);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 30));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(f.model.cursor(), cursor);
    QVERIFY(clicks->clicks().empty());
    QCOMPARE(f.session.undoStack()->count(), 0);

    clicks->reset(true); // the proposal is shown
    QVERIFY(!clicks->isPending());
    const int z = f.model.sliceIndex(Orientation::Axial);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, f.at(20, 30));
    QTest::mouseClick(&f.view, Qt::RightButton, Qt::NoModifier, f.at(21, 31));
    QCOMPARE(clicks->clicks().size(), std::size_t(2));
    QVERIFY(clicks->takeBackLast());
    QCOMPARE(clicks->clicks(), (std::vector<ProposalClick>{{{20, 30, z}, true}}));
    QVERIFY(f.session.undoStack()->canRedo());
    f.session.redo(); // tried again
    QCOMPARE(clicks->clicks().size(), std::size_t(2));
    // After an undo the last change took a click away: nothing to take back.
    f.session.undo();
    QVERIFY(!clicks->takeBackLast());
    QCOMPARE(clicks->clicks().size(), std::size_t(1));
    // Nor a step of another kind, or of a list that is gone.
    clicks->reset(true);
    QVERIFY(!clicks->takeBackLast());
    QCOMPARE(refused.size(), 1);
}

void TestEditing::benchBrushStroke200() {
    // The stroke budget: a 200-point stroke of a 15 px brush on a 512x512 slice,
    // including the undo record and the overlay refresh, in at most 5 ms.
    Fixture f(rampVolume(512, 512, 1), QSize(520, 520));
    BrushTool brush(&f.session, PaintMode::Paint);
    f.view.setTool(&brush);
    f.setRadius(15);
    std::vector<QPoint> points;
    for (int p = 0; p < 200; ++p) // a wavy drag with events 2 voxels apart
        points.push_back(f.at(40 + 2 * p, 256 + int(std::lround(80 * std::sin(p * 0.05)))));
    QBENCHMARK {
        f.drag(points);
        f.view.renderedSlice(); // the overlay as the next paint shows it
        f.session.undoStack()->undo();
    }
    QCOMPARE(f.session.undoStack()->count(), 1);
    f.session.undoStack()->redo(); // the stroke really painted a band
    const LabelMap& m = f.labels();
    QVERIFY(std::count(m.data(), m.data() + 512 * 512, std::uint8_t(1)) > 400 * 31);
}

QTEST_MAIN(TestEditing)
#include "test_editing.moc"

#include "display_model.h"
#include "slice_view.h"
#include "test_viewer.h"

#include <QtTest>
#include <memory>

using namespace tgc;

namespace {

std::shared_ptr<ImageVolume> ctVolume() {
    VolumeGeometry g;
    g.dims = {64, 48, 20};
    g.spacing = {0.8, 0.8, 2.0};
    auto image = std::make_shared<ImageVolume>(VoxelType::Int16, 1, g);
    auto* v = image->data<std::int16_t>();
    for (std::size_t n = 0; n < g.voxelCount(); ++n)
        v[n] = std::int16_t(int(n % 2000) - 1000);
    image->modality = QStringLiteral("CT");
    image->fileWindow = WindowLevel{50.0, 350.0};
    return image;
}

struct ViewFixture {
    DisplayModel model;
    SliceView view{&model, Orientation::Axial};
    ViewFixture() {
        model.setImage(ctVolume());
        view.resize(400, 400);
        view.show();
        QVERIFY2(QTest::qWaitForWindowExposed(&view), "view not exposed");
        view.setFocus();
    }
};

void sendWheel(QWidget* w, const QPointF& pos, int delta, Qt::KeyboardModifiers modifiers) {
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, modifiers,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

class RecordingTool : public InteractionTool {
public:
    std::vector<std::pair<char, SliceEvent>> events;
    bool press(const SliceEvent& e) override {
        events.push_back({'p', e});
        return true;
    }
    void drag(const SliceEvent& e) override { events.push_back({'d', e}); }
    void release(const SliceEvent& e) override { events.push_back({'r', e}); }
    void hover(const SliceEvent& e) override { events.push_back({'h', e}); }
};

} // namespace

void TestViewer::keysAndWheelMoveSlices() {
    ViewFixture f;
    const int start = f.model.sliceIndex(Orientation::Axial);
    QCOMPARE(start, 10);
    QTest::keyClick(&f.view, Qt::Key_Up);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), 11);
    QTest::keyClick(&f.view, Qt::Key_Down);
    QTest::keyClick(&f.view, Qt::Key_Down);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), 9);
    sendWheel(&f.view, QPointF(200, 200), 3 * 120, Qt::NoModifier);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), 12);
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), 19); // clamped to the last slice
    // The rendered slice follows: its first pixel is voxel (0, 0, 19).
    const int expected = windowGrey(f.model.image()->valueAt(0, 0, 19), f.model.window());
    QCOMPARE(qRed(f.view.renderedSlice().pixel(0, 0)), expected);
}

void TestViewer::presetKeysSetWindow() {
    ViewFixture f;
    QCOMPARE(f.model.window().width, 350.0); // the file's own
    QTest::keyClick(&f.view, Qt::Key_1);
    QCOMPARE(f.model.window().width, 1500.0);
    QCOMPARE(f.model.window().center, -600.0);
    QTest::keyClick(&f.view, Qt::Key_3);
    QCOMPARE(f.model.window().width, 1800.0);
    QTest::keyClick(&f.view, Qt::Key_4);
    QCOMPARE(f.model.window().width, 80.0);
    QTest::keyClick(&f.view, Qt::Key_2);
    QCOMPARE(f.model.window().center, 40.0);
    QTest::keyClick(&f.view, Qt::Key_5);
    QCOMPARE(f.model.window().width, 350.0);
    QCOMPARE(f.model.window().center, 50.0);
}

void TestViewer::rightDragChangesWindow() {
    ViewFixture f;
    const WindowLevel before = f.model.window();
    QTest::mousePress(&f.view, Qt::RightButton, Qt::NoModifier, QPoint(100, 100));
    QTest::mouseMove(&f.view, QPoint(180, 100));
    QTest::mouseRelease(&f.view, Qt::RightButton, Qt::NoModifier, QPoint(180, 100));
    QVERIFY(f.model.window().width > before.width);
    QCOMPARE(f.model.window().center, before.center);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), 10); // no slice change
}

void TestViewer::ctrlWheelZoomsAboutCursor() {
    ViewFixture f;
    const QPointF cursor(150, 220);
    const QPointF before = f.view.transform().screenToSlice(cursor);
    const double zoom = f.view.transform().zoomFactor();
    sendWheel(&f.view, cursor, 120, Qt::ControlModifier);
    QVERIFY(std::abs(f.view.transform().zoomFactor() - zoom * 1.25) < 1e-9);
    const QPointF after = f.view.transform().screenToSlice(cursor);
    QVERIFY(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9);
    QCOMPARE(f.model.sliceIndex(Orientation::Axial), 10); // zoom, not scroll
    f.view.fitToView();
    QVERIFY(std::abs(f.view.transform().zoomFactor() - zoom) < 1e-9);
    f.view.oneToOne();
    QCOMPARE(f.view.transform().zoomFactor(), 1.0);
}

void TestViewer::middleDragPans() {
    ViewFixture f;
    const QPointF origin = f.view.transform().sliceToScreen(QPointF(0, 0));
    QTest::mousePress(&f.view, Qt::MiddleButton, Qt::NoModifier, QPoint(200, 200));
    QTest::mouseMove(&f.view, QPoint(230, 190));
    QTest::mouseRelease(&f.view, Qt::MiddleButton, Qt::NoModifier, QPoint(230, 190));
    QCOMPARE(f.view.transform().sliceToScreen(QPointF(0, 0)), origin + QPointF(30, -10));
}

void TestViewer::leftClickMovesLinkedCursor() {
    ViewFixture f;
    SliceView coronal(&f.model, Orientation::Coronal);
    coronal.resize(300, 300);
    // Click on axial pixel (20, 30): the cursor and thus the coronal slice follow.
    const QPointF p = f.view.transform().sliceToScreen(QPointF(20.5, 30.5));
    QSignalSpy moved(&f.view, &SliceView::pointerMoved);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, p.toPoint());
    QCOMPARE(f.model.cursor()[0], 20);
    QCOMPARE(f.model.cursor()[1], 30);
    QCOMPARE(f.model.cursor()[2], 10);
    QCOMPARE(f.model.sliceIndex(Orientation::Coronal), 30);
    QCOMPARE(f.model.sliceIndex(Orientation::Sagittal), 20);
    QTest::mouseMove(&f.view, f.view.transform().sliceToScreen(QPointF(5.5, 6.5)).toPoint());
    QVERIFY(!moved.isEmpty());
    const auto args = moved.last();
    QCOMPARE(args.at(0).toInt(), 5);
    QCOMPARE(args.at(1).toInt(), 6);
    QCOMPARE(args.at(2).toInt(), 10);
    QCOMPARE(f.model.valueText({5, 6, 10}),
             QString::number(f.model.image()->valueAt(5, 6, 10)) + QStringLiteral(" HU"));
}

void TestViewer::toolReceivesSliceEvents() {
    ViewFixture f;
    RecordingTool tool;
    f.view.setTool(&tool);
    const auto cursor = f.model.cursor();
    const QPoint a = f.view.transform().sliceToScreen(QPointF(3.5, 4.5)).toPoint();
    const QPoint b = f.view.transform().sliceToScreen(QPointF(9.5, 4.5)).toPoint();
    QTest::mousePress(&f.view, Qt::LeftButton, Qt::NoModifier, a);
    QTest::mouseMove(&f.view, b);
    QTest::mouseRelease(&f.view, Qt::LeftButton, Qt::NoModifier, b);
    QCOMPARE(int(tool.events.size()), 3);
    QCOMPARE(tool.events[0].first, 'p');
    QCOMPARE(tool.events[0].second.voxel, (std::array<int, 3>{3, 4, 10}));
    QVERIFY(tool.events[0].second.insideImage);
    QCOMPARE(tool.events[1].first, 'd');
    QCOMPARE(tool.events[2].first, 'r');
    QCOMPARE(tool.events[2].second.voxel, (std::array<int, 3>{9, 4, 10}));
    QCOMPARE(f.model.cursor(), cursor); // the tool took the press, not the cross-hair
    QTest::mouseMove(&f.view, a);       // no button down: a hover
    QCOMPARE(int(tool.events.size()), 4);
    QCOMPARE(tool.events[3].first, 'h');
    QCOMPARE(tool.events[3].second.voxel, (std::array<int, 3>{3, 4, 10}));
}

// Compare mode's outline layers: only the edge of each mask, in its colour;
// hidden, filtered per view (the grid), dropped when not of the image's grid
// and cleared with a new image.
void TestViewer::outlineLayersDrawEdgesOnly() {
    ViewFixture f;
    const QImage plain = f.view.renderedSlice().copy();
    auto mask = std::make_shared<LabelMap>(f.model.image()->geometry());
    const int z = f.model.sliceIndex(Orientation::Axial);
    for (int y = 20; y < 30; ++y)
        for (int x = 10; x < 20; ++x)
            mask->slice(z)[y * 64 + x] = 200;
    VolumeGeometry other = f.model.image()->geometry();
    other.dims[0] = 32;
    OutlineLayer layer;
    layer.mask = mask;
    layer.cutoff = 128;
    layer.colour = {1, 2, 3}; // never a grey
    OutlineLayer wrongGrid = layer;
    wrongGrid.mask = std::make_shared<LabelMap>(other);
    QSignalSpy changed(&f.model, &DisplayModel::outlinesChanged);
    f.model.setOutlineLayers({layer, wrongGrid});
    QCOMPARE(int(f.model.outlineLayers().size()), 1);
    QCOMPARE(changed.size(), 1);

    auto edgePixels = [&f, &plain](int* changedElsewhere) {
        const QImage& img = f.view.renderedSlice();
        int edge = 0, other = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                if (img.pixel(x, y) == qRgb(1, 2, 3))
                    ++edge;
                else if (img.pixel(x, y) != plain.pixel(x, y))
                    ++other;
            }
        *changedElsewhere = other;
        return edge;
    };
    int elsewhere = -1;
    QCOMPARE(edgePixels(&elsewhere), 100 - 64); // a 10 x 10 square's border
    QCOMPARE(elsewhere, 0);                     // the inside is not tinted
    f.model.setOutlineVisible(0, false);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(edgePixels(&elsewhere), 0);
    f.model.setOutlineVisible(0, true);
    f.view.setOutlineFilter(1); // the grid's second view: another model's layer
    QCOMPARE(edgePixels(&elsewhere), 0);
    f.view.setOutlineFilter(0);
    QCOMPARE(edgePixels(&elsewhere), 36);
    f.model.setImage(ctVolume());
    QVERIFY(f.model.outlineLayers().empty());
}

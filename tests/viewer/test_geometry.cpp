#include "reslicer.h"
#include "slice_geometry.h"
#include "test_viewer.h"
#include "view_transform.h"

#include <QtTest>

using namespace tgc;

namespace {

// dims 4 x 3 x 5 with value i + 10 j + 100 k: every axis distinguishable.
ImageVolume asymmetricVolume() {
    VolumeGeometry g;
    g.dims = {4, 3, 5};
    g.spacing = {0.5, 0.7, 2.5};
    ImageVolume image(VoxelType::Int16, 1, g);
    auto* v = image.data<std::int16_t>();
    for (int k = 0; k < 5; ++k)
        for (int j = 0; j < 3; ++j)
            for (int i = 0; i < 4; ++i)
                v[(k * 3 + j) * 4 + i] = std::int16_t(i + 10 * j + 100 * k);
    return image;
}

std::int16_t at(const SlicePixels& p, int u, int v) {
    return reinterpret_cast<const std::int16_t*>(p.bytes)[v * p.width + u];
}

} // namespace

void TestViewer::reslicesAsymmetricVolume() {
    const ImageVolume image = asymmetricVolume();
    LabelMap labels(image.geometry());
    for (int k = 0; k < 5; ++k)
        for (int j = 0; j < 3; ++j)
            for (int i = 0; i < 4; ++i)
                labels.data()[(k * 3 + j) * 4 + i] = std::uint8_t(i + 4 * j + 12 * k);
    Reslicer reslicer;

    const SliceGeometry ax(image.geometry(), Orientation::Axial);
    QCOMPARE(ax.width(), 4);
    QCOMPARE(ax.height(), 3);
    QCOMPARE(ax.sliceCount(), 5);
    QCOMPARE(ax.spacingX(), 0.5);
    QCOMPARE(ax.spacingY(), 0.7);
    const SlicePixels a = reslicer.imageSlice(image, ax, 2);
    QCOMPARE(at(a, 3, 1), std::int16_t(3 + 10 + 200));
    QCOMPARE(at(a, 0, 2), std::int16_t(20 + 200));

    // Coronal: i across, k upwards (row 0 is the top slice k = 4), slice = j.
    const SliceGeometry co(image.geometry(), Orientation::Coronal);
    QCOMPARE(co.width(), 4);
    QCOMPARE(co.height(), 5);
    QCOMPARE(co.sliceCount(), 3);
    QCOMPARE(co.spacingY(), 2.5);
    const SlicePixels c = reslicer.imageSlice(image, co, 1);
    for (int v = 0; v < 5; ++v)
        for (int u = 0; u < 4; ++u)
            QCOMPARE(at(c, u, v), std::int16_t(u + 10 + 100 * (4 - v)));
    const std::uint8_t* cl = reslicer.labelSlice(labels, co, 1);
    QCOMPARE(int(cl[0 * 4 + 2]), 2 + 4 + 12 * 4);

    // Sagittal: j across, k upwards, slice = i.
    const SliceGeometry sa(image.geometry(), Orientation::Sagittal);
    QCOMPARE(sa.width(), 3);
    QCOMPARE(sa.height(), 5);
    QCOMPARE(sa.sliceCount(), 4);
    QCOMPARE(sa.spacingX(), 0.7);
    const SlicePixels s = reslicer.imageSlice(image, sa, 3);
    for (int v = 0; v < 5; ++v)
        for (int u = 0; u < 3; ++u)
            QCOMPARE(at(s, u, v), std::int16_t(3 + 10 * u + 100 * (4 - v)));
    const std::uint8_t* sl = reslicer.labelSlice(labels, sa, 3);
    QCOMPARE(int(sl[4 * 3 + 2]), 3 + 4 * 2 + 0);
}

void TestViewer::slicePixelRoundTrip() {
    const ImageVolume image = asymmetricVolume();
    for (Orientation o : {Orientation::Axial, Orientation::Coronal, Orientation::Sagittal}) {
        const SliceGeometry g(image.geometry(), o);
        for (int s = 0; s < g.sliceCount(); ++s)
            for (int v = 0; v < g.height(); ++v)
                for (int u = 0; u < g.width(); ++u) {
                    const auto voxel = g.voxelOf(u, v, s);
                    QCOMPARE(image.valueAt(voxel[0], voxel[1], voxel[2]),
                             double(voxel[0] + 10 * voxel[1] + 100 * voxel[2]));
                    const auto back = g.slicePixelOf(voxel);
                    QCOMPARE(back[0], u);
                    QCOMPARE(back[1], v);
                    QCOMPARE(back[2], s);
                    QCOMPARE(voxel[std::size_t(g.sliceAxis())], s);
                }
    }
}

void TestViewer::fitCentresAndKeepsAspect() {
    ViewTransform t;
    t.setViewport(QSizeF(400, 300));
    t.setSlice(200, 100, 1.0, 1.0);
    t.fit();
    QCOMPARE(t.scale(), 2.0);
    QCOMPARE(t.sliceRect(), QRectF(0, 50, 400, 200));
    // Anisotropic pixels: 100 x 100 pixels of 1 x 2 mm are twice as tall.
    t.setViewport(QSizeF(400, 400));
    t.setSlice(100, 100, 1.0, 2.0);
    t.fit();
    QCOMPARE(t.sliceRect(), QRectF(100, 0, 200, 400));
}

void TestViewer::screenSliceMappingAtZoomAndPan() {
    ViewTransform t;
    t.setViewport(QSizeF(400, 300));
    t.setSlice(200, 100, 1.0, 1.0);
    t.fit(); // scale 2, offset (0, 50)
    QCOMPARE(t.sliceToScreen(QPointF(0, 0)), QPointF(0, 50));
    QCOMPARE(t.sliceToScreen(QPointF(200, 100)), QPointF(400, 250));
    QCOMPARE(t.screenToSlice(QPointF(101, 51)), QPointF(50.5, 0.5));
    QCOMPARE(t.pixelAt(QPointF(101, 51)), QPoint(50, 0));
    QCOMPARE(t.pixelAt(QPointF(99.9, 49.9)), QPoint(49, -1));
    QVERIFY(!t.contains(t.pixelAt(QPointF(10, 20))));
    t.pan(QPointF(30, -10));
    QCOMPARE(t.sliceToScreen(QPointF(0, 0)), QPointF(30, 40));
    QCOMPARE(t.screenToSlice(QPointF(130, 140)), QPointF(50, 50));
    t.zoomAbout(QPointF(30, 40), 2.0); // about the slice origin: it stays put
    QCOMPARE(t.sliceToScreen(QPointF(0, 0)), QPointF(30, 40));
    QCOMPARE(t.sliceToScreen(QPointF(10, 10)), QPointF(70, 80));
    QCOMPARE(t.pixelAt(QPointF(69, 79)), QPoint(9, 9));
}

void TestViewer::zoomAboutKeepsPointUnderCursor() {
    ViewTransform t;
    t.setViewport(QSizeF(640, 480));
    t.setSlice(512, 300, 0.7, 2.5);
    t.fit();
    const QPointF cursor(123.0, 277.0);
    for (double factor : {1.25, 2.0, 0.5, 3.0}) {
        const QPointF before = t.screenToSlice(cursor);
        const double zoom = t.zoomFactor();
        t.zoomAbout(cursor, factor);
        const QPointF after = t.screenToSlice(cursor);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-9);
        QVERIFY(std::abs(after.y() - before.y()) < 1e-9);
        QVERIFY(std::abs(t.zoomFactor() - zoom * factor) < 1e-9);
    }
}

void TestViewer::oneToOneUsesFinerSpacing() {
    ViewTransform t;
    t.setViewport(QSizeF(300, 300));
    t.setSlice(100, 40, 0.5, 2.0);
    t.oneToOne();
    QCOMPARE(t.zoomFactor(), 1.0);
    // 100 pixels across at one screen pixel each, 40 rows at 4 screen pixels.
    QCOMPARE(t.sliceRect(), QRectF(100, 70, 100, 160));
}

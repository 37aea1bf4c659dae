#include "slice_renderer.h"
#include "test_viewer.h"
#include "window_level.h"

#include <QtTest>
#include <cmath>
#include <random>

using namespace tgc;

namespace {

QRgb grey(int g) {
    return qRgb(g, g, g);
}

ImageVolume int16Image(int w, int h, const std::vector<std::int16_t>& values) {
    VolumeGeometry g;
    g.dims = {w, h, 1};
    ImageVolume image(VoxelType::Int16, 1, g);
    std::copy(values.begin(), values.end(), image.data<std::int16_t>());
    image.modality = QStringLiteral("CT");
    return image;
}

SlicePixels axial(const ImageVolume& image) {
    Reslicer reslicer;
    return reslicer.imageSlice(image, SliceGeometry(image.geometry(), Orientation::Axial), 0);
}

} // namespace

void TestViewer::windowGreyFollowsDicomLinearFunction() {
    const WindowLevel abdomen{40.0, 400.0};
    // Bounds of the DICOM linear function: c - 0.5 -/+ (w - 1) / 2.
    QCOMPARE(int(windowGrey(-1000.0, abdomen)), 0);
    QCOMPARE(int(windowGrey(-160.0, abdomen)), 0);
    QCOMPARE(int(windowGrey(-159.0, abdomen)), 1); // (-159 - 39.5)/399 + 0.5 -> 0.64
    QCOMPARE(int(windowGrey(39.5, abdomen)), 128);
    QCOMPARE(int(windowGrey(239.0, abdomen)), 255);
    QCOMPARE(int(windowGrey(3000.0, abdomen)), 255);
    // Width 1 is a threshold at the centre.
    const WindowLevel threshold{100.0, 1.0};
    QCOMPARE(int(windowGrey(99.0, threshold)), 0);
    QCOMPARE(int(windowGrey(100.0, threshold)), 255);
    // Monotonic across the window.
    int last = 0;
    for (int v = -200; v <= 260; ++v) {
        const int g = windowGrey(v, abdomen);
        QVERIFY(g >= last);
        last = g;
    }
}

void TestViewer::presetsMatchTheIssue() {
    QCOMPARE(presetWindow(WindowPreset::Lung)->width, 1500.0);
    QCOMPARE(presetWindow(WindowPreset::Lung)->center, -600.0);
    QCOMPARE(presetWindow(WindowPreset::Abdomen)->width, 400.0);
    QCOMPARE(presetWindow(WindowPreset::Abdomen)->center, 40.0);
    QCOMPARE(presetWindow(WindowPreset::Bone)->width, 1800.0);
    QCOMPARE(presetWindow(WindowPreset::Bone)->center, 400.0);
    QCOMPARE(presetWindow(WindowPreset::Brain)->width, 80.0);
    QCOMPARE(presetWindow(WindowPreset::Brain)->center, 40.0);
    QVERIFY(!presetWindow(WindowPreset::FileDefault).has_value());
}

void TestViewer::lutAgreesWithWindowFunction() {
    GreyLut lut;
    const WindowLevel lung{-600.0, 1500.0};
    lut.update(VoxelType::Int16, lung, false);
    for (int v = -32768; v <= 32767; v += 7) {
        const auto expected = opaqueGrey(windowGrey(v, lung));
        QCOMPARE(lut.table()[GreyLut::int16Index(std::int16_t(v))], expected);
    }
    QCOMPARE(lut.table()[GreyLut::int16Index(-600)], grey(128));
    // Every entry, at the ramp's edges too, for narrow, odd, off-range and inverted windows.
    for (const WindowLevel w :
         {WindowLevel{40.0, 1.0}, WindowLevel{40.5, 2.0}, WindowLevel{-32760.0, 30.0},
          WindowLevel{40000.0, 100.0}, WindowLevel{0.0, 200000.0}}) {
        for (bool invert : {false, true}) {
            lut.update(VoxelType::Int16, w, invert);
            for (int v = -32768; v <= 32767; ++v) {
                const int g = windowGrey(v, w);
                QCOMPARE(lut.table()[GreyLut::int16Index(std::int16_t(v))],
                         opaqueGrey(std::uint8_t(invert ? 255 - g : g)));
            }
            lut.update(VoxelType::UInt16, w, invert);
            for (int v = 0; v <= 65535; v += 3) {
                const int g = windowGrey(v, w);
                QCOMPARE(lut.table()[v], opaqueGrey(std::uint8_t(invert ? 255 - g : g)));
            }
        }
    }
    lut.update(VoxelType::UInt16, lung, false);
    QCOMPARE(lut.table()[0], opaqueGrey(windowGrey(0, lung)));
    QCOMPARE(lut.table()[65535], grey(255));
    lut.update(VoxelType::UInt8, WindowLevel{128.0, 256.0}, false);
    for (int v = 0; v < 256; ++v)
        QCOMPARE(lut.table()[v], grey(v)); // c=128, w=256 is the identity on 8 bits
}

void TestViewer::dragWindowWidensAndRaises() {
    const WindowLevel start{40.0, 400.0};
    const WindowLevel right = dragWindow(start, 100.0, 0.0, 2048.0);
    QVERIFY(right.width > start.width);
    QCOMPARE(right.center, start.center);
    const WindowLevel down = dragWindow(start, 0.0, 50.0, 2048.0);
    QVERIFY(down.center > start.center);
    QCOMPARE(down.width, start.width);
    QCOMPARE(dragWindow(start, -1e6, 0.0, 2048.0).width, 1.0);
}

void TestViewer::rendersKnownVoxelAsKnownGrey() {
    const ImageVolume image = int16Image(3, 2, {-1000, 40, 240, -160, 39, 1000});
    SliceRenderer renderer;
    QImage out;
    renderer.render(axial(image), WindowLevel{40.0, 400.0}, false, nullptr, {}, out);
    QCOMPARE(out.size(), QSize(3, 2));
    QCOMPARE(out.format(), QImage::Format_RGB32);
    QCOMPARE(out.pixel(0, 0), grey(0));
    QCOMPARE(out.pixel(1, 0), grey(windowGrey(40, {40.0, 400.0})));
    QCOMPARE(out.pixel(2, 0), grey(255));
    QCOMPARE(out.pixel(0, 1), grey(0));
    QCOMPARE(out.pixel(2, 1), grey(255));
}

void TestViewer::blendsOverlayColour() {
    const ImageVolume image = int16Image(2, 2, {100, 100, 100, 100});
    std::vector<Label> labels{Label{1, QStringLiteral("a"), {255, 0, 0}, true},
                              Label{2, QStringLiteral("b"), {0, 0, 255}, true}};
    const std::uint8_t ids[4] = {0, 1, 2, 7}; // 7 has no table entry: not drawn
    SliceRenderer renderer;
    QImage out;
    // Identity-like window on [0, 255]: value 100 -> grey 100.
    const WindowLevel w{128.0, 256.0};
    renderer.render(axial(image), w, false, ids, OverlayStyle{0.5, &labels}, out);
    QCOMPARE(out.pixel(0, 0), grey(100));
    // (100 * 128 + 255 * 128) / 256 = 177; other channels 100 * 128 / 256 = 50.
    QCOMPARE(out.pixel(1, 0), qRgb(177, 50, 50));
    QCOMPARE(out.pixel(0, 1), qRgb(50, 50, 177));
    QCOMPARE(out.pixel(1, 1), grey(100));
    renderer.render(axial(image), w, false, ids, OverlayStyle{1.0, &labels}, out);
    QCOMPARE(out.pixel(1, 0), qRgb(255, 0, 0));
    renderer.render(axial(image), w, false, ids, OverlayStyle{0.25, &labels}, out);
    QCOMPARE(out.pixel(1, 0), qRgb((100 * 192 + 255 * 64) / 256, 75, 75));
}

void TestViewer::hiddenLabelsAndZeroOpacityLeaveGrey() {
    const ImageVolume image = int16Image(2, 1, {100, 100});
    std::vector<Label> labels{Label{1, QStringLiteral("a"), {255, 0, 0}, false}};
    const std::uint8_t ids[2] = {1, 1};
    SliceRenderer renderer;
    QImage out;
    renderer.render(axial(image), {128.0, 256.0}, false, ids, OverlayStyle{0.8, &labels}, out);
    QCOMPARE(out.pixel(0, 0), grey(100));
    labels[0].visible = true;
    renderer.render(axial(image), {128.0, 256.0}, false, ids, OverlayStyle{0.0, &labels}, out);
    QCOMPARE(out.pixel(1, 0), grey(100));
    renderer.render(axial(image), {128.0, 256.0}, false, ids, OverlayStyle{0.8, &labels}, out);
    QVERIFY(out.pixel(1, 0) != grey(100));
}

void TestViewer::invertsMonochrome1() {
    VolumeGeometry g;
    g.dims = {2, 1, 1};
    ImageVolume image(VoxelType::UInt16, 1, g);
    image.data<std::uint16_t>()[0] = 0;
    image.data<std::uint16_t>()[1] = 4095;
    image.invertForDisplay = true;
    SliceRenderer renderer;
    QImage out;
    renderer.render(axial(image), {2048.0, 4096.0}, image.invertForDisplay, nullptr, {}, out);
    QCOMPARE(out.pixel(0, 0), grey(255)); // low values bright in MONOCHROME1
    QCOMPARE(out.pixel(1, 0), grey(0));
}

void TestViewer::rendersRgbAndFloat() {
    VolumeGeometry g;
    g.dims = {2, 1, 1};
    ImageVolume rgb(VoxelType::UInt8, 3, g);
    const std::uint8_t values[6] = {10, 200, 30, 255, 0, 128};
    std::copy(values, values + 6, rgb.bytes());
    SliceRenderer renderer;
    QImage out;
    renderer.render(axial(rgb), {128.0, 256.0}, false, nullptr, {}, out);
    QCOMPARE(out.pixel(0, 0), qRgb(10, 200, 30));
    QCOMPARE(out.pixel(1, 0), qRgb(255, 0, 128));

    ImageVolume f(VoxelType::Float32, 1, g);
    f.data<float>()[0] = -0.25f;
    f.data<float>()[1] = 0.5f;
    renderer.render(axial(f), {0.5, 1.0}, false, nullptr, {}, out);
    QCOMPARE(out.pixel(0, 0), grey(0));
    QCOMPARE(out.pixel(1, 0), grey(windowGrey(0.5, {0.5, 1.0})));
    QVERIFY(qRed(out.pixel(1, 0)) > 0);
}

namespace {

// A CT-like 512x512 slice (noise around tissue values) with a disc of label 1
// covering about a fifth of it: the case the 1 ms budget is about.
struct BenchSlice {
    ImageVolume image;
    std::vector<std::uint8_t> labels;
    std::vector<Label> table{Label{1, QStringLiteral("lesion"), {230, 60, 60}, true}};
    BenchSlice() {
        VolumeGeometry g;
        g.dims = {512, 512, 1};
        image = ImageVolume(VoxelType::Int16, 1, g);
        std::mt19937 rng(7);
        std::normal_distribution<double> noise(0.0, 120.0);
        auto* v = image.data<std::int16_t>();
        labels.assign(512 * 512, 0);
        for (int y = 0; y < 512; ++y) {
            for (int x = 0; x < 512; ++x) {
                const double r = std::hypot(x - 256.0, y - 256.0);
                v[y * 512 + x] = std::int16_t(r < 220 ? 40 + noise(rng) : -1000);
                labels[y * 512 + x] = std::hypot(x - 300.0, y - 230.0) < 130 ? 1 : 0;
            }
        }
    }
};

} // namespace

void TestViewer::renderSlice512() {
    static const BenchSlice slice;
    SliceRenderer renderer;
    QImage out;
    const SlicePixels pixels = axial(slice.image);
    const OverlayStyle overlay{0.5, &slice.table};
    QBENCHMARK {
        renderer.render(pixels, {40.0, 400.0}, false, slice.labels.data(), overlay, out);
    }
    QCOMPARE(out.size(), QSize(512, 512));
}

void TestViewer::renderSlice512WindowDrag() {
    // While right-dragging the window changes on every frame: LUT rebuild included.
    static const BenchSlice slice;
    SliceRenderer renderer;
    QImage out;
    const SlicePixels pixels = axial(slice.image);
    const OverlayStyle overlay{0.5, &slice.table};
    double width = 400.0;
    QBENCHMARK {
        width += 1.0;
        renderer.render(pixels, {40.0, width}, false, slice.labels.data(), overlay, out);
    }
    QCOMPARE(out.size(), QSize(512, 512));
}

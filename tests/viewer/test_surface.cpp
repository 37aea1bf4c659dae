// The 3D view: label meshes built off the UI thread (sizes, colours, empty
// maps), and, where the display offers OpenGL (run under Xvfb), a rendered
// frame that shows the label's colour where the surface is.
#include "display_model.h"
#include "label_surface.h"
#include "surface_view.h"

#include <QtTest>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>

using namespace tgc;

namespace {

// A ball of label 1 (radius 10 mm) in a 1 x 1 x 2 mm grid, and a box of label 2.
std::shared_ptr<LabelMap> ballAndBox(const VolumeGeometry& g) {
    auto labels = std::make_shared<LabelMap>(g);
    labels->labels() = {Label{1, QStringLiteral("ball"), {230, 40, 40}, true},
                        Label{2, QStringLiteral("box"), {40, 200, 60}, true}};
    for (int z = 0; z < g.dims[2]; ++z)
        for (int y = 0; y < g.dims[1]; ++y)
            for (int x = 0; x < g.dims[0]; ++x) {
                const double dx = x - 30, dy = y - 30, dz = (z - 10) * 2.0;
                std::uint8_t v = dx * dx + dy * dy + dz * dz <= 100.0 ? 1 : 0;
                if (x >= 50 && x < 56 && y >= 5 && y < 11 && z >= 2 && z < 5)
                    v = 2;
                labels->slice(z)[std::size_t(y) * g.dims[0] + std::size_t(x)] = v;
            }
    return labels;
}

VolumeGeometry grid() {
    VolumeGeometry g;
    g.dims = {64, 64, 20};
    g.spacing = {1.0, 1.0, 2.0};
    return g;
}

} // namespace

class TestSurface : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void snapshotCropsToLabels();
    void meshHasLabelColoursAndSize();
    void emptyAndHiddenGiveNoMesh();
    void viewRendersSurface();
};

void TestSurface::snapshotCropsToLabels() {
    const auto labels = ballAndBox(grid());
    const LabelSnapshot s = snapshotLabels(*labels);
    // x 20..55, y 5..40, z 2..15, one voxel of margin each side.
    QCOMPARE(s.dims, (std::array<int, 3>{38, 38, 16}));
    QCOMPARE(s.origin, (std::array<double, 3>{19.0, 4.0, 2.0}));
    QCOMPARE(s.labels.size(), std::size_t(2));
}

void TestSurface::meshHasLabelColoursAndSize() {
    const auto labels = ballAndBox(grid());
    const auto mesh = meshLabels(snapshotLabels(*labels));
    QVERIFY(mesh->GetNumberOfPolys() > 500);
    double b[6];
    mesh->GetBounds(b);
    // The ball spans 20..40 mm in x (voxel centres), the box 50..55.
    QVERIFY(std::abs(b[0] - 20.0) < 1.5);
    QVERIFY(std::abs(b[1] - 55.5) < 1.5);
    auto* colours = vtkUnsignedCharArray::SafeDownCast(mesh->GetPointData()->GetArray("colour"));
    QVERIFY(colours);
    int red = 0, green = 0, other = 0;
    for (vtkIdType p = 0; p < colours->GetNumberOfTuples(); ++p) {
        const unsigned char* c = colours->GetPointer(3 * p);
        red += c[0] == 230 && c[1] == 40;
        green += c[0] == 40 && c[1] == 200;
        other += !(c[0] == 230 && c[1] == 40) && !(c[0] == 40 && c[1] == 200);
    }
    QVERIFY(red > green && green > 0);
    QCOMPARE(other, 0);
}

void TestSurface::emptyAndHiddenGiveNoMesh() {
    LabelMap empty(grid());
    QCOMPARE(meshLabels(snapshotLabels(empty))->GetNumberOfPolys(), vtkIdType(0));
    auto labels = ballAndBox(grid());
    for (Label& l : labels->labels())
        l.visible = false;
    QCOMPARE(meshLabels(snapshotLabels(*labels))->GetNumberOfPolys(), vtkIdType(0));
}

void TestSurface::viewRendersSurface() {
    if (!SurfaceView::isSupported())
        QSKIP("VTK renders through GLX: run under Xvfb (DISPLAY set) to render");
    VolumeGeometry g = grid();
    auto image = std::make_shared<ImageVolume>(VoxelType::Int16, 1, g);
    DisplayModel model;
    model.setImage(image, ballAndBox(g));
    SurfaceView view(&model);
    view.resize(300, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy applied(&view, &SurfaceView::meshApplied);
    QVERIFY(applied.wait(20000));
    QVERIFY(view.triangleCount() > 500);
    const QImage frame = view.renderFrame();
    const QString out = qEnvironmentVariable("TGC_SURFACE_PNG");
    if (!out.isEmpty())
        frame.save(out);
    // Facing the patient: the ball fills the middle, the corner is background.
    const QColor centre = frame.pixelColor(frame.width() / 2 - 20, frame.height() / 2);
    const QColor corner = frame.pixelColor(2, 2);
    QVERIFY2(centre.red() > 100 && centre.red() > 2 * centre.green(), qPrintable(centre.name()));
    QVERIFY2(corner.red() < 40 && corner.green() < 40, qPrintable(corner.name()));
}

int main(int argc, char** argv) {
    // The 3D view needs OpenGL: use the X server when there is one (Xvfb).
    if (!qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "xcb");
    QApplication app(argc, argv);
    TestSurface test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_surface.moc"

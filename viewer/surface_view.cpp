#include "surface_view.h"

#include "label_surface.h"

#include <QFutureWatcher>
#include <QGuiApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <cstring>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

namespace tgc {

struct SurfaceView::Vtk {
    vtkSmartPointer<vtkRenderWindow> window;
    vtkSmartPointer<vtkRenderer> renderer;
    vtkSmartPointer<vtkPolyDataMapper> mapper;
    vtkSmartPointer<vtkActor> actor;
    QFutureWatcher<vtkSmartPointer<vtkPolyData>> watcher;
    QTimer debounce;
    bool pending = false; // labels changed while a mesh was being built
    int applied = 0;
};

bool SurfaceView::isSupported() {
    return QGuiApplication::platformName() == QLatin1String("xcb");
}

SurfaceView::SurfaceView(DisplayModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_vtk(std::make_unique<Vtk>()) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    Vtk& v = *m_vtk;
    v.renderer = vtkSmartPointer<vtkRenderer>::New();
    v.renderer->SetBackground(0.06, 0.08, 0.09);
    v.mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    v.mapper->SetScalarModeToUsePointFieldData();
    v.mapper->SelectColorArray("colour");
    v.mapper->SetColorModeToDirectScalars();
    v.mapper->ScalarVisibilityOn();
    v.mapper->SetInputData(vtkSmartPointer<vtkPolyData>::New());
    v.actor = vtkSmartPointer<vtkActor>::New();
    v.actor->SetMapper(v.mapper);
    v.actor->GetProperty()->SetSpecular(0.2);
    v.actor->GetProperty()->SetSpecularPower(20);
    v.renderer->AddActor(v.actor);
    if (isSupported()) {
        v.window = vtkSmartPointer<vtkRenderWindow>::New();
        v.window->SetOffScreenRendering(1);
        v.window->SetMultiSamples(0);
        v.window->AddRenderer(v.renderer);
    }
    v.debounce.setSingleShot(true);
    v.debounce.setInterval(200);
    connect(&v.debounce, &QTimer::timeout, this, &SurfaceView::startMeshing);
    connect(&v.watcher, &QFutureWatcherBase::finished, this, &SurfaceView::applyMesh);
    connect(model, &DisplayModel::overlayChanged, this, &SurfaceView::scheduleRefresh);
    connect(model, &DisplayModel::imageChanged, this, [this] {
        m_resetCamera = true;
        scheduleRefresh();
    });
    scheduleRefresh();
}

SurfaceView::~SurfaceView() {
    m_vtk->debounce.stop();
    m_vtk->watcher.waitForFinished(); // the worker owns its snapshot; let it end
}

void SurfaceView::scheduleRefresh() {
    m_vtk->debounce.start();
}

void SurfaceView::startMeshing() {
    if (!isVisible()) { // e.g. a 2D image: mesh when shown
        m_meshStale = true;
        return;
    }
    if (m_vtk->watcher.isRunning()) {
        m_vtk->pending = true;
        return;
    }
    m_vtk->pending = false;
    const LabelMap* labels = m_model->labels();
    LabelSnapshot snapshot = labels ? snapshotLabels(*labels) : LabelSnapshot{};
    m_vtk->watcher.setFuture(QtConcurrent::run(
        [s = std::move(snapshot)]() -> vtkSmartPointer<vtkPolyData> { return meshLabels(s); }));
}

void SurfaceView::applyMesh() {
    Vtk& v = *m_vtk;
    const vtkSmartPointer<vtkPolyData> mesh = v.watcher.result();
    v.mapper->SetInputData(mesh);
    ++v.applied;
    if (m_resetCamera && mesh->GetNumberOfPoints() > 0) {
        m_resetCamera = false;
        resetCamera();
    }
    if (v.pending)
        startMeshing(); // the labels changed meanwhile: once more, latest state
    sceneChanged();
    Q_EMIT meshApplied();
}

void SurfaceView::sceneChanged() {
    m_frameStale = true;
    update();
}

long long SurfaceView::triangleCount() const {
    vtkPolyData* mesh = m_vtk->mapper->GetInput();
    return mesh ? mesh->GetNumberOfPolys() : 0;
}

int SurfaceView::meshesApplied() const {
    return m_vtk->applied;
}

bool SurfaceView::isRefreshing() const {
    return m_vtk->debounce.isActive() || m_vtk->watcher.isRunning() || m_vtk->pending;
}

void SurfaceView::resetCamera() {
    // From the front (anterior, -y in LPS), head up (+z): the patient's
    // left on the right, as when facing them.
    vtkCamera* camera = m_vtk->renderer->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0, -1, 0);
    camera->SetViewUp(0, 0, 1);
    m_vtk->renderer->ResetCamera();
    sceneChanged();
}

QImage SurfaceView::renderFrame() {
    Vtk& v = *m_vtk;
    const int w = std::max(1, width()), h = std::max(1, height());
    if (!v.window)
        return {};
    v.window->SetSize(w, h);
    v.window->Render();
    auto pixels = vtkSmartPointer<vtkUnsignedCharArray>::New();
    v.window->GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, pixels);
    QImage image(w, h, QImage::Format_RGBA8888);
    const unsigned char* src = pixels->GetPointer(0);
    for (int y = 0; y < h; ++y) // OpenGL rows run bottom-up
        std::memcpy(image.scanLine(h - 1 - y), src + std::size_t(y) * w * 4, std::size_t(w) * 4);
    return image.convertToFormat(QImage::Format_RGB32);
}

void SurfaceView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (!m_vtk->window) {
        painter.fillRect(rect(), QColor(16, 20, 24));
        return;
    }
    if (m_frameStale || m_frame.size() != size()) {
        m_frame = renderFrame();
        m_frameStale = false;
    }
    painter.drawImage(0, 0, m_frame);
}

void SurfaceView::showEvent(QShowEvent*) {
    if (m_meshStale) {
        m_meshStale = false;
        scheduleRefresh();
    }
}

void SurfaceView::resizeEvent(QResizeEvent*) {
    m_frameStale = true;
}

void SurfaceView::mousePressEvent(QMouseEvent* event) {
    m_lastMouse = event->position().toPoint();
    event->accept();
}

void SurfaceView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint p = event->position().toPoint();
    const QPoint delta = p - m_lastMouse;
    m_lastMouse = p;
    if (!(event->buttons() & Qt::LeftButton))
        return;
    vtkCamera* camera = m_vtk->renderer->GetActiveCamera();
    camera->Azimuth(-0.5 * delta.x());
    camera->Elevation(0.5 * delta.y());
    camera->OrthogonalizeViewUp();
    m_vtk->renderer->ResetCameraClippingRange();
    sceneChanged();
}

void SurfaceView::mouseDoubleClickEvent(QMouseEvent*) {
    resetCamera();
}

void SurfaceView::wheelEvent(QWheelEvent* event) {
    m_vtk->renderer->GetActiveCamera()->Dolly(std::pow(1.1, event->angleDelta().y() / 120.0));
    m_vtk->renderer->ResetCameraClippingRange();
    sceneChanged();
    event->accept();
}

} // namespace tgc

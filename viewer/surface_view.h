// The 3D view: the label map's surfaces rendered by VTK offscreen (its own
// OpenGL context, on the X display) and shown as an image in a plain widget.
// VTK's Qt module is built for Qt 5 here, and sharing Qt 6's OpenGL context
// with VTK 9.1 left VTK's framebuffers incomplete, so the two never share a
// context. Meshes are rebuilt on a worker thread a moment after the labels
// stop changing, so painting never waits for them; a newer request
// supersedes one still running. Left drag rotates, the wheel zooms, a double
// click resets the camera.
#pragma once

#include "display_model.h"

#include <QImage>
#include <QWidget>
#include <memory>

namespace tgc {

class SurfaceView : public QWidget {
    Q_OBJECT
public:
    explicit SurfaceView(DisplayModel* model, QWidget* parent = nullptr);
    ~SurfaceView() override;

    // VTK renders through GLX: only where Qt runs on an X server (the
    // offscreen test platform has none, and VTK aborts without one).
    static bool isSupported();

    // Triangles of the mesh now shown, and meshes applied so far (for tests).
    long long triangleCount() const;
    int meshesApplied() const;
    // True while a mesh is waiting to be built or being built.
    bool isRefreshing() const;
    // Renders the current scene at the widget's size.
    QImage renderFrame();

    QSize sizeHint() const override { return {400, 400}; }

public Q_SLOTS:
    // Rebuilds the mesh shortly (debounced; called on every label change).
    void scheduleRefresh();
    void resetCamera();

Q_SIGNALS:
    void meshApplied();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void startMeshing();
    void applyMesh();
    void sceneChanged();

    struct Vtk;
    DisplayModel* m_model;
    std::unique_ptr<Vtk> m_vtk;
    QImage m_frame;
    bool m_frameStale = true;
    bool m_meshStale = false; // labels changed while hidden
    QPoint m_lastMouse;
    bool m_resetCamera = true;
};

} // namespace tgc

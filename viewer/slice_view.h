// One 2D view of the shared DisplayModel: paints the rendered slice and turns
// mouse, wheel and keys into slice, zoom, pan, window and cursor changes.
#pragma once

#include "display_model.h"
#include "interaction_tool.h"
#include "reslicer.h"
#include "slice_renderer.h"
#include "view_transform.h"

#include <QImage>
#include <QWidget>

namespace tgc {

class SliceView : public QWidget {
    Q_OBJECT
public:
    SliceView(DisplayModel* model, Orientation orientation, QWidget* parent = nullptr);

    Orientation orientation() const { return m_geometry.orientation(); }
    const SliceGeometry& sliceGeometry() const { return m_geometry; }
    const ViewTransform& transform() const { return m_transform; }
    // The slice as last rendered (before scaling to the screen).
    const QImage& renderedSlice();
    void setShowCrosshair(bool show);
    // The active editing tool, or null; not owned. Views may share one tool.
    void setTool(InteractionTool* tool);
    InteractionTool* tool() const { return m_tool; }
    // Voxel under a widget point (may lie outside the grid).
    std::array<int, 3> voxelAt(const QPointF& widgetPoint) const;
    QPointF widgetPointOf(const std::array<int, 3>& voxel) const;

    // Compare grid: draw only the outline layer at this index (-1: all).
    void setOutlineFilter(int index);
    // Linked views (compare grid): take another view's zoom and pan.
    void followTransform(const ViewTransform& other);

    QSize sizeHint() const override { return {400, 400}; }
    QSize minimumSizeHint() const override { return {120, 120}; }

public Q_SLOTS:
    void fitToView();
    void oneToOne();

Q_SIGNALS:
    void pointerMoved(int i, int j, int k, bool inside);
    void pointerLeft();
    void zoomChanged(double factor);
    // The user zoomed or panned this view.
    void transformChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void onImageChanged();
    void onCursorChanged();
    void markDirty();
    void rebuild();
    void stepSlice(int steps);
    void paintCrosshair(QPainter& painter);
    void paintAnnotations(QPainter& painter);
    void paintToolOutline(QPainter& painter);
    SliceEvent sliceEvent(const QPointF& point, Qt::KeyboardModifiers modifiers) const;

    enum class Drag { None, Pan, Window, Cursor, Tool };

    DisplayModel* m_model;
    SliceGeometry m_geometry;
    ViewTransform m_transform;
    Reslicer m_reslicer;
    SliceRenderer m_renderer;
    QImage m_rendered;
    bool m_dirty = true;
    bool m_userZoomed = false;
    bool m_showCrosshair = false;
    int m_renderedSlice = -1;
    int m_outlineFilter = -1;
    InteractionTool* m_tool = nullptr;
    Drag m_drag = Drag::None;
    QPointF m_dragStart;
    QPointF m_lastPoint;
    WindowLevel m_windowAtStart;
    double m_wheelRemainder = 0.0;
};

} // namespace tgc

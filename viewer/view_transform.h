// Where a slice sits on screen: zoom, pan, Fit and 1:1, and the mapping
// between screen points and slice pixels. Slice coordinates are continuous:
// pixel (u, v) covers [u, u+1) x [v, v+1), its centre is (u+0.5, v+0.5).
#pragma once

#include <QPoint>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace tgc {

class ViewTransform {
public:
    // Screen size of the view in device-independent pixels.
    void setViewport(const QSizeF& size) { m_viewport = size; }
    // Slice size in pixels and the physical size of one pixel (mm).
    void setSlice(int width, int height, double spacingX, double spacingY);

    QSizeF viewport() const { return m_viewport; }
    // Screen pixels per millimetre.
    double scale() const { return m_scale; }
    // Magnification relative to 1:1 (1.0 = one slice pixel per screen pixel
    // along the finer axis).
    double zoomFactor() const;
    QPointF offset() const { return m_offset; }

    // Whole slice visible, centred, aspect kept.
    void fit();
    // One slice pixel per screen pixel along the finer axis, centred.
    void oneToOne();
    // Multiplies the zoom by factor, keeping the slice point under `screen` fixed.
    void zoomAbout(const QPointF& screen, double factor);
    void pan(const QPointF& screenDelta) { m_offset += screenDelta; }

    QPointF sliceToScreen(const QPointF& slice) const;
    QPointF screenToSlice(const QPointF& screen) const;
    // The slice pixel under a screen point (may lie outside the slice).
    QPoint pixelAt(const QPointF& screen) const;
    bool contains(const QPoint& pixel) const;
    // The slice's rectangle on screen.
    QRectF sliceRect() const;

private:
    void centre();

    QSizeF m_viewport{1.0, 1.0};
    int m_width = 1;
    int m_height = 1;
    double m_spacingX = 1.0;
    double m_spacingY = 1.0;
    double m_scale = 1.0;       // screen px per mm
    QPointF m_offset{0.0, 0.0}; // screen position of slice point (0, 0)
};

} // namespace tgc

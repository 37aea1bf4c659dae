#include "view_transform.h"

#include <algorithm>
#include <cmath>

namespace tgc {

namespace {
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 64.0;
} // namespace

void ViewTransform::setSlice(int width, int height, double spacingX, double spacingY) {
    m_width = std::max(1, width);
    m_height = std::max(1, height);
    m_spacingX = spacingX > 0.0 ? spacingX : 1.0;
    m_spacingY = spacingY > 0.0 ? spacingY : 1.0;
}

double ViewTransform::zoomFactor() const {
    return m_scale * std::min(m_spacingX, m_spacingY);
}

void ViewTransform::centre() {
    const QSizeF size(m_width * m_spacingX * m_scale, m_height * m_spacingY * m_scale);
    m_offset = QPointF((m_viewport.width() - size.width()) / 2.0,
                       (m_viewport.height() - size.height()) / 2.0);
}

void ViewTransform::fit() {
    const double sx = m_viewport.width() / (m_width * m_spacingX);
    const double sy = m_viewport.height() / (m_height * m_spacingY);
    m_scale = std::max(1e-9, std::min(sx, sy));
    centre();
}

void ViewTransform::oneToOne() {
    m_scale = 1.0 / std::min(m_spacingX, m_spacingY);
    centre();
}

void ViewTransform::zoomAbout(const QPointF& screen, double factor) {
    const QPointF anchor = screenToSlice(screen);
    const double fine = std::min(m_spacingX, m_spacingY);
    const double zoom = std::clamp(zoomFactor() * factor, kMinZoom, kMaxZoom);
    m_scale = zoom / fine;
    // Put the anchor back under the screen point.
    m_offset =
        screen - QPointF(anchor.x() * m_spacingX * m_scale, anchor.y() * m_spacingY * m_scale);
}

QPointF ViewTransform::sliceToScreen(const QPointF& slice) const {
    return m_offset + QPointF(slice.x() * m_spacingX * m_scale, slice.y() * m_spacingY * m_scale);
}

QPointF ViewTransform::screenToSlice(const QPointF& screen) const {
    const QPointF d = screen - m_offset;
    return QPointF(d.x() / (m_spacingX * m_scale), d.y() / (m_spacingY * m_scale));
}

QPoint ViewTransform::pixelAt(const QPointF& screen) const {
    const QPointF s = screenToSlice(screen);
    return QPoint(int(std::floor(s.x())), int(std::floor(s.y())));
}

bool ViewTransform::contains(const QPoint& pixel) const {
    return pixel.x() >= 0 && pixel.y() >= 0 && pixel.x() < m_width && pixel.y() < m_height;
}

QRectF ViewTransform::sliceRect() const {
    return QRectF(m_offset,
                  QSizeF(m_width * m_spacingX * m_scale, m_height * m_spacingY * m_scale));
}

} // namespace tgc

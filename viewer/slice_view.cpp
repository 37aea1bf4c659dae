#include "slice_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <cmath>

namespace tgc {

SliceView::SliceView(DisplayModel* model, Orientation orientation, QWidget* parent)
    : QWidget(parent), m_model(model) {
    m_geometry = SliceGeometry(VolumeGeometry{}, orientation);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(m_model, &DisplayModel::imageChanged, this, &SliceView::onImageChanged);
    connect(m_model, &DisplayModel::windowChanged, this, &SliceView::markDirty);
    connect(m_model, &DisplayModel::overlayChanged, this, &SliceView::markDirty);
    connect(m_model, &DisplayModel::proposalChanged, this, &SliceView::markDirty);
    connect(m_model, &DisplayModel::outlinesChanged, this, &SliceView::markDirty);
    connect(m_model, &DisplayModel::cursorChanged, this, &SliceView::onCursorChanged);
    onImageChanged();
}

void SliceView::onImageChanged() {
    const Orientation o = orientation();
    m_geometry = m_model->image() ? SliceGeometry(m_model->image()->geometry(), o)
                                  : SliceGeometry(VolumeGeometry{}, o);
    m_transform.setSlice(m_geometry.width(), m_geometry.height(), m_geometry.spacingX(),
                         m_geometry.spacingY());
    fitToView();
    markDirty();
}

void SliceView::onCursorChanged() {
    if (m_model->sliceIndex(orientation()) != m_renderedSlice)
        m_dirty = true;
    update(); // the cross-hair moves even when the slice does not
}

void SliceView::markDirty() {
    m_dirty = true;
    update();
}

void SliceView::setTool(InteractionTool* tool) {
    if (m_tool && m_drag == Drag::Tool)
        m_tool->release(sliceEvent(m_lastPoint, Qt::NoModifier)); // still one undo step
    if (m_drag == Drag::Tool)
        m_drag = Drag::None;
    m_tool = tool;
    // The brush outline replaces the arrow; other tools keep a precise cross.
    setCursor(tool ? Qt::CrossCursor : Qt::ArrowCursor);
    update();
}

void SliceView::setShowCrosshair(bool show) {
    m_showCrosshair = show;
    update();
}

const QImage& SliceView::renderedSlice() {
    if (m_dirty)
        rebuild();
    return m_rendered;
}

void SliceView::rebuild() {
    m_dirty = false;
    const ImageVolume* image = m_model->image();
    if (!image) {
        m_rendered = QImage();
        m_renderedSlice = -1;
        return;
    }
    const int slice = m_model->sliceIndex(orientation());
    const SlicePixels pixels = m_reslicer.imageSlice(*image, m_geometry, slice);
    const LabelMap* labels = m_model->labels();
    const std::uint8_t* labelPixels =
        labels && !labels->isEmpty() ? m_reslicer.labelSlice(*labels, m_geometry, slice) : nullptr;
    OverlayStyle overlay;
    overlay.opacity = m_model->overlayOpacity();
    overlay.labels = labels ? &labels->labels() : nullptr;
    m_renderer.render(pixels, m_model->window(), image->invertForDisplay, labelPixels, overlay,
                      m_rendered);
    if (const LabelMap* proposal = m_model->proposal()) {
        ProposalStyle style;
        style.cutoff = m_model->proposalCutoff();
        m_renderer.drawProposal(m_reslicer.proposalSlice(*proposal, m_geometry, slice), style,
                                m_rendered);
    }
    // Compare mode: each model's edge only, so the annotation and the other
    // models stay visible beneath. One reslice buffer serves them in turn.
    const auto& layers = m_model->outlineLayers();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const OutlineLayer& layer = layers[i];
        if (!layer.visible || (m_outlineFilter >= 0 && std::size_t(m_outlineFilter) != i))
            continue;
        ProposalStyle style;
        style.cutoff = layer.cutoff;
        style.colour = layer.colour;
        style.fillOpacity = 0.0;
        m_renderer.drawProposal(m_reslicer.proposalSlice(*layer.mask, m_geometry, slice), style,
                                m_rendered);
    }
    m_renderedSlice = slice;
}

void SliceView::setOutlineFilter(int index) {
    m_outlineFilter = index;
    markDirty();
}

void SliceView::followTransform(const ViewTransform& other) {
    m_transform = other;
    m_transform.setViewport(QSizeF(size()));
    m_userZoomed = true;
    Q_EMIT zoomChanged(m_transform.zoomFactor());
    update();
}

void SliceView::fitToView() {
    m_transform.setViewport(QSizeF(size()));
    m_transform.fit();
    m_userZoomed = false; // keeps fitting as the view resizes
    Q_EMIT zoomChanged(m_transform.zoomFactor());
    update();
}

void SliceView::oneToOne() {
    m_transform.setViewport(QSizeF(size()));
    m_transform.oneToOne();
    m_userZoomed = true;
    Q_EMIT zoomChanged(m_transform.zoomFactor());
    update();
}

std::array<int, 3> SliceView::voxelAt(const QPointF& widgetPoint) const {
    const QPoint p = m_transform.pixelAt(widgetPoint);
    return m_geometry.voxelOf(p.x(), p.y(), m_model->sliceIndex(orientation()));
}

QPointF SliceView::widgetPointOf(const std::array<int, 3>& voxel) const {
    const auto uvs = m_geometry.slicePixelOf(voxel);
    return m_transform.sliceToScreen(QPointF(uvs[0] + 0.5, uvs[1] + 0.5));
}

void SliceView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (!m_model->image()) {
        painter.setPen(QColor(140, 146, 155));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Open an image (Ctrl+O), or a DICOM or dataset folder "
                            "(Ctrl+Shift+O)"));
        return;
    }
    if (m_dirty)
        rebuild();
    // Smooth only when shrinking: magnified pixels stay crisp squares.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_transform.zoomFactor() < 1.0);
    painter.drawImage(m_transform.sliceRect(), m_rendered);
    if (m_showCrosshair)
        paintCrosshair(painter);
    paintAnnotations(painter);
    if (m_tool)
        paintToolOutline(painter);
}

void SliceView::paintToolOutline(QPainter& painter) {
    const ToolOutline outline = m_tool->outline();
    if (outline.slice < 0 || outline.orientation != orientation() ||
        outline.slice != m_model->sliceIndex(orientation()))
        return; // drawn only in the view the pointer is in
    auto screen = [this](const std::array<double, 3>& p) {
        const auto s = m_geometry.slicePointOf(p);
        return m_transform.sliceToScreen(QPointF(s[0], s[1]));
    };
    QVector<QLineF> lines;
    lines.reserve(qsizetype(outline.segments.size()));
    for (const auto& segment : outline.segments)
        lines.append(QLineF(screen(segment[0]), screen(segment[1])));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(QColor(255, 255, 120, 220), 1.0));
    painter.drawLines(lines);
}

void SliceView::paintCrosshair(QPainter& painter) {
    const QPointF c = widgetPointOf(m_model->cursor());
    const QRectF r = m_transform.sliceRect().intersected(QRectF(rect()));
    QPen pen(QColor(80, 200, 255, 170));
    pen.setWidthF(1.0);
    painter.setPen(pen);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()));
    painter.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom()));
}

void SliceView::paintAnnotations(QPainter& painter) {
    static const char* const names[] = {QT_TR_NOOP("Axial"), QT_TR_NOOP("Coronal"),
                                        QT_TR_NOOP("Sagittal")};
    painter.setPen(QColor(235, 235, 235));
    QFont f = font();
    f.setPointSizeF(std::max(8.0, f.pointSizeF()));
    painter.setFont(f);
    const int margin = 6;
    const QFontMetrics fm(f);
    if (m_model->isVolume()) {
        const QString title = tr("%1  %2/%3")
                                  .arg(tr(names[int(orientation())]))
                                  .arg(m_model->sliceIndex(orientation()) + 1)
                                  .arg(m_geometry.sliceCount());
        painter.drawText(margin, margin + fm.ascent(), title);
        // Patient directions at the edges (radiological convention).
        static const char* const edges[3][4] = {
            {"R", "L", "A", "P"}, {"R", "L", "S", "I"}, {"A", "P", "S", "I"}};
        const auto& e = edges[int(orientation())];
        painter.setPen(QColor(255, 210, 120));
        const int cy = height() / 2 + fm.ascent() / 2;
        painter.drawText(margin, cy, QString::fromLatin1(e[0]));
        painter.drawText(width() - margin - fm.horizontalAdvance(QString::fromLatin1(e[1])), cy,
                         QString::fromLatin1(e[1]));
        painter.drawText(width() / 2 - fm.horizontalAdvance(QString::fromLatin1(e[2])) / 2,
                         margin + 2 * fm.height(), QString::fromLatin1(e[2]));
        painter.drawText(width() / 2 - fm.horizontalAdvance(QString::fromLatin1(e[3])) / 2,
                         height() - margin, QString::fromLatin1(e[3]));
        painter.setPen(QColor(235, 235, 235));
    }
    const WindowLevel w = m_model->window();
    painter.drawText(margin, height() - margin,
                     tr("W %1  L %2").arg(std::lround(w.width)).arg(std::lround(w.center)));
}

void SliceView::resizeEvent(QResizeEvent*) {
    const QSizeF old = m_transform.viewport();
    m_transform.setViewport(QSizeF(size()));
    if (!m_userZoomed || old.width() <= 1.0) {
        m_transform.fit();
    } else {
        // Keep the slice centred where it was relative to the view.
        m_transform.pan(QPointF((width() - old.width()) / 2.0, (height() - old.height()) / 2.0));
    }
}

void SliceView::stepSlice(int steps) {
    if (!m_model->image() || steps == 0)
        return;
    m_model->setSliceIndex(orientation(), m_model->sliceIndex(orientation()) + steps);
}

void SliceView::wheelEvent(QWheelEvent* event) {
    m_wheelRemainder += event->angleDelta().y() / 120.0;
    const int steps = int(m_wheelRemainder);
    m_wheelRemainder -= steps;
    if (event->modifiers() & Qt::ControlModifier) {
        if (steps != 0) {
            m_transform.zoomAbout(event->position(), std::pow(1.25, steps));
            m_userZoomed = true;
            Q_EMIT zoomChanged(m_transform.zoomFactor());
            Q_EMIT transformChanged();
            update();
        }
    } else {
        stepSlice(steps);
    }
    event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
    if (m_tool && m_tool->key(event->key())) {
        update(); // e.g. the brush outline after a radius change
        event->accept();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Up:
    case Qt::Key_Right:
        stepSlice(1);
        break;
    case Qt::Key_Down:
    case Qt::Key_Left:
        stepSlice(-1);
        break;
    case Qt::Key_PageUp:
        stepSlice(10);
        break;
    case Qt::Key_PageDown:
        stepSlice(-10);
        break;
    case Qt::Key_1:
        m_model->applyPreset(WindowPreset::Lung);
        break;
    case Qt::Key_2:
        m_model->applyPreset(WindowPreset::Abdomen);
        break;
    case Qt::Key_3:
        m_model->applyPreset(WindowPreset::Bone);
        break;
    case Qt::Key_4:
        m_model->applyPreset(WindowPreset::Brain);
        break;
    case Qt::Key_5:
        m_model->applyPreset(WindowPreset::FileDefault);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

SliceEvent SliceView::sliceEvent(const QPointF& point, Qt::KeyboardModifiers modifiers) const {
    SliceEvent e;
    e.orientation = orientation();
    e.slice = m_model->sliceIndex(orientation());
    e.sliceAxis = m_geometry.sliceAxis();
    const QPointF s = m_transform.screenToSlice(point);
    e.u = s.x();
    e.v = s.y();
    e.voxel = voxelAt(point);
    e.point = m_geometry.voxelPointOf(e.u, e.v, e.slice);
    e.insideImage = m_model->contains(e.voxel);
    e.shift = modifiers & Qt::ShiftModifier;
    e.control = modifiers & Qt::ControlModifier;
    return e;
}

void SliceView::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    m_dragStart = m_lastPoint = event->position();
    if (event->button() == Qt::MiddleButton) {
        m_drag = Drag::Pan;
    } else if (event->button() == Qt::RightButton && m_tool && m_model->image() &&
               m_tool->wantsSecondaryButton()) {
        SliceEvent e = sliceEvent(event->position(), event->modifiers());
        e.secondary = true;
        m_drag = m_tool->press(e) ? Drag::Tool : Drag::None;
    } else if (event->button() == Qt::RightButton) {
        m_drag = Drag::Window;
        m_windowAtStart = m_model->window();
    } else if (event->button() == Qt::LeftButton && m_model->image()) {
        if (m_tool && m_tool->press(sliceEvent(event->position(), event->modifiers()))) {
            m_drag = Drag::Tool;
        } else {
            m_drag = Drag::Cursor;
            m_model->setCursor(voxelAt(event->position()));
        }
    }
    event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF p = event->position();
    switch (m_drag) {
    case Drag::Pan:
        m_transform.pan(p - m_lastPoint);
        m_userZoomed = true;
        Q_EMIT transformChanged();
        update();
        break;
    case Drag::Window:
        m_model->setWindow(dragWindow(m_windowAtStart, p.x() - m_dragStart.x(),
                                      p.y() - m_dragStart.y(), m_model->valueSpan()));
        break;
    case Drag::Cursor:
        m_model->setCursor(voxelAt(p));
        break;
    case Drag::Tool:
        m_tool->drag(sliceEvent(p, event->modifiers()));
        update(); // the tool's outline follows the pointer
        break;
    case Drag::None:
        if (m_tool && m_model->image()) {
            m_tool->hover(sliceEvent(p, event->modifiers()));
            update();
        }
        break;
    }
    m_lastPoint = p;
    if (m_model->image()) {
        const auto v = voxelAt(p);
        Q_EMIT pointerMoved(v[0], v[1], v[2], m_model->contains(v));
    }
    event->accept();
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_drag == Drag::Tool && m_tool) {
        m_tool->release(sliceEvent(event->position(), event->modifiers()));
        update();
    }
    m_drag = Drag::None;
    event->accept();
}

void SliceView::leaveEvent(QEvent*) {
    if (m_tool && m_drag != Drag::Tool) {
        m_tool->leave();
        update();
    }
    Q_EMIT pointerLeft();
}

} // namespace tgc

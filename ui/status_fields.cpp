#include "status_fields.h"

#include "display_model.h"
#include "slice_view.h"
#include "view_area.h"

#include <QLabel>
#include <QStatusBar>
#include <cmath>

namespace tgc {

StatusFields::StatusFields(DisplayModel* model, ViewArea* views, QStatusBar* bar)
    : QObject(bar), m_model(model), m_views(views) {
    auto field = [bar](const char* name, int chars) {
        auto* label = new QLabel;
        label->setObjectName(QLatin1String(name));
        label->setMinimumWidth(label->fontMetrics().averageCharWidth() * chars);
        bar->addPermanentWidget(label);
        return label;
    };
    m_position = field("positionLabel", 22);
    m_value = field("valueLabel", 14);
    m_slice = field("sliceLabel", 18);
    m_zoom = field("zoomLabel", 10);
    connect(m_views, &ViewArea::pointerMoved, this, &StatusFields::showPointer);
    connect(m_views, &ViewArea::pointerLeft, this, &StatusFields::clearPointer);
    connect(m_views, &ViewArea::zoomChanged, this, &StatusFields::showZoom);
    clearPointer();
    showZoom(1.0);
}

QString StatusFields::text() const {
    return QStringList{m_position->text(), m_value->text(), m_slice->text(), m_zoom->text()}.join(
        QStringLiteral(" | "));
}

void StatusFields::reset() {
    clearPointer();
    showZoom(m_views->view(Orientation::Axial)->transform().zoomFactor());
}

void StatusFields::showPointer(Orientation orientation, int i, int j, int k, bool inside) {
    if (!inside || !m_model->hasImage()) {
        clearPointer();
        return;
    }
    m_position->setText(tr("x %1  y %2  z %3").arg(i).arg(j).arg(k));
    QString value = m_model->valueText({i, j, k});
    if (const LabelMap* labels = m_model->labels(); labels && !labels->isEmpty()) {
        if (const Label* label = labels->label(labels->at(i, j, k)))
            value += QStringLiteral(" · ") + label->name;
    }
    m_value->setText(tr("Value %1").arg(value));
    const SliceGeometry g(m_model->image()->geometry(), orientation);
    m_slice->setText(
        tr("Slice %1/%2").arg(m_model->sliceIndex(orientation) + 1).arg(g.sliceCount()));
    showZoom(m_views->view(orientation)->transform().zoomFactor());
}

void StatusFields::clearPointer() {
    m_position->setText(tr("x –  y –  z –"));
    m_value->setText(tr("Value –"));
    if (m_model->hasImage()) {
        const SliceGeometry g(m_model->image()->geometry(), Orientation::Axial);
        m_slice->setText(
            tr("Slice %1/%2").arg(m_model->sliceIndex(Orientation::Axial) + 1).arg(g.sliceCount()));
    } else {
        m_slice->setText(tr("Slice –"));
    }
}

void StatusFields::showZoom(double factor) {
    m_zoom->setText(tr("Zoom %1 %").arg(std::lround(factor * 100.0)));
}

} // namespace tgc

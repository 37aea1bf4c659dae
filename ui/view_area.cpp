#include "view_area.h"

#include <QDataStream>
#include <QIODevice>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace tgc {

ViewArea::ViewArea(DisplayModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    for (Orientation o : {Orientation::Axial, Orientation::Coronal, Orientation::Sagittal}) {
        auto* v = new SliceView(model, o);
        v->setObjectName(QStringLiteral("view_%1").arg(QLatin1String(orientationName(o))));
        connect(v, &SliceView::pointerMoved, this, [this, o](int i, int j, int k, bool inside) {
            m_model->setActiveOrientation(o);
            Q_EMIT pointerMoved(o, i, j, k, inside);
        });
        connect(v, &SliceView::pointerLeft, this, &ViewArea::pointerLeft);
        connect(v, &SliceView::zoomChanged, this, &ViewArea::zoomChanged);
        m_views[std::size_t(o)] = v;
    }
    if (SurfaceView::isSupported()) {
        m_surface = new SurfaceView(model);
        m_threeD = m_surface;
    } else {
        auto* none = new QLabel(tr("3D view\n\nNeeds an X display for VTK's OpenGL rendering."));
        none->setAlignment(Qt::AlignCenter);
        none->setWordWrap(true);
        none->setStyleSheet(QStringLiteral("background: #101418; color: #8a96a3;"));
        m_threeD = none;
    }
    m_threeD->setObjectName(QStringLiteral("view_3d"));

    // ITK-SNAP's arrangement: axial | sagittal over coronal | 3D.
    m_top = new QSplitter(Qt::Horizontal);
    m_top->addWidget(view(Orientation::Axial));
    m_top->addWidget(view(Orientation::Sagittal));
    m_bottom = new QSplitter(Qt::Horizontal);
    m_bottom->addWidget(view(Orientation::Coronal));
    m_bottom->addWidget(m_threeD);
    m_rows = new QSplitter(Qt::Vertical);
    m_rows->addWidget(m_top);
    m_rows->addWidget(m_bottom);
    for (QSplitter* s : {m_top, m_bottom, m_rows}) {
        s->setChildrenCollapsible(false);
        s->setHandleWidth(3);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_rows);
    connect(model, &DisplayModel::imageChanged, this, &ViewArea::updateLayout);
    updateLayout();
}

void ViewArea::updateLayout() {
    const bool volume = m_model->isVolume();
    view(Orientation::Sagittal)->setVisible(volume);
    m_bottom->setVisible(volume);
    for (SliceView* v : m_views)
        v->setShowCrosshair(volume);
}

int ViewArea::visibleViewCount() const {
    int n = 0;
    for (SliceView* v : m_views)
        n += v->isVisibleTo(this) ? 1 : 0;
    return n;
}

QByteArray ViewArea::saveSplitterState() const {
    // Hidden views report size 0: keep what was restored rather than that.
    if (!m_model->isVolume())
        return m_restoredState;
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << m_rows->sizes() << m_top->sizes() << m_bottom->sizes();
    return state;
}

void ViewArea::restoreSplitterState(const QByteArray& state) {
    // Sizes only: which views are visible follows the image, not the settings.
    m_restoredState = state;
    QDataStream in(state);
    QList<int> rows, top, bottom;
    in >> rows >> top >> bottom;
    if (in.status() != QDataStream::Ok)
        return;
    if (rows.size() == 2)
        m_rows->setSizes(rows);
    if (top.size() == 2)
        m_top->setSizes(top);
    if (bottom.size() == 2)
        m_bottom->setSizes(bottom);
}

void ViewArea::setTool(InteractionTool* tool) {
    for (SliceView* v : m_views)
        v->setTool(tool);
}

void ViewArea::fitAll() {
    for (SliceView* v : m_views)
        v->fitToView();
}

void ViewArea::oneToOneAll() {
    for (SliceView* v : m_views)
        v->oneToOne();
}

} // namespace tgc

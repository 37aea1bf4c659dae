#include "compare_grid.h"

#include "compare_session.h"
#include "slice_view.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tgc {

CompareGrid::CompareGrid(DisplayModel* display, CompareSession* session, QWidget* parent)
    : QWidget(parent, Qt::Window), m_display(display), m_session(session) {
    setObjectName(QStringLiteral("compareGrid"));
    setWindowTitle(tr("Compare models: one view per model"));
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(2, 2, 2, 2);
    m_grid->setSpacing(2);
    connect(m_session, &CompareSession::started, this, &CompareGrid::rebuild);
    // A comparison cleared (another image shown) takes its views along.
    connect(m_session, &CompareSession::stateChanged, this, [this] {
        if (m_views.size() != m_session->runs().size())
            rebuild();
    });
    resize(900, 700);
    rebuild();
}

void CompareGrid::rebuild() {
    for (QWidget* cell : m_cells)
        delete cell;
    m_cells.clear();
    m_views.clear();
    const auto& runs = m_session->runs();
    const int columns = runs.size() > 1 ? 2 : 1;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        auto* cell = new QWidget;
        auto* layout = new QVBoxLayout(cell);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        auto* caption = new QLabel(runs[i].label);
        caption->setStyleSheet(
            QStringLiteral("QLabel { border-bottom: 3px solid %1; padding: 2px; }")
                .arg(runs[i].colour.name()));
        auto* view = new SliceView(m_display, Orientation::Axial);
        view->setOutlineFilter(int(i));
        connect(view, &SliceView::transformChanged, this, [this, view] { follow(view); });
        layout->addWidget(caption);
        layout->addWidget(view, 1);
        m_grid->addWidget(cell, int(i) / columns, int(i) % columns);
        m_cells.push_back(cell);
        m_views.push_back(view);
    }
}

void CompareGrid::follow(SliceView* leader) {
    if (m_following)
        return;
    m_following = true;
    for (SliceView* view : m_views)
        if (view != leader)
            view->followTransform(leader->transform());
    m_following = false;
}

} // namespace tgc

// The central views: one for a 2D image; axial, sagittal, coronal and the
// 3D slot in a 2x2 grid of splitters for a volume.
#pragma once

#include "display_model.h"
#include "slice_view.h"
#include "surface_view.h"

#include <QWidget>
#include <array>

class QSplitter;

namespace tgc {

class ViewArea : public QWidget {
    Q_OBJECT
public:
    explicit ViewArea(DisplayModel* model, QWidget* parent = nullptr);

    SliceView* view(Orientation orientation) const { return m_views[std::size_t(orientation)]; }
    // The 3D slot (shown for volumes): the surface view, or a note where
    // the platform has no OpenGL.
    QWidget* threeDSlot() const { return m_threeD; }
    SurfaceView* surfaceView() const { return m_surface; }
    // Views currently shown (1 for a 2D image, 3 for a volume).
    int visibleViewCount() const;
    // The editing tool of every view (null: navigation only); not owned.
    void setTool(InteractionTool* tool);
    // The view the pointer was last in: slice operations act on its slices.
    Orientation activeOrientation() const { return m_model->activeOrientation(); }

    QByteArray saveSplitterState() const;
    void restoreSplitterState(const QByteArray& state);

public Q_SLOTS:
    void fitAll();
    void oneToOneAll();

Q_SIGNALS:
    void pointerMoved(tgc::Orientation orientation, int i, int j, int k, bool inside);
    void pointerLeft();
    void zoomChanged(double factor);

private:
    void updateLayout();

    DisplayModel* m_model;
    std::array<SliceView*, 3> m_views{};
    QWidget* m_threeD = nullptr;
    SurfaceView* m_surface = nullptr;
    QSplitter* m_rows = nullptr;
    QSplitter* m_top = nullptr;
    QSplitter* m_bottom = nullptr;
    QByteArray m_restoredState;
};

} // namespace tgc

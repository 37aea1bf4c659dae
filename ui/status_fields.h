// The status bar's right-hand fields over the views: the voxel under the
// pointer, its value (and label), the slice of the view it is in, and that
// view's zoom; after a case shows, the axial view's slice and zoom.
#pragma once

#include "slice_geometry.h"

#include <QObject>

class QLabel;
class QStatusBar;

namespace tgc {

class DisplayModel;
class ViewArea;

class StatusFields : public QObject {
    Q_OBJECT
public:
    // Adds the fields to bar, after what it holds already.
    StatusFields(DisplayModel* model, ViewArea* views, QStatusBar* bar);

    // The fields, joined by " | ".
    QString text() const;
    // A new case is shown: nothing under the pointer yet.
    void reset();

private:
    void showPointer(Orientation orientation, int i, int j, int k, bool inside);
    void clearPointer();
    void showZoom(double factor);

    DisplayModel* m_model;
    ViewArea* m_views;
    QLabel* m_position = nullptr;
    QLabel* m_value = nullptr;
    QLabel* m_slice = nullptr;
    QLabel* m_zoom = nullptr;
};

} // namespace tgc

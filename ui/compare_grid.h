// Compare mode's grid: one axial view per compared model, each showing that
// model's outline over the image and the annotation. The views share the
// main window's DisplayModel, so slice, cursor and window are linked by
// construction; zoom and pan are passed from the view the user moved to
// the others. A window of its own beside the main one.
#pragma once

#include <QWidget>
#include <vector>

class QGridLayout;

namespace tgc {

class CompareSession;
class DisplayModel;
class SliceView;

class CompareGrid : public QWidget {
    Q_OBJECT
public:
    CompareGrid(DisplayModel* display, CompareSession* session, QWidget* parent = nullptr);

    // One per model of the current comparison (none without one).
    const std::vector<SliceView*>& views() const { return m_views; }

private:
    void rebuild();
    void follow(SliceView* leader);

    DisplayModel* m_display;
    CompareSession* m_session;
    QGridLayout* m_grid = nullptr;
    std::vector<QWidget*> m_cells;
    std::vector<SliceView*> m_views;
    bool m_following = false;
};

} // namespace tgc

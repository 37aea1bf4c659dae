// The reviewer's window over a SeriesReviewer: the series with every
// annotator's mask of one label as an outline in that annotator's colour
// (the compare view's colours), a legend naming each annotator, their SEG's
// date and the model its mask started from, the table of agreement between
// every two annotators per label (Dice, IoU, HD95, volume difference), and
// the decision: accept one annotator's mask as final, or push the majority
// or STAPLE consensus as the reviewer's SEG. It stores nothing.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tgc {

class DisplayModel;
class SeriesReviewer;
class SliceView;

class ReviewWindow : public QWidget {
    Q_OBJECT
public:
    explicit ReviewWindow(SeriesReviewer* reviewer, QWidget* parent = nullptr);

    QString statusText() const;
    SliceView* view() const { return m_view; }

private:
    void showReview();
    void showLabel();
    void showBusy();

    SeriesReviewer* m_reviewer;
    DisplayModel* m_display;
    SliceView* m_view = nullptr;
    QLabel* m_title = nullptr;
    QComboBox* m_label = nullptr;
    QListWidget* m_legend = nullptr;
    QTableWidget* m_table = nullptr;
    QComboBox* m_annotator = nullptr;
    QPushButton* m_accept = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_majority = nullptr;
    QPushButton* m_staple = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace tgc

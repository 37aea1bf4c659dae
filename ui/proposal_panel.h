// The proposal controls under the report: Generate (this slice or the whole
// volume) with progress and Cancel, the threshold slider, how Accept meets
// the active label, Accept, Accept on this slice and Reject. Binds widgets
// to ProposalController and nothing more.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTimer;
class QToolButton;

namespace tgc {

class ProposalController;

class ProposalPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProposalPanel(ProposalController* controller, QWidget* parent = nullptr);

    // Generate with the scope chosen in the panel (Ctrl+G).
    void generate();
    QPushButton* generateButton() const { return m_generate; }
    QComboBox* scopeBox() const { return m_scope; }
    QSlider* thresholdSlider() const { return m_threshold; }
    QComboBox* mergeBox() const { return m_merge; }
    QPushButton* acceptButton() const { return m_accept; }
    QPushButton* acceptSliceButton() const { return m_acceptSlice; }
    QPushButton* rejectButton() const { return m_reject; }
    QProgressBar* progressBar() const { return m_progress; }
    QString statusText() const;
    // What the model said beside the proposal: not found, unlike its training data.
    QLabel* presenceNotice() const { return m_presence; }
    QLabel* oodNotice() const { return m_ood; }

private:
    void refresh();
    void showProgress(int done, int total);

    ProposalController* m_controller;
    QComboBox* m_scope = nullptr;
    QPushButton* m_generate = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QSlider* m_threshold = nullptr;
    QLabel* m_thresholdValue = nullptr;
    QComboBox* m_merge = nullptr;
    QPushButton* m_accept = nullptr;
    QPushButton* m_acceptSlice = nullptr;
    QPushButton* m_reject = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_presence = nullptr;
    QLabel* m_ood = nullptr;
    QTimer* m_commit = nullptr;
};

} // namespace tgc

// The compare dock: which models to compare (two to four of the Models
// menu's list), this slice or the whole volume, Run with progress and
// Cancel; the legend (each model's outline colour, a check box to show or
// hide it) with its scores against the annotation and its time, and the
// scores between models. Binds widgets to CompareController and nothing more.
#pragma once

#include "compare_controller.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace tgc {

class CompareGrid;

class ComparePanel : public QWidget {
    Q_OBJECT
public:
    explicit ComparePanel(CompareController* controller, QWidget* parent = nullptr);

    // Reads the Models menu's list again (checked models stay checked).
    void refreshModels();
    // Checks the models with these ids and unchecks the others.
    void chooseModels(const QStringList& ids);
    QStringList chosenModels() const;
    void run();

    QListWidget* modelList() const { return m_modelList; }
    QComboBox* scopeBox() const { return m_scope; }
    // Models with the same prompts, or the first chosen model with the
    // prompt ablation or the robustness probe.
    using Mode = CompareController::Mode;
    QComboBox* modeBox() const { return m_mode; }
    QLineEdit* editedPrompt() const { return m_edited; }
    // One view with every outline, or the grid window (a view per model).
    QComboBox* layoutBox() const { return m_layout; }
    CompareGrid* grid() const { return m_grid; } // null until first asked for
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* clearButton() const { return m_clear; }
    // One row per model: name (check box: outline shown), Dice, IoU, HD95, ms.
    QTableWidget* legend() const { return m_legend; }
    // One row per pair of models.
    QTableWidget* pairTable() const { return m_pairs; }
    QString statusText() const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();
    void fillLegend();
    void fillPairs();
    void onLegendItem(QTableWidgetItem* item);
    void showLayout();

    CompareController* m_controller;
    QListWidget* m_modelList = nullptr;
    QComboBox* m_scope = nullptr;
    QComboBox* m_layout = nullptr;
    QComboBox* m_mode = nullptr;
    QLineEdit* m_edited = nullptr;
    CompareGrid* m_grid = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_clear = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_legend = nullptr;
    QTableWidget* m_pairs = nullptr;
    bool m_filling = false;
};

} // namespace tgc

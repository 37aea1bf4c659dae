// Tools ▸ Compare models on project: which models (two or more of the
// Models menu's list), the output folder, Run with progress (bar, ETA) and
// Cancel, then an offer to open report.html. Shows what
// ProjectComparisonJob says and nothing more.
#pragma once

#include "project_comparison_job.h"

#include <QDialog>
#include <QElapsedTimer>

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace tgc {

class ModelManager;
class ProjectController;

class ProjectCompareDialog : public QDialog {
    Q_OBJECT
public:
    ProjectCompareDialog(ModelManager* models, ProjectController* project,
                         QWidget* parent = nullptr);

    ProjectComparisonJob* job() const { return m_job; }
    QListWidget* modelList() const { return m_models; }
    QLineEdit* folderEdit() const { return m_folder; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* openReportButton() const { return m_open; }
    QString statusText() const;
    QString reportPath() const { return m_reportPath; }

    void run();

protected:
    void reject() override; // closing cancels a running comparison

private:
    void refresh();
    void onProgress(int done, int total, const QString& caseId);
    void onFinished(const ProjectComparisonJob::Outcome& outcome);

    ModelManager* m_modelManager;
    ProjectController* m_project;
    ProjectComparisonJob* m_job;
    QListWidget* m_models = nullptr;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_open = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QElapsedTimer m_clock;
    QString m_reportPath;
};

} // namespace tgc

// The open project's face in the main window: the File menu's project
// actions, the Case menu, the "34 of 120 done" status-bar field, the
// folder choosers, the crash-recovery and unsaved-changes questions, and a
// modal progress dialog while the project reads an import or a pull. What
// they act on is the ProjectController (ui/application/project_controller.h).
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QProgressDialog;
class QWidget;

namespace tgc {

class ProjectController;

class ProjectMenus : public QObject {
    Q_OBJECT
public:
    ProjectMenus(ProjectController* project, QWidget* window);

    void addFileActions(QMenu* file);
    QMenu* createCaseMenu(QWidget* parent);
    QLabel* progressLabel() const { return m_progress; }
    // Before the window closes or another project opens: asks to save
    // unsaved changes; false when the annotator chose to stay.
    bool maybeClose();

private:
    void newProject();
    void chooseProject();
    void saveAs();
    void showProgress();
    void enableActions();
    void showBusy(const QString& text, bool cancellable);

    ProjectController* m_project;
    QPointer<QWidget> m_window;
    QLabel* m_progress = nullptr;
    QList<QAction*> m_projectActions;
    QPointer<QProgressDialog> m_busy;
};

} // namespace tgc

// The main window: views in the centre; case list, report and tools docks;
// the compare and PACS docks; the status bar (pixel, value, slice, zoom). It
// only composes widgets over the application (ui/application/annotator.h),
// which holds every case, prompt, proposal and connection.
#pragma once

#include <QMainWindow>
#include <memory>

class QDockWidget;
class QProgressBar;
class QToolButton;

namespace tgc {

class Annotator;
class CasesPanel;
class ComparePanel;
class EditPanel;
class ModelsMenu;
class PacsDock;
class ProjectMenus;
class ProposalPanel;
class ReportPanel;
class ReviewWindow;
class StatusFields;
class ToolsPanel;
class ViewArea;
struct LoadedCase;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // What the window shows and edits.
    Annotator* app() const { return m_app; }

    // Paths dropped or given on the command line (Annotator::openPaths).
    void openPaths(const QStringList& paths);
    QString lastError() const;

    ViewArea* viewArea() const { return m_views; }
    CasesPanel* casesPanel() const { return m_casesPanel; }
    ReportPanel* reportPanel() const { return m_reportPanel; }
    ToolsPanel* toolsPanel() const { return m_tools; }
    EditPanel* editPanel() const { return m_editPanel; }
    ProposalPanel* proposalPanel() const { return m_proposalPanel; }
    ComparePanel* comparePanel() const { return m_comparePanel; }
    PacsDock* pacsPanel() const { return m_pacsPanel; }
    ReviewWindow* reviewWindow() const { return m_reviewWindow; }
    // Shows and raises the compare dock.
    void showCompareDock();
    // File ▸ Connect to PACS…: shows the PACS dock, the address focused.
    void showPacsDock();
    // Tools ▸ Compare models on project (a project must be open).
    void showProjectCompareDialog();
    // The status bar fields, joined by " | ".
    QString statusFieldsText() const;

    void saveSettings() const;
    void restoreSettings();

Q_SIGNALS:
    // After each load: ok is false on an error or cancel (Annotator::loadFinished).
    void loadFinished(bool ok);

public Q_SLOTS:
    void openImage();
    void openFolder();
    void showSettings();
    void showShortcuts();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createModelsMenu();
    void createDocks();
    void createCompareDock();
    void createCompareMenu();
    void createPacsDock();
    void createStatusBar();
    void followLoading();
    void showCase(const LoadedCase& loaded);
    void showError(const QString& title, const QString& message);
    void setLoadingUi(bool loading);
    void showProjectMode();

    Annotator* m_app = nullptr;
    ProjectMenus* m_projectMenus = nullptr;
    ModelsMenu* m_modelsMenu = nullptr;
    ViewArea* m_views = nullptr;
    ToolsPanel* m_tools = nullptr;
    EditPanel* m_editPanel = nullptr;
    CasesPanel* m_casesPanel = nullptr;
    ReportPanel* m_reportPanel = nullptr;
    ProposalPanel* m_proposalPanel = nullptr;
    ComparePanel* m_comparePanel = nullptr;
    ReviewWindow* m_reviewWindow = nullptr;
    PacsDock* m_pacsPanel = nullptr;
    QDockWidget* m_compareDock = nullptr;
    QDockWidget* m_pacsDock = nullptr;
    QDockWidget* m_casesDock = nullptr;
    QDockWidget* m_reportDock = nullptr;
    QDockWidget* m_toolsDock = nullptr;
    StatusFields* m_fields = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
};

} // namespace tgc

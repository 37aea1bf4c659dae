// The main window: views in the centre; case list, report and tools docks;
// the status bar (pixel, value, slice, zoom). Loading runs off the UI thread.
#pragma once

#include "display_model.h"
#include "slice_geometry.h"

#include <QMainWindow>
#include <memory>
#include <vector>

class QDockWidget;
class QLabel;
class QProgressBar;
class QToolButton;

namespace tgc {

class CaseList;
class CaseOpening;
struct LoadedCase;
class CasePrompts;
class CasesPanel;
class CompareController;
class ComparePanel;
class EditPanel;
class EditSession;
class ModelManager;
class PacsBrowser;
class TeamWorklist;
class TokenCounting;
class LabelMap;
class SeriesReviewer;
class ReviewWindow;
class PacsDock;
struct ModelInfo;
class ProjectController;
class ProposalController;
class ProposalPanel;
class ReportPanel;
class ToolsPanel;
class ViewArea;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Files, DICOM folders and qata folders (command line, drops): all go
    // into the case list (as the unsaved project of loose files), the first
    // is opened; a project folder is opened as the project.
    void openPaths(const QStringList& paths);
    bool isLoading() const;
    QString lastError() const { return m_lastError; }

    DisplayModel* displayModel() const { return m_model; }
    ViewArea* viewArea() const { return m_views; }
    // The cases the Cases dock shows: the open project's or the loose files.
    CaseList* caseList() const { return m_cases; }
    CasesPanel* casesPanel() const { return m_casesPanel; }
    // The shown case's report, auxiliary prompt and notes.
    CasePrompts* casePrompts() const { return m_prompts; }
    ReportPanel* reportPanel() const { return m_reportPanel; }
    // The open project (case table, saving, autosave); see project_controller.h.
    ProjectController* projectController() const { return m_project; }
    ToolsPanel* toolsPanel() const { return m_tools; }
    EditSession* editSession() const { return m_edit; }
    EditPanel* editPanel() const { return m_editPanel; }
    // The models (Models menu, inference worker) and the proposal of the case shown.
    ModelManager* modelManager() const { return m_models; }
    ProposalController* proposalController() const { return m_proposals; }
    ProposalPanel* proposalPanel() const { return m_proposalPanel; }
    CompareController* compareController() const { return m_compare; }
    ComparePanel* comparePanel() const { return m_comparePanel; }
    // Shows and raises the compare dock.
    void showCompareDock();
    // File ▸ Connect to PACS…: shows the PACS dock, the address focused.
    void showPacsDock();
    // The review's Edit…: an annotator's mask over the series' case.
    void editReviewedMask(const QString& seriesUid, std::shared_ptr<const LabelMap> mask,
                          const QString& annotator);
    PacsBrowser* pacsBrowser() const { return m_pacs; }
    TeamWorklist* teamWorklist() const { return m_worklist; }
    SeriesReviewer* seriesReviewer() const { return m_reviewer; }
    ReviewWindow* reviewWindow() const { return m_reviewWindow; }
    PacsDock* pacsPanel() const { return m_pacsPanel; }
    // Tools ▸ Compare models on project (a project must be open).
    void showProjectCompareDialog();
    // The status bar fields, joined by " | ".
    QString statusFieldsText() const;

    void saveSettings() const;
    void restoreSettings();

Q_SIGNALS:
    // After each load: ok is false on an error or cancel.
    void loadFinished(bool ok);

public Q_SLOTS:
    void openImage();
    void openFolder();
    void showSettings();
    void showShortcuts();
    // A case of the list shown: the project's through the project, a loose one here.
    void openCase(const QString& caseId);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createCompareDock();
    void createCompareMenu();
    void createPacsDock();
    void createStatusBar();
    void onLoadProgress(int done, int total);
    void showCase(const LoadedCase& loaded, const QString& projectCaseId);
    void loadFailed(const QString& name, const QString& error, bool cancelled);
    void showPointer(Orientation orientation, int i, int j, int k, bool inside);
    void clearPointer();
    void showZoom(double factor);
    void showError(const QString& title, const QString& message);
    void setLoadingUi(bool loading);
    void showProjectMode();

    DisplayModel* m_model = nullptr;
    CaseOpening* m_opening = nullptr;
    ViewArea* m_views = nullptr;
    ToolsPanel* m_tools = nullptr;
    EditSession* m_edit = nullptr;
    EditPanel* m_editPanel = nullptr;
    CaseList* m_cases = nullptr;
    CasesPanel* m_casesPanel = nullptr;
    CasePrompts* m_prompts = nullptr;
    TokenCounting* m_tokens = nullptr;
    ReportPanel* m_reportPanel = nullptr;
    ProjectController* m_project = nullptr;
    ModelManager* m_models = nullptr;
    ProposalController* m_proposals = nullptr;
    ProposalPanel* m_proposalPanel = nullptr;
    CompareController* m_compare = nullptr;
    ComparePanel* m_comparePanel = nullptr;
    QDockWidget* m_compareDock = nullptr;
    PacsBrowser* m_pacs = nullptr;
    TeamWorklist* m_worklist = nullptr;
    SeriesReviewer* m_reviewer = nullptr;
    ReviewWindow* m_reviewWindow = nullptr;
    PacsDock* m_pacsPanel = nullptr;
    QDockWidget* m_pacsDock = nullptr;
    QDockWidget* m_casesDock = nullptr;
    QDockWidget* m_reportDock = nullptr;
    QDockWidget* m_toolsDock = nullptr;
    QLabel* m_positionLabel = nullptr;
    QLabel* m_valueLabel = nullptr;
    QLabel* m_sliceLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QString m_lastError;
};

} // namespace tgc

// The application (no widgets): everything an annotation session holds and
// how its parts talk to each other. The case list and how a case opens, the
// image and label map shown with their undo path, the shown case's prompts
// and token counter, the open project, the models behind the one model host,
// the proposal, compare mode, and the PACS browser, team worklist and series
// review. The main window composes widgets over it; the command line, the
// edit script and headless tests drive it directly.
#pragma once

#include <QMap>
#include <QObject>
#include <QStringList>
#include <memory>

namespace tgc {

class CaseList;
class CaseOpening;
class CasePrompts;
class CompareController;
class DisplayModel;
class EditSession;
class LabelMap;
class ModelHost;
class ModelManager;
class PacsBrowser;
class ProjectController;
class ProposalController;
class SeriesReviewer;
class TeamWorklist;
class TokenCounting;
struct LoadedCase;

class Annotator : public QObject {
    Q_OBJECT
public:
    // host: the model host every inference goes through (a new one when null).
    explicit Annotator(std::shared_ptr<ModelHost> host = nullptr, QObject* parent = nullptr);
    ~Annotator() override;

    // Loads the chosen model and builds the token counter, both off the UI
    // thread; call once the observers are connected.
    void start();

    DisplayModel* display() const { return m_display; }
    EditSession* edit() const { return m_edit; }
    // The cases the Cases dock shows: the open project's or the loose files.
    CaseList* cases() const { return m_cases; }
    CaseOpening* opening() const { return m_opening; }
    // The shown case's report, auxiliary prompt and notes.
    CasePrompts* prompts() const { return m_prompts; }
    TokenCounting* tokens() const { return m_tokens; }
    ProjectController* project() const { return m_project; }
    ModelManager* models() const { return m_models; }
    ProposalController* proposals() const { return m_proposals; }
    CompareController* compare() const { return m_compare; }
    PacsBrowser* pacs() const { return m_pacs; }
    TeamWorklist* worklist() const { return m_worklist; }
    SeriesReviewer* reviewer() const { return m_reviewer; }

    // Files, DICOM folders and qata folders (command line, drops): all go
    // into the case list (as the unsaved project of loose files), the first
    // is opened; a project folder is opened as the project.
    void openPaths(const QStringList& paths);
    // A case of the list: the project's through the project, a loose one here.
    void openCase(const QString& caseId);
    bool isLoading() const;
    // The last problem reported (problem()), for the command line.
    QString lastError() const { return m_lastError; }

    // Series UID -> case, for the open project's cases pulled from the
    // connected server.
    QMap<QString, QString> pulledCases() const;
    // The PACS dock's actions that need a project: false (and problem())
    // without one.
    bool pull(int row);
    bool review(int row);
    // Saves, then pushes the shown project case's mask as a DICOM SEG.
    bool pushShownCase();
    // The review's Edit…: the series' case opened and an annotator's mask
    // written over its annotation as one undo step (Undo gives the case's
    // own annotation back).
    void editReviewedMask(const QString& seriesUid, std::shared_ptr<const LabelMap> mask,
                          const QString& annotator);

Q_SIGNALS:
    // A case load: started, its progress, then caseShown() and
    // loadFinished(true), or loadFailed() and loadFinished(false).
    void loadStarted(const QString& name);
    void loadProgress(int done, int total);
    void caseShown(const tgc::LoadedCase& loaded);
    void loadFailed(const QString& name, const QString& error, bool cancelled);
    void loadFinished(bool ok);
    // Something the annotator must read (the window shows a message box).
    void problem(const QString& title, const QString& text);
    // A passing note for the status bar, shown for timeoutMs.
    void message(const QString& text, int timeoutMs);
    // The open project's pulled cases may read differently.
    void pulledCasesChanged();
    // The annotator is wanted in the main window (a review's mask to edit).
    void attentionWanted();

private:
    void connectProject();
    void connectPacs();
    void show(const LoadedCase& loaded, const QString& projectCaseId);
    bool needsProject(const QString& title, const QString& why);
    void report(const QString& title, const QString& text);

    DisplayModel* m_display;
    EditSession* m_edit;
    CaseList* m_cases;
    CaseOpening* m_opening;
    CasePrompts* m_prompts;
    TokenCounting* m_tokens;
    ProjectController* m_project;
    ModelManager* m_models;
    ProposalController* m_proposals;
    CompareController* m_compare;
    PacsBrowser* m_pacs;
    TeamWorklist* m_worklist;
    SeriesReviewer* m_reviewer;
    QString m_lastError;
};

} // namespace tgc

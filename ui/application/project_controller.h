// The open project (no widgets): opening, creating, saving off the UI
// thread, importing and adopting pulled series on a worker, the case shown
// and its status; its cases go to the case list (case_list.h). Edits go to
// ProjectSession (project/store/session.h), which journals them. The window's
// menus, dialogs and the status-bar field live in ui/project_menus.*.
#pragma once

#include "case_entry.h"
#include "case_list.h"
#include "pacs_pull.h"
#include "store/session.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace tgc {

class LabelMap;
class CasePrompts;

class ProjectController : public QObject {
    Q_OBJECT
public:
    enum class Recovery { Ask, Restore, Discard };

    ProjectController(CasePrompts* prompts, CaseList* cases, QObject* parent = nullptr);
    ~ProjectController() override;

    // "34 of 120 done", with " — autosave failing" while the journal cannot
    // be written (autosaveProblem() says why); progressChanged() on a change.
    QString progressText() const;
    QString autosaveProblem() const { return m_autosaveProblem; }

    bool hasProject() const { return m_session != nullptr; }
    ProjectSession* session() const { return m_session.get(); }
    QString currentCaseId() const { return m_current; }

    // Opens a project folder; the answer to "restore unsaved edits?" can be
    // given in advance (command line, tests). False after telling the user why.
    bool openProject(const QString& folder, Recovery recovery = Recovery::Ask);
    // Who answers Recovery::Ask (the window asks the annotator): true restores
    // the edits. Without one they are kept aside, as "no" does.
    using RecoveryQuestion = std::function<bool(const RecoveryInfo&)>;
    void setRecoveryQuestion(RecoveryQuestion question) { m_askRecovery = std::move(question); }
    // A new, empty project in folder (the open one is left as it is: ask
    // about its changes first). False after telling the user why.
    bool createProject(const QString& folder);
    // Saves, then copies the project to folder and opens the copy.
    bool saveAs(const QString& folder);
    // Saves now, waiting for the disk (Save as, closing, scripts); false
    // after telling the user why.
    bool save();
    // Saves with the files written on a worker thread (File > Save, after an
    // import): the UI thread only copies the changed masks. saveFinished()
    // follows; a request while one runs is carried out after it.
    void saveInBackground();
    bool isSaving() const { return m_prepareWatcher || m_saveWatcher; }
    // Saves in the background and then calls done(saved), once a save that
    // holds every edit made before this call has ended.
    void saveThen(std::function<void(bool)> done);
    // Edits not saved yet, once a save in flight has ended (before the
    // window closes or another project opens).
    bool hasUnsavedChanges();

    // Selects and opens a case by id (scripts, keys N/P).
    bool openCase(const QString& caseId);
    // Called once the image and mask of a requested case are loaded.
    void caseLoaded(const QString& caseId, const std::shared_ptr<LabelMap>& labels);
    // A loose image (not of the project) is shown: edits no longer go to a case.
    void leaveCase();
    // Tiles an edit, undo or redo wrote in the case shown (EditSession::tilesWritten).
    void recordMaskTiles(const std::vector<std::int64_t>& keys, const QByteArray& packed);
    // Imports on a worker thread into a copy of the project, adopted at the
    // end, then saves; importFinished() follows, error() lists skipped
    // files. busyStarted() .. busyFinished() frame it: the window shows them
    // as a modal progress dialog, so nothing else edits the project meanwhile.
    void importSources(const QStringList& sources);
    // Stops an import at the next file (the cases read so far are kept).
    void cancelBusy();
    bool isBusy() const { return m_busy; }
    // Reads a series the PACS browser staged into the project as a case, on
    // a worker thread framed by busyStarted() .. busyFinished() as an import
    // is; pulled() follows, or error() naming the folder or server.
    void adoptPulled(const pacs::StagedSeries& staged, const QString& server,
                     const std::optional<pacs::SrReport>& report);
    // Series UID -> the case pulled from it, for the cases pulled from this server.
    QMap<QString, QString> pulledCases(const QString& server) const;
    // The shown case's status; returns why it was refused ("" when set).
    QString setStatus(CaseStatus status);
    // The same for the Case menu: a refusal is reported through error().
    void markShownCase(CaseStatus status);
    void nextUnfinished(int step);

Q_SIGNALS:
    // The case opening loads the entry (image and saved mask) off the UI thread.
    void caseRequested(const tgc::CaseEntry& entry, const QString& caseId);
    void projectChanged();
    void importFinished(int added);
    void pulled(const QString& caseId);
    void saveFinished(bool saved);
    void message(const QString& text);
    void error(const QString& title, const QString& text);
    void progressChanged();
    // A long read into the project: text to show, whether cancelBusy() works.
    void busyStarted(const QString& text, bool cancellable);
    void busyProgress(int done, int total, const QString& current);
    void busyFinished();

private:
    void fieldEdited(const QString& field, const QString& value);
    void refreshProgress();
    // An import's or a pull's copy of the project, read on a worker, becomes
    // the project; the busy frame ends and a background save starts.
    void adopt(const Project& copy);
    void endBusy();
    void checkJournal();
    void setSession(std::unique_ptr<ProjectSession> session);
    using PreparedMasks = std::map<QString, LabelMap>;
    void startWriting(PreparedMasks prepared);
    void waitForSave();
    void completeSave();
    void reportSaveFailure(const QString& why);

    CasePrompts* m_prompts;
    std::unique_ptr<ProjectSession> m_session;
    CaseList* m_cases;
    RecoveryQuestion m_askRecovery;
    QTimer* m_journalWatch = nullptr;
    QString m_autosaveProblem;
    QString m_current;
    bool m_busy = false;
    std::shared_ptr<std::atomic<bool>> m_cancelBusy;
    QFutureWatcher<PreparedMasks>* m_prepareWatcher = nullptr;
    QFutureWatcher<QString>* m_saveWatcher = nullptr;
    std::shared_ptr<const ProjectSession::SaveSnapshot> m_saveSnapshot;
    bool m_saveAgain = false;
    std::vector<std::function<void(bool)>> m_waitingForSave; // for the next save to start
    std::vector<std::function<void(bool)>> m_ridingSave;     // told when the running save ends
};

} // namespace tgc

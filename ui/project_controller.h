// The open project in the main window: the File and Case menu actions,
// saving and the crash-recovery question; its cases go to the case list
// (ui/application/case_list.h). Edits go to ProjectSession
// (project/store/session.h), which journals them.
#pragma once

#include "case_entry.h"
#include "case_list.h"
#include "pacs_pull.h"
#include "store/session.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QMenu;
class QTimer;
class QWidget;

namespace tgc {

class LabelChange;
class LabelMap;
class CasePrompts;

class ProjectController : public QObject {
    Q_OBJECT
public:
    enum class Recovery { Ask, Restore, Discard };

    ProjectController(CasePrompts* prompts, CaseList* cases, QWidget* dialogParent);
    ~ProjectController() override;

    // "34 of 120 done", for the status bar.
    QLabel* progressLabel() const { return m_progress; }
    void addFileActions(QMenu* file);
    QMenu* createCaseMenu(QWidget* parent);

    bool hasProject() const { return m_session != nullptr; }
    ProjectSession* session() const { return m_session.get(); }
    QString currentCaseId() const { return m_current; }

    // Opens a project folder; the answer to "restore unsaved edits?" can be
    // given in advance (command line, tests). False after telling the user why.
    bool openProject(const QString& folder, Recovery recovery = Recovery::Ask);
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
    // Before the window closes: false when the user chose to stay.
    bool maybeClose();

    // Selects and opens a case by id (scripts, keys N/P).
    bool openCase(const QString& caseId);
    // Called once the image and mask of a requested case are loaded.
    void caseLoaded(const QString& caseId, const std::shared_ptr<LabelMap>& labels);
    // A loose image (not of the project) is shown: edits no longer go to a case.
    void leaveCase();
    // A committed mask edit of the current case (brush stroke, fill, accepted proposal).
    void recordMaskChange(const LabelChange& change);
    // Tiles an edit, undo or redo wrote in the case shown (EditSession::tilesWritten).
    void recordMaskTiles(const std::vector<std::int64_t>& keys, const QByteArray& packed);
    // Imports on a worker thread behind a modal progress dialog with Cancel,
    // then saves; importFinished() follows, error() lists skipped files.
    void importSources(const QStringList& sources);
    // Reads a series the PACS browser staged into the project as a case,
    // on a worker thread behind a modal progress dialog as an import does;
    // pulled() follows, or error() naming the folder or server.
    void adoptPulled(const pacs::StagedSeries& staged, const QString& server,
                     const std::optional<pacs::SrReport>& report);
    // Series UID -> the case pulled from it, for the cases pulled from this server.
    QMap<QString, QString> pulledCases(const QString& server) const;
    QString setStatus(CaseStatus status);
    void nextUnfinished(int step);

Q_SIGNALS:
    // The main window loads the entry (image and saved mask) off the UI thread.
    void caseRequested(const tgc::CaseEntry& entry, const QString& caseId);
    void projectChanged();
    void importFinished(int added);
    void pulled(const QString& caseId);
    void saveFinished(bool saved);
    void message(const QString& text);
    void error(const QString& title, const QString& text);

private:
    void newProject();
    void chooseProject();
    void saveAs();
    void fieldEdited(const QString& field, const QString& value);
    void refreshProgress();
    void checkJournal();
    void setSession(std::unique_ptr<ProjectSession> session);
    using PreparedMasks = std::map<QString, LabelMap>;
    void startWriting(PreparedMasks prepared);
    void waitForSave();
    void completeSave();
    void reportSaveFailure(const QString& why);

    CasePrompts* m_prompts;
    QPointer<QWidget> m_parent;
    std::unique_ptr<ProjectSession> m_session;
    CaseList* m_cases;
    QLabel* m_progress = nullptr;
    QTimer* m_journalWatch = nullptr;
    QList<QAction*> m_projectActions;
    QString m_current;
    QFutureWatcher<PreparedMasks>* m_prepareWatcher = nullptr;
    QFutureWatcher<QString>* m_saveWatcher = nullptr;
    std::shared_ptr<const ProjectSession::SaveSnapshot> m_saveSnapshot;
    bool m_saveAgain = false;
    std::vector<std::function<void(bool)>> m_waitingForSave; // for the next save to start
    std::vector<std::function<void(bool)>> m_ridingSave;     // told when the running save ends
};

} // namespace tgc

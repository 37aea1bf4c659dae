// Opening cases: paths from the command line, a drop or the File menu become
// cases of the case list (loose files) or a project to open, and a case of
// the list, loose or the project's, loads off the UI thread with progress
// and cancel; a newer request supersedes an older one. The window shows
// what this reports. No widgets.
#pragma once

#include "case_loader.h"

#include <QObject>
#include <QStringList>

namespace tgc {

class CaseList;

class CaseOpening : public QObject {
    Q_OBJECT
public:
    explicit CaseOpening(CaseList* cases, QObject* parent = nullptr);

    // Files, DICOM folders and qata folders join the case list's loose
    // files; a project folder is announced (projectFolder()) and a missing
    // path or an unreadable dataset reported (problem()), each in the order
    // given. Returns the first loose case added or found (empty: none).
    QString addPaths(const QStringList& paths);
    // Starts loading a loose case of the list; false when there is none by that id.
    bool openLoose(const QString& caseId);
    // Starts loading a case the open project asked for (its saved mask included).
    void openProjectCase(const CaseEntry& entry, const QString& caseId);
    bool isLoading() const { return m_loader->isRunning(); }
    void cancel() { m_loader->cancel(); }
    // The loose case shown (empty: a project case, or nothing yet).
    const QString& shownLoose() const { return m_shownLoose; }

Q_SIGNALS:
    void projectFolder(const QString& folder);
    void problem(const QString& title, const QString& text);
    // A load started: name is the case's id.
    void started(const QString& name);
    void progress(int done, int total);
    // The case is read: projectCaseId names a project case, empty for a loose one.
    void loaded(const tgc::LoadedCase& loaded, const QString& projectCaseId);
    // The load ended without a case: cancelled, or error says why.
    void failed(const QString& name, const QString& error, bool cancelled);

private:
    void finish(const LoadOutcome& outcome);

    CaseList* m_cases;
    CaseLoader* m_loader;
    QString m_shownLoose;         // the loose case shown, if any
    QString m_loadingLoose;       // the loose case being loaded, if any
    QString m_loadingProjectCase; // the project case being loaded, if any
};

} // namespace tgc

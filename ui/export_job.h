// An export running on a worker thread (QtConcurrent) behind a modal
// progress dialog with Cancel; the UI thread never waits on it. It reads a
// copy of the project taken at start, so edits cannot race with it.
#pragma once

#include "export/export_options.h"
#include "store/project.h"

#include <QObject>
#include <atomic>
#include <memory>

class QProgressDialog;

namespace tgc {

class ExportJob : public QObject {
    Q_OBJECT
public:
    // Starts at once; the job deletes itself after finished().
    static ExportJob* start(const Project& project, ExportOptions options, QWidget* parent);

Q_SIGNALS:
    // A summary for the user; error empty on success, "cancelled" stated.
    void finished(const tgc::ExportResult& result, const QString& error);

private:
    ExportJob(QWidget* parent);
    void run(const Project& project, ExportOptions options);

    QProgressDialog* m_dialog = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

// File ▸ Export…: asks for the options, saves the project, runs the export
// and reports the outcome in a message box.
class ProjectController;
void showExportDialog(QWidget* parent, ProjectController* controller);

} // namespace tgc

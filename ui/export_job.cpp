#include "export_job.h"

#include "export/dataset_exporter.h"
#include "export_dialog.h"
#include "io_error.h"
#include "project_controller.h"
#include "store/session.h"

#include <QFutureWatcher>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QtConcurrent>

namespace tgc {

namespace {

struct Outcome {
    ExportResult result;
    QString error;
};

} // namespace

ExportJob::ExportJob(QWidget* parent) : QObject(parent) {}

ExportJob* ExportJob::start(const Project& project, ExportOptions options, QWidget* parent) {
    auto* job = new ExportJob(parent);
    job->run(project, std::move(options));
    return job;
}

void ExportJob::run(const Project& project, ExportOptions options) {
    auto* parentWidget = qobject_cast<QWidget*>(parent());
    m_dialog = new QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 0, parentWidget);
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setMinimumDuration(300);
    auto cancel = m_cancel;
    connect(m_dialog, &QProgressDialog::canceled, this, [cancel] { cancel->store(true); });
    QPointer<QProgressDialog> progressDialog(m_dialog);
    options.progress = [cancel, progressDialog](int done, int total, const QString& current) {
        QMetaObject::invokeMethod(progressDialog, [progressDialog, done, total, current] {
            if (!progressDialog)
                return;
            progressDialog->setMaximum(total);
            progressDialog->setValue(done);
            progressDialog->setLabelText(current);
        });
        return !cancel->load();
    };
    auto copy = std::make_shared<Project>(project);
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        m_dialog->deleteLater();
        Q_EMIT finished(outcome.result, outcome.error);
        deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([copy, options] {
        Outcome outcome;
        try {
            outcome.result = exportDataset(*copy, options);
        } catch (const IoError& e) {
            outcome.error = e.message();
        } catch (const std::exception& e) {
            outcome.error = QString::fromLocal8Bit(e.what());
        }
        return outcome;
    }));
}

void showExportDialog(QWidget* parent, ProjectController* controller) {
    if (!controller || !controller->hasProject()) {
        QMessageBox::information(parent, QObject::tr("Export dataset"),
                                 QObject::tr("Open or create a project first: an export takes "
                                             "the project's finished cases."));
        return;
    }
    ExportDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (!controller->save()) // masks edited but unsaved would be missing from the export
        return;
    ExportJob* job = ExportJob::start(controller->session()->project(), dialog.options(), parent);
    QObject::connect(job, &ExportJob::finished, parent,
                     [parent](const ExportResult& result, const QString& error) {
                         if (!error.isEmpty()) {
                             QMessageBox::warning(parent, QObject::tr("Export failed"), error);
                             return;
                         }
                         if (result.cancelled) {
                             QMessageBox::information(
                                 parent, QObject::tr("Export cancelled"),
                                 QObject::tr("The export was cancelled; nothing was left in the "
                                             "folder."));
                             return;
                         }
                         QString text = QObject::tr("%1 case(s) exported to %2 (%3 files).")
                                            .arg(result.exported.size())
                                            .arg(result.out)
                                            .arg(result.files);
                         QStringList lines;
                         for (const ExportSkip& s : result.skipped)
                             lines << s.caseId + QStringLiteral(": ") + s.reason;
                         if (!lines.isEmpty())
                             text += QStringLiteral("\n\n") + QObject::tr("Skipped:") +
                                     QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
                         QMessageBox::information(parent, QObject::tr("Export finished"), text);
                     });
}

} // namespace tgc

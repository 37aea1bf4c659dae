#include "project_menus.h"

#include "named_widget.h"
#include "project_controller.h"

#include <QAction>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>

namespace tgc {

ProjectMenus::ProjectMenus(ProjectController* project, QWidget* window)
    : QObject(window), m_project(project), m_window(window) {
    m_progress = named(new QLabel, "projectProgress");
    connect(m_project, &ProjectController::progressChanged, this, &ProjectMenus::showProgress);
    connect(m_project, &ProjectController::projectChanged, this, &ProjectMenus::enableActions);
    connect(m_project, &ProjectController::busyStarted, this, &ProjectMenus::showBusy);
    connect(m_project, &ProjectController::busyProgress, this,
            [this](int done, int total, const QString& current) {
                if (!m_busy)
                    return;
                m_busy->setMaximum(total);
                m_busy->setValue(done);
                m_busy->setLabelText(current);
            });
    connect(m_project, &ProjectController::busyFinished, this, [this] {
        if (m_busy)
            m_busy->deleteLater();
    });
    m_project->setRecoveryQuestion([this](const RecoveryInfo& pending) {
        return QMessageBox::question(
                   m_window, tr("Restore unsaved work?"),
                   tr("%1 edit(s) to %2 case(s) were not saved when the application stopped "
                      "(last at %3). Restore them?")
                       .arg(pending.records)
                       .arg(pending.cases.size())
                       .arg(pending.lastEdit.toLocalTime().toString(Qt::TextDate)),
                   QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
    });
    showProgress();
}

void ProjectMenus::addFileActions(QMenu* file) {
    file->addAction(tr("&New project…"), this, &ProjectMenus::newProject);
    QAction* open = file->addAction(tr("Open p&roject…"), this, &ProjectMenus::chooseProject);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    QAction* saveAction =
        file->addAction(tr("&Save project"), m_project, &ProjectController::saveInBackground);
    saveAction->setShortcut(QKeySequence::Save);
    QAction* saveAsAction = file->addAction(tr("Save project &as…"), this, &ProjectMenus::saveAs);
    QAction* importFiles = file->addAction(tr("&Import images…"), this, [this] {
        m_project->importSources(
            QFileDialog::getOpenFileNames(m_window, tr("Import images or a case list")));
    });
    QAction* importFolder = file->addAction(tr("Import &folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(m_window, tr("Import a folder"));
        if (!dir.isEmpty())
            m_project->importSources({dir});
    });
    m_projectActions << saveAction << saveAsAction << importFiles << importFolder;
    enableActions();
}

QMenu* ProjectMenus::createCaseMenu(QWidget* parent) {
    auto* menu = new QMenu(tr("&Case"), parent);
    QAction* next =
        menu->addAction(tr("&Next unfinished"), this, [this] { m_project->nextUnfinished(1); });
    next->setShortcut(QKeySequence(Qt::Key_N));
    QAction* previous = menu->addAction(tr("&Previous unfinished"), this,
                                        [this] { m_project->nextUnfinished(-1); });
    previous->setShortcut(QKeySequence(Qt::Key_P));
    menu->addSeparator();
    auto statusAction = [this, menu](const QString& text, CaseStatus status, QKeySequence key) {
        QAction* a =
            menu->addAction(text, this, [this, status] { m_project->markShownCase(status); });
        a->setShortcut(key);
        m_projectActions << a;
    };
    statusAction(tr("Mark in &progress"), CaseStatus::InProgress,
                 QKeySequence(Qt::ALT | Qt::Key_I));
    statusAction(tr("Mark &done"), CaseStatus::Done, QKeySequence(Qt::ALT | Qt::Key_D));
    statusAction(tr("Mark &reviewed"), CaseStatus::Reviewed, QKeySequence(Qt::ALT | Qt::Key_R));
    m_projectActions << next << previous;
    enableActions();
    return menu;
}

void ProjectMenus::enableActions() {
    for (QAction* a : m_projectActions)
        a->setEnabled(m_project->hasProject());
}

void ProjectMenus::showProgress() {
    const QString problem = m_project->autosaveProblem();
    m_progress->setText(m_project->progressText());
    m_progress->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #f08c3c;"));
    m_progress->setToolTip(problem.isEmpty() ? QString()
                                             : tr("Autosave is failing: %1").arg(problem));
}

void ProjectMenus::showBusy(const QString& text, bool cancellable) {
    if (m_busy)
        m_busy->deleteLater();
    m_busy = new QProgressDialog(text, cancellable ? tr("Cancel") : QString(), 0, 0, m_window);
    m_busy->setWindowModality(Qt::WindowModal);
    m_busy->setMinimumDuration(300);
    if (cancellable)
        connect(m_busy, &QProgressDialog::canceled, m_project, &ProjectController::cancelBusy);
}

void ProjectMenus::newProject() {
    const QString folder =
        QFileDialog::getExistingDirectory(m_window, tr("New project: choose an empty folder"));
    if (!folder.isEmpty() && maybeClose())
        m_project->createProject(folder);
}

void ProjectMenus::chooseProject() {
    const QString folder = QFileDialog::getExistingDirectory(m_window, tr("Open project"));
    if (!folder.isEmpty() && maybeClose())
        m_project->openProject(folder);
}

void ProjectMenus::saveAs() {
    const QString folder =
        QFileDialog::getExistingDirectory(m_window, tr("Save project as: choose an empty folder"));
    if (!folder.isEmpty())
        m_project->saveAs(folder);
}

bool ProjectMenus::maybeClose() {
    if (!m_project->hasUnsavedChanges())
        return true;
    const auto answer = QMessageBox::question(
        m_window, tr("Unsaved changes"), tr("Save the changes to this project?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    return answer == QMessageBox::Discard || m_project->save();
}

} // namespace tgc

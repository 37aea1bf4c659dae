#include "project_compare_dialog.h"

#include "model_manager.h"
#include "project_controller.h"
#include "store/session.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace tgc {

ProjectCompareDialog::ProjectCompareDialog(ModelManager* models, ProjectController* project,
                                           QWidget* parent)
    : QDialog(parent), m_modelManager(models), m_project(project),
      m_job(new ProjectComparisonJob(models->host(), this)) {
    setObjectName(QStringLiteral("projectCompareDialog"));
    setWindowTitle(tr("Compare models on project"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Models (two or more), run on every done or reviewed case:")));
    m_models = new QListWidget;
    for (const ModelSpec& spec : models->models()) {
        auto* item = new QListWidgetItem(spec.name, m_models);
        item->setData(Qt::UserRole, spec.path);
        item->setData(Qt::UserRole + 1, spec.clipFolder);
        item->setToolTip(spec.path);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    layout->addWidget(m_models);

    auto* folderRow = new QHBoxLayout;
    m_folder = new QLineEdit;
    m_folder->setPlaceholderText(
        tr("Folder for metrics.csv, summary.json, montages and report.html"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Report folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    layout->addLayout(folderRow);
    m_progress = new QProgressBar;
    layout->addWidget(m_progress);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox;
    m_run = buttons->addButton(tr("Compare"), QDialogButtonBox::ActionRole);
    m_cancel = buttons->addButton(tr("Cancel comparison"), QDialogButtonBox::ActionRole);
    m_open = buttons->addButton(tr("Open report"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProjectCompareDialog::reject);
    connect(m_run, &QPushButton::clicked, this, &ProjectCompareDialog::run);
    connect(m_cancel, &QPushButton::clicked, m_job, &ProjectComparisonJob::cancel);
    connect(m_open, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_reportPath)); });
    connect(m_models, &QListWidget::itemChanged, this, &ProjectCompareDialog::refresh);
    connect(m_folder, &QLineEdit::textChanged, this, &ProjectCompareDialog::refresh);
    connect(m_job, &ProjectComparisonJob::progress, this, &ProjectCompareDialog::onProgress);
    connect(m_job, &ProjectComparisonJob::finished, this, &ProjectCompareDialog::onFinished);
    if (m_project->session())
        m_folder->setText(QDir(m_project->session()->project().root())
                              .absoluteFilePath(QStringLiteral("comparison")));
    resize(560, 420);
    refresh();
}

void ProjectCompareDialog::refresh() {
    int chosen = 0;
    for (int row = 0; row < m_models->count(); ++row)
        chosen += m_models->item(row)->checkState() == Qt::Checked;
    const bool running = m_job->isRunning();
    m_run->setEnabled(!running && chosen >= 2 && !m_folder->text().trimmed().isEmpty() &&
                      m_project->session());
    m_cancel->setEnabled(running);
    m_open->setEnabled(!running && !m_reportPath.isEmpty());
    m_models->setEnabled(!running);
    m_folder->setEnabled(!running);
    if (!m_project->session())
        m_status->setText(tr("Open a project first."));
}

void ProjectCompareDialog::run() {
    if (!m_project->session())
        return;
    QStringList checkpoints;
    ComparisonOptions options;
    const DeviceChoice choice = m_modelManager->deviceChoice();
    options.device = choice.device;
    options.threads = choice.threads;
    for (int row = 0; row < m_models->count(); ++row) {
        const QListWidgetItem* item = m_models->item(row);
        if (item->checkState() != Qt::Checked)
            continue;
        checkpoints << item->data(Qt::UserRole).toString();
        if (options.clipFolder.isEmpty())
            options.clipFolder = item->data(Qt::UserRole + 1).toString();
    }
    m_reportPath.clear();
    m_clock.start();
    if (!m_job->start(m_project->session()->project(), checkpoints, m_folder->text().trimmed(),
                      options))
        return;
    m_progress->setRange(0, 0);
    m_status->setText(tr("Loading the models…"));
    refresh();
}

void ProjectCompareDialog::onProgress(int done, int total, const QString& caseId) {
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
    if (done == 0) {
        m_status->setText(tr("Comparing on %n case(s)…", nullptr, total));
        m_clock.restart(); // the ETA counts from the first case, not the model loads
        return;
    }
    const double eta = double(m_clock.elapsed()) / 1000.0 / done * (total - done);
    m_status->setText(tr("Case %1 of %2 (%3), about %4 s left")
                          .arg(done)
                          .arg(total)
                          .arg(caseId)
                          .arg(eta, 0, 'f', 0));
}

void ProjectCompareDialog::onFinished(const ProjectComparisonJob::Outcome& outcome) {
    m_progress->setRange(0, 1);
    m_progress->setValue(outcome.ok ? 1 : 0);
    if (!outcome.ok)
        m_status->setText(tr("The comparison failed: %1").arg(outcome.error));
    else if (outcome.cancelled)
        m_status->setText(
            tr("Cancelled after %n case(s); the report shows those.", nullptr, outcome.cases));
    else
        m_status->setText(tr("%n case(s) compared. The report is in %1.", nullptr, outcome.cases)
                              .arg(QDir::toNativeSeparators(outcome.reportPath)));
    if (outcome.ok)
        m_reportPath = outcome.reportPath;
    refresh();
}

QString ProjectCompareDialog::statusText() const {
    return m_status->text();
}

void ProjectCompareDialog::reject() {
    m_job->cancel();
    QDialog::reject();
}

} // namespace tgc

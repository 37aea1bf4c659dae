#include "main_window.h"

#include "annotator.h"
#include "case_entry.h"
#include "case_opening.h"
#include "cases_panel.h"
#include "display_model.h"
#include "edit_panel.h"
#include "export_job.h"
#include "models_menu.h"
#include "named_widget.h"
#include "project_controller.h"
#include "project_menus.h"
#include "proposal_controller.h"
#include "proposal_panel.h"
#include "report_panel.h"
#include "settings_dialog.h"
#include "shortcuts.h"
#include "status_fields.h"
#include "store/session.h"
#include "token_counting.h"
#include "tool_registry.h"
#include "tools_panel.h"
#include "view_area.h"

#include <QAction>
#include <QCloseEvent>
#include <QDialog>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace tgc {

namespace {
const char* const kGeometryKey = "mainWindow/geometry";
const char* const kStateKey = "mainWindow/state";
const char* const kSplittersKey = "mainWindow/viewSplitters";
const char* const kOpacityKey = "overlay/opacity";
const char* const kLastDirKey = "mainWindow/lastDirectory";
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("TGC Annotator"));
    m_app = new Annotator(nullptr, this);
    m_projectMenus = new ProjectMenus(m_app->project(), this);
    m_modelsMenu = new ModelsMenu(m_app->models(), this);
    m_views = new ViewArea(m_app->display());
    setCentralWidget(m_views);
    createDocks();
    createCompareDock(); // main_window_compare.cpp
    createPacsDock();    // main_window_pacs.cpp
    createActions();
    createCompareMenu(); // main_window_compare.cpp
    createStatusBar();
    followLoading();
    connect(m_app, &Annotator::problem, this, &MainWindow::showError);
    connect(m_app, &Annotator::message, statusBar(), &QStatusBar::showMessage);
    connect(m_app->project(), &ProjectController::projectChanged, this,
            &MainWindow::showProjectMode);
    resize(1400, 900);
    setAcceptDrops(true);
    restoreSettings();
    // The chosen model (the demo by default) and the token counter load off
    // the UI thread.
    QTimer::singleShot(0, m_app, &Annotator::start);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (!paths.isEmpty())
        openPaths(paths);
    event->acceptProposedAction();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openImage = file->addAction(tr("&Open image…"), this, &MainWindow::openImage);
    openImage->setShortcut(QKeySequence::Open);
    openImage->setObjectName(QStringLiteral("actionOpenImage"));
    QAction* openFolder =
        file->addAction(tr("Open &DICOM or dataset folder…"), this, &MainWindow::openFolder);
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addSeparator();
    m_projectMenus->addFileActions(file);
    QAction* connectPacs =
        file->addAction(tr("Connect to &PACS…"), this, &MainWindow::showPacsDock);
    connectPacs->setObjectName(QStringLiteral("actionConnectPacs"));
    QAction* exportDataset = file->addAction(tr("&Export dataset…"), this,
                                             [this] { showExportDialog(this, m_app->project()); });
    exportDataset->setObjectName(QStringLiteral("actionExportDataset"));
    file->addSeparator();
    file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_app->edit()->createUndoAction(this);
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    undo->setObjectName(QStringLiteral("actionUndo"));
    QAction* redo = m_app->edit()->createRedoAction(this);
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setObjectName(QStringLiteral("actionRedo"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addActions(m_editPanel->toolActions());
    edit->addSeparator();
    edit->addActions(m_editPanel->sliceActions());

    menuBar()->addMenu(m_projectMenus->createCaseMenu(this));
    createModelsMenu();

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* fit = view->addAction(tr("&Fit"), m_views, &ViewArea::fitAll);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* one = view->addAction(tr("&1:1"), m_views, &ViewArea::oneToOneAll);
    one->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    view->addSeparator();
    view->addAction(m_casesDock->toggleViewAction());
    view->addAction(m_reportDock->toggleViewAction());
    view->addAction(m_toolsDock->toggleViewAction());
    view->addAction(m_compareDock->toggleViewAction());
    view->addAction(m_pacsDock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    keys->setObjectName(QStringLiteral("actionShortcuts"));
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About TGC Annotator"), this, [this] {
        QMessageBox::about(this, tr("About TGC Annotator"),
                           tr("TGC Annotator: text-guided annotation of medical images."));
    });
}

void MainWindow::createModelsMenu() {
    QMenu* models = m_modelsMenu->createMenu(this);
    auto* generate = named(new QAction(tr("&Generate mask"), models), "actionGenerate");
    generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    connect(generate, &QAction::triggered, m_proposalPanel, &ProposalPanel::generate);
    auto* generateVolume = named(new QAction(tr("Generate mask for the whole &volume"), models),
                                 "actionGenerateVolume");
    generateVolume->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    ProposalController* proposals = m_app->proposals();
    connect(generateVolume, &QAction::triggered, proposals,
            [proposals] { proposals->generate(ProposalController::Scope::Volume); });
    auto* cancelGenerate = new QAction(tr("Cancel generation"), models);
    connect(cancelGenerate, &QAction::triggered, proposals, &ProposalController::cancel);
    QAction* first = models->actions().value(0);
    models->insertActions(first, {generate, generateVolume, cancelGenerate});
    models->insertSeparator(first);
    menuBar()->addMenu(models);
}

void MainWindow::createDocks() {
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    m_casesDock = named(new QDockWidget(tr("Cases"), this), "casesDock");
    // One case list: the open project's cases, or the loose files as an unsaved project.
    m_casesPanel = new CasesPanel(m_app->cases());
    connect(m_casesPanel, &CasesPanel::caseActivated, m_app, &Annotator::openCase);
    m_casesDock->setWidget(m_casesPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_casesDock);

    // The model's proposal under the prompts it is generated from.
    m_reportPanel = new ReportPanel(m_app->prompts());
    connect(m_app->tokens(), &TokenCounting::counterReady, m_reportPanel,
            &ReportPanel::setTokenCounter);
    m_proposalPanel = new ProposalPanel(m_app->proposals());
    auto* reportPage = new QWidget;
    auto* reportLayout = new QVBoxLayout(reportPage);
    reportLayout->setContentsMargins(0, 0, 0, 0);
    reportLayout->setSpacing(0);
    reportLayout->addWidget(m_reportPanel, 1);
    reportLayout->addWidget(m_proposalPanel);
    m_reportDock = named(new QDockWidget(tr("Report"), this), "reportDock");
    m_reportDock->setWidget(reportPage);
    addDockWidget(Qt::RightDockWidgetArea, m_reportDock);

    m_tools = new ToolsPanel(m_app->display());
    connect(m_tools, &ToolsPanel::fitRequested, m_views, &ViewArea::fitAll);
    connect(m_tools, &ToolsPanel::oneToOneRequested, m_views, &ViewArea::oneToOneAll);
    m_editPanel = new EditPanel(m_app->edit(), new ToolBox(m_app->edit(), this), m_views);
    // Viewing and editing share the dock, scrolled when the window is short.
    auto* toolsPage = new QWidget;
    auto* toolsLayout = new QVBoxLayout(toolsPage);
    toolsLayout->setContentsMargins(0, 0, 0, 0);
    toolsLayout->addWidget(m_editPanel);
    toolsLayout->addWidget(m_tools);
    auto* toolsScroll = new QScrollArea;
    toolsScroll->setWidget(toolsPage);
    toolsScroll->setWidgetResizable(true);
    toolsScroll->setFrameShape(QFrame::NoFrame);
    toolsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_toolsDock = named(new QDockWidget(tr("Tools"), this), "toolsDock");
    m_toolsDock->setWidget(toolsScroll);
    // No horizontal scrolling: the dock is as wide as the widest tool row.
    toolsScroll->setMinimumWidth(toolsPage->minimumSizeHint().width() +
                                 toolsScroll->verticalScrollBar()->sizeHint().width());
    addDockWidget(Qt::RightDockWidgetArea, m_toolsDock);
    resizeDocks({m_casesDock, m_reportDock}, {300, 320}, Qt::Horizontal);
    resizeDocks({m_reportDock, m_toolsDock}, {300, 600}, Qt::Vertical);
}

void MainWindow::createStatusBar() {
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);
    m_cancel = new QToolButton;
    m_cancel->setText(tr("Cancel"));
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, m_app->opening(), &CaseOpening::cancel);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_projectMenus->progressLabel());
    statusBar()->addPermanentWidget(m_modelsMenu->statusLabel());
    m_fields = new StatusFields(m_app->display(), m_views, statusBar());
}

QString MainWindow::statusFieldsText() const {
    return m_fields->text();
}

void MainWindow::openPaths(const QStringList& paths) {
    m_app->openPaths(paths);
}

QString MainWindow::lastError() const {
    return m_app->lastError();
}

void MainWindow::openImage() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open image"), settings.value(QLatin1String(kLastDirKey)).toString(),
        tr("Images (*.dcm *.nii *.nii.gz *.mha *.mhd *.png *.jpg *.jpeg *.tif *.tiff);;"
           "All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QLatin1String(kLastDirKey), QFileInfo(path).absolutePath());
    openPaths({path});
}

void MainWindow::openFolder() {
    QSettings settings;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Open DICOM or dataset folder"),
                                          settings.value(QLatin1String(kLastDirKey)).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QLatin1String(kLastDirKey), dir);
    openPaths({dir});
}

void MainWindow::showProjectMode() {
    const ProjectController* project = m_app->project();
    setWindowTitle(project->hasProject()
                       ? tr("%1 — TGC Annotator").arg(project->session()->project().name)
                       : tr("TGC Annotator"));
}

void MainWindow::setLoadingUi(bool loading) {
    m_progress->setVisible(loading);
    m_cancel->setVisible(loading);
    if (loading)
        m_progress->setRange(0, 0); // busy until the reader reports a count
}

// The status bar follows a case load: progress with Cancel, then what was
// loaded or why not.
void MainWindow::followLoading() {
    connect(m_app, &Annotator::loadStarted, this, [this](const QString& name) {
        setLoadingUi(true);
        statusBar()->showMessage(tr("Loading %1…").arg(name));
    });
    connect(m_app, &Annotator::loadProgress, this, [this](int done, int total) {
        if (total > 0) {
            m_progress->setRange(0, total);
            m_progress->setValue(done);
        }
    });
    connect(m_app, &Annotator::loadFailed, this,
            [this](const QString& name, const QString&, bool cancelled) {
                setLoadingUi(false);
                if (cancelled)
                    statusBar()->showMessage(tr("Loading %1 cancelled").arg(name), 5000);
                else
                    statusBar()->clearMessage();
            });
    connect(m_app, &Annotator::caseShown, this, &MainWindow::showCase);
    connect(m_app, &Annotator::loadFinished, this, &MainWindow::loadFinished);
}

void MainWindow::showCase(const LoadedCase& loaded) {
    setLoadingUi(false);
    const QString& id = loaded.entry.id;
    setWindowTitle(tr("%1 — TGC Annotator").arg(id));
    const auto& d = loaded.image->dims();
    QString message =
        tr("%1: %2 × %3 × %4, %5")
            .arg(id)
            .arg(d[0])
            .arg(d[1])
            .arg(d[2])
            .arg(loaded.image->modality.isEmpty() ? tr("no modality") : loaded.image->modality);
    if (!loaded.warnings.isEmpty())
        message += QStringLiteral(" — ") + loaded.warnings.join(QStringLiteral("; "));
    statusBar()->showMessage(message);
    m_fields->reset();
    m_views->view(Orientation::Axial)->setFocus(); // keys 1-5 and arrows work at once
}

void MainWindow::showError(const QString& title, const QString& message) {
    // Not modal-blocking: a failed load must not stall a batch or a screenshot.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showShortcuts() {
    QDialog* dialog = findChild<QDialog*>(QStringLiteral("shortcutsDialog"));
    if (!dialog)
        dialog = createShortcutsDialog(this);
    dialog->show();
    dialog->raise();
}

void MainWindow::showSettings() {
    SettingsDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted && m_app->project()->session())
        m_app->project()->session()->setUser(
            QSettings().value(QStringLiteral("user/name")).toString());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
    settings.setValue(QLatin1String(kSplittersKey), m_views->saveSplitterState());
    settings.setValue(QLatin1String(kOpacityKey), m_app->display()->overlayOpacity());
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray());
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
    m_views->restoreSplitterState(settings.value(QLatin1String(kSplittersKey)).toByteArray());
    m_app->display()->setOverlayOpacity(settings.value(QLatin1String(kOpacityKey), 0.5).toDouble());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_projectMenus->maybeClose()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace tgc

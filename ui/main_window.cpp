#include "main_window.h"

#include "case_list.h"
#include "case_opening.h"
#include "case_prompts.h"
#include "cases_panel.h"
#include "edit_panel.h"
#include "export_job.h"
#include "model_host.h"
#include "model_manager.h"
#include "project_controller.h"
#include "proposal_controller.h"
#include "proposal_panel.h"
#include "report_panel.h"
#include "settings_dialog.h"
#include "shortcuts.h"
#include "store/session.h"
#include "token_counting.h"
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
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>

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
    m_model = new DisplayModel(this);
    m_cases = new CaseList(this);
    m_opening = new CaseOpening(m_cases, this);
    m_edit = new EditSession(m_model, this);
    m_views = new ViewArea(m_model);
    setCentralWidget(m_views);
    createDocks();
    createCompareDock(); // main_window_compare.cpp
    createPacsDock();    // main_window_pacs.cpp
    createActions();
    createCompareMenu(); // main_window_compare.cpp
    createStatusBar();
    connect(m_opening, &CaseOpening::projectFolder, this,
            [this](const QString& folder) { m_project->openProject(folder); });
    connect(m_opening, &CaseOpening::problem, this, &MainWindow::showError);
    connect(m_opening, &CaseOpening::started, this, [this](const QString& name) {
        setLoadingUi(true);
        statusBar()->showMessage(tr("Loading %1…").arg(name));
    });
    connect(m_opening, &CaseOpening::progress, this, &MainWindow::onLoadProgress);
    connect(m_opening, &CaseOpening::loaded, this, &MainWindow::showCase);
    connect(m_opening, &CaseOpening::failed, this, &MainWindow::loadFailed);
    connect(m_views, &ViewArea::pointerMoved, this, &MainWindow::showPointer);
    connect(m_views, &ViewArea::pointerLeft, this, &MainWindow::clearPointer);
    connect(m_views, &ViewArea::zoomChanged, this, &MainWindow::showZoom);
    resize(1400, 900);
    setAcceptDrops(true);
    restoreSettings();
    // The chosen model (the demo by default) loads on the worker's thread.
    QTimer::singleShot(0, m_models, &ModelManager::start);
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
    m_project->addFileActions(file);
    QAction* connectPacs =
        file->addAction(tr("Connect to &PACS…"), this, &MainWindow::showPacsDock);
    connectPacs->setObjectName(QStringLiteral("actionConnectPacs"));
    QAction* exportDataset = file->addAction(tr("&Export dataset…"), this,
                                             [this] { showExportDialog(this, m_project); });
    exportDataset->setObjectName(QStringLiteral("actionExportDataset"));
    file->addSeparator();
    file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_edit->createUndoAction(this);
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    undo->setObjectName(QStringLiteral("actionUndo"));
    QAction* redo = m_edit->createRedoAction(this);
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setObjectName(QStringLiteral("actionRedo"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addActions(m_editPanel->toolActions());
    edit->addSeparator();
    edit->addActions(m_editPanel->sliceActions());

    menuBar()->addMenu(m_project->createCaseMenu(this));

    QMenu* models = m_models->createMenu(this);
    auto* generate = new QAction(tr("&Generate mask"), models);
    generate->setObjectName(QStringLiteral("actionGenerate"));
    generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    connect(generate, &QAction::triggered, m_proposalPanel, &ProposalPanel::generate);
    auto* generateVolume = new QAction(tr("Generate mask for the whole &volume"), models);
    generateVolume->setObjectName(QStringLiteral("actionGenerateVolume"));
    generateVolume->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    connect(generateVolume, &QAction::triggered, this,
            [this] { m_proposals->generate(ProposalController::Scope::Volume); });
    auto* cancelGenerate = new QAction(tr("Cancel generation"), models);
    connect(cancelGenerate, &QAction::triggered, m_proposals, &ProposalController::cancel);
    QAction* first = models->actions().value(0);
    models->insertActions(first, {generate, generateVolume, cancelGenerate});
    models->insertSeparator(first);
    menuBar()->addMenu(models);

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

void MainWindow::createDocks() {
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    m_casesDock = new QDockWidget(tr("Cases"), this);
    m_casesDock->setObjectName(QStringLiteral("casesDock"));
    // One case list: the open project's cases, or the loose files as an unsaved project.
    m_casesPanel = new CasesPanel(m_cases);
    connect(m_casesPanel, &CasesPanel::caseActivated, this, &MainWindow::openCase);
    m_prompts = new CasePrompts(this);
    m_reportPanel = new ReportPanel(m_prompts);
    m_tokens = new TokenCounting(this);
    connect(m_tokens, &TokenCounting::counterReady, m_reportPanel, &ReportPanel::setTokenCounter);
    m_tokens->start();
    m_project = new ProjectController(m_prompts, m_cases, this);
    connect(m_project, &ProjectController::caseRequested, m_opening, &CaseOpening::openProjectCase);
    connect(m_project, &ProjectController::projectChanged, this, &MainWindow::showProjectMode);
    connect(m_project, &ProjectController::error, this, &MainWindow::showError);
    // Every stroke, fill, accepted proposal, undo and redo reaches the autosave journal.
    connect(m_edit, &EditSession::tilesWritten, m_project, &ProjectController::recordMaskTiles);
    connect(m_project, &ProjectController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    m_casesDock->setWidget(m_casesPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_casesDock);

    // A loose image's report lives in the case list.
    connect(m_prompts, &CasePrompts::edited, this, [this](const QString& field) {
        if (field == QLatin1String("report") && !m_project->hasProject() &&
            !m_opening->shownLoose().isEmpty())
            m_cases->setLooseReport(m_opening->shownLoose(), m_prompts->report());
    });
    m_reportDock = new QDockWidget(tr("Report"), this);
    m_reportDock->setObjectName(QStringLiteral("reportDock"));
    // The model's proposal under the prompts it is generated from.
    // The one model host: every inference of the window goes through it.
    m_models = new ModelManager(std::make_shared<ModelHost>(), this);
    connect(m_models, &ModelManager::error, this, &MainWindow::showError);
    // The count shown is the active model's: its own tokenizer.
    connect(m_models, &ModelManager::modelReady, m_tokens, [this](const ModelInfo& info) {
        m_tokens->useModel(info.tokenizer, info.spec.clipFolder);
    });
    m_proposals =
        new ProposalController(m_model, m_edit, m_views, m_prompts, m_project, m_models, this);
    connect(m_proposals, &ProposalController::error, this, &MainWindow::showError);
    connect(m_proposals, &ProposalController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    m_proposalPanel = new ProposalPanel(m_proposals);
    auto* reportPage = new QWidget;
    auto* reportLayout = new QVBoxLayout(reportPage);
    reportLayout->setContentsMargins(0, 0, 0, 0);
    reportLayout->setSpacing(0);
    reportLayout->addWidget(m_reportPanel, 1);
    reportLayout->addWidget(m_proposalPanel);
    m_reportDock->setWidget(reportPage);
    addDockWidget(Qt::RightDockWidgetArea, m_reportDock);

    m_tools = new ToolsPanel(m_model);
    connect(m_tools, &ToolsPanel::fitRequested, m_views, &ViewArea::fitAll);
    connect(m_tools, &ToolsPanel::oneToOneRequested, m_views, &ViewArea::oneToOneAll);
    m_editPanel = new EditPanel(m_edit, new ToolBox(m_edit, this), m_views);
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
    m_toolsDock = new QDockWidget(tr("Tools"), this);
    m_toolsDock->setObjectName(QStringLiteral("toolsDock"));
    m_toolsDock->setWidget(toolsScroll);
    // No horizontal scrolling: the dock is as wide as the widest tool row.
    toolsScroll->setMinimumWidth(toolsPage->minimumSizeHint().width() +
                                 toolsScroll->verticalScrollBar()->sizeHint().width());
    addDockWidget(Qt::RightDockWidgetArea, m_toolsDock);
    resizeDocks({m_casesDock, m_reportDock}, {300, 320}, Qt::Horizontal);
    resizeDocks({m_reportDock, m_toolsDock}, {300, 600}, Qt::Vertical);
}

void MainWindow::createStatusBar() {
    auto field = [this](const char* name, int chars) {
        auto* label = new QLabel;
        label->setObjectName(QLatin1String(name));
        label->setMinimumWidth(label->fontMetrics().averageCharWidth() * chars);
        statusBar()->addPermanentWidget(label);
        return label;
    };
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);
    m_cancel = new QToolButton;
    m_cancel->setText(tr("Cancel"));
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, m_opening, &CaseOpening::cancel);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_project->progressLabel());
    statusBar()->addPermanentWidget(m_models->statusLabel());
    m_positionLabel = field("positionLabel", 22);
    m_valueLabel = field("valueLabel", 14);
    m_sliceLabel = field("sliceLabel", 18);
    m_zoomLabel = field("zoomLabel", 10);
    clearPointer();
    showZoom(1.0);
}

QString MainWindow::statusFieldsText() const {
    return QStringList{m_positionLabel->text(), m_valueLabel->text(), m_sliceLabel->text(),
                       m_zoomLabel->text()}
        .join(QStringLiteral(" | "));
}

void MainWindow::showPointer(Orientation orientation, int i, int j, int k, bool inside) {
    if (!inside || !m_model->hasImage()) {
        clearPointer();
        return;
    }
    m_positionLabel->setText(tr("x %1  y %2  z %3").arg(i).arg(j).arg(k));
    QString value = m_model->valueText({i, j, k});
    if (const LabelMap* labels = m_model->labels(); labels && !labels->isEmpty()) {
        if (const Label* label = labels->label(labels->at(i, j, k)))
            value += QStringLiteral(" · ") + label->name;
    }
    m_valueLabel->setText(tr("Value %1").arg(value));
    const SliceGeometry g(m_model->image()->geometry(), orientation);
    m_sliceLabel->setText(
        tr("Slice %1/%2").arg(m_model->sliceIndex(orientation) + 1).arg(g.sliceCount()));
    showZoom(m_views->view(orientation)->transform().zoomFactor());
}

void MainWindow::clearPointer() {
    m_positionLabel->setText(tr("x –  y –  z –"));
    m_valueLabel->setText(tr("Value –"));
    if (m_model->hasImage()) {
        const SliceGeometry g(m_model->image()->geometry(), Orientation::Axial);
        m_sliceLabel->setText(
            tr("Slice %1/%2").arg(m_model->sliceIndex(Orientation::Axial) + 1).arg(g.sliceCount()));
    } else {
        m_sliceLabel->setText(tr("Slice –"));
    }
}

void MainWindow::showZoom(double factor) {
    m_zoomLabel->setText(tr("Zoom %1 %").arg(std::lround(factor * 100.0)));
}

void MainWindow::openPaths(const QStringList& paths) {
    const QString first = m_opening->addPaths(paths);
    if (first.isEmpty() || !m_opening->openLoose(first))
        Q_EMIT loadFinished(false);
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
    setWindowTitle(m_project->hasProject()
                       ? tr("%1 — TGC Annotator").arg(m_project->session()->project().name)
                       : tr("TGC Annotator"));
}

void MainWindow::openCase(const QString& caseId) {
    if (!m_cases->showsProject())
        m_opening->openLoose(caseId);
    else if (caseId != m_project->currentCaseId())
        m_project->openCase(caseId);
}

bool MainWindow::isLoading() const {
    return m_opening->isLoading();
}

void MainWindow::setLoadingUi(bool loading) {
    m_progress->setVisible(loading);
    m_cancel->setVisible(loading);
    if (loading)
        m_progress->setRange(0, 0); // busy until the reader reports a count
}

void MainWindow::onLoadProgress(int done, int total) {
    if (total > 0) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    }
}

void MainWindow::loadFailed(const QString& name, const QString& error, bool cancelled) {
    setLoadingUi(false);
    if (cancelled) {
        statusBar()->showMessage(tr("Loading %1 cancelled").arg(name), 5000);
    } else {
        statusBar()->clearMessage();
        showError(tr("Cannot open image"), error);
    }
    Q_EMIT loadFinished(false);
}

void MainWindow::showCase(const LoadedCase& loaded, const QString& projectCaseId) {
    setLoadingUi(false);
    m_model->setImage(loaded.image, loaded.labels);
    if (!projectCaseId.isEmpty()) {
        m_project->caseLoaded(projectCaseId, loaded.labels);
        m_model->notifyLabelsChanged(); // unsaved edits kept in memory may have been applied
    } else {
        m_project->leaveCase();
        m_prompts->showLooseReport(loaded.entry.report);
    }
    m_proposals->caseShown(projectCaseId); // a saved proposal comes back
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
    clearPointer();
    showZoom(m_views->view(Orientation::Axial)->transform().zoomFactor());
    m_views->view(Orientation::Axial)->setFocus(); // keys 1-5 and arrows work at once
    Q_EMIT loadFinished(true);
}

void MainWindow::showError(const QString& title, const QString& message) {
    m_lastError = message;
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
    if (dialog.exec() == QDialog::Accepted && m_project->session())
        m_project->session()->setUser(QSettings().value(QStringLiteral("user/name")).toString());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
    settings.setValue(QLatin1String(kSplittersKey), m_views->saveSplitterState());
    settings.setValue(QLatin1String(kOpacityKey), m_model->overlayOpacity());
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray());
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
    m_views->restoreSplitterState(settings.value(QLatin1String(kSplittersKey)).toByteArray());
    m_model->setOverlayOpacity(settings.value(QLatin1String(kOpacityKey), 0.5).toDouble());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_project->maybeClose()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace tgc

// The project in the main window: case table with status colours, filter
// and search, next/previous unfinished, "N of M done", report panel edits
// reaching the journal, the token counter, and a review needing a second name.
#include "annotator.h"
#include "case_list.h"
#include "case_prompts.h"
#include "cases_panel.h"
#include "image_writer.h"
#include "main_window.h"
#include "project_controller.h"
#include "prompt_tokens.h"
#include "report_editor.h"
#include "report_panel.h"
#include "store/importer.h"
#include "store/session.h"
#include "token_counting.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using namespace tgc;

class TestProjectUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void caseListFiltersAndCounts();
    void caseDockShowsLooseFilesThenTheProject();
    void nextUnfinishedAndReportEdits();
    void tokenCounterWarnsWhenCut();
    void tokenCounterFollowsTheModel();
    void importFromTheWindowListsBadFiles();

private:
    QTemporaryDir m_dir;
    QString m_root;
};

void TestProjectUi::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("TGC-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_project_ui"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath("settings"));
    QSettings().setValue("user/name", "Dr A");
    VolumeGeometry g;
    g.dims = {48, 40, 1};
    QStringList sources;
    for (int i = 0; i < 4; ++i) {
        ImageVolume image(VoxelType::UInt8, 1, g);
        for (std::size_t n = 0; n < g.voxelCount(); ++n)
            image.data<std::uint8_t>()[n] = std::uint8_t((n + std::size_t(i) * 17) % 250);
        sources << m_dir.filePath(QString("case%1.png").arg(i));
        writePng(image, sources.back());
    }
    m_root = m_dir.filePath("project");
    Project p = Project::create(m_root);
    QCOMPARE(importSources(p, sources).added.size(), 4);
    p.cases()[0].status = CaseStatus::Done;
    p.cases()[1].report = "Opacity in the left lung.";
    p.cases()[3].status = CaseStatus::Reviewed;
    p.save();
}

void TestProjectUi::caseListFiltersAndCounts() {
    MainWindow window;
    window.show();
    ProjectController* project = window.app()->project();
    QVERIFY(project->openProject(m_root, ProjectController::Recovery::Discard));
    QTableView* table = window.casesPanel()->table();
    QCOMPARE(table->model()->rowCount(), 4);
    QCOMPARE(project->progressText(), QString("2 of 4 done"));
    QCOMPARE(window.findChild<QLabel*>("projectProgress")->text(), QString("2 of 4 done"));
    const QModelIndex status = table->model()->index(0, CaseList::Status);
    QCOMPARE(status.data().toString(), QString("done"));
    QCOMPARE(status.data(Qt::ForegroundRole).value<QColor>(),
             CaseList::statusColour(CaseStatus::Done));

    auto* filter = window.findChild<QComboBox*>("statusFilter");
    filter->setCurrentIndex(filter->findData("reviewed"));
    QCOMPARE(table->model()->rowCount(), 1);
    filter->setCurrentIndex(0);
    window.findChild<QLineEdit*>("caseSearch")->setText("LEFT LUNG");
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QString("case1"));
}

void TestProjectUi::caseDockShowsLooseFilesThenTheProject() {
    MainWindow window;
    window.show();
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    window.openPaths({m_dir.filePath("case2.png")});
    QVERIFY(loaded.wait(20000));
    QTableView* table = window.casesPanel()->table();
    auto* filter = window.findChild<QComboBox*>("statusFilter");
    // Loose files: a list of names, the one shown selected.
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QString("case2.png"));
    QVERIFY(!filter->isVisibleTo(&window));
    QVERIFY(!table->horizontalHeader()->isVisibleTo(&window));
    for (int column = 1; column < CaseList::ColumnCount; ++column)
        QVERIFY(table->isColumnHidden(column));
    QVERIFY(table->selectionModel()->isRowSelected(0, {}));
    QVERIFY(!window.app()->project()->hasProject());

    // The project: its cases with every column and the filter bar.
    ProjectController* project = window.app()->project();
    QVERIFY(project->openProject(m_root, ProjectController::Recovery::Discard));
    QCOMPARE(table->model()->rowCount(), 4);
    QVERIFY(filter->isVisibleTo(&window));
    QVERIFY(table->horizontalHeader()->isVisibleTo(&window));
    for (int column = 0; column < CaseList::ColumnCount; ++column)
        QVERIFY(!table->isColumnHidden(column));
    QVERIFY(table->horizontalHeader()->length() >= table->viewport()->width()); // From stretches
    QVERIFY(!table->selectionModel()->hasSelection());
    project->nextUnfinished(1);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(project->currentCaseId(), QString("case1"));
    QVERIFY(table->selectionModel()->isRowSelected(1, {}));
    // A loose image shown over the project: the project's case is no longer selected.
    window.openPaths({m_dir.filePath("case2.png")});
    QVERIFY(loaded.wait(20000));
    QCOMPARE(table->model()->rowCount(), 4);
    QVERIFY(!table->selectionModel()->hasSelection());
    QCOMPARE(project->currentCaseId(), QString());
}

void TestProjectUi::nextUnfinishedAndReportEdits() {
    MainWindow window;
    window.show();
    ProjectController* project = window.app()->project();
    QVERIFY(project->openProject(m_root, ProjectController::Recovery::Discard));
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    project->nextUnfinished(1); // case0 is done: case1 is next
    QVERIFY(loaded.wait(20000));
    QCOMPARE(project->currentCaseId(), QString("case1"));
    QCOMPARE(window.app()->prompts()->report(), QString("Opacity in the left lung."));
    QCOMPARE(reportEditorOf(window)->toPlainText(), QString("Opacity in the left lung."));
    project->nextUnfinished(1);
    QVERIFY(loaded.wait(20000));
    QCOMPARE(project->currentCaseId(), QString("case2"));
    project->nextUnfinished(1); // case3 reviewed, case0 done: back to case1
    QVERIFY(loaded.wait(20000));
    QCOMPARE(project->currentCaseId(), QString("case1"));

    reportEditorOf(window)->setPlainText("Opacity in the right lung.");
    reportEditorOf(window, "notesEditor")->setPlainText("recheck");
    ProjectSession* session = project->session();
    QTRY_COMPARE_WITH_TIMEOUT(session->project().findCase("case1")->report,
                              QString("Opacity in the right lung."), 2000);
    QCOMPARE(session->project().findCase("case1")->annotator, QString("Dr A"));
    QCOMPARE(session->project().findCase("case1")->status, CaseStatus::InProgress);
    QVERIFY(session->flushJournal());
    QVERIFY(readJournal(m_root).size() >= 3);
    QVERIFY(project->setStatus(CaseStatus::Reviewed).contains("second person"));
    QCOMPARE(project->setStatus(CaseStatus::Done), QString());
    QCOMPARE(project->progressText(), QString("3 of 4 done"));
    QCOMPARE(window.findChild<QLabel*>("projectProgress")->text(), QString("3 of 4 done"));
    QVERIFY(project->save());
    QVERIFY(!session->isDirty());
}

void TestProjectUi::tokenCounterWarnsWhenCut() {
    CasePrompts prompts;
    ReportPanel panel(&prompts);
    const QString clip = QStringLiteral(TGC_SHARED_DIR "/clip");
    auto tokens = std::make_shared<const PromptTokens>(clip);
    panel.setTokenCounter(tokens);
    CaseRecord record;
    record.report = "Bilateral pulmonary infection.";
    prompts.showCase(&record);
    if (tokens->isExact())
        QCOMPARE(panel.reportTokensText(),
                 QString("%1 / 77 tokens").arg(tokens->count(record.report).tokens));
    else
        QVERIFY(panel.reportTokensText().startsWith("≈"));
    QStringList words;
    for (int i = 0; i < 90; ++i)
        words << "opacity";
    prompts.setReport(words.join(' '));
    QVERIFY2(panel.reportTokensText().contains("too long"), qPrintable(panel.reportTokensText()));
    // Without a vocabulary the count is a lower bound and says so.
    panel.setTokenCounter(std::make_shared<const PromptTokens>(QString()));
    QVERIFY(panel.reportTokensText().startsWith("≈ 92 / 77"));
}

void TestProjectUi::tokenCounterFollowsTheModel() {
    TokenCounting counting;
    std::vector<std::shared_ptr<const PromptTokens>> announced;
    connect(&counting, &TokenCounting::counterReady, this,
            [&announced](std::shared_ptr<const PromptTokens> tokens) {
                announced.push_back(std::move(tokens));
            });
    counting.start(); // no vocabulary configured here: approximate counts, at once
    QCOMPARE(announced.size(), std::size_t(1));
    QVERIFY(!announced.front()->isExact());
    // CLIP's vocabulary asked for, then a model's byte tokenizer before it loaded: only the
    // model's is announced, however late CLIP's arrives.
    counting.useModel("clip-bpe", QStringLiteral(TGC_SHARED_DIR "/clip"));
    counting.useModel("byte", QString());
    QTRY_COMPARE(announced.size(), std::size_t(2));
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(50);
    QCOMPARE(announced.size(), std::size_t(2));
    QCOMPARE(announced.back()->kind(), QString("byte"));
    QVERIFY(announced.back()->isExact());
}

void TestProjectUi::importFromTheWindowListsBadFiles() {
    QTemporaryDir tmp;
    const QString root = tmp.filePath("fresh");
    Project::create(root);
    VolumeGeometry g;
    g.dims = {20, 20, 1};
    ImageVolume image(VoxelType::UInt8, 1, g);
    image.data<std::uint8_t>()[5] = 200;
    writePng(image, tmp.filePath("in/new.png"));
    QFile bad(tmp.filePath("in/bad.png"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\x89PNG\r\n\x1a\n but cut short");
    bad.close();

    MainWindow window;
    window.show();
    ProjectController* project = window.app()->project();
    QVERIFY(project->openProject(root, ProjectController::Recovery::Discard));
    QSignalSpy finished(project, &ProjectController::importFinished);
    QSignalSpy errors(project, &ProjectController::error);
    QSignalSpy saved(project, &ProjectController::saveFinished);
    project->importSources({tmp.filePath("in")});
    QVERIFY(finished.wait(30000));
    QVERIFY(saved.size() == 1 ||
            saved.wait(30000)); // the save after an import runs off the UI thread
    QCOMPARE(saved.first().first().toBool(), true);
    QCOMPARE(finished.first().first().toInt(), 1);
    QCOMPARE(window.casesPanel()->table()->model()->rowCount(), 1);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.first().at(1).toString().contains("bad.png"));
    QCOMPARE(int(Project::open(root).cases().size()), 1); // saved
}

QTEST_MAIN(TestProjectUi)
#include "test_project_ui.moc"

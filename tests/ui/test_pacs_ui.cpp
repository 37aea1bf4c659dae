// The PACS dock in the main window against a real Orthanc the suite starts:
// a refused login said in words, the series listed with the study's report
// marked, Pull turning a series into an open case with its SR report, and
// Push mask storing the painted mask as one DICOM SEG on the server.
#include "../pacs/pacs_fixture.h"
#include "annotator.h"
#include "case_list.h"
#include "case_prompts.h"
#include "dicomweb_client.h"
#include "edit/label_editor.h"
#include "edit_session.h"
#include "main_window.h"
#include "mask_metrics.h"
#include "pacs_browser.h"
#include "pacs_dock.h"
#include "project_controller.h"
#include "report_panel.h"
#include "review_window.h"
#include "series_reviewer.h"
#include "slice_view.h"
#include "store/project.h"
#include "store/session.h"
#include "team_state.h"
#include "team_worklist.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;
using tgc::test::OrthancServer;

namespace {

// The last row of the dock's list with this description; -1 when none.
int rowOf(const QTableWidget* table, const QString& description) {
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0) && table->item(r, 0)->text() == description)
            row = r;
    return row;
}

} // namespace

class TestPacsUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void refusedLoginIsSaidAndNothingListed();
    void pullOpensTheCaseWithItsReportAndPushStoresOneSeg();
    void dimseServerIsBrowsedPulledAndPushed();
    void reviewShowsEveryAnnotatorAndRecordsTheFinal();
    void offlineSubmitWaitsInTheProjectAndIsSent();

private:
    void connectDock(MainWindow& window, const QString& password);

    QTemporaryDir m_tmp;
    test::PacsSeries m_chest;
    std::unique_ptr<OrthancServer> m_orthanc;
};

void TestPacsUi::initTestCase() {
    QVERIFY2(OrthancServer::missing().isEmpty(), qPrintable(OrthancServer::missing()));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_tmp.filePath("settings"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    m_chest = test::writePhantomSeries(m_tmp.filePath("chest"), 0, "P7", "chest ct");
    const QString sr =
        test::writeStudyReport(m_tmp.filePath("sr"), m_chest, "Enlarged spleen. Liver normal.");
    m_orthanc = std::make_unique<OrthancServer>();
    QVERIFY2(m_orthanc->start(), qPrintable(m_orthanc->error()));
    QVERIFY2(m_orthanc->upload(m_chest.files + QStringList{sr}), qPrintable(m_orthanc->error()));
}

void TestPacsUi::connectDock(MainWindow& window, const QString& password) {
    window.showPacsDock();
    PacsDock* dock = window.pacsPanel();
    dock->findChild<QLineEdit*>("pacsAddress")->setText(m_orthanc->dicomWebUrl());
    dock->findChild<QLineEdit*>("pacsUser")->setText(m_orthanc->user());
    dock->findChild<QLineEdit*>("pacsPassword")->setText(password);
    QTest::mouseClick(dock->findChild<QPushButton*>("pacsConnect"), Qt::LeftButton);
}

void TestPacsUi::refusedLoginIsSaidAndNothingListed() {
    MainWindow window;
    window.show();
    QSignalSpy failed(window.app()->pacs(), &PacsBrowser::failed);
    connectDock(window, QStringLiteral("wrong-password"));
    QVERIFY(failed.wait(20000));
    const QString status = window.pacsPanel()->statusText();
    QVERIFY2(status.contains(m_orthanc->dicomWebUrl()) && status.contains("login"),
             qPrintable(status));
    QVERIFY(!status.contains("wrong-password"));
    QCOMPARE(window.pacsPanel()->findChild<QTableWidget*>("pacsSeries")->rowCount(), 0);
    // The address and user are remembered only after a good login; never the password.
    QVERIFY(!QSettings().contains("pacs/password"));

    // A CA file that holds no certificate is named, and nothing is listed.
    const QString notPem = m_tmp.filePath("not-a-ca.pem");
    QFile bad(notPem);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not a certificate\n");
    bad.close();
    failed.clear();
    window.pacsPanel()->findChild<QLineEdit*>("pacsCaFile")->setText(notPem);
    connectDock(window, m_orthanc->password());
    QVERIFY(failed.count() > 0 || failed.wait(20000));
    const QString ca = window.pacsPanel()->statusText();
    QVERIFY2(ca.contains(notPem) && ca.contains("no PEM certificate"), qPrintable(ca));
    QCOMPARE(window.pacsPanel()->findChild<QTableWidget*>("pacsSeries")->rowCount(), 0);
}

void TestPacsUi::pullOpensTheCaseWithItsReportAndPushStoresOneSeg() {
    const QString root = m_tmp.filePath("project");
    Project::create(root).save();
    MainWindow window;
    window.show();
    QVERIFY(window.app()->project()->openProject(root, ProjectController::Recovery::Discard));
    QSignalSpy listed(window.app()->pacs(), &PacsBrowser::listChanged);
    connectDock(window, m_orthanc->password());
    auto* table = window.pacsPanel()->findChild<QTableWidget*>("pacsSeries");
    QTRY_VERIFY_WITH_TIMEOUT(table->rowCount() >= 1, 20000);
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 1)->text() == "CT")
            row = r;
    QVERIFY(row >= 0);
    QCOMPARE(table->item(row, 0)->text(), QStringLiteral("chest ct"));
    // The study holds an SR (marked once its query answers).
    QTRY_VERIFY_WITH_TIMEOUT(table->item(row, 7)->text().contains("report"), 20000);
    // The team's columns: nobody holds it yet.
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, 3)->text(), QStringLiteral("to do"), 20000);
    QCOMPARE(table->item(row, 4)->text(), QString());
    QCOMPARE(QSettings().value("pacs/user").toString(), m_orthanc->user());

    // Pull: the series becomes a case of the project, opened with the SR's report.
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    table->selectRow(row);
    QTest::mouseClick(window.pacsPanel()->findChild<QPushButton*>("pacsPull"), Qt::LeftButton);
    QVERIFY(loaded.wait(60000));
    QVERIFY(loaded.first().first().toBool());
    const QString caseId = window.app()->project()->currentCaseId();
    QVERIFY(!caseId.isEmpty());
    const CaseRecord* record = window.app()->project()->session()->project().findCase(caseId);
    QVERIFY(record);
    QCOMPARE(record->pacs.seriesUid, m_chest.seriesUid);
    QCOMPARE(record->pacs.server, m_orthanc->dicomWebUrl());
    QVERIFY2(window.app()->prompts()->report().contains("Enlarged spleen"),
             qPrintable(window.app()->prompts()->report()));
    QCOMPARE(window.reportPanel()->reportTitleText(),
             QStringLiteral("Report (primary prompt) — from SR 2024-03-01, Dr Jane Doe"));
    QTRY_VERIFY(table->item(row, 7)->text().contains(caseId)); // the dock shows it pulled
    // The case list says where the case came from.
    auto* cases = window.findChild<QTableView*>("caseTable");
    QVERIFY(cases);
    bool fromPacs = false;
    for (int r = 0; r < cases->model()->rowCount(); ++r)
        fromPacs |= cases->model()->index(r, CaseList::Id).data().toString() == caseId &&
                    cases->model()->index(r, CaseList::Source).data().toString() == "PACS";
    QVERIFY(fromPacs);

    // Claim it: held by the user, in progress; "Mine" shows it, "Unclaimed" not.
    table->selectRow(row);
    auto* claim = window.pacsPanel()->findChild<QPushButton*>("pacsClaim");
    QTRY_VERIFY(claim->isEnabled());
    QTest::mouseClick(claim, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, 4)->text(), m_orthanc->user(), 20000);
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("in progress"));
    auto* filter = window.pacsPanel()->findChild<QComboBox*>("pacsTeamFilter");
    filter->setCurrentIndex(filter->findText("Unclaimed"));
    QVERIFY(table->isRowHidden(row));
    filter->setCurrentIndex(filter->findText("Mine"));
    QVERIFY(!table->isRowHidden(row));
    filter->setCurrentIndex(0);

    // Push mask: a painted square goes to the server as one new SEG series.
    EditSession* edit = window.app()->edit();
    QVERIFY(edit->editor());
    edit->editor()->apply(Footprint{VoxelBox{{5, 5, 2}, {20, 20, 6}}, {}}, PaintRule{1});
    edit->commit(QStringLiteral("test stroke"));
    QSignalSpy pushed(window.app()->pacs(), &PacsBrowser::pushed);
    QTest::mouseClick(window.pacsPanel()->findChild<QPushButton*>("pacsPush"), Qt::LeftButton);
    QVERIFY2(pushed.wait(60000), qPrintable(window.pacsPanel()->statusText()));
    pacs::PacsServer server = *pacs::parseServer(m_orthanc->dicomWebUrl(), nullptr);
    server.user = m_orthanc->user();
    server.password = m_orthanc->password();
    pacs::DicomWebClient client(server);
    pacs::SeriesQuery segs;
    segs.modality = QStringLiteral("SEG");
    QCOMPARE(pacs::wait(client.searchSeries(segs)).size(), std::size_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, 5)->text(), QStringLiteral("1"), 20000);

    // Someone changes the series behind the dock's back (here the same user
    // from another app): Submit re-reads, says what changed, writes nothing.
    pacs::TeamClient other(client);
    const pacs::TeamRecord now = pacs::wait(other.read(m_chest.seriesUid));
    pacs::wait(other.setStatus(now, pacs::SeriesStatus::Submitted));
    auto* submit = window.pacsPanel()->findChild<QPushButton*>("pacsSubmit");
    table->selectRow(row);
    QVERIFY(submit->isEnabled()); // as last shown: in progress, held by the user
    QSignalSpy conflict(window.app()->worklist(), &TeamWorklist::conflict);
    QTest::mouseClick(submit, Qt::LeftButton);
    QVERIFY(conflict.wait(20000));
    const QString said = window.pacsPanel()->statusText();
    QVERIFY2(said.contains("status submitted (was in_progress)") && said.contains("Nothing was"),
             qPrintable(said));
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("submitted"));
    const pacs::TeamRecord after = pacs::wait(other.read(m_chest.seriesUid));
    QCOMPARE(after.history.size(), now.history.size() + 1); // only the other app's change
}

void shoot(QWidget* widget, const QString& name);

// A PACS that speaks only DIMSE: the same dock lists (C-FIND), pulls
// (C-GET) with the SR's report, and pushes the mask (C-STORE); the team's
// columns and actions, which live in Orthanc's REST API, stay empty.
void TestPacsUi::dimseServerIsBrowsedPulledAndPushed() {
    const QString root = m_tmp.filePath("dimse-project");
    Project::create(root).save();
    MainWindow window;
    window.show();
    QVERIFY(window.app()->project()->openProject(root, ProjectController::Recovery::Discard));
    window.showPacsDock();
    PacsDock* dock = window.pacsPanel();
    dock->findChild<QLineEdit*>("pacsAddress")->setText(m_orthanc->dimseUrl());
    dock->findChild<QLineEdit*>("pacsUser")->clear();
    dock->findChild<QLineEdit*>("pacsPassword")->clear();
    QSignalSpy connected(window.app()->pacs(), &PacsBrowser::connected);
    QTest::mouseClick(dock->findChild<QPushButton*>("pacsConnect"), Qt::LeftButton);
    QVERIFY2(connected.wait(20000), qPrintable(dock->statusText()));
    QVERIFY(window.app()->pacs()->isDimse());
    auto* table = dock->findChild<QTableWidget*>("pacsSeries");
    int row = -1;
    QTRY_VERIFY_WITH_TIMEOUT((row = rowOf(table, "chest ct")) >= 0, 20000);
    QCOMPARE(table->item(row, 1)->text(), QStringLiteral("CT"));
    QCOMPARE(table->item(row, 2)->text(), QString::number(m_chest.files.size()));
    QVERIFY(table->item(row, 7)->text().contains("report"));
    QCOMPARE(table->item(row, 3)->text(), QString());
    QVERIFY(window.app()->pacs()->total() >= 2); // the CT and its SR at least
    // The SR is shown on its study's row; the page label says so.
    int visible = 0;
    for (int r = 0; r < table->rowCount(); ++r)
        visible += table->isRowHidden(r) ? 0 : 1;
    QVERIFY(visible < table->rowCount());
    QCOMPARE(dock->findChild<QLabel*>("pacsPage")->text(), QStringLiteral("1–%1 of %2 (%3 shown)")
                                                               .arg(table->rowCount())
                                                               .arg(window.app()->pacs()->total())
                                                               .arg(visible));
    table->selectRow(row);
    QVERIFY(!dock->findChild<QPushButton*>("pacsClaim")->isEnabled());

    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    QSignalSpy progress(window.app()->pacs(), &PacsBrowser::progress);
    QTest::mouseClick(dock->findChild<QPushButton*>("pacsPull"), Qt::LeftButton);
    QVERIFY2(loaded.wait(60000), qPrintable(dock->statusText()));
    QVERIFY(loaded.first().first().toBool());
    // The C-GET counted its files as they came.
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), int(m_chest.files.size()));
    QCOMPARE(progress.last().at(1).toInt(), int(m_chest.files.size()));
    const QString caseId = window.app()->project()->currentCaseId();
    const CaseRecord* record = window.app()->project()->session()->project().findCase(caseId);
    QVERIFY(record);
    QCOMPARE(record->pacs.seriesUid, m_chest.seriesUid);
    QCOMPARE(record->pacs.server, m_orthanc->dimseUrl());
    QVERIFY2(window.app()->prompts()->report().contains("Enlarged spleen"),
             qPrintable(window.app()->prompts()->report()));
    QTRY_VERIFY(table->item(row, 7)->text().contains(caseId));
    QCOMPARE(dock->statusText(), QStringLiteral("Pulled as case ") + caseId);
    if (auto* dockWidget = window.findChild<QDockWidget*>("pacsDockWidget"))
        window.resizeDocks({dockWidget}, {640}, Qt::Horizontal);
    QTest::qWait(300);
    shoot(&window, "pacs-dimse.png");

    pacs::PacsServer web = *pacs::parseServer(m_orthanc->dicomWebUrl(), nullptr);
    web.user = m_orthanc->user();
    web.password = m_orthanc->password();
    pacs::DicomWebClient client(web);
    pacs::SeriesQuery segs;
    segs.modality = QStringLiteral("SEG");
    const std::size_t before = pacs::wait(client.searchSeries(segs)).size();
    EditSession* edit = window.app()->edit();
    QVERIFY(edit->editor());
    edit->editor()->apply(Footprint{VoxelBox{{4, 4, 1}, {12, 12, 4}}, {}}, PaintRule{1});
    edit->commit(QStringLiteral("test stroke"));
    QSignalSpy pushed(window.app()->pacs(), &PacsBrowser::pushed);
    QTest::mouseClick(dock->findChild<QPushButton*>("pacsPush"), Qt::LeftButton);
    QVERIFY2(pushed.wait(60000), qPrintable(dock->statusText()));
    const auto after = pacs::wait(client.searchSeries(segs));
    QCOMPARE(after.size(), before + 1);
    const QString segUid = pushed.first().first().value<pacs::PushResult>().segSeriesUid;
    QVERIFY(std::any_of(after.begin(), after.end(),
                        [&](const pacs::SeriesEntry& s) { return s.seriesUid == segUid; }));
}

// Saves a picture of a widget where TGC_SHOTS names a folder (the note's
// screenshots come from the real window under Xvfb).
void shoot(QWidget* widget, const QString& name) {
    const QString folder = qEnvironmentVariable("TGC_SHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QVERIFY(widget->grab().save(QDir(folder).filePath(name)));
}

void TestPacsUi::reviewShowsEveryAnnotatorAndRecordsTheFinal() {
    const auto abdomen = test::writePhantomSeries(m_tmp.filePath("abdomen"), 1, "P8", "abdomen ct");
    QVERIFY(m_orthanc->upload(abdomen.files));
    pacs::PacsServer server = *pacs::parseServer(m_orthanc->dicomWebUrl(), nullptr);
    server.user = m_orthanc->user();
    server.password = m_orthanc->password();
    const auto [ann, bob] = test::nearlyAgreeingMasks(abdomen.labels, 1, 2);
    test::pushAnnotatorSeg(server, abdomen.seriesUid, ann, m_tmp.filePath("ann"), "DOE^ANN");
    test::pushAnnotatorSeg(server, abdomen.seriesUid, bob, m_tmp.filePath("bob"), "ROE^BOB");
    const double expected =
        dice(countOverlap(ann.data(), bob.data(), abdomen.labels.geometry().voxelCount()));

    const QString root = m_tmp.filePath("review-project");
    Project::create(root).save();
    MainWindow window;
    window.resize(1500, 950);
    window.show();
    QVERIFY(window.app()->project()->openProject(root, ProjectController::Recovery::Discard));
    window.showPacsDock();
    connectDock(window, m_orthanc->password());
    auto* table = window.pacsPanel()->findChild<QTableWidget*>("pacsSeries");
    int row = -1;
    QTRY_VERIFY_WITH_TIMEOUT((row = rowOf(table, "abdomen ct")) >= 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, 5)->text(), QStringLiteral("2"), 20000);
    table->selectRow(row);
    auto* review = window.pacsPanel()->findChild<QPushButton*>("pacsReview");
    QTRY_VERIFY(review->isEnabled());
    if (auto* dock = window.findChild<QDockWidget*>("pacsDockWidget"))
        window.resizeDocks({dock}, {760}, Qt::Horizontal);
    QTest::qWait(300);
    // SEGs and reports are shown on their source's row, not as rows of their own.
    for (int r = 0; r < table->rowCount(); ++r)
        QCOMPARE(table->isRowHidden(r),
                 table->item(r, 1)->text() == "SEG" || table->item(r, 1)->text() == "SR");
    shoot(&window, "team-worklist.png");

    QSignalSpy ready(window.app()->reviewer(), &SeriesReviewer::ready);
    QTest::mouseClick(review, Qt::LeftButton);
    QVERIFY2(ready.wait(60000), qPrintable(window.reviewWindow()->statusText()));
    ReviewWindow* shown = window.reviewWindow();
    QVERIFY(shown->isVisible());
    auto* legend = shown->findChild<QListWidget*>("reviewLegend");
    QCOMPARE(legend->count(), 2);
    QVERIFY(legend->item(0)->text().startsWith("DOE^ANN"));
    QVERIFY(legend->item(1)->text().startsWith("ROE^BOB"));
    auto* agreement = shown->findChild<QTableWidget*>("reviewAgreement");
    QCOMPARE(agreement->rowCount(), 1);
    QCOMPARE(agreement->item(0, 3)->text(), QString::number(expected, 'f', 3));
    QVERIFY(expected < 0.99);
    // One outline per annotator in the view.
    const QImage before = shown->view()->grab().toImage();
    QVERIFY(!before.isNull());
    QCOMPARE(window.app()->reviewer()->masks().masks.size(), std::size_t(2));
    shoot(shown, "review.png");

    // Edit…: the series must be a case of the project first; then Bob's mask
    // becomes its annotation as one undo step.
    auto* annotator = shown->findChild<QComboBox*>("reviewAnnotator");
    annotator->setCurrentIndex(1); // ROE^BOB
    QTest::mouseClick(shown->findChild<QPushButton*>("reviewEdit"), Qt::LeftButton);
    QTRY_VERIFY(window.lastError().contains("Pull the series into the project first"));
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    table->selectRow(row);
    QTest::mouseClick(window.pacsPanel()->findChild<QPushButton*>("pacsPull"), Qt::LeftButton);
    QVERIFY(loaded.wait(60000));
    QTRY_VERIFY(window.app()->edit()->editor());
    const int undoBefore = window.app()->edit()->undoStack()->count();
    QTest::mouseClick(shown->findChild<QPushButton*>("reviewEdit"), Qt::LeftButton);
    QTRY_COMPARE(window.app()->edit()->undoStack()->count(), undoBefore + 1);
    const LabelMap& edited = window.app()->edit()->editor()->labels();
    std::size_t same = 0, drawn = 0;
    for (std::size_t v = 0, n = edited.geometry().voxelCount(); v < n; ++v) {
        drawn += edited.data()[v] != 0;
        same += (edited.data()[v] != 0) == (bob.data()[v] != 0);
    }
    QCOMPARE(same, edited.geometry().voxelCount());
    QVERIFY(drawn > 0);
    window.app()->edit()->undo(); // the case's own (empty) annotation back
    const LabelMap& undone = window.app()->edit()->editor()->labels();
    QCOMPARE(std::count_if(undone.data(), undone.data() + undone.geometry().voxelCount(),
                           [](std::uint8_t v) { return v != 0; }),
             std::ptrdiff_t(0));

    // STAPLE: the consensus goes to the PACS as this user's SEG, final, reviewed.
    QSignalSpy recorded(window.app()->reviewer(), &SeriesReviewer::finalRecorded);
    QTest::mouseClick(shown->findChild<QPushButton*>("reviewStaple"), Qt::LeftButton);
    QVERIFY2(recorded.wait(60000), qPrintable(shown->statusText()));
    const QString final = recorded.first().first().toString();
    pacs::DicomWebClient client(server);
    pacs::TeamClient team(client);
    const pacs::TeamRecord now = pacs::wait(team.read(abdomen.seriesUid));
    QCOMPARE(now.finalSeg.value, final);
    QCOMPARE(now.seriesStatus(), pacs::SeriesStatus::Reviewed);
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, 3)->text(), QStringLiteral("reviewed"), 20000);
    QCOMPARE(table->item(row, 6)->text(), QString::number(expected, 'f', 3)); // one label, one pair
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, 5)->text(), QStringLiteral("3"), 20000);
    // Nothing of the review left the project folder.
    QVERIFY(QDir(root + "/.pacs-review/" + abdomen.seriesUid).exists());
}

// The server goes away after a claim: Submit waits in the project's queue
// (said in the dock), and goes out once the server is back.
void TestPacsUi::offlineSubmitWaitsInTheProjectAndIsSent() {
    OrthancServer own;
    QVERIFY2(own.start(), qPrintable(own.error()));
    const auto series =
        test::writePhantomSeries(m_tmp.filePath("offline"), 2, "P9", "offline ct", {16, 16, 3});
    QVERIFY(own.upload(series.files));
    const QString root = m_tmp.filePath("offline-project");
    Project::create(root).save();
    MainWindow window;
    window.show();
    QVERIFY(window.app()->project()->openProject(root, ProjectController::Recovery::Discard));
    auto* dock = window.pacsPanel();
    // As the command line connects: through the application; the dock follows.
    window.app()->pacs()->connectTo(own.dicomWebUrl(), own.user(), own.password());
    QTRY_COMPARE_WITH_TIMEOUT(dock->findChild<QLineEdit*>("pacsAddress")->text(), own.dicomWebUrl(),
                              20000);
    QCOMPARE(dock->findChild<QLineEdit*>("pacsUser")->text(), own.user());
    QVERIFY(dock->findChild<QLineEdit*>("pacsPassword")->text().isEmpty());
    auto* table = dock->findChild<QTableWidget*>("pacsSeries");
    QTRY_VERIFY_WITH_TIMEOUT(table->rowCount() == 1 && table->item(0, 3)->text() == "to do", 20000);
    table->selectRow(0);
    QTest::mouseClick(dock->findChild<QPushButton*>("pacsClaim"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table->item(0, 3)->text(), QStringLiteral("in progress"), 20000);

    own.kill();
    table->selectRow(0);
    auto* submit = dock->findChild<QPushButton*>("pacsSubmit");
    QVERIFY(submit->isEnabled());
    QSignalSpy queued(window.app()->worklist(), &TeamWorklist::queueChanged);
    QTest::mouseClick(submit, Qt::LeftButton);
    QVERIFY(queued.wait(30000));
    auto* queue = dock->findChild<QLabel*>("pacsQueue");
    QTRY_VERIFY(queue->isVisible());
    QVERIFY2(queue->text().contains("1 change(s) made offline wait"), qPrintable(queue->text()));
    QVERIFY(QFile::exists(root + "/pacs-queue.json")); // kept with the project

    QVERIFY2(own.start(), qPrintable(own.error()));
    window.app()->worklist()->sendQueued();
    QTRY_VERIFY_WITH_TIMEOUT(!queue->isVisible(), 30000);
    pacs::PacsServer server = *pacs::parseServer(own.dicomWebUrl(), nullptr);
    server.user = own.user();
    server.password = own.password();
    pacs::DicomWebClient client(server);
    pacs::TeamClient team(client);
    QCOMPARE(pacs::wait(team.read(series.seriesUid)).status.value, QStringLiteral("submitted"));
    QTRY_COMPARE_WITH_TIMEOUT(table->item(0, 3)->text(), QStringLiteral("submitted"), 20000);
}

QTEST_MAIN(TestPacsUi)
#include "test_pacs_ui.moc"

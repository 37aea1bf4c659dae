// The PACS dock in the main window against a real Orthanc the suite starts:
// a refused login said in words, the series listed with the study's report
// marked, Pull turning a series into an open case with its SR report, and
// Push mask storing the painted mask as one DICOM SEG on the server.
#include "../pacs/pacs_fixture.h"
#include "case_prompts.h"
#include "dicomweb_client.h"
#include "edit/label_editor.h"
#include "edit_session.h"
#include "main_window.h"
#include "pacs_browser.h"
#include "pacs_dock.h"
#include "project_controller.h"
#include "report_panel.h"
#include "store/project.h"
#include "store/session.h"
#include "team_state.h"
#include "team_worklist.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;
using tgc::test::OrthancServer;

class TestPacsUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void refusedLoginIsSaidAndNothingListed();
    void pullOpensTheCaseWithItsReportAndPushStoresOneSeg();

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
    QSignalSpy failed(window.pacsBrowser(), &PacsBrowser::failed);
    connectDock(window, QStringLiteral("wrong-password"));
    QVERIFY(failed.wait(20000));
    const QString status = window.pacsPanel()->statusText();
    QVERIFY2(status.contains(m_orthanc->dicomWebUrl()) && status.contains("login"),
             qPrintable(status));
    QVERIFY(!status.contains("wrong-password"));
    QCOMPARE(window.pacsPanel()->findChild<QTableWidget*>("pacsSeries")->rowCount(), 0);
    // The address and user are remembered only after a good login; never the password.
    QVERIFY(!QSettings().contains("pacs/password"));
}

void TestPacsUi::pullOpensTheCaseWithItsReportAndPushStoresOneSeg() {
    const QString root = m_tmp.filePath("project");
    Project::create(root).save();
    MainWindow window;
    window.show();
    QVERIFY(window.projectController()->openProject(root, ProjectController::Recovery::Discard));
    QSignalSpy listed(window.pacsBrowser(), &PacsBrowser::listChanged);
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
    QTRY_VERIFY_WITH_TIMEOUT(table->item(row, 6)->text().contains("report"), 20000);
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
    const QString caseId = window.projectController()->currentCaseId();
    QVERIFY(!caseId.isEmpty());
    const CaseRecord* record = window.projectController()->session()->project().findCase(caseId);
    QVERIFY(record);
    QCOMPARE(record->pacs.seriesUid, m_chest.seriesUid);
    QCOMPARE(record->pacs.server, m_orthanc->dicomWebUrl());
    QVERIFY2(window.casePrompts()->report().contains("Enlarged spleen"),
             qPrintable(window.casePrompts()->report()));
    QCOMPARE(window.reportPanel()->reportTitleText(),
             QStringLiteral("Report (primary prompt) — from SR 2024-03-01, Dr Jane Doe"));
    QTRY_VERIFY(table->item(row, 6)->text().contains(caseId)); // the dock shows it pulled

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
    EditSession* edit = window.editSession();
    QVERIFY(edit->editor());
    edit->editor()->apply(Footprint{VoxelBox{{5, 5, 2}, {20, 20, 6}}, {}}, PaintRule{1});
    edit->commit(QStringLiteral("test stroke"));
    QSignalSpy pushed(window.pacsBrowser(), &PacsBrowser::pushed);
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
    QSignalSpy conflict(window.teamWorklist(), &TeamWorklist::conflict);
    QTest::mouseClick(submit, Qt::LeftButton);
    QVERIFY(conflict.wait(20000));
    const QString said = window.pacsPanel()->statusText();
    QVERIFY2(said.contains("status submitted (was in_progress)") && said.contains("Nothing was"),
             qPrintable(said));
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("submitted"));
    const pacs::TeamRecord after = pacs::wait(other.read(m_chest.seriesUid));
    QCOMPARE(after.history.size(), now.history.size() + 1); // only the other app's change
}

QTEST_MAIN(TestPacsUi)
#include "test_pacs_ui.moc"

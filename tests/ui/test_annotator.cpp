// The application layer without a window (no QApplication, no widgets
// linked): loose files and a project as one case list, a report kept per
// case, a proposal from the demo model through the one model host, edits to
// the journal and the save question, and the PACS actions that need a project.
#include "annotator.h"
#include "case_list.h"
#include "case_prompts.h"
#include "display_model.h"
#include "edit_session.h"
#include "inference_client.h"
#include "model_manager.h"
#include "phantom_images.h"
#include "project_controller.h"
#include "proposal_controller.h"
#include "store/session.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;

class TestAnnotator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void looseFilesKeepTheirReports();
    void proposalWithoutAWindow();
    void projectEditsAskToBeSaved();
    void recoveryIsAskedNeverLost();
    void pacsActionsNeedAProject();

private:
    QTemporaryDir m_dir;
    test::PhantomImages m_images;
};

void TestAnnotator::initTestCase() {
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("TGC-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_annotator"));
    QSettings().clear();
    m_images.write(QDir(m_dir.path()));
}

void TestAnnotator::looseFilesKeepTheirReports() {
    Annotator app;
    QSignalSpy finished(&app, &Annotator::loadFinished);
    QSignalSpy shown(&app, &Annotator::caseShown);
    app.openPaths({m_images.slicePath, m_images.volumePath});
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(app.cases()->rowCount(), 2);
    QVERIFY(!app.cases()->showsProject());
    QCOMPARE(app.display()->image()->dims()[2], 1);
    const QString first =
        app.cases()->current().isEmpty() ? app.cases()->recordAt(0)->id : app.cases()->current();

    app.prompts()->setReport(QStringLiteral("Segment the liver."));
    const QString second = app.cases()->recordAt(1)->id;
    app.openCase(second);
    QVERIFY(finished.wait(30000));
    QCOMPARE(app.display()->image()->dims()[2], 24);
    QCOMPARE(app.prompts()->report(), QString());
    app.openCase(first);
    QVERIFY(finished.wait(30000));
    QCOMPARE(app.prompts()->report(), QStringLiteral("Segment the liver."));

    // A missing file is a problem named, and the last error says it.
    QSignalSpy problem(&app, &Annotator::problem);
    app.openPaths({m_dir.filePath("missing.nii.gz")});
    QVERIFY(!problem.isEmpty() || problem.wait(5000));
    QVERIFY2(app.lastError().contains("missing.nii.gz"), qPrintable(app.lastError()));
}

void TestAnnotator::proposalWithoutAWindow() {
    Annotator app;
    app.start();
    QSignalSpy finished(&app, &Annotator::loadFinished);
    app.openPaths({m_images.slicePath});
    QVERIFY(finished.wait(30000));
    InferenceClient* client = app.models()->client();
    QTRY_VERIFY_WITH_TIMEOUT(client->activeModel().has_value(), 60000);
    app.prompts()->setReport(QStringLiteral("Segment the liver."));
    QSignalSpy ready(app.proposals(), &ProposalController::proposalReady);
    QVERIFY(app.proposals()->generate(ProposalController::Scope::Slice));
    QVERIFY(ready.wait(60000));
    QVERIFY(app.display()->proposal() != nullptr);
    QVERIFY(app.proposals()->proposedVoxels() > 0);
    QCOMPARE(app.proposals()->shownReport(), QStringLiteral("Segment the liver."));
    // Accepting writes the active label through the one undo path.
    const std::size_t changed = app.proposals()->accept(ProposalMerge::Add, false);
    QVERIFY(changed > 0);
    QVERIFY(app.edit()->undoStack()->canUndo());
}

void TestAnnotator::projectEditsAskToBeSaved() {
    Annotator app;
    const QString root = m_dir.filePath("project");
    QVERIFY(app.project()->createProject(root));
    QVERIFY(app.cases()->showsProject());
    QSignalSpy imported(app.project(), &ProjectController::importFinished);
    QSignalSpy busy(app.project(), &ProjectController::busyFinished);
    app.project()->importSources({m_images.slicePath});
    QVERIFY(imported.wait(30000));
    QCOMPARE(imported.takeFirst().at(0).toInt(), 1);
    QCOMPARE(busy.size(), 1);
    QVERIFY(!app.project()->isBusy());
    QCOMPARE(app.cases()->rowCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!app.project()->isSaving(), 10000);
    QCOMPARE(app.project()->progressText(), QStringLiteral("0 of 1 done"));

    QSignalSpy finished(&app, &Annotator::loadFinished);
    app.openCase(app.cases()->recordAt(0)->id);
    QVERIFY(finished.wait(30000));
    QVERIFY(!app.project()->hasUnsavedChanges());
    LabelMap mask(app.display()->labels()->geometry());
    mask.data()[0] = 1;
    mask.data()[1] = 1;
    QCOMPARE(app.edit()->takeMask(mask, QStringLiteral("two voxels")), std::size_t(2));
    QVERIFY(app.project()->hasUnsavedChanges());
    QVERIFY(app.project()->save());
    QVERIFY(!app.project()->hasUnsavedChanges());
}

void TestAnnotator::recoveryIsAskedNeverLost() {
    const QString root = m_dir.filePath("recovery");
    QString caseId;
    {
        Annotator app;
        QVERIFY(app.project()->createProject(root));
        QSignalSpy imported(app.project(), &ProjectController::importFinished);
        app.project()->importSources({m_images.slicePath});
        QVERIFY(imported.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!app.project()->isSaving(), 10000);
        caseId = app.cases()->recordAt(0)->id;
        ProjectSession* session = app.project()->session();
        QVERIFY(
            session->setField(caseId, QStringLiteral("report"), QStringLiteral("Enlarged liver.")));
        QVERIFY(session->flushJournal());
    } // gone without saving, as after a crash

    // The window's question decides; here it says restore.
    {
        Annotator app;
        QStringList askedAbout;
        app.project()->setRecoveryQuestion([&askedAbout](const RecoveryInfo& pending) {
            askedAbout = pending.cases;
            return true;
        });
        QVERIFY(app.project()->openProject(root));
        QCOMPARE(askedAbout, QStringList{caseId});
        QCOMPARE(app.project()->session()->project().findCase(caseId)->report,
                 QStringLiteral("Enlarged liver."));
    } // still not saved: the journal stays

    // Nobody to ask: the edits are kept aside in .autosave/, not applied, not deleted.
    Annotator app;
    QVERIFY(app.project()->openProject(root));
    QCOMPARE(app.project()->session()->project().findCase(caseId)->report, QString());
    QVERIFY(!QDir(root + QStringLiteral("/.autosave"))
                 .entryList({QStringLiteral("discarded-*")}, QDir::Files)
                 .isEmpty());
}

void TestAnnotator::pacsActionsNeedAProject() {
    Annotator app;
    QSignalSpy problem(&app, &Annotator::problem);
    QVERIFY(!app.pull(0));
    QVERIFY(!app.review(0));
    QVERIFY(!app.pushShownCase());
    QCOMPARE(problem.size(), 3);
    QVERIFY(problem.at(0).at(1).toString().contains("Open or create a project first"));
    QVERIFY(app.lastError().contains("Open a case of the project first"));
    QVERIFY(app.pulledCases().isEmpty());
}

QTEST_GUILESS_MAIN(TestAnnotator)
#include "test_annotator.moc"

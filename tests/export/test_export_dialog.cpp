// File ▸ Export…: the dialog's choices become ExportOptions (de-identify on
// by default, a warning when it is off), and ExportJob runs an export off the
// UI thread, reporting the result or the error without blocking.
#include "export/export_staging.h"
#include "export_dialog.h"
#include "export_fixture.h"
#include "export_job.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;
using namespace tgc::testing;

Q_DECLARE_METATYPE(tgc::ExportResult)

class TestExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dialogGivesOptionsAndWarnsWithoutDeidentification() {
        ExportDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // no folder yet
        dialog.setOutDir("/tmp/somewhere");
        QVERIFY(ok->isEnabled());
        ExportOptions o = dialog.options();
        QVERIFY(o.deidentify);
        QCOMPARE(o.statuses, (std::set<CaseStatus>{CaseStatus::Done, CaseStatus::Reviewed}));
        QCOMPARE(o.outDir, QStringLiteral("/tmp/somewhere"));
        QCOMPARE(o.format, ExportFormat::Qata);

        QLabel* warning = nullptr;
        for (QLabel* l : dialog.findChildren<QLabel*>())
            if (l->text().contains("includes identifiers"))
                warning = l;
        QVERIFY(warning);
        QVERIFY(!warning->isVisible());
        QCheckBox* deidentify = nullptr;
        for (QCheckBox* b : dialog.findChildren<QCheckBox*>())
            if (b->text().contains("De-identify"))
                deidentify = b;
        QVERIFY(deidentify);
        deidentify->setChecked(false);
        QVERIFY(warning->isVisible());
        QVERIFY(!dialog.options().deidentify);
        // TGC_SCREENSHOT_DIR=DIR: keep a picture of the dialog, warning shown.
        if (qEnvironmentVariableIsSet("TGC_SCREENSHOT_DIR")) {
            dialog.adjustSize();
            QVERIFY(dialog.grab().save(qEnvironmentVariable("TGC_SCREENSHOT_DIR") +
                                       "/export-dialog.png"));
        }

        dialog.findChild<QComboBox*>()->setCurrentIndex(2);
        QCOMPARE(dialog.options().format, ExportFormat::DicomSeg);
        for (QCheckBox* b : dialog.findChildren<QCheckBox*>())
            if (b->text() == "done" || b->text() == "reviewed")
                b->setChecked(false);
        QVERIFY(!ok->isEnabled()); // no status chosen
    }

    void jobRunsOffTheUiThreadAndReports() {
        qRegisterMetaType<tgc::ExportResult>();
        QTemporaryDir tmp;
        writePhantoms(tmp.filePath("cxr"), PhantomKind::Cxr, 3, 41, 64);
        Project p = Project::create(tmp.filePath("proj"));
        importInto(p, {tmp.filePath("cxr")});
        QWidget parent;
        ExportOptions o;
        o.outDir = tmp.filePath("out");
        ExportJob* job = ExportJob::start(p, o, &parent);
        QSignalSpy done(job, &ExportJob::finished);
        QVERIFY(done.wait(60000));
        const auto result = done.at(0).at(0).value<ExportResult>();
        QCOMPARE(done.at(0).at(1).toString(), QString());
        QCOMPARE(result.exported.size(), 3);
        QVERIFY(QFileInfo::exists(tmp.filePath("out/manifest.json")));

        // Cancel in the progress dialog: the worker stops before its next
        // case and nothing is left (six cases take far longer than the click).
        o.outDir = tmp.filePath("cancelled");
        writePhantoms(tmp.filePath("more"), PhantomKind::Cxr, 6, 42, 256);
        Project bigger = Project::create(tmp.filePath("bigger"));
        importInto(bigger, {tmp.filePath("more")});
        job = ExportJob::start(bigger, o, &parent);
        QSignalSpy cancelled(job, &ExportJob::finished);
        const auto dialogs = parent.findChildren<QProgressDialog*>();
        QVERIFY(!dialogs.isEmpty());
        QProgressDialog* progress = dialogs.back(); // this job's: the newest child
        // What the Cancel button (or Escape) does: emit canceled().
        QVERIFY(QMetaObject::invokeMethod(progress, "canceled"));
        QVERIFY(cancelled.wait(60000));
        QVERIFY(cancelled.at(0).at(0).value<ExportResult>().cancelled);
        QVERIFY(!QFileInfo::exists(tmp.filePath("cancelled")));
        o.outDir = tmp.filePath("out");

        // The same folder again: refused, the message names it.
        job = ExportJob::start(p, o, &parent);
        QSignalSpy refused(job, &ExportJob::finished);
        QVERIFY(refused.wait(60000));
        const QString error = refused.at(0).at(1).toString();
        QVERIFY2(error.contains(tmp.filePath("out")) && error.contains("not empty"),
                 qPrintable(error));
    }
};

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"

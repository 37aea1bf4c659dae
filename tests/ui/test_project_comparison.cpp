// Tools ▸ Compare models on project: the batch comparison on a worker
// thread over a project's done cases (every file of the report written,
// progress per case, cancel keeps the cases done), and the dialog in the
// main window (choose two models, run, the report is offered).
#include "../support/test_files.h"
#include "annotator.h"
#include "main_window.h"
#include "model_manager.h"
#include "phantom/phantom_dataset.h"
#include "project_compare_dialog.h"
#include "project_comparison_job.h"
#include "project_controller.h"

#include <QAction>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;

namespace {

const QString kDemo = tgc::test::kDemoModel;

ComparisonOptions oneThread() {
    ComparisonOptions options;
    options.threads = 1;
    options.device = QStringLiteral("cpu");
    return options;
}

using tgc::test::readAll;

} // namespace

class TestProjectComparison : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString m_project;
    const QStringList m_organs{"liver", "spleen", "kidney_right", "kidney_left"};

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("TGC-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_project_comparison"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, path("settings"));
        qputenv("TGC_INFERENCE_THREADS", "1");
        PhantomRunOptions ct;
        ct.kind = PhantomKind::Ct;
        ct.count = 1;
        ct.seed = 9400;
        ct.size = 128;
        ct.outDir = path("ct");
        writePhantomDataset(ct);
        // One done case per organ, each prompted for it (no mask file: an
        // empty annotation, which the runner scores as such).
        Project project = Project::create(path("project"));
        for (const QString& organ : m_organs) {
            CaseRecord record;
            record.id = organ;
            record.sources = {path("ct/images/ct_s9400_0000.png")};
            record.report = QStringLiteral("Segment the %1.").arg(organ).replace('_', ' ');
            record.status = CaseStatus::Done;
            project.addCase(record);
        }
        project.save();
        m_project = path("project");
    }

    void writesTheReportWithProgress() {
        const Project project = Project::open(m_project);
        ProjectComparisonJob job;
        QSignalSpy progress(&job, &ProjectComparisonJob::progress);
        QSignalSpy finished(&job, &ProjectComparisonJob::finished);
        QVERIFY(job.start(project, {kDemo, kDemo}, path("out"), oneThread()));
        QVERIFY(job.isRunning());
        QVERIFY(!job.start(project, {kDemo, kDemo}, path("other"), oneThread()));
        QVERIFY(finished.wait(180000));
        const auto outcome = finished.first().first().value<ProjectComparisonJob::Outcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QVERIFY(!outcome.cancelled);
        QCOMPARE(outcome.cases, 4);
        QCOMPARE(outcome.modelNames, (QStringList{"tgc-demo-tiny", "tgc-demo-tiny-2"}));
        QCOMPARE(outcome.reportPath, QDir(path("out")).absoluteFilePath("report.html"));
        QCOMPARE(progress.size(), 5); // models loaded, then each case
        QCOMPARE(progress.first().at(0).toInt(), 0);
        QCOMPARE(progress.last().at(0).toInt(), 4);
        QCOMPARE(progress.last().at(2).toString(), QStringLiteral("kidney_left"));
        for (const char* name :
             {"metrics.csv", "pairwise.csv", "summary.json", "report.html", "dice_boxplot.png"})
            QVERIFY2(QFile::exists(path("out/") + name), name);
        const QList<QByteArray> rows = readAll(path("out/metrics.csv")).trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 4 * 2);
        QVERIFY(readAll(outcome.reportPath).contains("tgc-demo-tiny-2"));
    }

    void cancelKeepsTheCasesDone() {
        const Project project = Project::open(m_project);
        ProjectComparisonJob job;
        connect(&job, &ProjectComparisonJob::progress, &job, [&job](int done) {
            if (done == 1)
                job.cancel();
        });
        QSignalSpy finished(&job, &ProjectComparisonJob::finished);
        QVERIFY(job.start(project, {kDemo, kDemo}, path("cancelled"), oneThread()));
        QVERIFY(finished.wait(180000));
        const auto outcome = finished.first().first().value<ProjectComparisonJob::Outcome>();
        QVERIFY(outcome.ok);
        QVERIFY(outcome.cancelled);
        QVERIFY2(outcome.cases >= 1 && outcome.cases < 4,
                 qPrintable(QString::number(outcome.cases)));
        QVERIFY(QFile::exists(outcome.reportPath));
    }

    void aBrokenCheckpointIsNamed() {
        QFile junk(path("junk.safetensors"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a checkpoint");
        junk.close();
        ProjectComparisonJob job;
        QSignalSpy finished(&job, &ProjectComparisonJob::finished);
        QVERIFY(job.start(Project::open(m_project), {kDemo, path("junk.safetensors")}, path("junk"),
                          oneThread()));
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().first().value<ProjectComparisonJob::Outcome>();
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.contains("junk.safetensors"), qPrintable(outcome.error));
    }

    void dialogRunsAndOffersTheReport() {
        MainWindow window;
        window.show();
        auto* action = window.findChild<QAction*>(QStringLiteral("actionCompareProject"));
        QVERIFY(action);
        QVERIFY(!action->isEnabled()); // no project yet
        QVERIFY(
            window.app()->project()->openProject(m_project, ProjectController::Recovery::Discard));
        QVERIFY(action->isEnabled());
        // A second model: a copy of the demo under another name.
        QVERIFY(QFile::copy(kDemo, path("copy.safetensors")));
        window.app()->models()->addCheckpoint(path("copy.safetensors"), QString());
        action->trigger();
        auto* dialog = window.findChild<ProjectCompareDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->folderEdit()->text(), QDir(m_project).absoluteFilePath("comparison"));
        QVERIFY(!dialog->runButton()->isEnabled()); // no models chosen
        QCOMPARE(dialog->modelList()->count(), 2);
        for (int row = 0; row < 2; ++row)
            dialog->modelList()->item(row)->setCheckState(Qt::Checked);
        dialog->folderEdit()->setText(path("from-dialog"));
        QVERIFY(dialog->runButton()->isEnabled());
        QVERIFY(!dialog->openReportButton()->isEnabled());
        QSignalSpy finished(dialog->job(), &ProjectComparisonJob::finished);
        QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
        QVERIFY(dialog->cancelButton()->isEnabled());
        QVERIFY(finished.wait(180000));
        QVERIFY2(dialog->statusText().contains("4 case"), qPrintable(dialog->statusText()));
        QVERIFY(dialog->openReportButton()->isEnabled());
        QCOMPARE(dialog->reportPath(), QDir(path("from-dialog")).absoluteFilePath("report.html"));
        QVERIFY(QFile::exists(dialog->reportPath()));
    }
};

QTEST_MAIN(TestProjectComparison)
#include "test_project_comparison.moc"

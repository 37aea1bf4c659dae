// Compare mode in the main window on a CT phantom slice with two real
// checkpoints (the demo model and one trained three steps from scratch):
// choose two models in the compare dock, run, the legend names both with
// their scores against the annotation, each outline is drawn in its colour,
// unticking a model removes its outline from the rendered slice, the grid
// shows one model per view with zoom linked, and opening another image
// drops the comparison.
#include "../support/cli_run.h"
#include "annotator.h"
#include "case_prompts.h"
#include "compare_controller.h"
#include "compare_grid.h"
#include "compare_panel.h"
#include "image_writer.h"
#include "inference_client.h"
#include "main_window.h"
#include "model_manager.h"
#include "phantom/ct_phantom.h"
#include "phantom/phantom_dataset.h"
#include "report_panel.h"
#include "view_area.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>

using namespace tgc;

namespace {

// Pixels painted in this colour that the slice without outlines does not
// have (the image itself may hold the colour somewhere).
QImage g_baseline;
int pixelsOf(const QImage& image, const QColor& colour) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixel(x, y) == colour.rgb() && g_baseline.pixel(x, y) != colour.rgb();
    return n;
}

} // namespace

class TestCompareUi : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_scratch;
    PhantomCase m_slice;
    QString m_slicePath;
    QString m_otherPath;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("TGC-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_compare_ui"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath("settings"));
        qputenv("TGC_INFERENCE_THREADS", "1");
        PhantomRunOptions ct;
        ct.kind = PhantomKind::Ct;
        ct.count = 1;
        ct.seed = 9300;
        ct.size = 128;
        ct.outDir = m_dir.filePath("ct");
        writePhantomDataset(ct);
        m_scratch = m_dir.filePath("scratch.safetensors");
        const tgc::test::CliRun train = tgc::test::trainScratchCheckpoint(ct.outDir, m_scratch);
        QVERIFY2(train.code == 0, train.err.constData());
        m_slice = CtSlicePhantom().generate(4242, 0);
        m_slicePath = m_dir.filePath("ct_slice.nii.gz");
        writeNifti(m_slice.image, m_slicePath);
        m_otherPath = m_dir.filePath("ct_other.nii.gz");
        writeNifti(CtSlicePhantom().generate(4243, 0).image, m_otherPath);
    }

    void twoModelsLegendToggleAndDrop() {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openPaths({m_slicePath});
        QVERIFY(loaded.wait(30000));
        QVERIFY(loaded.first().first().toBool());
        window.app()->prompts()->setReport(QStringLiteral("Segment the liver."));
        // The annotation: the phantom's liver, drawn in its label colour.
        DisplayModel* display = window.app()->display();
        for (const auto& t : m_slice.targets)
            if (t.key == QLatin1String("liver"))
                std::copy(t.mask.data(), t.mask.data() + t.mask.geometry().voxelCount(),
                          display->labels()->data());
        display->notifyLabelsChanged();

        ModelManager* models = window.app()->models();
        const QString demoId = ModelManager::demoModel().id;
        const QString scratchId = models->addCheckpoint(m_scratch, QString());
        window.showCompareDock();
        ComparePanel* panel = window.comparePanel();
        panel->refreshModels();
        QCOMPARE(panel->modelList()->count(), 2);
        panel->chooseModels({demoId});
        QVERIFY(!panel->runButton()->isEnabled()); // one model is no comparison
        panel->chooseModels({demoId, scratchId});
        QVERIFY(panel->runButton()->isEnabled());

        CompareSession* session = window.app()->compare()->session();
        QSignalSpy finished(session, &CompareSession::finished);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(session->isRunning());
        QVERIFY(panel->cancelButton()->isEnabled());
        QVERIFY(finished.wait(120000));

        // The legend names both models, with their scores and times.
        QTableWidget* legend = panel->legend();
        QCOMPARE(legend->rowCount(), 2);
        QCOMPARE(legend->item(0, 0)->text(), ModelManager::demoModel().name);
        QCOMPARE(legend->item(1, 0)->text(), scratchId);
        const auto& m = session->metrics();
        QVERIFY(m.hasReference);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(legend->item(row, 0)->checkState(), Qt::Checked);
            QCOMPARE(legend->item(row, 1)->text(),
                     QString::number(m.vsReference[std::size_t(row)].dice, 'f', 3));
            QVERIFY(legend->item(row, 4)->text().toDouble() > 0.0);
        }
        qInfo("legend: %s Dice %s, %s Dice %s", qPrintable(legend->item(0, 0)->text()),
              qPrintable(legend->item(0, 1)->text()), qPrintable(legend->item(1, 0)->text()),
              qPrintable(legend->item(1, 1)->text()));
        QCOMPARE(panel->pairTable()->rowCount(), 1);
        QCOMPARE(panel->pairTable()->item(0, 1)->text(),
                 QString::number(m.pairs[0][1].dice, 'f', 3));

        // Each model's outline in its own colour over the slice.
        SliceView* axial = window.viewArea()->view(Orientation::Axial);
        legend->item(0, 0)->setCheckState(Qt::Unchecked);
        legend->item(1, 0)->setCheckState(Qt::Unchecked);
        g_baseline = axial->renderedSlice().copy();
        legend->item(0, 0)->setCheckState(Qt::Checked);
        legend->item(1, 0)->setCheckState(Qt::Checked);
        QVERIFY(axial->renderedSlice() != g_baseline);
        const QColor demoColour = session->runs()[0].colour;
        const QColor scratchColour = session->runs()[1].colour;
        const int demoEdge = pixelsOf(axial->renderedSlice(), demoColour);
        const int scratchEdge = pixelsOf(axial->renderedSlice(), scratchColour);
        qInfo("outline pixels: demo %d, scratch %d", demoEdge, scratchEdge);
        QVERIFY(demoEdge > 100);
        QVERIFY(scratchEdge > 0);

        // Unticking the second model removes its outline (and only that).
        legend->item(1, 0)->setCheckState(Qt::Unchecked);
        QVERIFY(!display->outlineLayers()[1].visible);
        QCOMPARE(pixelsOf(axial->renderedSlice(), scratchColour), 0);
        QVERIFY(pixelsOf(axial->renderedSlice(), demoColour) >= demoEdge);
        legend->item(1, 0)->setCheckState(Qt::Checked);
        QCOMPARE(pixelsOf(axial->renderedSlice(), scratchColour), scratchEdge);

        // The grid: a view per model, each with that model's outline only,
        // zoom passed from one view to the other.
        panel->layoutBox()->setCurrentIndex(1);
        CompareGrid* grid = panel->grid();
        QVERIFY(grid && grid->isVisible());
        QCOMPARE(int(grid->views().size()), 2);
        SliceView* left = grid->views()[0];
        SliceView* right = grid->views()[1];
        QTest::qWait(50);
        // (>=: in the main view the second outline covers a few of the first's pixels)
        QVERIFY(pixelsOf(left->renderedSlice(), demoColour) >= demoEdge);
        QCOMPARE(pixelsOf(left->renderedSlice(), scratchColour), 0);
        QCOMPARE(pixelsOf(right->renderedSlice(), scratchColour), scratchEdge);
        QCOMPARE(pixelsOf(right->renderedSlice(), demoColour), 0);
        const double zoomBefore = right->transform().zoomFactor();
        QWheelEvent wheel(QPointF(left->width() / 2.0, left->height() / 2.0),
                          left->mapToGlobal(QPointF(left->width() / 2.0, left->height() / 2.0)),
                          QPoint(), QPoint(0, 240), Qt::NoButton, Qt::ControlModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(left, &wheel);
        QVERIFY(left->transform().zoomFactor() > zoomBefore * 1.5);
        QCOMPARE(right->transform().zoomFactor(), left->transform().zoomFactor());
        // TGC_COMPARE_GRID_SHOT=OUT.png: a picture of the grid (not a check).
        if (const QString shot = qEnvironmentVariable("TGC_COMPARE_GRID_SHOT"); !shot.isEmpty())
            QVERIFY(grid->grab().save(shot));
        panel->layoutBox()->setCurrentIndex(0);
        QVERIFY(!grid->isVisible());

        // Another image: the comparison belonged to the one before.
        QVERIFY(session->start({models->models()[0], models->models()[1]}, [&] {
            CompareSession::Request r = session->request();
            r.scope = CompareSession::Scope::Slice;
            return r;
        }()));
        QSignalSpy dropped(session, &CompareSession::dropped);
        loaded.clear();
        window.openPaths({m_otherPath});
        QVERIFY(loaded.wait(30000));
        QCOMPARE(dropped.size(), 1);
        QVERIFY(display->outlineLayers().empty());
        QCOMPARE(legend->rowCount(), 0);
        QVERIFY(panel->statusText().contains(QStringLiteral("dropped")));
        QCOMPARE(pixelsOf(axial->renderedSlice(), demoColour), 0);
    }

    // The robustness probe from the dock: one model, its prompt rewrites in
    // the legend, the flag for the model that ignores the organ named.
    void probeFromTheDock() {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openPaths({m_slicePath});
        QVERIFY(loaded.wait(30000));
        const QString scratchId = window.app()->models()->addCheckpoint(m_scratch, QString());
        ComparePanel* panel = window.comparePanel();
        panel->refreshModels();
        panel->chooseModels({scratchId});
        QVERIFY(!panel->runButton()->isEnabled()); // one model: only for the prompt modes
        panel->modeBox()->setCurrentIndex(int(ComparePanel::Mode::Probe));
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(!panel->editedPrompt()->isVisible());
        CompareSession* session = window.app()->compare()->session();
        QSignalSpy finished(session, &CompareSession::finished);
        QSignalSpy error(session, &CompareSession::error);
        window.app()->prompts()->setReport(QStringLiteral("Segment the liver."));
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY2(error.isEmpty(), qPrintable(error.value(0).value(0).toString()));
        QVERIFY2(finished.wait(120000), qPrintable(panel->statusText()));
        QTableWidget* legend = panel->legend();
        QCOMPARE(legend->rowCount(), 3);
        QCOMPARE(legend->item(0, 0)->text(), QStringLiteral("original"));
        QCOMPARE(legend->item(2, 0)->text(), QStringLiteral("organ swapped"));
        QVERIFY(legend->item(2, 0)->toolTip().contains("Segment the spleen."));
        QVERIFY(session->stillWhereItShouldMove(2));
        QVERIFY2(panel->statusText().contains(QStringLiteral("organ swapped")),
                 qPrintable(panel->statusText()));
        QCOMPARE(int(window.app()->display()->outlineLayers().size()), 3);

        // Clear leaves compare mode: no outlines, no scores.
        QVERIFY(panel->clearButton()->isEnabled());
        QTest::mouseClick(panel->clearButton(), Qt::LeftButton);
        QVERIFY(window.app()->display()->outlineLayers().empty());
        QCOMPARE(legend->rowCount(), 0);
        QVERIFY(!session->hasResults());
        QVERIFY(!panel->clearButton()->isEnabled());
    }
};

QTEST_MAIN(TestCompareUi)
#include "test_compare_ui.moc"

// Clicks on the demo model's proposal in the real slice views: the Clicks
// tool (K), a left click and a right click in the axial view each ask the
// model again for that slice and change the proposal, no label changes,
// Undo steps back through the clicks to the proposal as it was, Accept
// records the clicks with the proposal; on a volume a click in the coronal
// view refines the axial slice it lies in and no other.
//
// `test_click_ui --bench-click [--runs N]` is the benchmark (not a test): the
// time from a click in the axial view to the refined proposal in the
// display model, median over N clicks on a 512 x 512 CT slice.
#include "annotator.h"
#include "case_prompts.h"
#include "edit_session.h"
#include "image_writer.h"
#include "inference_client.h"
#include "main_window.h"
#include "model_manager.h"
#include "phantom/ct_phantom.h"
#include "phantom_images.h"
#include "project_controller.h"
#include "proposal_controller.h"
#include "proposal_panel.h"
#include "store/importer.h"
#include "store/session.h"
#include "view_area.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <numeric>

using namespace tgc;

namespace {

void isolateSettings(const QString& folder) {
    QCoreApplication::setOrganizationName(QStringLiteral("TGC-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_click_ui"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

bool waitForModel(MainWindow& window) {
    InferenceClient* client = window.app()->models()->client();
    QElapsedTimer clock;
    clock.start();
    while (!client->activeModel() && clock.elapsed() < 60000)
        QTest::qWait(20);
    return client->activeModel().has_value();
}

std::vector<std::uint8_t> bytesOf(const LabelMap& map) {
    return {map.data(), map.data() + map.geometry().voxelCount()};
}

const PhantomTarget& target(const PhantomCase& phantom, const char* key) {
    for (const auto& t : phantom.targets)
        if (t.key == QLatin1String(key))
            return t;
    qFatal("no target %s", key);
}

// The voxel nearest the centre of a target's mask on axial slice z.
std::array<int, 3> centreOf(const LabelMap& mask, int z) {
    const auto d = mask.dims();
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < d[1]; ++y)
        for (int x = 0; x < d[0]; ++x)
            if (mask.at(x, y, z) != 0) {
                sx += x;
                sy += y;
                ++n;
            }
    return {int(std::lround(sx / std::max(1.0, n))), int(std::lround(sy / std::max(1.0, n))), z};
}

// Clicks the voxel in a view and waits for the model's answer to land in
// the proposal; false when it did not within 30 s.
bool clickAndWait(MainWindow& window, Orientation o, const std::array<int, 3>& voxel,
                  Qt::MouseButton button = Qt::LeftButton,
                  Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    SliceView* view = window.viewArea()->view(o);
    ProposalController* proposals = window.app()->proposals();
    QSignalSpy ready(proposals, &ProposalController::proposalReady);
    QTest::mouseClick(view, button, modifiers, view->widgetPointOf(voxel).toPoint());
    return proposals->isRunning() && ready.wait(30000);
}

// The Clicks tool, from the Edit menu where its registry entry puts it.
bool selectClickTool(MainWindow& window) {
    auto* action = window.findChild<QAction*>(QStringLiteral("toolClicks"));
    if (!action || action->shortcut() != QKeySequence(Qt::Key_K))
        return false;
    bool inEditMenu = false;
    for (QMenu* menu : window.findChildren<QMenu*>())
        inEditMenu = inEditMenu ||
                     (menu->title() == QLatin1String("&Edit") && menu->actions().contains(action));
    if (!inEditMenu)
        return false;
    action->trigger();
    return true;
}

} // namespace

class TestClickUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void clicksRefineUndoAndAccept();
    void coronalClickRefinesItsAxialSlice();
    void scriptedClicksInTheRealApplication();

private:
    // A project of the CT phantom slice, its report "Segment the liver.".
    bool writeSliceProject(const QString& root, QString* caseId) const;

    QTemporaryDir m_dir;
    test::PhantomImages m_images;
};

bool TestClickUi::writeSliceProject(const QString& root, QString* caseId) const {
    Project p = Project::create(root);
    if (importSources(p, {m_images.slicePath}).added.size() != 1)
        return false;
    p.cases().front().report = QStringLiteral("Segment the liver.");
    *caseId = p.cases().front().id;
    p.save();
    return true;
}

void TestClickUi::initTestCase() {
    QVERIFY(m_dir.isValid());
    isolateSettings(m_dir.filePath("settings"));
    qputenv("TGC_INFERENCE_THREADS", "1");
    m_images.write(QDir(m_dir.path()));
}

void TestClickUi::clicksRefineUndoAndAccept() {
    const QString root = m_dir.filePath("clicks");
    QString caseId;
    QVERIFY(writeSliceProject(root, &caseId));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ProjectController* project = window.app()->project();
    QVERIFY(project->openProject(root, ProjectController::Recovery::Discard));
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    QVERIFY(project->openCase(caseId));
    QVERIFY(loaded.wait(30000));
    QVERIFY(waitForModel(window));
    QVERIFY(selectClickTool(window));

    DisplayModel* model = window.app()->display();
    EditSession* edit = window.app()->edit();
    ProposalController* proposals = window.app()->proposals();
    // No proposal yet: a click is Navigate's, nothing is asked of the model.
    const auto spleen = centreOf(target(m_images.slice, "spleen").mask, 0);
    QTest::mouseClick(window.viewArea()->view(Orientation::Axial), Qt::LeftButton, {},
                      window.viewArea()->view(Orientation::Axial)->widgetPointOf(spleen).toPoint());
    QVERIFY(!proposals->isRunning());
    QCOMPARE(edit->undoStack()->count(), 0);

    QSignalSpy ready(proposals, &ProposalController::proposalReady);
    QTest::mouseClick(window.proposalPanel()->generateButton(), Qt::LeftButton);
    // A click while the proposal is still coming is refused in words: no
    // click kept for later, no cross-hair move.
    QVERIFY(proposals->isRunning());
    const auto cursor = model->cursor();
    const auto liverCentre = centreOf(target(m_images.slice, "liver").mask, 0);
    QTest::mouseClick(
        window.viewArea()->view(Orientation::Axial), Qt::LeftButton, {},
        window.viewArea()->view(Orientation::Axial)->widgetPointOf(liverCentre).toPoint());
    QVERIFY2(proposals->statusText().contains("still being generated"),
             qPrintable(proposals->statusText()));
    QCOMPARE(model->cursor(), cursor);
    QVERIFY(edit->proposalClicks()->clicks().empty());
    QVERIFY(ready.wait(60000));
    QVERIFY(!edit->proposalClicks()->isPending());
    const auto labels = bytesOf(*model->labels());
    const auto original = bytesOf(*model->proposal());
    const int steps = edit->undoStack()->count();

    // A positive click on the spleen, which the liver prompt left out.
    const int cut = model->proposalCutoff();
    QVERIFY(model->proposal()->at(spleen[0], spleen[1], 0) < cut);
    QVERIFY(clickAndWait(window, Orientation::Axial, spleen));
    QCOMPARE(edit->undoStack()->count(), steps + 1);
    QCOMPARE(proposals->lastSummary().clicks, 1);
    const auto afterOne = bytesOf(*model->proposal());
    QVERIFY(afterOne != original);
    const auto shownVoxels = [cut](const std::vector<std::uint8_t>& map) {
        return std::count_if(map.begin(), map.end(), [cut](std::uint8_t p) { return p >= cut; });
    };
    qInfo("a positive click on the spleen: p there %d / 255 (was %d); %td voxels shown (were "
          "%td), %td voxels changed",
          int(model->proposal()->at(spleen[0], spleen[1], 0)),
          int(original[std::size_t(spleen[1]) * 512 + std::size_t(spleen[0])]),
          shownVoxels(afterOne), shownVoxels(original),
          std::inner_product(afterOne.begin(), afterOne.end(), original.begin(), std::ptrdiff_t(0),
                             std::plus<>(), std::not_equal_to<>()));
    // A right click (negative) in the middle of the liver.
    const auto liver = centreOf(target(m_images.slice, "liver").mask, 0);
    QVERIFY(clickAndWait(window, Orientation::Axial, liver, Qt::RightButton));
    QCOMPARE(edit->undoStack()->count(), steps + 2);
    QCOMPARE(proposals->lastSummary().clicks, 2);
    const auto afterTwo = bytesOf(*model->proposal());
    QVERIFY(afterTwo != afterOne);
    qInfo("a negative click in the liver: p there %d / 255; %td voxels shown",
          int(model->proposal()->at(liver[0], liver[1], 0)), shownVoxels(afterTwo));
    QCOMPARE(edit->proposalClicks()->clicks().size(), std::size_t(2));
    QVERIFY(edit->proposalClicks()->clicks()[0].positive);
    QVERIFY(!edit->proposalClicks()->clicks()[1].positive);
    QVERIFY(bytesOf(*model->labels()) == labels); // clicks never touch a label

    // Undo steps back through the clicks: the model answers again with fewer.
    QAction* undo = window.findChild<QAction*>(QStringLiteral("actionUndo"));
    QSignalSpy undone(proposals, &ProposalController::proposalReady);
    undo->trigger();
    QVERIFY(undone.wait(30000));
    QCOMPARE(edit->proposalClicks()->clicks().size(), std::size_t(1));
    QVERIFY(bytesOf(*model->proposal()) == afterOne);
    undo->trigger();
    QVERIFY(undone.wait(30000));
    QVERIFY(edit->proposalClicks()->clicks().empty());
    QVERIFY(bytesOf(*model->proposal()) == original);
    QVERIFY(bytesOf(*model->labels()) == labels);

    // Two clicks again (Shift+click is negative too), then Accept: the
    // manifest has the clicks and how many it took.
    QVERIFY(clickAndWait(window, Orientation::Axial, spleen));
    QVERIFY(clickAndWait(window, Orientation::Axial, liver, Qt::LeftButton, Qt::ShiftModifier));
    QVERIFY(!edit->proposalClicks()->clicks()[1].positive);
    QVERIFY(bytesOf(*model->proposal()) == afterTwo);
    // Accept slice records the clicks too; the proposal stays, not accepted whole.
    QTest::mouseClick(window.proposalPanel()->acceptSliceButton(), Qt::LeftButton);
    QVERIFY(proposals->hasProposal());
    const ProposalRecord* sliceOnly =
        project->session()->project().findCase(caseId)->proposal("tgc-demo-tiny");
    QVERIFY(sliceOnly);
    QVERIFY(!sliceOnly->accepted);
    QCOMPARE(sliceOnly->acceptedClicks.value_or(-1), 2);
    QTest::mouseClick(window.proposalPanel()->acceptButton(), Qt::LeftButton);
    QVERIFY(!proposals->hasProposal());
    QVERIFY(!edit->proposalClicks()->isOpen());
    const ProposalRecord* record =
        project->session()->project().findCase(caseId)->proposal("tgc-demo-tiny");
    QVERIFY(record);
    QVERIFY(record->accepted);
    QCOMPARE(record->acceptedClicks.value_or(-1), 2);
    QCOMPARE(record->clicks.size(), std::size_t(2));
    QCOMPARE(record->clicks[0], (RecordedClick{spleen[0], spleen[1], 0, true}));
    QCOMPARE(record->clicks[1], (RecordedClick{liver[0], liver[1], 0, false}));
    // The manifest keeps them.
    QVERIFY(project->save());
    const Project reopened = Project::open(root);
    const ProposalRecord* saved = reopened.findCase(caseId)->proposal("tgc-demo-tiny");
    QVERIFY(saved);
    QCOMPARE(saved->clicks, record->clicks);
    QCOMPARE(saved->acceptedClicks.value_or(-1), 2);
}

// In a coronal view a click lies on axial slice z = its row's slice: that
// slice of the whole-volume proposal is asked again, the others stay.
void TestClickUi::coronalClickRefinesItsAxialSlice() {
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    window.openPaths({m_images.volumePath});
    QVERIFY(loaded.wait(30000));
    QVERIFY(waitForModel(window));
    window.app()->prompts()->setReport(QStringLiteral("Segment the liver."));
    ProposalController* proposals = window.app()->proposals();
    QSignalSpy ready(proposals, &ProposalController::proposalReady);
    QVERIFY(proposals->generate(ProposalController::Scope::Volume));
    QVERIFY(ready.wait(60000));
    DisplayModel* model = window.app()->display();
    const auto before = bytesOf(*model->proposal());
    QVERIFY(selectClickTool(window));

    // The spleen's centre on axial slice 12, seen in the coronal view
    // through it.
    const int z = 12;
    const auto spleen = centreOf(target(m_images.volume, "spleen").mask, z);
    model->setCursor(spleen); // the coronal view shows the slice through it
    QVERIFY(clickAndWait(window, Orientation::Coronal, spleen));
    QCOMPARE(proposals->lastSummary().slices, std::vector<int>{z});
    const auto after = bytesOf(*model->proposal());
    const std::size_t plane = model->proposal()->geometry().sliceVoxelCount();
    std::size_t changedHere = 0;
    for (std::size_t i = 0; i < after.size(); ++i) {
        if (int(i / plane) != z)
            QCOMPARE(after[i], before[i]);
        else
            changedHere += after[i] != before[i];
    }
    QVERIFY(changedHere > 0);
    QCOMPARE(window.app()->edit()->proposalClicks()->clicks().front().voxel, spleen);
}

// tgc-annotator --script (ui/script/edit_script.h), as the screenshots use it:
// generate, pick the tool, a left and a right click in the axial view, a
// screenshot before and after; the project's journal keeps the clicks.
void TestClickUi::scriptedClicksInTheRealApplication() {
#ifndef TGC_EDIT_SCRIPT
    QSKIP("built without TGC_EDIT_SCRIPT: tgc-annotator has no --script");
#endif
    const QString root = m_dir.filePath("scripted");
    QString caseId;
    QVERIFY(writeSliceProject(root, &caseId));
    const auto spleen = centreOf(target(m_images.slice, "spleen").mask, 0);
    const auto liver = centreOf(target(m_images.slice, "liver").mask, 0);
    const QString before = m_dir.filePath("before.png"), after = m_dir.filePath("after.png");
    QFile script(m_dir.filePath("clicks.jsonl"));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(QStringLiteral("{\"open\": \"%1\"}\n{\"generate\": \"slice\"}\n"
                                "{\"screenshot\": \"%2\"}\n{\"tool\": \"clicks\"}\n"
                                "{\"click\": [%3, %4, 0, \"pos\"]}\n"
                                "{\"click\": [%5, %6, 0, \"neg\"]}\n"
                                "{\"screenshot\": \"%7\"}\n{\"save\": true}\n"
                                "{\"print\": \"done\"}\n{\"quit\": true}\n")
                     .arg(caseId, before)
                     .arg(spleen[0])
                     .arg(spleen[1])
                     .arg(liver[0])
                     .arg(liver[1])
                     .arg(after)
                     .toUtf8());
    script.close();
    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", m_dir.filePath("gui-config"));
    gui.setProcessEnvironment(env);
    gui.start(QStringLiteral(TGC_BINARY_DIR "/bin/tgc-annotator"),
              {"--project", root, "--restore-autosave", "no", "--script", script.fileName()});
    QVERIFY(gui.waitForFinished(120000));
    QCOMPARE(gui.exitCode(), 0);
    QVERIFY(gui.readAllStandardOutput().contains("done"));
    const QImage a(before), b(after);
    QVERIFY(!a.isNull() && !b.isNull());
    QVERIFY(a != b); // the refined proposal and the click marks
    const Project saved = Project::open(root);
    const ProposalRecord* record = saved.findCase(caseId)->proposal("tgc-demo-tiny");
    QVERIFY(record);
    QCOMPARE(record->clicks.size(), std::size_t(2));
    QCOMPARE(record->clicks[0], (RecordedClick{spleen[0], spleen[1], 0, true}));
    QCOMPARE(record->clicks[1], (RecordedClick{liver[0], liver[1], 0, false}));
}

// ---------------------------------------------------------------- benchmark

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty()      ? 0.0
           : v.size() % 2 ? v[v.size() / 2]
                          : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

int benchClick(const QStringList& args) {
    int runs = 20;
    if (const int i = int(args.indexOf(QStringLiteral("--runs"))); i >= 0 && i + 1 < args.size())
        runs = args[i + 1].toInt();
    QTemporaryDir dir;
    isolateSettings(dir.filePath("settings"));
    const PhantomCase phantom = CtSlicePhantom().generate(4242, 0);
    const QString path = dir.filePath("ct_slice.nii.gz");
    writeNifti(phantom.image, path);
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QSignalSpy loaded(&window, &MainWindow::loadFinished);
    window.openPaths({path});
    if (!loaded.wait(30000) || !waitForModel(window) || !selectClickTool(window)) {
        std::fprintf(stderr, "bench-click: the image, the model or the tool did not load\n");
        return 2;
    }
    window.app()->prompts()->setReport(QStringLiteral("Segment the liver."));
    ProposalController* proposals = window.app()->proposals();
    QSignalSpy ready(proposals, &ProposalController::proposalReady);
    proposals->generate(ProposalController::Scope::Slice);
    if (!ready.wait(60000))
        return 2;
    const auto info = *window.app()->models()->client()->activeModel();
    const auto spleen = centreOf(target(phantom, "spleen").mask, 0);
    const auto liver = centreOf(target(phantom, "liver").mask, 0);
    std::vector<double> times, models;
    const int warmup = 2;
    QElapsedTimer clock;
    for (int run = 0; run < warmup + runs; ++run) {
        // Alternately add a click and take it back, so every click carries one.
        const bool undo = run % 2 == 1;
        clock.start();
        QSignalSpy answered(proposals, &ProposalController::proposalReady);
        if (undo)
            window.app()->edit()->undo();
        else
            QTest::mouseClick(window.viewArea()->view(Orientation::Axial), Qt::LeftButton, {},
                              window.viewArea()
                                  ->view(Orientation::Axial)
                                  ->widgetPointOf(run % 4 == 0 ? spleen : liver)
                                  .toPoint());
        if (!answered.wait(20000)) {
            std::fprintf(stderr, "bench-click: no answer within 20 s\n");
            return 2;
        }
        if (run < warmup || undo)
            continue;
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
        models.push_back(proposals->lastSummary().msModel);
    }
    std::printf("bench-click: 512x512 CT slice, model %s on %s (%d CPU thread(s)), %zu clicks\n",
                qPrintable(info.spec.id), qPrintable(info.device), info.threads, times.size());
    std::printf("  click -> refined proposal: median %.1f ms, min %.1f, max %.1f "
                "(model forward median %.1f ms)\n",
                median(times), *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()), median(models));
    std::printf("{\"median_ms\": %.1f, \"max_ms\": %.1f, \"model_median_ms\": %.1f, "
                "\"threads\": %d, \"device\": \"%s\"}\n",
                median(times), *std::max_element(times.begin(), times.end()), median(models),
                info.threads, qPrintable(info.device));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.contains(QStringLiteral("--bench-click")))
        return benchClick(args);
    TestClickUi test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_click_ui.moc"

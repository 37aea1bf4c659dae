// The crash-recovery promise, end to end: a real tgc-annotator process (offscreen)
// makes scripted edits, is killed with SIGKILL 2 s after the last one, and a
// second process restores and saves; the saved mask and fields must equal
// the edits byte for byte.
#include "edit/label_editor.h"
#include "image_writer.h"
#include "label_io.h"
#include "store/importer.h"
#include "store/project.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace tgc;

namespace {

constexpr int kW = 200, kH = 150;

struct Square {
    int x, y, size, label;
};
const Square kStrokes[] = {{10, 10, 30, 1},  {50, 20, 40, 2}, {25, 25, 60, 1},
                           {120, 90, 45, 3}, {0, 0, 5, 2},    {150, 5, 49, 1}};

void writeLines(const QString& path, const QStringList& lines) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(lines.join('\n').toUtf8());
}

QProcess* startGui(const QString& home, const QStringList& args) {
    auto* process = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", home); // fresh settings, no saved layout
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(QStringLiteral(TGC_BINARY_DIR "/bin/tgc-annotator"), args);
    return process;
}

} // namespace

class TestAutosaveKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedSessionIsRestoredByteForByte();
};

void TestAutosaveKill::killedSessionIsRestoredByteForByte() {
    QTemporaryDir tmp;
    VolumeGeometry g;
    g.dims = {kW, kH, 1};
    ImageVolume image(VoxelType::UInt8, 1, g);
    for (std::size_t n = 0; n < g.voxelCount(); ++n)
        image.data<std::uint8_t>()[n] = std::uint8_t(n % 199);
    writePng(image, tmp.filePath("cxr.png"));
    const QString root = tmp.filePath("project");
    {
        Project p = Project::create(root);
        QCOMPARE(importSources(p, {tmp.filePath("cxr.png")}).added, QStringList{"cxr"});
        p.save();
    }
    const QString report = "Bilateral pulmonary infection, two infected areas, upper left lung.";
    QStringList script{R"({"open": "cxr"})"};
    LabelMap expected(g);
    LabelEditor editor(expected);
    // Every stroke, then undo twice and redo once: the last stroke is undone,
    // and undo and redo must reach the journal as strokes do.
    const std::size_t strokes = std::size(kStrokes);
    for (std::size_t i = 0; i < strokes; ++i) {
        const Square& s = kStrokes[i];
        script << QString(R"({"paint": [%1, %2, 0, %3, %4]})")
                      .arg(s.x)
                      .arg(s.y)
                      .arg(s.size)
                      .arg(s.label);
        if (i + 1 == strokes)
            continue;
        editor.apply(Footprint{VoxelBox{{s.x, s.y, 0}, {s.x + s.size, s.y + s.size, 1}}, {}},
                     PaintRule{std::uint8_t(s.label)});
        editor.commit("stroke");
    }
    script << R"({"undo": true})"
           << R"({"undo": true})"
           << R"({"redo": true})";
    script << QString(R"({"field": "report", "value": "%1"})").arg(report)
           << R"({"field": "notes", "value": "apex unclear"})"
           << R"({"status": "done"})"
           << R"({"print": "EDITS_DONE"})"
           << R"({"wait": 600000})";
    writeLines(tmp.filePath("edit.jsonl"), script);

    std::unique_ptr<QProcess> gui(startGui(
        tmp.filePath("home"), {"--project", root, "--script", tmp.filePath("edit.jsonl")}));
    QVERIFY(gui->waitForStarted(30000));
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (!out.contains("EDITS_DONE") && timer.elapsed() < 120000 &&
           gui->state() == QProcess::Running) {
        gui->waitForReadyRead(500);
        out += gui->readAllStandardOutput();
    }
    QVERIFY2(out.contains("EDITS_DONE"), out.constData());
    QTest::qWait(2000); // the promise: edits older than 2 s survive a kill
    gui->kill();        // SIGKILL: no chance to save or flush
    QVERIFY(gui->waitForFinished(10000));
    QCOMPARE(gui->exitStatus(), QProcess::CrashExit);
    // Nothing was saved: what comes back can only come from the journal.
    QVERIFY(!Project::open(root).findCase("cxr")->report.contains("infection"));
    QVERIFY(!QFile::exists(root + "/cases/cxr/mask.png"));

    writeLines(tmp.filePath("save.jsonl"), {R"({"save": true})", R"({"quit": true})"});
    std::unique_ptr<QProcess> again(
        startGui(tmp.filePath("home"), {"--project", root, "--restore-autosave", "yes", "--script",
                                        tmp.filePath("save.jsonl")}));
    QVERIFY(again->waitForFinished(120000));
    QCOMPARE(again->exitCode(), 0);

    const Project p = Project::open(root);
    const CaseRecord* c = p.findCase("cxr");
    QCOMPARE(c->report, report);
    QCOMPARE(c->notes, QString("apex unclear"));
    QCOMPARE(c->status, CaseStatus::Done);
    const LabelMap restored = readLabelMap(p.maskPath(*c));
    QCOMPARE(restored.dims(), expected.dims());
    QVERIFY(std::equal(expected.data(), expected.data() + g.voxelCount(), restored.data()));
}

QTEST_GUILESS_MAIN(TestAutosaveKill)
#include "test_autosave_kill.moc"

// tgc-cli import (DESIGN.md §5): run as a process, the way scripts use it.
#include "../support/cli_run.h"
#include "image_writer.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tgc;

namespace {

using Run = tgc::test::CliRun;

Run cli(const QStringList& args) {
    return tgc::test::runCli(args);
}

void writeGrey(const QString& path, int seed) {
    VolumeGeometry g;
    g.dims = {24, 20, 1};
    ImageVolume image(VoxelType::UInt8, 1, g);
    for (std::size_t n = 0; n < g.voxelCount(); ++n)
        image.data<std::uint8_t>()[n] = std::uint8_t((n + std::size_t(seed) * 13) % 200);
    writePng(image, path);
}

} // namespace

class TestCliImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importsCreatesAndReportsAsJson();
    void textOutputAndBadArguments();
};

void TestCliImport::importsCreatesAndReportsAsJson() {
    QTemporaryDir tmp;
    QVERIFY(QDir().mkpath(tmp.filePath("src")));
    writeGrey(tmp.filePath("src/one.png"), 1);
    writeGrey(tmp.filePath("src/two.png"), 2);
    QFile bad(tmp.filePath("src/bad.png"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\x89PNG\r\n\x1a\n cut short");
    bad.close();
    const QString project = tmp.filePath("proj");

    Run run = cli(
        {"import", "--project", project, "--status", "in_progress", "--json", tmp.filePath("src")});
    QCOMPARE(run.code, 1); // imported, but one file was skipped
    const QJsonObject out = QJsonDocument::fromJson(run.out).object();
    QVERIFY2(!out.isEmpty(), run.out + run.err);
    QCOMPARE(out.value("created").toBool(), true);
    QCOMPARE(out.value("cases").toInt(), 2);
    QCOMPARE(out.value("added").toArray().size(), 2);
    const QJsonArray skipped = out.value("skipped").toArray();
    QCOMPARE(skipped.size(), 1);
    QVERIFY(skipped[0].toObject().value("path").toString().endsWith("bad.png"));
    const Project p = Project::open(project);
    QCOMPARE(int(p.cases().size()), 2);
    QCOMPARE(p.cases()[0].status, CaseStatus::InProgress);

    // Again, into the existing project: duplicates, nothing added, exit 0.
    run = cli({"import", "--project", project, "--json", tmp.filePath("src/one.png")});
    QCOMPARE(run.code, 0);
    const QJsonObject again = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(again.value("created").toBool(), false);
    QCOMPARE(again.value("duplicates").toArray().size(), 1);
    QCOMPARE(again.value("cases").toInt(), 2);
}

void TestCliImport::textOutputAndBadArguments() {
    QTemporaryDir tmp;
    writeGrey(tmp.filePath("a.png"), 3);
    Run run = cli({"import", "--project", tmp.filePath("p"), tmp.filePath("a.png")});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains("1 case(s) imported"), run.out);

    run = cli({"import", "--project", tmp.filePath("p"), "--status", "finished", "x.png"});
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains("--status finished"), run.err);

    // A folder that holds something else is not turned into a project.
    QFile other(tmp.filePath("other/keep.txt"));
    QVERIFY(QDir().mkpath(tmp.filePath("other")) && other.open(QIODevice::WriteOnly));
    other.close();
    run = cli({"import", "--project", tmp.filePath("other"), tmp.filePath("a.png")});
    QCOMPARE(run.code, 2);
    QVERIFY2(run.err.contains("other") && run.err.contains("project.json"), run.err);
}

QTEST_GUILESS_MAIN(TestCliImport)
#include "test_cli_import.moc"

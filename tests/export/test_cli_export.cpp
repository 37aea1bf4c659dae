// tgc-cli export as a user runs it on a sample project (phantom CT volumes,
// CT slices and chest X-rays imported as done): one JSON object, clear
// refusals, and a qata export that `tgc-cli train` reads with no conversion.
#include "../support/cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = tgc::test::CliRun;

Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tgc::test::runCli(args, timeoutMs);
}

} // namespace

class TestCliExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QList<QStringList> phantoms = {
            {"--kind", "ct3d", "--count", "2", "--size", "64x64x16", "--out", path("ct3d")},
            {"--kind", "ct", "--count", "3", "--size", "96", "--out", path("ct")},
            {"--kind", "cxr", "--count", "3", "--size", "96", "--out", path("cxr")}};
        for (const QStringList& args : phantoms) {
            const Run r = cli(QStringList{"phantom", "--seed", "1", "--json"} + args);
            QVERIFY2(r.code == 0, r.err.constData());
        }
        const Run imported = cli({"import", "--project", path("P"), "--status", "done", "--json",
                                  path("ct3d"), path("ct"), path("cxr")});
        QVERIFY2(imported.code == 0, imported.err.constData());
        QCOMPARE(imported.json().value("added").toArray().size(), 8);
    }

    void qataExportPrintsOneJsonObjectAndTrains() {
        const Run r = cli({"export", "--project", path("P"), "--format", "qata", "--out",
                           path("qata"), "--empty-slices", "0.2", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.out.count('\n'), 1);
        const QJsonObject o = r.json();
        QCOMPARE(o.value("format").toString(), QStringLiteral("qata"));
        QCOMPARE(o.value("cases").toInt(), 8);
        QCOMPARE(o.value("skipped").toArray().size(), 0);
        QCOMPARE(o.value("out").toString(), QDir(path("qata")).absolutePath());
        QVERIFY(o.value("files").toInt() > 8);
        QVERIFY(QFileInfo::exists(path("qata/manifest.json")));

        // Training reads the export as it is.
        const Run train = cli({"train", "--data", path("qata"), "--config", "tiny", "--steps", "3",
                               "--out", path("w.safetensors"), "--json"});
        QVERIFY2(train.code == 0, train.err.constData());
        QCOMPARE(train.json().value("steps").toInt(), 3);
        QVERIFY(QFileInfo(path("w.safetensors")).size() > 0);
    }

    void refusalsNameTheProblem() {
        QDir().mkpath(path("full"));
        QFile keep(path("full/keep.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.close();
        Run r = cli({"export", "--project", path("P"), "--format", "qata", "--out", path("full"),
                     "--json"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(path("full").toUtf8()) && r.err.contains("not empty"),
                 r.err.constData());
        r = cli({"export", "--project", path("P"), "--format", "qata", "--out", path("full"),
                 "--overwrite", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());

        r = cli({"export", "--project", path("P"), "--format", "coco", "--out", path("x")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--format must be qata, nnunet or dicom-seg"));
        r = cli({"export", "--project", path("P"), "--format", "qata", "--out", path("x"),
                 "--split", "0.8,0.2"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--split"));
        r = cli({"export", "--project", path("P"), "--format", "qata", "--out", path("x"),
                 "--include-status", "finished"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--include-status"));
        // No DICOM source in this project: nothing to export, nothing left behind.
        r = cli({"export", "--project", path("P"), "--format", "dicom-seg", "--out", path("x")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("nothing to export"), r.err.constData());
        QVERIFY(!QFileInfo::exists(path("x")));
    }

    void nnunetDeidentifiedWithSplitAndSeed() {
        const Run r = cli({"export", "--project", path("P"), "--format", "nnunet", "--out",
                           path("nn"), "--deidentify", "--split", "0.5,0.25,0.25", "--seed", "3",
                           "--include-status", "done,reviewed", "--json"});
        // The ct3d volumes are CT, the cxr images DX: one nnU-Net dataset holds one
        // channel kind, so the other modality is skipped with its reason (exit 1).
        QCOMPARE(r.code, 1);
        const QJsonObject o = r.json();
        QVERIFY(o.value("deidentified").toBool());
        for (const auto& name : o.value("exported").toArray())
            QVERIFY(name.toString().startsWith("case_"));
        QVERIFY(o.value("skipped").toArray().size() > 0);
        bool modalitySkipped = false;
        for (const auto& skipped : o.value("skipped").toArray())
            modalitySkipped = modalitySkipped ||
                              skipped.toObject().value("reason").toString().contains("modality");
        QVERIFY(modalitySkipped);
        QVERIFY(QFileInfo::exists(path("nn/Dataset001_P/dataset.json")));
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "test_cli_export.moc"

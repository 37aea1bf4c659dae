// tgc-cli train / eval / infer as a user runs them: real processes on real
// phantom files, JSON on stdout, clear messages and exit codes for bad input,
// and Ctrl-C during training leaving a checkpoint of the steps done.
#include "../support/cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

namespace {

using Run = tgc::test::CliRun;

Run cli(const QStringList& args, int timeoutMs = 300000) {
    return tgc::test::runCli(args, timeoutMs);
}

} // namespace

class TestCliModel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QCOMPARE(cli({"phantom", "--kind", "ct", "--count", "2", "--size", "96", "--seed", "3",
                      "--out", path("data"), "--json"})
                     .code,
                 0);
        QCOMPARE(cli({"phantom", "--kind", "cxr", "--count", "2", "--size", "96", "--seed", "4",
                      "--out", path("data"), "--append", "--json"})
                     .code,
                 0);
    }

    void trainWritesACheckpointThatEvalAndInferUse() {
        const Run train = cli({"train", "--data", path("data"), "--config", "tiny", "--steps", "4",
                               "--batch", "1", "--val-fraction", "0.25", "--val-every", "2",
                               "--out", path("m.safetensors"), "--json"});
        QVERIFY2(train.code == 0, train.err.constData());
        QCOMPARE(train.json().value("steps").toInt(), 4);
        QVERIFY(train.err.contains("step 4/4"));
        QVERIFY(train.err.contains("ETA"));
        QVERIFY(train.err.contains("val dice"));
        QVERIFY(QFileInfo::exists(path("m.safetensors")));

        // Resume continues the count.
        const Run more =
            cli({"train", "--data", path("data"), "--steps", "6", "--batch", "1", "--resume",
                 path("m.safetensors"), "--out", path("m6.safetensors"), "--json"});
        QVERIFY2(more.code == 0, more.err.constData());
        QVERIFY(more.err.contains("step 5/6"));
        QVERIFY(!more.err.contains("step 4/6"));

        const Run eval =
            cli({"eval", "--model", path("m6.safetensors"), "--data", path("data"), "--json"});
        QVERIFY2(eval.code == 0, eval.err.constData());
        const QJsonObject e = eval.json();
        const int rows = e.value("cases").toInt();
        QVERIFY(rows > 4); // ct slices carry one row per organ
        QCOMPARE(e.value("per_case").toArray().size(), rows);
        const double dice = e.value("dice_mean").toDouble(-1);
        QVERIFY(dice >= 0.0 && dice <= 1.0);
        QVERIFY(e.value("text_swap_pairs").toInt() > 0);
        QVERIFY(e.value("text_swap_accuracy").isDouble());

        QDir images(path("data/images"));
        const QString ct = images.filePath(images.entryList({"ct_*.png"}).value(0));
        const Run infer = cli({"infer", "--model", path("m6.safetensors"), "--image", ct, "--text",
                               "the spleen", "--out", path("mask.png"), "--json"});
        QVERIFY2(infer.code == 0, infer.err.constData());
        QCOMPARE(infer.json().value("slices").toInt(), 1);
        QCOMPARE(infer.json().value("torch_version").toString(), QStringLiteral(TGC_TORCH_VERSION));
        QVERIFY(infer.json().value("cuda_compiled").isBool());
        QCOMPARE(infer.json().value("cuda_compiled").toBool(), TGC_CUDA_COMPILED);
        QVERIFY(infer.json().value("window").toArray().size() == 2);
        // 16-bit CT slices hold HU + 1024: the CT window shifted by 1024.
        QCOMPARE(infer.json().value("window").toArray().at(0).toDouble(), 50.0 + 1024.0);
        QImage mask(path("mask.png"));
        QCOMPARE(mask.size(), QSize(96, 96));
    }

    void evalAndInferSayPresenceOodAndClicks() {
        // Absent-target phantoms: rows whose masks are empty.
        QCOMPARE(cli({"phantom", "--kind", "ct", "--count", "3", "--size", "96", "--seed", "11",
                      "--absent-targets", "--out", path("absent"), "--json"})
                     .code,
                 0);
        const Run train = cli({"train",
                               "--data",
                               path("absent"),
                               "--config",
                               "tiny",
                               "--steps",
                               "3",
                               "--batch",
                               "2",
                               "--val-fraction",
                               "0",
                               "--presence-weight",
                               "1",
                               "--click-share",
                               "1",
                               "--click-rounds",
                               "1",
                               "--out",
                               path("h.safetensors"),
                               "--json"});
        QVERIFY2(train.code == 0, train.err.constData());
        QVERIFY(train.err.contains("presence"));
        QVERIFY(train.err.contains("clicks 1"));

        const Run eval = cli({"eval", "--model", path("h.safetensors"), "--data", path("absent"),
                              "--clicks", "2", "--json"});
        QVERIFY2(eval.code == 0, eval.err.constData());
        const QJsonObject e = eval.json();
        QVERIFY(e.value("absent_rows").toInt() > 0);
        QVERIFY(e.value("present_rows").toInt() > 0);
        QCOMPARE(e.value("present_rows").toInt() + e.value("absent_rows").toInt(),
                 e.value("cases").toInt());
        QVERIFY(e.value("presence_auroc").isDouble());
        QVERIFY(e.value("absent_false_mask_rate").isDouble());
        QVERIFY(e.value("absent_false_mask_rate_ungated").isDouble());
        QCOMPARE(e.value("absent_mask_min_pixels").toInt(), 64);
        QVERIFY(e.value("dice_mean_present").isDouble());
        const QJsonObject clicks = e.value("clicks").toObject();
        QCOMPARE(clicks.value("dice_after").toArray().size(), 3);
        QVERIFY(clicks.value("noc90").toDouble(-1) >= 0 && clicks.value("noc90").toDouble() <= 2);
        QVERIFY(clicks.value("noc90_never_reached").isDouble());
        QVERIFY(e.value("per_case").toArray().at(0).toObject().value("presence").isDouble());

        // A model never trained on presence: unknown, not "present".
        const Run plain =
            cli({"eval", "--model", path("m6.safetensors"), "--data", path("absent"), "--json"});
        QVERIFY2(plain.code == 0, plain.err.constData());
        QVERIFY(plain.json().value("presence_auroc").isNull());
        QVERIFY(!plain.json().contains("clicks"));

        QDir images(path("absent/images"));
        const QString ct = images.filePath(images.entryList({"ct_*.png"}).value(0));
        const Run infer = cli({"infer", "--model", path("h.safetensors"), "--image", ct, "--text",
                               "the spleen", "--click", "40,50,pos", "--click", "10,10,neg",
                               "--out", path("hmask.png"), "--json"});
        QVERIFY2(infer.code == 0, infer.err.constData());
        const QJsonObject i = infer.json();
        const double present = i.value("present").toDouble(-1);
        QVERIFY(present >= 0 && present <= 1);
        QCOMPARE(i.value("present_per_slice").toArray().size(), 1);
        QVERIFY(i.value("ood").isBool());
        QVERIFY(i.value("ood_score").toDouble(-1) >= 0);
        QVERIFY(i.value("ood_threshold").toDouble(-1) > 0);
        QCOMPARE(i.value("clicks").toInt(), 2);
        QVERIFY(!i.value("clicks_ignored").toBool());
        const Run noPresence =
            cli({"infer", "--model", path("m6.safetensors"), "--image", ct, "--text", "the spleen",
                 "--click", "40,50,pos", "--out", path("pmask.png"), "--json"});
        QVERIFY2(noPresence.code == 0, noPresence.err.constData());
        QVERIFY(noPresence.json().value("present").isNull());
        QVERIFY(noPresence.json().value("clicks_ignored").toBool());

        const Run badClick = cli({"infer", "--model", path("h.safetensors"), "--image", ct,
                                  "--text", "x", "--click", "40,50,up", "--out", path("b.png")});
        QCOMPARE(badClick.code, 2);
        QVERIFY(badClick.err.contains("--click"));
        const Run outside = cli({"infer", "--model", path("h.safetensors"), "--image", ct, "--text",
                                 "x", "--click", "400,50,pos", "--out", path("b.png")});
        QCOMPARE(outside.code, 2);
        QVERIFY(outside.err.contains("outside"));
        const Run volumeAbsent = cli({"phantom", "--kind", "ct3d", "--count", "1",
                                      "--absent-targets", "--out", path("never")});
        QCOMPARE(volumeAbsent.code, 2);
    }

    void demoModelFlagsRealImagesAsUnlikeItsTraining() {
        // The bundled model was trained on phantoms only: real DICOM and
        // NIfTI test images (python3-pydicom, python3-nibabel) must be
        // flagged, fresh phantoms must not.
        const QString demo =
            QStringLiteral(TGC_SOURCE_DIR "/resources/models/tgc-demo-tiny.safetensors");
        const QStringList real = {
            "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm",
            "/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm",
            "/usr/lib/python3/dist-packages/nibabel/tests/data/anatomical.nii"};
        QCOMPARE(cli({"phantom", "--kind", "ct", "--count", "2", "--seed", "9500", "--out",
                      path("fresh"), "--json"})
                     .code,
                 0);
        QCOMPARE(cli({"phantom", "--kind", "cxr", "--count", "2", "--seed", "9600", "--out",
                      path("fresh"), "--append", "--json"})
                     .code,
                 0);
        QStringList phantoms;
        for (const QString& name : QDir(path("fresh/images")).entryList({"*.png"}))
            phantoms << path("fresh/images/") + name;
        QCOMPARE(phantoms.size(), 4);
        const auto ood = [&](const QString& image) {
            const Run run = cli({"infer", "--model", demo, "--image", image, "--text",
                                 "Segment the liver.", "--out", path("ood.nii.gz"), "--json"});
            if (run.code != 0)
                qWarning("%s", run.err.constData());
            return run.json();
        };
        for (const QString& image : real) {
            QVERIFY2(QFileInfo::exists(image), qPrintable(image + " (scripts/setup-deps)"));
            const QJsonObject o = ood(image);
            QVERIFY2(o.value("ood").toBool(), qPrintable(image));
            QVERIFY(o.value("ood_score").toDouble() > o.value("ood_threshold").toDouble());
        }
        for (const QString& image : phantoms) {
            const QJsonObject o = ood(image);
            QVERIFY2(o.value("ood").isBool() && !o.value("ood").toBool(), qPrintable(image));
        }
    }

    void badInputGetsAClearMessage() {
        const Run noText = cli({"infer", "--model", path("m.safetensors"), "--image",
                                path("data/images"), "--out", path("x.png")});
        QCOMPARE(noText.code, 2);
        QVERIFY(noText.err.contains("--text"));

        const Run notAModel =
            cli({"eval", "--model", path("data/text.csv"), "--data", path("data")});
        QCOMPARE(notAModel.code, 1);
        QVERIFY2(notAModel.err.contains("text.csv"), notAModel.err.constData());

        QDir().mkpath(path("empty"));
        const Run noCsv = cli(
            {"train", "--data", path("empty"), "--steps", "2", "--out", path("never.safetensors")});
        QCOMPARE(noCsv.code, 1);
        QVERIFY2(noCsv.err.contains("text.csv"), noCsv.err.constData());
        QVERIFY(!QFileInfo::exists(path("never.safetensors")));

        const Run frozenWithoutClip = cli({"train", "--data", path("data"), "--config", "paper-b16",
                                           "--steps", "2", "--out", path("never.safetensors")});
        QCOMPARE(frozenWithoutClip.code, 1);
        QVERIFY(frozenWithoutClip.err.contains("--clip"));
    }

    void benchReportsTheRunAndItsThreads() {
        // tgc-cli bench: the keys of DESIGN.md §5, figures that agree with
        // each other, and the thread split it ran with.
        const Run bench = cli({"bench", "--config", "tiny", "--device", "cpu", "--threads", "2",
                               "--intra-op-threads", "2", "--json"});
        QVERIFY2(bench.code == 0, bench.err.constData());
        const QJsonObject b = bench.json();
        QCOMPARE(b.value("config").toString(), QStringLiteral("tiny"));
        QCOMPARE(b.value("device").toString(), QStringLiteral("cpu"));
        QCOMPARE(b.value("threads").toInt(), 2);
        QCOMPARE(b.value("intra_op_threads").toInt(), 2);
        QCOMPARE(b.value("torch_version").toString(), QStringLiteral(TGC_TORCH_VERSION));
        QCOMPARE(b.value("cuda_compiled").toBool(true), TGC_CUDA_COMPILED);
        QCOMPARE(b.value("cuda_compiled").toBool(false), TGC_CUDA_COMPILED);
        QVERIFY(b.value("iterations").toInt() >= 10);
        const double msModel = b.value("ms_model").toDouble(),
                     gflop = b.value("gflop_per_slice").toDouble();
        QVERIFY(msModel > 0 && b.value("ms_per_slice").toDouble() >= msModel);
        QVERIFY(gflop > 0.5 && gflop < 5); // tiny: ~1.3 GFLOP a slice
        const double achieved = b.value("gflops_achieved").toDouble();
        QVERIFY(qAbs(achieved - gflop / (msModel / 1000.0)) <= 0.01 * achieved + 0.01);
        const double gemm = b.value("gemm_gflops").toDouble();
        QVERIFY(gemm > 0);
        QVERIFY(qAbs(b.value("efficiency").toDouble() - achieved / gemm) < 1e-3);
        QVERIFY(b.value("trainable_params").toInt() > 1000000);
        QCOMPARE(b.value("frozen_params").toInt(), 0); // tiny trains CLIP from scratch

        const Run zero = cli({"bench", "--config", "tiny", "--intra-op-threads", "0"});
        QCOMPARE(zero.code, 2);
        QVERIFY(zero.err.contains("--intra-op-threads"));
        const Run unknown = cli({"bench", "--config", "huge"});
        QCOMPARE(unknown.code, 1);
        QVERIFY(unknown.err.contains("huge"));
    }

    void ctrlCSavesTheStepsDone() {
        QProcess process;
        process.start(tgc::test::cliPath(),
                      {"train", "--data", path("data"), "--steps", "100000", "--batch", "1",
                       "--val-every", "100000", "--checkpoint-every", "100000", "--out",
                       path("stopped.safetensors"), "--json"});
        QVERIFY(process.waitForStarted());
        QByteArray err;
        QElapsedTimer timer;
        timer.start();
        while (!err.contains("step 2/") && timer.elapsed() < 120000) {
            process.waitForReadyRead(1000);
            err += process.readAllStandardError();
        }
        QVERIFY2(err.contains("step 2/"), err.constData());
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 130);
        const QJsonObject result =
            QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QVERIFY(result.value("interrupted").toBool());
        QVERIFY(result.value("steps").toInt() >= 2);
        QVERIFY(QFileInfo::exists(path("stopped.safetensors")));
    }
};

QTEST_GUILESS_MAIN(TestCliModel)
#include "test_cli_model.moc"

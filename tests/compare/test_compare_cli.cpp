// `tgc-cli compare` as a user runs it: two checkpoints (the bundled demo
// model and a copy trained a few steps further) on CT phantoms and on a
// project holding a CT volume and chest X-rays. Every file of the report is
// checked for content, the figures against `tgc-cli eval`, and bad input for
// a message that names the file.
#include "../support/cli_run.h"
#include "../support/test_files.h"

#include <QDirIterator>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <csignal>

namespace {

using Run = tgc::test::CliRun;

const QString kDemo = tgc::test::kDemoModel;

Run cli(const QStringList& args, const QString& workingDir = {}) {
    return tgc::test::runCli(args, 300000, workingDir);
}

struct CsvRow {
    QString caseId, model;
    double dice = 0, iou = 0, hd95 = 0, ms = 0;
};

std::vector<CsvRow> readMetrics(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    std::vector<CsvRow> rows;
    if (lines.value(0) != QLatin1String("case,model,dice,iou,hd95_mm,ms"))
        return rows;
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].split(',');
        if (f.size() != 6)
            return {};
        const double hd = f[4] == QLatin1String("inf") ? INFINITY : f[4].toDouble();
        rows.push_back({f[0], f[1], f[2].toDouble(), f[3].toDouble(), hd, f[5].toDouble()});
    }
    return rows;
}

// Every file below a folder with its size and modification time.
QStringList listing(const QString& folder) {
    QStringList entries;
    QDirIterator it(folder, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        entries << QStringLiteral("%1 %2 %3")
                       .arg(info.filePath())
                       .arg(info.size())
                       .arg(info.lastModified().toMSecsSinceEpoch());
    }
    entries.sort();
    return entries;
}

using tgc::test::readAll;

} // namespace

class TestCompareCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString models(const QString& second) const { return kDemo + ',' + path(second); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFileInfo::exists(kDemo));
        const Run ct = cli({"phantom", "--kind", "ct", "--count", "2", "--seed", "9100", "--out",
                            path("ct"), "--json"});
        QVERIFY2(ct.code == 0, ct.err.constData());
        // A second checkpoint: the demo model trained three steps further.
        // (--init, not --resume to a step count: the demo file's own count
        // changes with every stage, and a resume runs all the steps up to it.)
        const Run train = cli({"train", "--data", path("ct"), "--init", kDemo, "--steps", "3",
                               "--warmup", "0", "--lr", "0.0001", "--batch", "1", "--threads", "1",
                               "--out", path("b.safetensors"), "--json"});
        QVERIFY2(train.code == 0, train.err.constData());
        QDir().mkpath(path("cwd"));
    }

    void twoCheckpointsWriteEveryFileWithSaneNumbers() {
        const QStringList dataBefore = listing(path("ct"));
        const Run run = cli({"compare", "--data", path("ct"), "--models", models("b.safetensors"),
                             "--out", path("out"), "--threads", "1", "--json"},
                            path("cwd"));
        QVERIFY2(run.code == 0, run.err.constData());
        QVERIFY(run.err.contains("case 14/14"));
        const QJsonObject j = run.json();
        QCOMPARE(j.value("models").toArray(), (QJsonArray{"tgc-demo-tiny", "b"}));
        QCOMPARE(j.value("cases").toInt(), 14); // 2 slices x 7 organ prompts
        const QJsonArray pairwise = j.value("pairwise_dice").toArray();
        QCOMPARE(pairwise.size(), 2);
        QCOMPARE(pairwise[0].toArray()[0].toDouble(), 1.0);
        const double between = pairwise[0].toArray()[1].toDouble();
        QVERIFY(between > 0.8 && between <= 1.0); // three more steps move little
        QCOMPARE(pairwise[1].toArray()[0].toDouble(), between);
        const QJsonArray vs = j.value("vs_reference").toArray();
        QCOMPARE(vs.size(), 2);
        QVERIFY(vs[0].toObject().value("dice_mean").toDouble() > 0.8);
        const double p = j.value("wilcoxon").toArray()[0].toObject().value("p_value").toDouble();
        QVERIFY(p > 0 && p <= 1);

        // metrics.csv: one row per case and model, Dice and IoU in [0, 1],
        // IoU = Dice / (2 - Dice), distances finite and non-negative.
        const auto rows = readMetrics(path("out/metrics.csv"));
        QCOMPARE(int(rows.size()), 28);
        for (const CsvRow& r : rows) {
            QVERIFY(r.dice >= 0 && r.dice <= 1);
            QVERIFY(std::fabs(r.iou - r.dice / (2 - r.dice)) < 1e-5);
            QVERIFY(std::isfinite(r.hd95) && r.hd95 >= 0);
            QVERIFY(r.ms > 0);
        }

        // The demo model's Dice per row is what `tgc-cli eval` reports.
        const Run eval =
            cli({"eval", "--model", kDemo, "--data", path("ct"), "--threads", "1", "--json"});
        QVERIFY2(eval.code == 0, eval.err.constData());
        const QJsonArray perCase = eval.json().value("per_case").toArray();
        QCOMPARE(perCase.size(), 14);
        for (int i = 0; i < 14; ++i) {
            QCOMPARE(rows[std::size_t(2 * i)].model, QStringLiteral("tgc-demo-tiny"));
            QVERIFY(std::fabs(rows[std::size_t(2 * i)].dice -
                              perCase[i].toObject().value("dice").toDouble()) < 1e-6);
        }

        // summary.json: per model summaries and the pair's test.
        const QJsonObject summary =
            QJsonDocument::fromJson(readAll(path("out/summary.json"))).object();
        const QJsonArray modelSummaries = summary.value("models").toArray();
        QCOMPARE(modelSummaries.size(), 2);
        for (const auto& m : modelSummaries) {
            const QJsonObject dice = m.toObject().value("dice").toObject();
            QCOMPARE(dice.value("n").toInt(), 14);
            QVERIFY(dice.value("median").toDouble() > 0.8);
            QVERIFY(dice.value("std").toDouble() > 0);
            QVERIFY(m.toObject().value("hd95_mm").toObject().contains("mean"));
            QVERIFY(m.toObject().value("ms").toObject().value("mean").toDouble() > 0);
        }
        const QJsonObject pair = summary.value("pairs").toArray()[0].toObject();
        QCOMPARE(pair.value("a_wins").toInt() + pair.value("b_wins").toInt() +
                     pair.value("ties").toInt(),
                 14);
        QCOMPARE(pair.value("wilcoxon").toObject().value("p_value").toDouble(), p);

        // One montage per case: the image, the annotation and two models side by side.
        const QStringList montages = QDir(path("out/montages")).entryList({"*.png"});
        QCOMPARE(montages.size(), 14);
        const QImage montage(path("out/montages/") + montages.front());
        QVERIFY(!montage.isNull());
        QVERIFY(montage.width() > 3 * montage.height());
        QVERIFY(!QImage(path("out/dice_boxplot.png")).isNull());

        // report.html embeds the box plot and links ten worst cases per
        // model, each to a montage that exists.
        const QString html = QString::fromUtf8(readAll(path("out/report.html")));
        QVERIFY(html.contains("<img src=\"dice_boxplot.png\""));
        const QRegularExpression link("<a href=\"(montages/[^\"]+)\">");
        int links = 0;
        for (auto it = link.globalMatch(html); it.hasNext(); ++links)
            QVERIFY(QFileInfo::exists(path("out/") + it.next().captured(1)));
        QCOMPARE(links, 30); // and the ten cases where the two models disagree most

        // pairwise.csv: the Dice between the two masks per case; its mean is
        // the contract's pairwise_dice.
        const QStringList pairLines =
            QString::fromUtf8(readAll(path("out/pairwise.csv"))).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(pairLines.size(), 15);
        QCOMPARE(pairLines[0], QStringLiteral("case,model_a,model_b,dice"));
        double sum = 0;
        for (int i = 1; i < pairLines.size(); ++i)
            sum += pairLines[i].section(',', 3).toDouble();
        QVERIFY(std::fabs(sum / 14 - between) < 1e-5);

        // Nothing written anywhere but the output folder.
        QCOMPARE(listing(path("ct")), dataBefore);
        QVERIFY(QDir(path("cwd")).isEmpty());
        QCOMPARE(QDir(path("out")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 (QStringList{"dice_boxplot.png", "metrics.csv", "montages", "pairwise.csv",
                              "report.html", "summary.json"}));
    }

    void aRerunGivesTheSameFigures() {
        const Run run = cli({"compare", "--data", path("ct"), "--models", models("b.safetensors"),
                             "--out", path("again"), "--threads", "1", "--json"});
        QVERIFY2(run.code == 0, run.err.constData());
        const auto first = readMetrics(path("out/metrics.csv"));
        const auto second = readMetrics(path("again/metrics.csv"));
        QCOMPARE(second.size(), first.size());
        for (std::size_t i = 0; i < first.size(); ++i) {
            QCOMPARE(second[i].caseId, first[i].caseId);
            QCOMPARE(second[i].dice, first[i].dice);
            QCOMPARE(second[i].hd95, first[i].hd95);
        }
        QCOMPARE(run.json().value("pairwise_dice"),
                 QJsonDocument::fromJson(readAll(path("out/summary.json")))
                     .object()
                     .value("pairwise_dice"));
    }

    void theSameCheckpointTwiceAgreesWithItself() {
        const Run run = cli({"compare", "--data", path("ct"), "--models", kDemo + ',' + kDemo,
                             "--out", path("same"), "--threads", "1", "--json"});
        QVERIFY2(run.code == 0, run.err.constData());
        const QJsonObject j = run.json();
        QCOMPARE(j.value("models").toArray(), (QJsonArray{"tgc-demo-tiny", "tgc-demo-tiny-2"}));
        QCOMPARE(j.value("pairwise_dice").toArray()[0].toArray()[1].toDouble(), 1.0);
        const QJsonObject test = j.value("wilcoxon").toArray()[0].toObject();
        QCOMPARE(test.value("p_value").toDouble(), 1.0);
        QCOMPARE(test.value("a_wins").toInt(), 0);
        QCOMPARE(test.value("b_wins").toInt(), 0);
        const QJsonObject pair = QJsonDocument::fromJson(readAll(path("same/summary.json")))
                                     .object()
                                     .value("pairs")
                                     .toArray()[0]
                                     .toObject();
        QCOMPARE(pair.value("ties").toInt(), 14);
        QCOMPARE(readAll(path("same/pairwise.csv")).count(",1.000000\n"), 14);
        QCOMPARE(pair.value("wilcoxon").toObject().value("method").toString(),
                 QStringLiteral("no differences"));
    }

    void aProjectWithAVolumeUsesItsDoneCasesAndSpacing() {
        // One CT volume (0.8 x 0.8 x 2.5 mm) with its liver prompt, two chest
        // X-rays, all done; one more X-ray left new, which must not be run.
        QVERIFY(cli({"phantom", "--kind", "ct3d", "--count", "1", "--size", "64x64x12", "--seed",
                     "4", "--out", path("vol"), "--json"})
                    .code == 0);
        const QList<QByteArray> lines = readAll(path("vol/text.csv")).split('\n');
        QFile csv(path("vol/text.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Truncate));
        csv.write(lines[0] + '\n' + lines[1] + '\n'); // header and the liver row
        csv.close();
        QVERIFY(cli({"phantom", "--kind", "cxr", "--count", "2", "--size", "128", "--seed", "7",
                     "--out", path("vol"), "--append", "--json"})
                    .code == 0);
        QVERIFY(cli({"phantom", "--kind", "cxr", "--count", "1", "--size", "128", "--seed", "8",
                     "--out", path("new"), "--json"})
                    .code == 0);
        QVERIFY(cli({"import", "--project", path("p"), "--status", "done", path("vol")}).code == 0);
        QVERIFY(cli({"import", "--project", path("p"), path("new")}).code == 0);

        const Run run = cli({"compare", "--project", path("p"), "--models", models("b.safetensors"),
                             "--out", path("pout"), "--threads", "1", "--json"});
        QVERIFY2(run.code == 0, run.err.constData());
        QCOMPARE(run.json().value("cases").toInt(), 3);
        const auto rows = readMetrics(path("pout/metrics.csv"));
        QCOMPARE(int(rows.size()), 6);
        QCOMPARE(rows[0].caseId, QStringLiteral("ct3d_s4_0000"));
        // The volume: the liver found (the model card reports 0.85 on ct3d),
        // HD95 finite in mm.
        QVERIFY(rows[0].dice > 0.7);
        QVERIFY(std::isfinite(rows[0].hd95) && rows[0].hd95 > 0);
        QCOMPARE(QDir(path("pout/montages")).entryList({"*.png"}).size(), 3);
    }

    void ctrlCStopsAndStillWritesWhatFinished() {
        QProcess process;
        process.start(tgc::test::cliPath(),
                      {"compare", "--data", path("ct"), "--models", models("b.safetensors"),
                       "--out", path("stopped"), "--threads", "1", "--json"});
        QByteArray err;
        while (!err.contains("case 2/14") && process.state() != QProcess::NotRunning) {
            process.waitForReadyRead(100);
            err += process.readAllStandardError();
        }
        QVERIFY2(err.contains("case 2/14"), err.constData());
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 130);
        const QJsonObject j = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(j.value("cancelled").toBool(), true);
        const int done = j.value("cases").toInt();
        QVERIFY(done >= 2 && done < 14);
        QCOMPARE(int(readMetrics(path("stopped/metrics.csv")).size()), 2 * done);
        QCOMPARE(QDir(path("stopped/montages")).entryList({"*.png"}).size(), done);
        QVERIFY(readAll(path("stopped/report.html")).contains("Cancelled"));
    }

    void badInputIsNamed() {
        Run r = cli({"compare", "--data", path("ct"), "--models", kDemo, "--out", path("x")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("at least two"));
        r = cli({"compare", "--data", path("ct"), "--models", kDemo + "," + path("missing.st"),
                 "--out", path("x")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("missing.st"));
        r = cli({"compare", "--project", path("p"), "--data", path("ct"), "--models",
                 models("b.safetensors"), "--out", path("x")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("either --project or --data"));
        QFile junk(path("junk.safetensors"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a checkpoint");
        junk.close();
        r = cli({"compare", "--data", path("ct"), "--models", models("junk.safetensors"), "--out",
                 path("x")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("junk.safetensors"), r.err.constData());
        // A project where nothing is done yet: named, and nothing written.
        QVERIFY(cli({"import", "--project", path("empty"), path("new")}).code == 0);
        r = cli({"compare", "--project", path("empty"), "--models", models("b.safetensors"),
                 "--out", path("x")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("project.json") && r.err.contains("done or reviewed"),
                 r.err.constData());
        QVERIFY(!QFileInfo::exists(path("x")));
    }
};

QTEST_GUILESS_MAIN(TestCompareCli)
#include "test_compare_cli.moc"

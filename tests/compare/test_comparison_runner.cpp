// The comparison runner and report writer as the GUI will call them: cancel
// between cases, the masks handed to the observer, a done case without a
// mask (an empty annotation: Dice 0 and HD95 infinite for a model that finds
// something), and the report's worst-ten lists on made-up figures.
#include "../support/test_files.h"
#include "comparison_report.h"
#include "comparison_runner.h"
#include "phantom/phantom_dataset.h"
#include "report_pictures.h"
#include "store/project.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

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

class TestComparisonRunner : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        PhantomRunOptions ct;
        ct.kind = PhantomKind::Ct;
        ct.count = 1;
        ct.seed = 9100;
        ct.size = 128;
        ct.outDir = path("ct");
        writePhantomDataset(ct);
    }

    void cancelStopsBetweenCasesAndObserverGetsTheMasks() {
        const auto cases = qataCaseSource(path("ct"));
        QCOMPARE(cases->size(), std::size_t(7)); // one slice, seven organ prompts
        ComparisonRunner runner({kDemo, kDemo}, oneThread());
        std::atomic<bool> cancel{false};
        int observed = 0;
        const ComparisonResult result = runner.run(
            *cases,
            [&cancel](std::size_t done, std::size_t, const QString&) {
                if (done == 2)
                    cancel = true;
            },
            [&observed](const CaseScores& c, const CaseMasks& m) {
                ++observed;
                QCOMPARE(m.predictions->size(), std::size_t(2));
                for (std::size_t k = 0; k < 2; ++k) {
                    const auto& mask = (*m.predictions)[k];
                    QCOMPARE(mask.size(), m.data->image.geometry().voxelCount());
                    QCOMPARE(std::size_t(std::count(mask.begin(), mask.end(), 1)),
                             c.scores[k].voxels);
                }
            },
            &cancel);
        QVERIFY(result.cancelled);
        QCOMPARE(int(result.cases.size()), 2);
        QCOMPARE(observed, 2);
        QCOMPARE(result.cases[0].id, cases->caseId(0));
        QCOMPARE(result.cases[1].pairwiseDice[0][1], 1.0);
    }

    void aDoneCaseWithoutMaskIsAnEmptyAnnotation() {
        Project project = Project::create(path("project"));
        CaseRecord record;
        record.id = QStringLiteral("liver");
        record.sources = {path("ct/images/ct_s9100_0000.png")};
        record.report = QStringLiteral("Segment the liver.");
        record.status = CaseStatus::Done;
        project.addCase(record);
        CaseRecord unfinished = record;
        unfinished.id = QStringLiteral("later");
        unfinished.status = CaseStatus::InProgress;
        project.addCase(unfinished);
        const auto cases = projectCaseSource(project);
        QCOMPARE(cases->size(), std::size_t(1));

        ComparisonRunner runner({kDemo, kDemo}, oneThread());
        ComparisonReportWriter writer(path("out"), runner.modelNames());
        const ComparisonResult result =
            runner.run(*cases, {}, [&writer](const CaseScores& c, const CaseMasks& m) {
                writer.addCase(c, m);
            });
        QCOMPARE(int(result.cases.size()), 1);
        const ModelScore& score = result.cases[0].scores[0];
        QVERIFY(score.hasReference);
        QVERIFY(score.voxels > 0); // the model finds a liver the annotation leaves out
        QCOMPARE(score.dice, 0.0);
        QVERIFY(std::isinf(score.hd95));
        const ComparisonSummary summary = writer.finish(result);
        QCOMPARE(summary.models[0].hd95.nonFinite, std::size_t(1));
        QVERIFY(readAll(path("out/metrics.csv"))
                    .contains("liver,tgc-demo-tiny,0.000000,0.000000,inf,"));
        const QJsonObject hd = QJsonDocument::fromJson(readAll(path("out/summary.json")))
                                   .object()
                                   .value("models")
                                   .toArray()[0]
                                   .toObject()
                                   .value("hd95_mm")
                                   .toObject();
        QCOMPARE(hd.value("infinite").toInt(), 1);
        QVERIFY(hd.value("mean").isNull());
    }

    void reportListsTheTenWorstCasesInOrder() {
        // Twelve made-up cases: model a scores 0.05 * (12 - i) on case i,
        // model b the reverse, so their worst ten are opposite ends.
        ComparisonResult result;
        result.modelNames = {"a", "b"};
        result.modelPaths = {"a.safetensors", "b.safetensors"};
        for (int i = 0; i < 12; ++i) {
            CaseScores c;
            c.id = QStringLiteral("case%1").arg(i, 2, 10, QLatin1Char('0'));
            ModelScore a, b;
            a.hasReference = b.hasReference = true;
            a.dice = 0.05 * (12 - i);
            b.dice = 0.05 * (i + 1);
            c.scores = {a, b};
            c.pairwiseDice = {{1, 0.5}, {0.5, 1}};
            result.cases.push_back(c);
        }
        ComparisonReportWriter writer(path("made-up"), result.modelNames);
        const ComparisonSummary summary = writer.finish(result);
        QCOMPARE(summary.pairs[0].aWins, std::size_t(6));
        QCOMPARE(summary.pairs[0].bWins, std::size_t(6));
        const QString html = QString::fromUtf8(readAll(path("made-up/report.html")));
        // a's list starts at case11 (Dice 0.05) and stops at case02; b's is the reverse.
        const int listA = html.indexOf("case11 — Dice 0.050");
        const int listB = html.indexOf("case00 — Dice 0.050");
        QVERIFY(listA > 0 && listB > listA);
        QVERIFY(html.indexOf("case02 — Dice 0.500") > listA);
        QVERIFY(html.indexOf("case02 — Dice 0.500") < listB);
        QVERIFY(html.indexOf("case01 — Dice 0.550") < 0 ||
                html.indexOf("case01 — Dice 0.550") > listB); // not in a's ten
        QVERIFY(!QImage(path("made-up/dice_boxplot.png")).isNull());
    }

    void boxPlotMarksTheMedianWhereItBelongs() {
        // Dice 0.5 for every case: the median line lies at half height of
        // the plot area, drawn in black across the box.
        const QImage plot = renderDiceBoxPlot({"m"}, {{0.5, 0.5, 0.5}});
        const int top = 30, bottom = 60; // the plot's margins
        const int y = top + (plot.height() - top - bottom) / 2;
        const int x = 56 + 70; // centre of the only column
        QCOMPARE(qGray(plot.pixel(x, y)) < 80, true);
        QCOMPARE(qGray(plot.pixel(x, y + 20)) > 200, true); // background below
    }
};

QTEST_MAIN(TestComparisonRunner)
#include "test_comparison_runner.moc"

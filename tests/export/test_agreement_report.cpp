// The agreement report: its three files against hand-computed figures, the
// lowest-agreement series first, an empty project, nothing written outside
// the folder, and an unwritable folder named in the error.
#include "export/agreement_report.h"
#include "io_error.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>

using namespace tgc;

namespace {

AgreementRow row(const char* a, const char* b, int label, const char* name, double dice,
                 double hd95 = 2.0) {
    AgreementRow r;
    r.a = QString::fromUtf8(a);
    r.b = QString::fromUtf8(b);
    r.label = std::uint8_t(label);
    r.labelName = QString::fromUtf8(name);
    r.dice = dice;
    r.iou = dice / (2 - dice);
    r.hd95Mm = hd95;
    r.volumeAMl = 1.5;
    r.volumeBMl = 1.25;
    r.volumeDiffMl = 0.25;
    return r;
}

AnnotatorSeg seg(const char* who, const char* model, std::optional<double> dice) {
    return {QString::fromUtf8(who), QString::fromUtf8(model), dice};
}

// case-a: mean Dice 0.8, case-b: 0.25 (rows in b, a order; label 2 drawn by
// one of them only), case-c: nobody drew anything.
std::vector<SeriesReview> threeSeries() {
    const double inf = std::numeric_limits<double>::infinity();
    return {
        {"case-a",
         "1.2.3.1",
         {row("ana", "ben", 1, "tumour", 0.9), row("ana", "cai", 1, "tumour", 0.8),
          row("ben", "cai", 1, "tumour", 0.7)},
         "ana",
         {seg("ana", "tgc-v2", 0.95), seg("ben", "", std::nullopt),
          seg("cai", "tgc-v2", std::nullopt)}},
        {"case-b",
         "1.2.3.2",
         {row("ben", "ana", 1, "tumour", 0.5), row("ben", "ana", 2, "node, left", 0.0, inf)},
         "STAPLE",
         {seg("ana", "tiny", 0.6), seg("ben", "tgc-v2", 0.85)}},
        {"case-c", "1.2.3.3", {}, "", {seg("ana", "", std::nullopt)}},
    };
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList filesUnder(const QString& root) {
    QStringList out;
    QDirIterator it(root, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(root).relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestAgreementReport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void filesHoldTheHandComputedFigures() {
        QTemporaryDir parent;
        const QString folder = parent.filePath("report");
        const auto series = threeSeries();
        writeAgreementReport(folder, series);
        QCOMPARE(filesUnder(parent.path()),
                 (QStringList{"report", "report/agreement.csv", "report/report.html",
                              "report/summary.json"}));

        const QStringList csv =
            QString::fromUtf8(readAll(folder + "/agreement.csv")).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(csv.size(), 6);
        QCOMPARE(csv[0], QStringLiteral("case_id,series_uid,label,label_name,a,b,dice,iou,hd95_mm,"
                                        "volume_a_ml,volume_b_ml,volume_diff_ml,final_mask"));
        QCOMPARE(csv[1], QStringLiteral(
                             "case-a,1.2.3.1,1,tumour,ana,ben,0.9,0.818182,2,1.5,1.25,0.25,ana"));
        // The comma in the name is quoted; the undefined HD95 is an empty cell.
        QCOMPARE(csv[5], QStringLiteral(
                             "case-b,1.2.3.2,2,\"node, left\",ben,ana,0,0,,1.5,1.25,0.25,STAPLE"));

        const QJsonObject json =
            QJsonDocument::fromJson(readAll(folder + "/summary.json")).object();
        QCOMPARE(json.value("series_count").toInt(), 3);
        const QJsonArray order = json.value("series").toArray();
        QCOMPARE(order[0].toObject().value("case_id").toString(), QStringLiteral("case-b"));
        QCOMPARE(order[0].toObject().value("dice_mean").toDouble(), 0.25);
        QCOMPARE(order[0].toObject().value("lowest").toObject().value("label").toInt(), 2);
        QVERIFY(order[0].toObject().value("lowest").toObject().value("hd95_mm").isNull());
        QCOMPARE(order[0].toObject().value("hd95_undefined").toInt(), 1);
        QCOMPARE(order[1].toObject().value("case_id").toString(), QStringLiteral("case-a"));
        QVERIFY(std::abs(order[1].toObject().value("dice_mean").toDouble() - 0.8) < 1e-12);
        QCOMPARE(order[2].toObject().value("case_id").toString(), QStringLiteral("case-c"));
        QVERIFY(order[2].toObject().value("dice_mean").isNull());

        // Label 1, ana and ben: 0.9 (case-a) and 0.5 (case-b, given as ben, ana).
        const QJsonArray pairs = json.value("pairs").toArray();
        QCOMPARE(pairs.size(), 4);
        const QJsonObject first = pairs[0].toObject();
        QCOMPARE(first.value("a").toString() + first.value("b").toString(),
                 QStringLiteral("anaben"));
        QCOMPARE(first.value("label").toInt(), 1);
        const QJsonObject dice = first.value("dice").toObject();
        QCOMPARE(dice.value("n").toInt(), 2);
        QVERIFY(std::abs(dice.value("mean").toDouble() - 0.7) < 1e-12);
        QVERIFY(std::abs(dice.value("sd").toDouble() - std::sqrt(0.08)) < 1e-12);
        QCOMPARE(dice.value("min").toDouble(), 0.5);
        QVERIFY(pairs[1].toObject().value("dice").toObject().value("sd").isNull()); // n = 1
        QCOMPARE(pairs[3].toObject().value("label_name").toString(), QStringLiteral("node, left"));

        const QJsonArray annotators = json.value("annotators").toArray();
        QCOMPARE(annotators.size(), 3);
        const QJsonObject ana = annotators[0].toObject();
        QCOMPARE(ana.value("annotator").toString(), QStringLiteral("ana"));
        QCOMPARE(ana.value("series").toInt(), 3);
        QCOMPARE(ana.value("final_masks").toInt(), 1);
        QCOMPARE(ana.value("from_proposal").toInt(), 2);
        QVERIFY(std::abs(ana.value("from_proposal_share").toDouble() - 2.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(ana.value("proposal_dice").toObject().value("mean").toDouble() - 0.775) <
                1e-12);
        QCOMPARE(ana.value("models").toObject(), (QJsonObject{{"tgc-v2", 1}, {"tiny", 1}}));
        const QJsonObject cai = annotators[2].toObject();
        QCOMPARE(cai.value("from_proposal").toInt(), 1);
        QVERIFY(cai.value("proposal_dice").toObject().value("mean").isNull());

        const QString html = QString::fromUtf8(readAll(folder + "/report.html"));
        const int b = html.indexOf("case-b"), a = html.indexOf("case-a"),
                  c = html.indexOf("case-c");
        QVERIFY(b > 0 && b < a && a < c);
        QVERIFY(html.contains("node, left"));
        QVERIFY(html.contains("2 of 3 (67%)")); // ana: from a model proposal
        QVERIFY(!html.contains(QRegularExpression("https?:|src=|url\\(|@import|<script")));
    }

    void emptyProjectGivesAReadablePage() {
        QTemporaryDir parent;
        const QString folder = parent.filePath("empty");
        const AgreementSummary s = writeAgreementReport(folder, {});
        QVERIFY(s.series.empty());
        QVERIFY(QString::fromUtf8(readAll(folder + "/report.html")).contains("No reviewed series"));
        QCOMPARE(QJsonDocument::fromJson(readAll(folder + "/summary.json"))
                     .object()
                     .value("series_count")
                     .toInt(),
                 0);
        QCOMPARE(readAll(folder + "/agreement.csv").count('\n'), 1);
    }

    void htmlIsEscaped() {
        auto series = threeSeries();
        series[0].caseId = QStringLiteral("<b>case</b>");
        const QString html = QString::fromUtf8(agreementHtml(summarizeAgreement(series)));
        QVERIFY(html.contains("&lt;b&gt;case&lt;/b&gt;"));
        QVERIFY(!html.contains("<b>case</b>"));
    }

    void unwritableFolderIsNamed() {
        QTemporaryDir parent;
        // A file where the folder should be: no folder can be made there
        // (as root too, which file modes would not stop).
        const QString blocked = parent.filePath("blocked");
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        try {
            writeAgreementReport(blocked + "/report", threeSeries());
            QFAIL("no error for a folder under a file");
        } catch (const IoError& e) {
            QCOMPARE(e.path(), blocked + "/report");
            QVERIFY(e.message().contains(blocked + "/report"));
        }
        // A folder whose report.html cannot be written (a folder is in the way).
        const QString folder = parent.filePath("taken");
        QVERIFY(QDir().mkpath(folder + "/report.html"));
        try {
            writeAgreementReport(folder, threeSeries());
            QFAIL("no error for an unwritable report.html");
        } catch (const IoError& e) {
            QCOMPARE(e.path(), folder + "/report.html");
        }
    }
};

QTEST_GUILESS_MAIN(TestAgreementReport)
#include "test_agreement_report.moc"

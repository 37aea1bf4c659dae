// Pairwise agreement rows on hand-made label maps, their JSON, and HD95 in
// the label's box against HD95 on the whole grid.
#include "agreement.h"
#include "mask_metrics.h"

#include <QJsonArray>
#include <QTest>
#include <cmath>
#include <random>

using namespace tgc;

namespace {

using Map = std::vector<std::uint8_t>;

struct Grid {
    std::array<int, 3> dims;
    Map voxels;
    explicit Grid(std::array<int, 3> d) : dims(d), voxels(std::size_t(d[0]) * d[1] * d[2], 0) {}
    void box(int x0, int y0, int x1, int y1, int z, std::uint8_t label) {
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x)
                voxels[(std::size_t(z) * dims[1] + std::size_t(y)) * dims[0] + std::size_t(x)] =
                    label;
    }
};

} // namespace

class TestAgreement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowsOnHandMadeMaps() {
        // 10 x 10 x 2 voxels of 0.5 x 0.5 x 2 mm: 0.5 mm³ = 0.0005 mL each.
        Grid ana({10, 10, 2}), ben({10, 10, 2}), cai({10, 10, 2});
        ana.box(2, 2, 6, 6, 0, 1); // 16 voxels
        ben.box(2, 2, 6, 5, 0, 1); // 12 of them
        cai.box(2, 2, 6, 6, 0, 1);
        ana.box(8, 8, 9, 9, 1, 2); // one voxel of label 2; ben has none
        cai.box(8, 8, 9, 9, 1, 2);
        const auto rows = pairwiseAgreement(
            {{"ana", ana.voxels.data()}, {"ben", ben.voxels.data()}, {"cai", cai.voxels.data()}},
            ana.dims, {0.5, 0.5, 2.0}, {{1, QStringLiteral("tumour")}});
        QCOMPARE(rows.size(), std::size_t(6));
        const QStringList order{"1 ana ben", "1 ana cai", "1 ben cai",
                                "2 ana ben", "2 ana cai", "2 ben cai"};
        for (std::size_t i = 0; i < rows.size(); ++i)
            QCOMPARE(QStringLiteral("%1 %2 %3").arg(rows[i].label).arg(rows[i].a, rows[i].b),
                     order[int(i)]);

        const AgreementRow& ab = rows[0];
        QCOMPARE(ab.labelName, QStringLiteral("tumour"));
        QCOMPARE(ab.dice, 24.0 / 28.0);
        QCOMPARE(ab.iou, 12.0 / 16.0);
        // Every voxel of a one-slice mask is surface; ana's last row is 0.5 mm
        // from ben's, 4 of her 16 surface voxels: the 95th percentile is 0.5.
        QCOMPARE(ab.hd95Mm, 0.5);
        QVERIFY(std::abs(ab.volumeAMl - 0.008) < 1e-12);
        QVERIFY(std::abs(ab.volumeBMl - 0.006) < 1e-12);
        QVERIFY(std::abs(ab.volumeDiffMl - 0.002) < 1e-12);
        QCOMPARE(rows[1].dice, 1.0);
        QCOMPARE(rows[1].hd95Mm, 0.0);

        const AgreementRow& missing = rows[3]; // label 2: ana drew it, ben did not
        QCOMPARE(missing.labelName, QStringLiteral("label 2"));
        QCOMPARE(missing.dice, 0.0);
        QCOMPARE(missing.iou, 0.0);
        QVERIFY(std::isinf(missing.hd95Mm));
        QVERIFY(!missing.hd95Defined());
        QVERIFY(std::abs(rows[5].volumeDiffMl - (0 - 0.0005)) < 1e-12); // ben minus cai
    }

    void pairThatDrewNothingAgrees() {
        Grid a({8, 8, 1}), b({8, 8, 1}), c({8, 8, 1});
        a.box(1, 1, 4, 4, 0, 3);
        const auto rows = pairwiseAgreement(
            {{"a", a.voxels.data()}, {"b", b.voxels.data()}, {"c", c.voxels.data()}}, a.dims,
            {1, 1, 1});
        QCOMPARE(rows.size(), std::size_t(3));
        const AgreementRow& bc = rows[2];
        QCOMPARE(bc.a + bc.b, QStringLiteral("bc"));
        QCOMPARE(bc.dice, 1.0);
        QCOMPARE(bc.iou, 1.0);
        QCOMPARE(bc.hd95Mm, 0.0);
        QCOMPARE(bc.volumeAMl, 0.0);
    }

    void noPairsAndNoMaps() {
        Grid a({4, 4, 1});
        a.box(0, 0, 2, 2, 0, 1);
        QVERIFY(pairwiseAgreement({{"a", a.voxels.data()}}, a.dims, {1, 1, 1}).empty());
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            pairwiseAgreement({{"a", a.voxels.data()}, {"b", nullptr}}, a.dims, {1, 1, 1}));
    }

    void jsonKeysAndNullForUndefinedHd95() {
        AgreementRow row;
        row.a = QStringLiteral("ana");
        row.b = QStringLiteral("ben");
        row.label = 2;
        row.labelName = QStringLiteral("node");
        row.dice = 0.5;
        row.hd95Mm = 3.25;
        row.volumeAMl = 1.5;
        row.volumeBMl = 0.5;
        row.volumeDiffMl = 1.0;
        QJsonObject o = row.toJson();
        QCOMPARE(o.keys(), (QStringList{"a", "b", "dice", "hd95_mm", "iou", "label", "label_name",
                                        "volume_a_ml", "volume_b_ml", "volume_diff_ml"}));
        QCOMPARE(o.value("label").toInt(), 2);
        QCOMPARE(o.value("hd95_mm").toDouble(), 3.25);
        QCOMPARE(o.value("volume_diff_ml").toDouble(), 1.0);
        row.hd95Mm = std::numeric_limits<double>::infinity();
        o = row.toJson();
        QVERIFY(o.value("hd95_mm").isNull());
        QVERIFY(o.value("hd95_note").toString().contains("empty"));
    }

    // HD95 in the label's box is HD95 on the whole grid, near the border and away from it.
    void boxHd95EqualsWholeGrid() {
        std::mt19937 rng(5);
        const std::array<int, 3> n{24, 20, 6};
        const std::array<double, 3> spacing{0.7, 0.9, 2.5};
        for (int trial = 0; trial < 20; ++trial) {
            Grid a(n), b(n);
            for (Grid* g : {&a, &b}) {
                const int x0 = int(rng() % 12), y0 = int(rng() % 10);
                const int x1 = x0 + 1 + int(rng() % 12), y1 = y0 + 1 + int(rng() % 10);
                const int z = int(rng() % 6);
                g->box(x0, y0, x1, y1, z, 1);
                g->box(x0, y0, std::max(x0 + 1, x1 - 3), y1, (z + 1) % 6, 1);
            }
            const auto rows =
                pairwiseAgreement({{"a", a.voxels.data()}, {"b", b.voxels.data()}}, n, spacing);
            QCOMPARE(rows.size(), std::size_t(1));
            QCOMPARE(rows[0].hd95Mm, hausdorff95(a.voxels.data(), b.voxels.data(), n, spacing));
        }
    }
};

QTEST_GUILESS_MAIN(TestAgreement)
#include "test_agreement.moc"

// Chest X-ray phantoms: the same seed gives the same bytes, and the report
// says exactly what the mask holds (count, lungs and zones of the lesions).
#include "phantom/cxr_phantom.h"
#include "phantom_test_support.h"

#include <QRegularExpression>
#include <QtTest>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <set>

using namespace tgc;

namespace {

struct ParsedReport {
    bool valid = false;
    bool noInfection = false;
    bool bilateral = false;
    int count = 0;
    std::set<std::pair<int, int>> zones; // (side: 0 right / 1 left, zone 0..2)
};

ParsedReport parseReport(const QString& report) {
    ParsedReport parsed;
    if (report == QLatin1String("No infection.")) {
        parsed.valid = parsed.noInfection = true;
        return parsed;
    }
    static const QRegularExpression sentence(QStringLiteral(
        "^(Bilateral|Unilateral) pulmonary infection, (one|two|three) infected areas?, (.+)\\.$"));
    const QRegularExpressionMatch m = sentence.match(report);
    if (!m.hasMatch())
        return parsed;
    parsed.bilateral = m.captured(1) == QLatin1String("Bilateral");
    parsed.count = QStringList{"one", "two", "three"}.indexOf(m.captured(2)) + 1;
    static const QRegularExpression lungPart(QStringLiteral(
        "((?:upper|middle|lower)(?:(?:, | and )(?:upper|middle|lower))*) (left|right) lung"));
    static const QRegularExpression zoneWord(QStringLiteral("upper|middle|lower"));
    QString rest = m.captured(3);
    auto it = lungPart.globalMatch(rest);
    while (it.hasNext()) {
        const QRegularExpressionMatch part = it.next();
        const int side = part.captured(2) == QLatin1String("right") ? 0 : 1;
        auto words = zoneWord.globalMatch(part.captured(1));
        while (words.hasNext()) {
            const QString w = words.next().captured(0);
            parsed.zones.insert({side, QStringList{"upper", "middle", "lower"}.indexOf(w)});
        }
    }
    rest.remove(lungPart);
    rest.remove(QStringLiteral(" and "));
    parsed.valid = rest.isEmpty();
    return parsed;
}

// Zone of each lesion component, measured on the label map alone: a lung's
// extent is its label plus the lesion voxels on its half of the image.
std::set<std::pair<int, int>> measuredZones(const CxrCase& c, int* components) {
    const int size = c.image.dims()[0];
    const cv::Mat lesion = test::binarySlice(c.labels, 0, CxrLesionLabel);
    const cv::Mat lungs[2] = {test::binarySlice(c.labels, 0, CxrRightLungLabel),
                              test::binarySlice(c.labels, 0, CxrLeftLungLabel)};
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(lesion, labels, stats, centroids, 8, CV_32S);
    *components = n - 1;
    std::set<std::pair<int, int>> zones;
    for (int i = 1; i < n; ++i) {
        const double cx = centroids.at<double>(i, 0), cy = centroids.at<double>(i, 1);
        const int side = cx < size / 2.0 ? 0 : 1; // image left = patient's right
        cv::Mat field = lungs[side].clone();
        cv::Mat half = lesion.clone();
        half.colRange(side == 0 ? size / 2 : 0, side == 0 ? size : size / 2).setTo(0);
        field |= half;
        const cv::Rect box = cv::boundingRect(field);
        const double third = box.height / 3.0;
        zones.insert({side, std::clamp(int((cy - box.y) / third), 0, 2)});
    }
    return zones;
}

} // namespace

class TestCxrPhantom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameBytes() {
        const CxrPhantom phantom({192});
        const CxrCase a = phantom.generate(7, 3);
        const CxrCase b = phantom.generate(7, 3);
        QCOMPARE(a.id, b.id);
        QCOMPARE(a.targets.front().prompt, b.targets.front().prompt);
        QVERIFY(std::memcmp(a.image.bytes(), b.image.bytes(), a.image.byteSize()) == 0);
        QVERIFY(std::memcmp(a.labels.data(), b.labels.data(), a.labels.geometry().voxelCount()) ==
                0);
        const CxrCase otherSeed = phantom.generate(8, 3);
        const CxrCase otherIndex = phantom.generate(7, 4);
        QVERIFY(std::memcmp(a.image.bytes(), otherSeed.image.bytes(), a.image.byteSize()) != 0);
        QVERIFY(std::memcmp(a.image.bytes(), otherIndex.image.bytes(), a.image.byteSize()) != 0);
        QVERIFY(a.id != otherSeed.id && a.id != otherIndex.id);
    }

    void absentTargetsNameALungWithoutLesions() {
        CxrOptions options;
        options.size = 160;
        const CxrPhantom plain(options);
        options.absentTargets = true;
        const CxrPhantom withAbsent(options);
        int absent = 0;
        for (int index = 0; index < 20; ++index) {
            const CxrCase a = plain.generate(5, index);
            const CxrCase b = withAbsent.generate(5, index);
            // The film and its report stay as they were.
            QVERIFY(std::memcmp(a.image.bytes(), b.image.bytes(), a.image.byteSize()) == 0);
            QCOMPARE(b.targets.front().prompt, a.targets.front().prompt);
            QCOMPARE(a.targets.size(), std::size_t(1));
            if (b.targets.size() == 1)
                continue;
            ++absent;
            const PhantomTarget& missing = b.targets.back();
            QCOMPARE(missing.key, QStringLiteral("absent"));
            QCOMPARE(cv::countNonZero(test::binarySlice(missing.mask)), 0);
            const ParsedReport parsed = parseReport(missing.prompt);
            QVERIFY2(parsed.valid && !parsed.noInfection, qPrintable(missing.prompt));
            for (const CxrLesion& lesion : b.lesions)
                QVERIFY2(!missing.prompt.contains(CxrPhantom::sideName(lesion.side) + " lung"),
                         qPrintable(missing.prompt));
        }
        QVERIFY(absent >= 5);
    }

    void imageIsAnEightBitSquare() {
        const CxrCase c = CxrPhantom({160}).generate(1, 0);
        QCOMPARE(c.image.voxelType(), VoxelType::UInt8);
        QCOMPARE(c.image.dims(), (std::array<int, 3>{160, 160, 1}));
        QVERIFY(c.labels.geometry().sameGrid(c.image.geometry()));
        const auto [lo, hi] = c.image.valueRange();
        QVERIFY2(hi - lo > 120, "exposure leaves too little contrast");
    }

    void reportMatchesMask() {
        const CxrPhantom phantom({256});
        int withCount[4] = {0, 0, 0, 0};
        std::set<std::pair<int, int>> zonesSeen;
        int orderLeftFirst = 0;
        for (int index = 0; index < 40; ++index) {
            const CxrCase c = phantom.generate(11, index);
            const QString& report = c.targets.front().prompt;
            const ParsedReport parsed = parseReport(report);
            QVERIFY2(parsed.valid, qPrintable(QStringLiteral("unparsed report: ") + report));
            int components = 0;
            const std::set<std::pair<int, int>> measured = measuredZones(c, &components);
            const cv::Mat mask = test::binarySlice(c.targets.front().mask);
            if (parsed.noInfection) {
                QCOMPARE(cv::countNonZero(mask), 0);
                QVERIFY(c.lesions.empty());
            } else {
                QCOMPARE(components, parsed.count);
                QCOMPARE(int(parsed.zones.size()), parsed.count);
                QVERIFY2(measured == parsed.zones, qPrintable(report));
                const bool bothSides = parsed.zones.begin()->first != parsed.zones.rbegin()->first;
                QCOMPARE(parsed.bilateral, bothSides);
                // The target mask is the lesion label, voxel for voxel.
                QCOMPARE(cv::countNonZero(mask != test::binarySlice(c.labels, 0, CxrLesionLabel)),
                         0);
            }
            QCOMPARE(int(c.lesions.size()), components);
            ++withCount[std::min(3, components)];
            zonesSeen.insert(measured.begin(), measured.end());
            if (report.contains(QStringLiteral("left lung and")))
                ++orderLeftFirst;
        }
        for (int n = 0; n < 4; ++n)
            QVERIFY2(withCount[n] > 0,
                     qPrintable(QStringLiteral("no case with %1 lesions").arg(n)));
        QCOMPARE(int(zonesSeen.size()), 6);
        QVERIFY(orderLeftFirst > 0);
    }

    void lesionsAreVisibleOpacities() {
        // A lesion adds attenuation: it is brighter than the rest of its lung.
        const CxrPhantom phantom({256});
        int brighter = 0, cases = 0;
        for (int index = 0; index < 20; ++index) {
            const CxrCase c = phantom.generate(5, index);
            if (c.lesions.empty())
                continue;
            ++cases;
            const cv::Mat image(256, 256, CV_8U, const_cast<std::uint8_t*>(c.image.bytes()));
            const cv::Mat lesion = test::binarySlice(c.labels, 0, CxrLesionLabel);
            const cv::Mat lung = test::binarySlice(c.labels, 0, CxrRightLungLabel) |
                                 test::binarySlice(c.labels, 0, CxrLeftLungLabel);
            // Compared with the lung around it, not with the whole field.
            cv::Mat around;
            cv::dilate(lesion, around, cv::Mat(), cv::Point(-1, -1), 8);
            around &= lung;
            const double inside = cv::mean(image, lesion)[0], outside = cv::mean(image, around)[0];
            if (inside > outside + 8.0)
                ++brighter;
            else
                qWarning("case %d: lesion %.1f, lung around it %.1f", index, inside, outside);
        }
        QVERIFY(cases >= 10);
        QCOMPARE(brighter, cases);
    }

    void reportWording() {
        QCOMPARE(CxrPhantom::report({}, false), QStringLiteral("No infection."));
        QCOMPARE(CxrPhantom::report({{LungSide::Right, LungZone::Middle}}, false),
                 QStringLiteral(
                     "Unilateral pulmonary infection, one infected area, middle right lung."));
        QCOMPARE(
            CxrPhantom::report(
                {{LungSide::Right, LungZone::Lower}, {LungSide::Left, LungZone::Upper}}, true),
            QStringLiteral("Bilateral pulmonary infection, two infected areas, upper left lung "
                           "and lower right lung."));
        QCOMPARE(
            CxrPhantom::report({{LungSide::Left, LungZone::Lower},
                                {LungSide::Left, LungZone::Upper},
                                {LungSide::Left, LungZone::Middle}},
                               false),
            QStringLiteral("Unilateral pulmonary infection, three infected areas, upper, middle "
                           "and lower left lung."));
    }
};

int tgc::test::runCxrPhantomTests(int argc, char** argv) {
    TestCxrPhantom suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "tst_cxr_phantom.moc"

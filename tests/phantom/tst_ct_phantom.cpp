// CT phantoms: organ masks are non-empty, inside the body, disjoint, sided as
// in radiological display, painted with their HU; volumes as well.
#include "phantom/ct_organs.h"
#include "phantom/ct_phantom.h"
#include "phantom_test_support.h"

#include <QSet>
#include <QtTest>
#include <cstring>
#include <opencv2/imgproc.hpp>

using namespace tgc;

namespace {

cv::Mat huSlice(const ImageVolume& image, int z = 0) {
    const auto& d = image.dims();
    return cv::Mat(d[1], d[0], CV_16S, const_cast<std::uint8_t*>(image.sliceBytes(z))).clone();
}

// The body: everything the outside air cannot reach (air inside bowel and
// stomach stays body).
cv::Mat bodyMask(const cv::Mat& hu) {
    cv::Mat air = hu < -500;
    cv::Mat padded;
    cv::copyMakeBorder(air, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(255));
    cv::floodFill(padded, cv::Point(0, 0), cv::Scalar(128));
    const cv::Mat outside = padded(cv::Rect(1, 1, hu.cols, hu.rows)) == 128;
    return ~outside;
}

cv::Point2d centroid(const cv::Mat& mask) {
    const cv::Moments m = cv::moments(mask, true);
    return {m.m10 / m.m00, m.m01 / m.m00};
}

const CtOrgan& organOf(const QString& key) {
    for (const CtOrgan& organ : ctOrgans()) {
        if (organ.key == key)
            return organ;
    }
    throw std::runtime_error("unknown organ");
}

} // namespace

class TestCtPhantom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameBytes() {
        const CtSlicePhantom phantom({160, 360.0});
        const PhantomCase a = phantom.generate(3, 1);
        const PhantomCase b = phantom.generate(3, 1);
        QVERIFY(std::memcmp(a.image.bytes(), b.image.bytes(), a.image.byteSize()) == 0);
        QCOMPARE(a.targets.size(), b.targets.size());
        for (std::size_t i = 0; i < a.targets.size(); ++i)
            QCOMPARE(a.targets[i].prompt, b.targets[i].prompt);
        const PhantomCase c = phantom.generate(4, 1);
        QVERIFY(std::memcmp(a.image.bytes(), c.image.bytes(), a.image.byteSize()) != 0);
    }

    void absentTargetsAskForOrgansTheSliceLacks() {
        CtSliceOptions options;
        options.size = 160;
        options.absentTargets = true;
        const CtSlicePhantom phantom(options);
        int absent = 0, present = 0;
        for (int index = 0; index < 16; ++index) {
            const PhantomCase c = phantom.generate(6, index);
            for (const PhantomTarget& target : c.targets) {
                const int voxels = cv::countNonZero(test::binarySlice(target.mask));
                const int labelled =
                    cv::countNonZero(test::binarySlice(c.labels, 0, organOf(target.key).id));
                // An empty target is an organ the slice does not show at all.
                QCOMPARE(voxels, labelled);
                (voxels == 0 ? absent : present) += 1;
            }
        }
        QVERIFY2(absent >= 10, qPrintable(QString::number(absent)));
        QVERIFY(present > absent);
        // Without the option no target is empty.
        for (int index = 0; index < 16; ++index)
            for (const PhantomTarget& target :
                 CtSlicePhantom({160, 360.0}).generate(6, index).targets)
                QVERIFY(cv::countNonZero(test::binarySlice(target.mask)) > 0);
    }

    void organsAreConsistent() {
        const int size = 256;
        const CtSlicePhantom phantom({size, 360.0});
        QSet<QString> prompts;
        for (int index = 0; index < 12; ++index) {
            const PhantomCase c = phantom.generate(21, index);
            QCOMPARE(c.image.voxelType(), VoxelType::Int16);
            QCOMPARE(c.image.modality, QStringLiteral("CT"));
            QVERIFY(qAbs(c.image.geometry().spacing[0] - 360.0 / size) < 1e-9);
            QCOMPARE(c.targets.size(), ctOrgans().size());
            const cv::Mat hu = huSlice(c.image);
            const cv::Mat body = bodyMask(hu);
            cv::Mat covered = cv::Mat::zeros(size, size, CV_8U);
            std::map<QString, cv::Point2d> centres;
            for (const PhantomTarget& target : c.targets) {
                const CtOrgan& organ = organOf(target.key);
                QVERIFY2(std::find(organ.phrasings.begin(), organ.phrasings.end(), target.prompt) !=
                             organ.phrasings.end(),
                         qPrintable(target.prompt));
                prompts.insert(target.prompt);
                const cv::Mat mask = test::binarySlice(target.mask);
                QVERIFY2(cv::countNonZero(mask) > 30, qPrintable(target.key));
                QCOMPARE(cv::countNonZero(test::binarySlice(target.mask, 0, organ.id)),
                         cv::countNonZero(mask));
                QVERIFY2(cv::countNonZero(mask & ~body) == 0,
                         qPrintable(target.key + " outside body"));
                QVERIFY2(cv::countNonZero(mask & covered) == 0,
                         qPrintable(target.key + " overlaps"));
                covered |= mask;
                centres[target.key] = centroid(mask);
                if (target.key == QLatin1String("liver") || target.key == QLatin1String("spleen")) {
                    // Away from the edge, where partial volume mixes in the neighbours.
                    cv::Mat interior;
                    cv::erode(mask, interior, cv::Mat(), cv::Point(-1, -1), 2);
                    const double mean = cv::mean(hu, interior)[0];
                    QVERIFY2(qAbs(mean - target.designedMean) < 10.0,
                             qPrintable(QStringLiteral("%1 mean %2 HU, painted %3 HU")
                                            .arg(target.key)
                                            .arg(mean)
                                            .arg(target.designedMean)));
                }
            }
            // Radiological display: the patient's right is on the image left.
            QVERIFY(centres["kidney_right"].x < size / 2.0);
            QVERIFY(centres["kidney_left"].x > size / 2.0);
            QVERIFY(centres["liver"].x < centres["spleen"].x);
            // The aorta lies in front of the spine (image top is anterior).
            QVERIFY(centres["aorta"].y < centres["vertebra"].y);
        }
        QVERIFY2(prompts.size() >= 14, "prompts hardly vary");
    }

    void volumesHoldTheOrgansIn3d() {
        CtVolumeOptions options;
        options.dims = {64, 56, 16};
        const CtVolumePhantom phantom(options);
        const PhantomCase a = phantom.generate(2, 0);
        const PhantomCase again = phantom.generate(2, 0);
        const PhantomCase b = phantom.generate(2, 1);
        QVERIFY(std::memcmp(a.image.bytes(), again.image.bytes(), a.image.byteSize()) == 0);
        QCOMPARE(a.image.dims(), (std::array<int, 3>{64, 56, 16}));
        QCOMPARE(a.image.geometry().spacing, (std::array<double, 3>{0.8, 0.8, 2.5}));
        QVERIFY(a.labels.geometry().sameGrid(a.image.geometry()));
        QVERIFY(!a.image.patientName.isEmpty() && !a.image.patientId.isEmpty());
        QVERIFY(a.image.patientId != b.image.patientId);
        QCOMPARE(a.targets.size(), ctOrgans().size());
        for (const PhantomTarget& target : a.targets) {
            int slicesWithOrgan = 0;
            for (int z = 0; z < 16; ++z) {
                const cv::Mat mask = test::binarySlice(target.mask, z);
                const cv::Mat all = test::binarySlice(a.labels, z);
                QCOMPARE(cv::countNonZero(mask & ~all), 0);
                slicesWithOrgan += cv::countNonZero(mask) > 0;
            }
            QVERIFY2(slicesWithOrgan >= 3, qPrintable(target.key));
        }
        // Organs end somewhere: the liver does not fill every slice's top and bottom alike.
        const auto sliceArea = [&](const QString& key, int z) {
            for (const PhantomTarget& t : a.targets) {
                if (t.key == key)
                    return cv::countNonZero(test::binarySlice(t.mask, z));
            }
            return -1;
        };
        QVERIFY(sliceArea("liver", 15) > sliceArea("liver", 0));
        QVERIFY(sliceArea("kidney_right", 4) > sliceArea("kidney_right", 15));
    }
};

int tgc::test::runCtPhantomTests(int argc, char** argv) {
    TestCtPhantom suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "tst_ct_phantom.moc"

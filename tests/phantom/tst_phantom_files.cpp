// What `tgc-cli phantom` writes (through writePhantomDataset, its whole
// body): the qata contract, bit depths, byte-identical reruns, NIfTI spacing
// and one DICOM file per slice.
#include "image_reader.h"
#include "phantom/ct_phantom.h"
#include "phantom/cxr_phantom.h"
#include "phantom/phantom_dataset.h"
#include "phantom_test_support.h"
#include "qata_dataset.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>

using namespace tgc;

namespace {

QString firstLine(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine()).trimmed();
}

// Relative path -> SHA-1 of every file under dir.
std::map<QString, QByteArray> digests(const QString& dir) {
    std::map<QString, QByteArray> result;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            result[QDir(dir).relativeFilePath(path)] =
                QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1);
    }
    return result;
}

PhantomRunOptions run(PhantomKind kind, int count, const QString& out) {
    PhantomRunOptions options;
    options.kind = kind;
    options.count = count;
    options.seed = 9;
    options.outDir = out;
    options.size = 128;
    options.volumeDims = std::array<int, 3>{48, 40, 12};
    return options;
}

} // namespace

class TestPhantomFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cxrFollowsTheContract() {
        QTemporaryDir dir;
        const PhantomRunSummary summary = writePhantomDataset(run(PhantomKind::Cxr, 4, dir.path()));
        QCOMPARE(summary.rows, 4);
        QCOMPARE(summary.files, 4 * 2 + 1);
        QCOMPARE(firstLine(dir.path() + "/text.csv"), QStringLiteral("Image,Description"));
        const QataDataset data = QataDataset::read(dir.path());
        QCOMPARE(int(data.rows().size()), 4);
        const CxrPhantom phantom({128});
        for (int i = 0; i < 4; ++i) {
            const QataRow& row = data.rows()[std::size_t(i)];
            const CxrCase memory = phantom.generate(9, i);
            QCOMPARE(row.image, memory.id + ".png");
            QCOMPARE(row.description, memory.targets.front().prompt);
            const cv::Mat image =
                cv::imread(data.imagePath(row).toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(image.type(), CV_8UC1);
            QCOMPARE(image.cols, 128);
            QVERIFY(std::equal(image.datastart, image.dataend, memory.image.bytes()));
            const cv::Mat mask = cv::imread(data.maskPath(row).toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(mask.type(), CV_8UC1);
            QCOMPARE(cv::countNonZero(mask), cv::countNonZero(mask == 255));
            QCOMPARE(cv::countNonZero(mask),
                     cv::countNonZero(test::binarySlice(memory.targets.front().mask)));
        }
    }

    void ctFollowsTheContract() {
        QTemporaryDir dir;
        const PhantomRunSummary summary = writePhantomDataset(run(PhantomKind::Ct, 2, dir.path()));
        QCOMPARE(firstLine(dir.path() + "/text.csv"), QStringLiteral("Image,Description,Mask"));
        QVERIFY(QFileInfo::exists(dir.path() + "/labels.json"));
        const QataDataset data = QataDataset::read(dir.path());
        QCOMPARE(summary.rows, int(data.rows().size()));
        QVERIFY(summary.rows >= 12); // several prompts per image
        const PhantomCase memory = CtSlicePhantom({128, 360.0}).generate(9, 0);
        int rowsOfFirst = 0;
        for (const QataRow& row : data.rows()) {
            QVERIFY(row.mask.startsWith(row.image.chopped(4) + "_"));
            const cv::Mat image =
                cv::imread(data.imagePath(row).toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(image.type(), CV_16UC1);
            double lo = 0, hi = 0;
            cv::minMaxLoc(image, &lo, &hi);
            QVERIFY(lo >= 0 && hi <= 4095 && hi > 1024 + 300); // HU + 1024, bone present
            const cv::Mat mask = cv::imread(data.maskPath(row).toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(mask.type(), CV_8UC1);
            QVERIFY(cv::countNonZero(mask) > 0);
            QCOMPARE(cv::countNonZero(mask), cv::countNonZero(mask == 255));
            if (row.image == memory.id + ".png") {
                const PhantomTarget& target = memory.targets[std::size_t(rowsOfFirst++)];
                QCOMPARE(row.description, target.prompt);
                QCOMPARE(row.mask, memory.id + "_" + target.key + ".png");
                const std::int16_t hu = memory.image.data<std::int16_t>()[64 * 128 + 64];
                QCOMPARE(int(image.at<std::uint16_t>(64, 64)), hu + 1024);
            }
        }
        QCOMPARE(rowsOfFirst, int(memory.targets.size()));
    }

    void rerunGivesIdenticalFiles() {
        QTemporaryDir a, b, c;
        writePhantomDataset(run(PhantomKind::Ct, 2, a.path()));
        writePhantomDataset(run(PhantomKind::Ct, 2, b.path()));
        PhantomRunOptions other = run(PhantomKind::Ct, 2, c.path());
        other.seed = 10;
        writePhantomDataset(other);
        const auto first = digests(a.path());
        QVERIFY(first.size() > 10);
        QVERIFY(first == digests(b.path()));
        QVERIFY(first != digests(c.path()));
    }

    void ct3dWritesNiftiAndDicom() {
        QTemporaryDir dir;
        PhantomRunOptions options = run(PhantomKind::Ct3d, 1, dir.path());
        options.dicom = true;
        writePhantomDataset(options);
        const QataDataset data = QataDataset::read(dir.path());
        QVERIFY(data.rows().size() >= 6);
        const QString id = data.rows().front().image.chopped(7); // .nii.gz
        QVERIFY(QFileInfo::exists(dir.path() + "/masks/" + id + ".nii.gz"));

        QFile labels(dir.path() + "/labels.json");
        QVERIFY(labels.open(QIODevice::ReadOnly));
        const QJsonArray table = QJsonDocument::fromJson(labels.readAll())["labels"].toArray();
        QCOMPARE(table.size(), 7);
        QCOMPARE(table[0]["id"].toInt(), 1);
        QCOMPARE(table[0]["name"].toString(), QStringLiteral("liver"));

        const ImageVolume image = readImage(data.imagePath(data.rows().front()));
        QCOMPARE(image.dims(), (std::array<int, 3>{48, 40, 12}));
        QVERIFY(qAbs(image.geometry().spacing[0] - 0.8) < 1e-3);
        QVERIFY(qAbs(image.geometry().spacing[2] - 2.5) < 1e-3);
        const auto [lo, hi] = image.valueRange();
        QVERIFY(lo <= -900 && hi >= 300);

        // The multi-organ mask holds the ids of labels.json; a per-organ mask only its own.
        const ImageVolume allOrgans = readImage(dir.path() + "/masks/" + id + ".nii.gz");
        QCOMPARE(allOrgans.dims(), image.dims());
        QCOMPARE(allOrgans.valueRange(), (std::pair<double, double>(0.0, 7.0)));
        for (const QataRow& row : data.rows()) {
            if (!row.mask.endsWith("_spleen.nii.gz"))
                continue;
            QCOMPARE(readImage(data.maskPath(row)).valueRange(),
                     (std::pair<double, double>(0.0, 2.0)));
        }

        const QStringList slices =
            QDir(dir.path() + "/dicom/" + id).entryList({"*.dcm"}, QDir::Files);
        QCOMPARE(slices.size(), 12);
        const ImageVolume series = readImage(dir.path() + "/dicom/" + id);
        QCOMPARE(series.dims(), image.dims());
        QVERIFY(!series.patientName.isEmpty());
        QVERIFY(qAbs(series.geometry().spacing[2] - 2.5) < 1e-3);
    }
};

int tgc::test::runPhantomFilesTests(int argc, char** argv) {
    TestPhantomFiles suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "tst_phantom_files.moc"

// DICOM series: grouping, ordering, geometry, rescale and display attributes.
#include "image_reader.h"
#include "image_writer.h"
#include "test_data.h"
#include "test_suites.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <numeric>
#include <random>

namespace tgc::test {

class DicomSeriesTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seriesRoundTripInHounsfieldUnits();
    void shuffledFileNamesAreSortedByPosition();
    void obliqueSeriesKeepsOrientation();
    void instanceNumberWhenPositionsAreMissing();
    void unevenSpacingIsReported();
    void largestSeriesOfAFolderIsRead();
    void mixedSizesInOneSeries();
    void multiFrameFile();
    void progressAndCancel();
    void rescaleBeyondInt16GivesFloat();
    void windowAndMonochrome1();
    void rgbImage();
    void signedTwelveBitAndYbr();
};

namespace {

void expectVolumeEquals(const ImageVolume& got, const ImageVolume& expected) {
    QCOMPARE(got.dims(), expected.dims());
    for (int z = 0; z < expected.dims()[2]; ++z)
        for (int y = 0; y < expected.dims()[1]; ++y)
            for (int x = 0; x < expected.dims()[0]; ++x)
                if (got.valueAt(x, y, z) != expected.valueAt(x, y, z))
                    QFAIL(qPrintable(QStringLiteral("voxel (%1,%2,%3): %4, expected %5")
                                         .arg(x)
                                         .arg(y)
                                         .arg(z)
                                         .arg(got.valueAt(x, y, z))
                                         .arg(expected.valueAt(x, y, z))));
}

} // namespace

void DicomSeriesTest::seriesRoundTripInHounsfieldUnits() {
    QTemporaryDir dir;
    const ImageVolume ct = makeCtVolume(12, 10, 6);
    const auto files = writeDicomSeries(ct, dir.path());
    QCOMPARE(int(files.size()), 6);
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(dir.path(), &info);
    QCOMPARE(info.kind, QStringLiteral("dicom-series"));
    QCOMPARE(info.seriesCount, 1);
    QCOMPARE(read.voxelType(), VoxelType::Int16);
    QCOMPARE(read.modality, QStringLiteral("CT"));
    expectVolumeEquals(read, ct);
    for (int a = 0; a < 3; ++a) {
        QCOMPARE(read.geometry().spacing[std::size_t(a)], ct.geometry().spacing[std::size_t(a)]);
        QCOMPARE(read.geometry().origin[std::size_t(a)], ct.geometry().origin[std::size_t(a)]);
    }
    QCOMPARE(read.geometry().direction, ct.geometry().direction);
    QCOMPARE(int(read.sopInstanceUids.size()), 6);
    QVERIFY(!read.seriesInstanceUid.isEmpty());
    QCOMPARE(read.patientId, QStringLiteral("PH0001"));
    QVERIFY(read.warnings.empty());
    QVERIFY(read.fileWindow.has_value());
}

void DicomSeriesTest::shuffledFileNamesAreSortedByPosition() {
    QTemporaryDir dir;
    const ImageVolume ct = makeCtVolume(8, 8, 9);
    auto files = writeDicomSeries(ct, dir.path());
    // Rename so that the alphabetical order is a random permutation.
    std::vector<int> order(files.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    for (std::size_t i = 0; i < files.size(); ++i)
        QVERIFY(QFile::rename(files[i], dir.filePath(QStringLiteral("img%1").arg(
                                            order[i], 3, 10, QLatin1Char('0')))));
    const ImageVolume read = readImage(dir.path());
    expectVolumeEquals(read, ct);
    QCOMPARE(read.geometry().origin[2], ct.geometry().origin[2]);
}

void DicomSeriesTest::obliqueSeriesKeepsOrientation() {
    QTemporaryDir dir;
    ImageVolume ct = makeCtVolume(6, 5, 4);
    const double c = std::cos(0.3), s = std::sin(0.3);
    // Rotation about the y axis: i = (c,0,-s), j = (0,1,0), k = i x j = (s,0,c).
    ct.geometry().direction = {c, 0, -s, 0, 1, 0, s, 0, c};
    writeDicomSeries(ct, dir.path());
    const ImageVolume read = readImage(dir.path());
    expectVolumeEquals(read, ct);
    for (int i = 0; i < 9; ++i)
        QVERIFY(std::abs(read.geometry().direction[std::size_t(i)] -
                         ct.geometry().direction[std::size_t(i)]) < 1e-6);
    QVERIFY(std::abs(read.geometry().spacing[2] - 2.5) < 1e-6);
}

void DicomSeriesTest::instanceNumberWhenPositionsAreMissing() {
    QTemporaryDir dir;
    // Instance numbers 3,1,2 in files a,b,c; no positions: order must be b,c,a.
    const int instance[3] = {3, 1, 2};
    const char* names[3] = {"a.dcm", "b.dcm", "c.dcm"};
    for (int f = 0; f < 3; ++f) {
        DicomImageSpec spec;
        spec.rows = 2;
        spec.columns = 2;
        spec.instanceNumber = instance[f];
        spec.pixels = bytesOf(std::vector<std::uint16_t>(4, std::uint16_t(100 * instance[f])));
        writeDicomImage(spec, dir.filePath(QString::fromLatin1(names[f])));
    }
    const ImageVolume read = readImage(dir.path());
    QCOMPARE(read.dims()[2], 3);
    QCOMPARE(read.valueAt(0, 0, 0), 100.0);
    QCOMPARE(read.valueAt(0, 0, 1), 200.0);
    QCOMPARE(read.valueAt(1, 1, 2), 300.0);
    QVERIFY(std::any_of(read.warnings.begin(), read.warnings.end(), [](const QString& w) {
        return w.contains(QLatin1String("InstanceNumber"));
    }));
}

void DicomSeriesTest::unevenSpacingIsReported() {
    QTemporaryDir dir;
    const double z[4] = {0.0, 2.0, 4.0, 9.0};
    for (int f = 0; f < 4; ++f) {
        DicomImageSpec spec;
        spec.rows = spec.columns = 2;
        spec.position = std::array<double, 3>{0, 0, z[f]};
        spec.orientation = std::array<double, 6>{1, 0, 0, 0, 1, 0};
        spec.pixels = bytesOf(std::vector<std::uint16_t>(4, std::uint16_t(f)));
        writeDicomImage(spec, dir.filePath(QStringLiteral("s%1.dcm").arg(f)));
    }
    const ImageVolume read = readImage(dir.path());
    QCOMPARE(read.dims()[2], 4);
    QVERIFY(std::any_of(read.warnings.begin(), read.warnings.end(), [](const QString& w) {
        return w.contains(QLatin1String("uneven slice spacing"));
    }));
    QCOMPARE(read.geometry().spacing[2], 2.0); // the median gap
}

void DicomSeriesTest::largestSeriesOfAFolderIsRead() {
    QTemporaryDir dir;
    writeDicomSeries(makeCtVolume(6, 6, 5), dir.filePath(QStringLiteral("big")));
    writeDicomSeries(makeCtVolume(4, 4, 2), dir.filePath(QStringLiteral("small")));
    const auto series = scanDicomFolder(dir.path());
    QCOMPARE(int(series.size()), 2);
    QCOMPARE(int(series[0].files.size()), 5);
    QCOMPARE(int(series[1].files.size()), 2);
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(dir.path(), &info);
    QCOMPARE(info.seriesCount, 2);
    QCOMPARE(read.dims()[2], 5);
    QVERIFY(std::any_of(read.warnings.begin(), read.warnings.end(),
                        [](const QString& w) { return w.contains(QLatin1String("2 series")); }));
    const ImageVolume small = readDicomSeries(series[1]);
    QCOMPARE(small.dims(), (std::array<int, 3>{4, 4, 2}));
}

void DicomSeriesTest::mixedSizesInOneSeries() {
    QTemporaryDir dir;
    for (int f = 0; f < 3; ++f) {
        DicomImageSpec spec;
        spec.rows = spec.columns = f == 2 ? 4 : 2;
        spec.instanceNumber = f + 1;
        spec.pixels = bytesOf(std::vector<std::uint16_t>(std::size_t(spec.rows * spec.columns), 5));
        writeDicomImage(spec, dir.filePath(QStringLiteral("m%1.dcm").arg(f)));
    }
    const ImageVolume read = readImage(dir.path());
    QCOMPARE(read.dims(), (std::array<int, 3>{2, 2, 2}));
    QVERIFY(std::any_of(read.warnings.begin(), read.warnings.end(), [](const QString& w) {
        return w.contains(QLatin1String("mixed series"));
    }));
}

void DicomSeriesTest::multiFrameFile() {
    QTemporaryDir dir;
    const ImageVolume ct = makeCtVolume(7, 6, 5);
    DicomSeriesOptions options;
    options.multiFrame = true;
    const auto files = writeDicomSeries(ct, dir.path(), options);
    QCOMPARE(int(files.size()), 1);
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(files.front(), &info);
    QCOMPARE(info.kind, QStringLiteral("dicom"));
    QCOMPARE(info.frames, 5);
    expectVolumeEquals(read, ct);
    QCOMPARE(read.geometry().origin[2], ct.geometry().origin[2]);
    QCOMPARE(read.geometry().spacing[2], 2.5);
    QCOMPARE(read.geometry().spacing[0], 0.8);
    QVERIFY(read.fileWindow.has_value());
}

void DicomSeriesTest::progressAndCancel() {
    QTemporaryDir dir;
    writeDicomSeries(makeCtVolume(4, 4, 8), dir.path());
    int calls = 0, lastDone = -1, lastTotal = 0;
    readImage(dir.path(), [&](int done, int total) {
        ++calls;
        lastDone = done;
        lastTotal = total;
        return true;
    });
    QVERIFY(calls > 0);
    QCOMPARE(lastDone, lastTotal);
    try {
        readImage(dir.path(), [](int, int) { return false; });
        QFAIL("cancel did not stop the read");
    } catch (const IoError& e) {
        QVERIFY(e.reason().contains(QLatin1String("cancelled")));
    }
}

void DicomSeriesTest::rescaleBeyondInt16GivesFloat() {
    QTemporaryDir dir;
    DicomImageSpec spec;
    spec.rows = spec.columns = 2;
    spec.slope = 2.0;
    spec.intercept = 0.0;
    spec.pixels = bytesOf({1, 20000, 40000, 3});
    writeDicomImage(spec, dir.filePath(QStringLiteral("big.dcm")));
    const ImageVolume read = readImage(dir.filePath(QStringLiteral("big.dcm")));
    QCOMPARE(read.voxelType(), VoxelType::Float32);
    QCOMPARE(read.valueAt(0, 1, 0), 80000.0);
    QCOMPARE(read.valueAt(1, 0, 0), 40000.0);

    spec.slope = 0.5;
    spec.intercept = -10.0;
    writeDicomImage(spec, dir.filePath(QStringLiteral("fraction.dcm")));
    const ImageVolume fraction = readImage(dir.filePath(QStringLiteral("fraction.dcm")));
    QCOMPARE(fraction.voxelType(), VoxelType::Float32);
    QCOMPARE(fraction.valueAt(0, 0, 0), -9.5);
}

void DicomSeriesTest::windowAndMonochrome1() {
    QTemporaryDir dir;
    DicomImageSpec spec;
    spec.rows = spec.columns = 2;
    spec.modality = QStringLiteral("CR");
    spec.photometric = QStringLiteral("MONOCHROME1");
    spec.window = std::array<double, 2>{500, 1000};
    spec.bitsStored = 12;
    spec.pixels =
        bytesOf({0, 1000, 4095, 0xF123}); // high bits above Bits Stored are not part of the value
    const QString path = dir.filePath(QStringLiteral("cr.dcm"));
    writeDicomImage(spec, path);
    const ImageVolume read = readImage(path);
    QVERIFY(read.invertForDisplay);
    QVERIFY(read.fileWindow.has_value());
    QCOMPARE(read.fileWindow->center, 500.0);
    QCOMPARE(read.defaultWindow().width, 1000.0);
    QCOMPARE(read.voxelType(), VoxelType::UInt16);
    QCOMPARE(read.valueAt(0, 1, 0), 4095.0);
    QCOMPARE(read.valueAt(1, 1, 0), double(0x123));
    QCOMPARE(read.modality, QStringLiteral("CR"));
}

void DicomSeriesTest::rgbImage() {
    QTemporaryDir dir;
    DicomImageSpec spec;
    spec.rows = 2;
    spec.columns = 3;
    spec.samplesPerPixel = 3;
    spec.photometric = QStringLiteral("RGB");
    spec.bitsAllocated = spec.bitsStored = 8;
    for (int p = 0; p < 6; ++p)
        for (int c = 0; c < 3; ++c)
            spec.pixels.push_back(std::uint8_t(p * 40 + c * 10));
    const QString interleaved = dir.filePath(QStringLiteral("rgb.dcm"));
    writeDicomImage(spec, interleaved);
    // The same colours stored plane by plane.
    DicomImageSpec planar = spec;
    planar.planarConfiguration = 1;
    planar.pixels.clear();
    for (int c = 0; c < 3; ++c)
        for (int p = 0; p < 6; ++p)
            planar.pixels.push_back(std::uint8_t(p * 40 + c * 10));
    const QString planes = dir.filePath(QStringLiteral("planar.dcm"));
    writeDicomImage(planar, planes);
    for (const QString& path : {interleaved, planes}) {
        const ImageVolume read = readImage(path);
        QCOMPARE(read.components(), 3);
        QCOMPARE(read.voxelType(), VoxelType::UInt8);
        QCOMPARE(read.valueAt(2, 1, 0, 0), 200.0); // pixel 5
        QCOMPARE(read.valueAt(2, 1, 0, 2), 220.0);
        QCOMPARE(read.valueAt(1, 0, 0, 1), 50.0);
    }
}

void DicomSeriesTest::signedTwelveBitAndYbr() {
    QTemporaryDir dir;
    DicomImageSpec spec;
    spec.rows = 1;
    spec.columns = 4;
    spec.pixelSigned = true;
    spec.bitsStored = 12;
    spec.slope = 1.0;
    spec.intercept = -24.0;
    // 12-bit two's complement: 0xFFF = -1, 0x800 = -2048; bits above 12 are ignored.
    spec.pixels = bytesOf({0x0FFF, 0x0800, 0x07FF, 0xF005});
    const QString grey = dir.filePath(QStringLiteral("signed.dcm"));
    writeDicomImage(spec, grey);
    const ImageVolume read = readImage(grey);
    QCOMPARE(read.voxelType(), VoxelType::Int16);
    QCOMPARE(read.valueAt(0, 0, 0), -25.0);
    QCOMPARE(read.valueAt(1, 0, 0), -2072.0);
    QCOMPARE(read.valueAt(2, 0, 0), 2023.0);
    QCOMPARE(read.valueAt(3, 0, 0), -19.0);

    DicomImageSpec ybr;
    ybr.rows = 1;
    ybr.columns = 2;
    ybr.samplesPerPixel = 3;
    ybr.photometric = QStringLiteral("YBR_FULL");
    ybr.bitsAllocated = ybr.bitsStored = 8;
    // Y, Cb, Cr of pure grey 128 and of a red (255, 0, 0): Y 76, Cb 85, Cr 255.
    ybr.pixels = {128, 128, 128, 76, 85, 255};
    const QString colour = dir.filePath(QStringLiteral("ybr.dcm"));
    writeDicomImage(ybr, colour);
    const ImageVolume rgb = readImage(colour);
    QCOMPARE(rgb.components(), 3);
    QCOMPARE(rgb.valueAt(0, 0, 0, 0), 128.0);
    QCOMPARE(rgb.valueAt(0, 0, 0, 2), 128.0);
    QVERIFY(rgb.valueAt(1, 0, 0, 0) >= 250);
    QVERIFY(rgb.valueAt(1, 0, 0, 1) <= 5);
    QVERIFY(rgb.valueAt(1, 0, 0, 2) <= 5);
}

std::unique_ptr<QObject> makeDicomSeriesTest() {
    return std::make_unique<DicomSeriesTest>();
}

} // namespace tgc::test

#include "test_dicom_series.moc"

// Every transfer syntax the readers promise, written by DCMTK's encoders and read back.
#include "image_reader.h"
#include "image_writer.h"
#include "test_data.h"
#include "test_suites.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace tgc::test {

class DicomEncodingTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void losslessSeries_data();
    void losslessSeries();
    void lossyGrey_data();
    void lossyGrey();
    void colourCompressed_data();
    void colourCompressed();
    void compressedMultiFrame();
};

void DicomEncodingTest::losslessSeries_data() {
    QTest::addColumn<QString>("syntax");
    QTest::newRow("implicit little endian") << QStringLiteral("1.2.840.10008.1.2");
    QTest::newRow("explicit little endian") << QStringLiteral("1.2.840.10008.1.2.1");
    QTest::newRow("explicit big endian") << QStringLiteral("1.2.840.10008.1.2.2");
    QTest::newRow("deflated") << QStringLiteral("1.2.840.10008.1.2.1.99");
    QTest::newRow("RLE") << QStringLiteral("1.2.840.10008.1.2.5");
    QTest::newRow("JPEG lossless process 14") << QStringLiteral("1.2.840.10008.1.2.4.57");
    QTest::newRow("JPEG lossless SV1") << QStringLiteral("1.2.840.10008.1.2.4.70");
    QTest::newRow("JPEG-LS lossless") << QStringLiteral("1.2.840.10008.1.2.4.80");
}

void DicomEncodingTest::losslessSeries() {
    QFETCH(QString, syntax);
    QTemporaryDir dir;
    const ImageVolume ct = makeCtVolume(10, 9, 3);
    DicomSeriesOptions options;
    options.transferSyntaxUid = syntax;
    writeDicomSeries(ct, dir.path(), options);
    const ImageVolume read = readImage(dir.path());
    QCOMPARE(read.dims(), ct.dims());
    QCOMPARE(read.voxelType(), VoxelType::Int16);
    for (int z = 0; z < 3; ++z)
        for (int y = 0; y < 9; ++y)
            for (int x = 0; x < 10; ++x)
                QCOMPARE(read.valueAt(x, y, z), double(ctValue(x, y, z)));
}

void DicomEncodingTest::lossyGrey_data() {
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<int>("bits");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("JPEG baseline 8-bit") << QStringLiteral("1.2.840.10008.1.2.4.50") << 8 << 12.0;
    QTest::newRow("JPEG extended 12-bit") << QStringLiteral("1.2.840.10008.1.2.4.51") << 12 << 60.0;
    QTest::newRow("JPEG-LS near-lossless") << QStringLiteral("1.2.840.10008.1.2.4.81") << 12 << 2.0;
}

void DicomEncodingTest::lossyGrey() {
    QFETCH(QString, syntax);
    QFETCH(int, bits);
    QFETCH(double, tolerance);
    QTemporaryDir dir;
    DicomImageSpec spec;
    spec.rows = spec.columns = 16;
    spec.bitsAllocated = bits == 8 ? 8 : 16;
    spec.bitsStored = bits;
    std::vector<std::uint16_t> samples;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            samples.push_back(std::uint16_t((x * 8 + y * 4) * ((1 << bits) - 1) / 200));
    if (bits == 8)
        for (std::uint16_t s : samples)
            spec.pixels.push_back(std::uint8_t(s));
    else
        spec.pixels = bytesOf(samples);
    const QString path = dir.filePath(QStringLiteral("lossy.dcm"));
    writeDicomImage(spec, path, syntax);
    const ImageVolume read = readImage(path);
    QCOMPARE(read.dims(), (std::array<int, 3>{16, 16, 1}));
    double worst = 0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            worst =
                std::max(worst, std::abs(read.valueAt(x, y, 0) - samples[std::size_t(y * 16 + x)]));
    QVERIFY2(worst <= tolerance, qPrintable(QStringLiteral("largest error %1").arg(worst)));
}

void DicomEncodingTest::colourCompressed_data() {
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("RLE") << QStringLiteral("1.2.840.10008.1.2.5") << 0.0;
    QTest::newRow("JPEG baseline") << QStringLiteral("1.2.840.10008.1.2.4.50") << 40.0;
    QTest::newRow("JPEG-LS lossless") << QStringLiteral("1.2.840.10008.1.2.4.80") << 0.0;
}

void DicomEncodingTest::colourCompressed() {
    QFETCH(QString, syntax);
    QFETCH(double, tolerance);
    QTemporaryDir dir;
    DicomImageSpec spec;
    spec.rows = spec.columns = 16;
    spec.samplesPerPixel = 3;
    spec.photometric = QStringLiteral("RGB");
    spec.bitsAllocated = spec.bitsStored = 8;
    // Flat colour blocks so lossy JPEG stays close.
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            const bool left = x < 8;
            spec.pixels.push_back(left ? 200 : 20);
            spec.pixels.push_back(left ? 30 : 180);
            spec.pixels.push_back(y < 8 ? 60 : 120);
        }
    const QString path = dir.filePath(QStringLiteral("colour.dcm"));
    writeDicomImage(spec, path, syntax);
    const ImageVolume read = readImage(path);
    QCOMPARE(read.components(), 3);
    QVERIFY(std::abs(read.valueAt(2, 2, 0, 0) - 200) <= tolerance);
    QVERIFY(std::abs(read.valueAt(2, 2, 0, 1) - 30) <= tolerance);
    QVERIFY(std::abs(read.valueAt(12, 12, 0, 0) - 20) <= tolerance);
    QVERIFY(std::abs(read.valueAt(12, 12, 0, 1) - 180) <= tolerance);
    QVERIFY(std::abs(read.valueAt(12, 12, 0, 2) - 120) <= tolerance);
}

void DicomEncodingTest::compressedMultiFrame() {
    QTemporaryDir dir;
    const ImageVolume ct = makeCtVolume(8, 8, 4);
    DicomSeriesOptions options;
    options.multiFrame = true;
    options.transferSyntaxUid = QStringLiteral("1.2.840.10008.1.2.4.80");
    const auto files = writeDicomSeries(ct, dir.path(), options);
    const ImageVolume read = readImage(files.front());
    QCOMPARE(read.dims()[2], 4);
    for (int z = 0; z < 4; ++z)
        QCOMPARE(read.valueAt(3, 5, z), double(ctValue(3, 5, z)));
}

std::unique_ptr<QObject> makeDicomEncodingTest() {
    return std::make_unique<DicomEncodingTest>();
}

} // namespace tgc::test

#include "test_dicom_encoding.moc"

// Writers (PNG, NIfTI, DICOM series), label maps and default windows.
#include "image_reader.h"
#include "image_writer.h"
#include "label_io.h"
#include "test_data.h"
#include "test_suites.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

namespace tgc::test {

class WriterTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pngRoundTrip_data();
    void pngRoundTrip();
    void labelMapPngAndNifti();
    void labelMapRejectsNonLabels();
    void dicomSeriesAttributes();
    void dicomSeriesValidates();
    void overwriteLeavesNoTemporaryFiles();
    void unwritableFolderIsNamed();
    void defaultWindows();
};

void WriterTest::pngRoundTrip_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("components");
    QTest::newRow("grey 8") << int(VoxelType::UInt8) << 1;
    QTest::newRow("grey 16") << int(VoxelType::UInt16) << 1;
    QTest::newRow("rgb 8") << int(VoxelType::UInt8) << 3;
}

void WriterTest::pngRoundTrip() {
    QFETCH(int, type);
    QFETCH(int, components);
    QTemporaryDir dir;
    VolumeGeometry g;
    g.dims = {7, 5, 1};
    ImageVolume image(VoxelType(type), components, g);
    const std::size_t n = g.voxelCount() * std::size_t(components);
    for (std::size_t i = 0; i < n; ++i) {
        if (VoxelType(type) == VoxelType::UInt16)
            image.data<std::uint16_t>()[i] = std::uint16_t(i * 997);
        else
            image.data<std::uint8_t>()[i] = std::uint8_t(i * 7);
    }
    const QString path = dir.filePath(QStringLiteral("sub/image.png"));
    writePng(image, path);
    const ImageVolume read = readImage(path);
    QCOMPARE(read.components(), components);
    QCOMPARE(read.voxelType(), VoxelType(type));
    QCOMPARE(read.byteSize(), image.byteSize());
    QVERIFY(std::equal(image.bytes(), image.bytes() + image.byteSize(), read.bytes()));
}

void WriterTest::labelMapPngAndNifti() {
    QTemporaryDir dir;
    VolumeGeometry g2;
    g2.dims = {6, 4, 1};
    LabelMap flat(g2);
    flat.data()[3] = 1;
    flat.data()[10] = 3;
    writePng(flat, dir.filePath(QStringLiteral("mask.png")));
    writePng(flat, dir.filePath(QStringLiteral("binary.png")), true);
    const LabelMap png = readLabelMap(dir.filePath(QStringLiteral("mask.png")));
    QCOMPARE(png.dims(), g2.dims);
    QCOMPARE(png.data()[3], std::uint8_t(1));
    QCOMPARE(png.data()[10], std::uint8_t(3));
    QCOMPARE(int(png.labels().size()), 2);
    QVERIFY(png.label(3) != nullptr);
    const ImageVolume binary = readImage(dir.filePath(QStringLiteral("binary.png")));
    QCOMPARE(binary.valueAt(3, 0, 0), 255.0);
    QCOMPARE(binary.valueAt(4, 1, 0), 255.0);
    QCOMPARE(binary.valueAt(0, 0, 0), 0.0);

    VolumeGeometry g3;
    g3.dims = {5, 4, 3};
    g3.spacing = {0.5, 0.6, 2.0};
    g3.origin = {10, 20, -30};
    g3.direction = {0, 1, 0, -1, 0, 0, 0, 0, 1};
    LabelMap volume(g3);
    volume.slice(2)[7] = 2;
    const QString nii = dir.filePath(QStringLiteral("mask.nii.gz"));
    writeNifti(volume, nii);
    const LabelMap read = readLabelMap(nii);
    QVERIFY(read.geometry().sameGrid(g3, 1e-4));
    QCOMPARE(read.at(2, 1, 2), std::uint8_t(2));
    QCOMPARE(read.at(2, 1, 1), std::uint8_t(0));
}

void WriterTest::labelMapRejectsNonLabels() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ct.nii.gz"));
    writeNifti(makeCtVolume(4, 4, 2), path); // negative values
    try {
        readLabelMap(path);
        QFAIL("a CT volume was accepted as a label map");
    } catch (const IoError& e) {
        QVERIFY(e.message().contains(QLatin1String("ct.nii.gz")));
        QVERIFY(e.reason().contains(QLatin1String("not a label map")));
    }
}

void WriterTest::dicomSeriesAttributes() {
    QTemporaryDir dir;
    const auto files = writeDicomSeries(makeCtVolume(6, 5, 3), dir.path());
    QSet<QString> sopUids, seriesUids;
    for (const QString& file : files) {
        DcmFileFormat dicom;
        QVERIFY(dicom.loadFile(file.toLocal8Bit().constData()).good());
        OFString value;
        dicom.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, value);
        sopUids.insert(QString::fromLatin1(value.c_str()));
        dicom.getDataset()->findAndGetOFString(DCM_SeriesInstanceUID, value);
        seriesUids.insert(QString::fromLatin1(value.c_str()));
        dicom.getDataset()->findAndGetOFString(DCM_SOPClassUID, value);
        QCOMPARE(QString::fromLatin1(value.c_str()), QStringLiteral("1.2.840.10008.5.1.4.1.1.2"));
        dicom.getDataset()->findAndGetOFString(DCM_RescaleIntercept, value);
        QCOMPARE(QString::fromLatin1(value.c_str()), QStringLiteral("-1024"));
    }
    QCOMPARE(sopUids.size(), 3);
    QCOMPARE(seriesUids.size(), 1);
    QVERIFY(seriesUids.begin()->startsWith(QLatin1String("1.2.")));
}

void WriterTest::dicomSeriesValidates() {
    const QString dciodvfy = QStandardPaths::findExecutable(QStringLiteral("dciodvfy"));
    if (dciodvfy.isEmpty())
        QSKIP("dciodvfy (dicom3tools) is not installed");
    QTemporaryDir dir;
    const auto files = writeDicomSeries(makeCtVolume(6, 5, 2), dir.path());
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(dciodvfy, {files.front()});
    QVERIFY(process.waitForFinished(20000));
    const QString report = QString::fromLocal8Bit(process.readAll());
    QVERIFY2(!report.contains(QLatin1String("Error")), qPrintable(report));
}

void WriterTest::overwriteLeavesNoTemporaryFiles() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("image.nii.gz"));
    writeNifti(makeCtVolume(3, 3, 2), path);
    writeNifti(makeCtVolume(4, 3, 2), path);
    QCOMPARE(readImage(path).dims()[0], 4);
    const QStringList all = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(all, QStringList{QStringLiteral("image.nii.gz")});
}

void WriterTest::unwritableFolderIsNamed() {
    // A folder that cannot be created (a file stands in its place): the
    // error names it, whatever the user's permissions (tests may run as root).
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("cases"));
    writeBytes(blocker, "a file, not a folder");
    for (const QString& target :
         {blocker + QStringLiteral("/c1/mask.nii.gz"), blocker + QStringLiteral("/c1/mask.png")}) {
        try {
            if (target.endsWith(QLatin1String(".png"))) {
                VolumeGeometry g;
                g.dims = {2, 2, 1};
                writePng(LabelMap(g), target);
            } else {
                writeNifti(makeCtVolume(3, 3, 1), target);
            }
            QFAIL("writing below a file succeeded");
        } catch (const IoError& e) {
            QVERIFY2(e.message().contains(QLatin1String("cases")), qPrintable(e.message()));
            QVERIFY2(e.reason().contains(QLatin1String("cannot")), qPrintable(e.message()));
        }
    }
    QVERIFY(!writeDicomSeries(makeCtVolume(2, 2, 1), dir.filePath(QStringLiteral("ok"))).empty());
    try {
        writeDicomSeries(makeCtVolume(2, 2, 1), blocker + QStringLiteral("/series"));
        QFAIL("writing a series below a file succeeded");
    } catch (const IoError& e) {
        QVERIFY2(e.message().contains(QLatin1String("cases")), qPrintable(e.message()));
    }
}

void WriterTest::defaultWindows() {
    ImageVolume ct = makeCtVolume(4, 4, 1);
    QCOMPARE(ct.defaultWindow().center, 40.0);
    QCOMPARE(ct.defaultWindow().width, 400.0);
    ct.fileWindow = WindowLevel{-600, 1500};
    QCOMPARE(ct.defaultWindow().center, -600.0);
    ImageVolume mr = makeCtVolume(4, 4, 1);
    mr.modality = QStringLiteral("MR");
    const auto [lo, hi] = mr.valueRange();
    QCOMPARE(mr.defaultWindow().center, (lo + hi) / 2);
    QCOMPARE(mr.defaultWindow().width, hi - lo);
}

std::unique_ptr<QObject> makeWriterTest() {
    return std::make_unique<WriterTest>();
}

} // namespace tgc::test

#include "test_writers.moc"

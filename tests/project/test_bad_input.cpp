// Bad input (DESIGN.md §7): each class of damage gets its own message naming the file.
#include "image_reader.h"
#include "image_writer.h"
#include "test_data.h"
#include "test_suites.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

namespace tgc::test {

class BadInputTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void truncatedDicomPixelData();
    void truncatedDicomHeader();
    void truncatedCompressedDicom();
    void objectsWithoutPixelData_data();
    void objectsWithoutPixelData();
    void folderOfReportsOnly();
    void jpeg2000IsNamed();
    void randomBytes_data();
    void randomBytes();
    void emptyFile();
    void missingFile();
    void damagedPng();
    void truncatedNifti();
    void folderWithoutImages();
    void folderOfPngsIsExplained();
    void damagedFileInASeriesIsLeftOutAndNamed();
};

namespace {

// Reads and returns the error, failing the test when the read succeeds.
IoError readError(const QString& path) {
    try {
        readImage(path);
    } catch (const IoError& e) {
        return e;
    } catch (const std::exception& e) {
        return IoError(
            path,
            QStringLiteral("unexpected exception type: %1").arg(QString::fromLocal8Bit(e.what())));
    }
    return IoError(path, QStringLiteral("(no error)"));
}

#define EXPECT_ERROR(path, fragment)                                                               \
    do {                                                                                           \
        const IoError error_ = readError(path);                                                    \
        QVERIFY2(error_.message().contains(QFileInfo(path).fileName()),                            \
                 qPrintable(error_.message()));                                                    \
        QVERIFY2(error_.reason().contains(QLatin1String(fragment), Qt::CaseInsensitive),           \
                 qPrintable(error_.message()));                                                    \
    } while (false)

QString writeOneSlice(const QString& dir, const QString& syntax = {}) {
    DicomSeriesOptions options;
    options.transferSyntaxUid = syntax;
    return writeDicomSeries(makeCtVolume(64, 64, 1), dir, options).front();
}

} // namespace

void BadInputTest::truncatedDicomPixelData() {
    QTemporaryDir dir;
    const QString full = writeOneSlice(dir.filePath(QStringLiteral("full")));
    const QString cut = dir.filePath(QStringLiteral("cut.dcm"));
    truncateCopy(full, cut, QFileInfo(full).size() - 3000);
    EXPECT_ERROR(cut, "truncated");
}

void BadInputTest::truncatedDicomHeader() {
    QTemporaryDir dir;
    const QString full = writeOneSlice(dir.filePath(QStringLiteral("full")));
    // Cut at many points inside the meta header and the dataset, before the pixel data.
    for (qint64 keep = 140; keep < 1100; keep += 41) {
        const QString cut = dir.filePath(QStringLiteral("head%1.dcm").arg(keep));
        truncateCopy(full, cut, keep);
        EXPECT_ERROR(cut, "truncated");
    }
}

void BadInputTest::truncatedCompressedDicom() {
    QTemporaryDir dir;
    const QString full = writeOneSlice(dir.filePath(QStringLiteral("full")),
                                       QStringLiteral("1.2.840.10008.1.2.4.70"));
    const QString cut = dir.filePath(QStringLiteral("jpeg-cut.dcm"));
    truncateCopy(full, cut, QFileInfo(full).size() - 500);
    EXPECT_ERROR(cut, "truncated");
}

void BadInputTest::objectsWithoutPixelData_data() {
    QTest::addColumn<QString>("sopClass");
    QTest::addColumn<QString>("named");
    QTest::newRow("SR") << "1.2.840.10008.5.1.4.1.1.88.11"
                        << "SR";
    QTest::newRow("RTPLAN") << "1.2.840.10008.5.1.4.1.1.481.5"
                            << "RT Plan";
    QTest::newRow("RTSTRUCT") << "1.2.840.10008.5.1.4.1.1.481.3"
                              << "RT Structure Set";
}

void BadInputTest::objectsWithoutPixelData() {
    QFETCH(QString, sopClass);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("object.dcm"));
    writeNonImageDicom(sopClass, path);
    const IoError error = readError(path);
    QVERIFY2(error.message().contains(QLatin1String("object.dcm")), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(QLatin1String("no pixel data")), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(named), qPrintable(error.message()));
}

void BadInputTest::folderOfReportsOnly() {
    QTemporaryDir dir;
    writeNonImageDicom(QStringLiteral("1.2.840.10008.5.1.4.1.1.88.11"),
                       dir.filePath(QStringLiteral("report.dcm")));
    const IoError error = readError(dir.path());
    QVERIFY2(error.path() == dir.path(), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(QLatin1String("no pixel data")), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(QLatin1String("report.dcm")), qPrintable(error.message()));
}

void BadInputTest::jpeg2000IsNamed() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("j2k.dcm"));
    writeJpeg2000Dicom(path);
    const IoError error = readError(path);
    QVERIFY2(error.message().contains(QLatin1String("j2k.dcm")), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(QLatin1String("JPEG 2000")), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(QLatin1String("damaged or truncated codestream")),
             qPrintable(error.message()));
}

void BadInputTest::randomBytes_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("no extension") << "noise";
    QTest::newRow(".dcm") << "noise.dcm";
    QTest::newRow(".dat") << "noise.dat";
}

void BadInputTest::randomBytes() {
    QFETCH(QString, name);
    QTemporaryDir dir;
    QByteArray bytes(4096, '\0');
    QRandomGenerator random(42);
    for (char& b : bytes)
        b = char(random.bounded(256));
    const QString path = dir.filePath(name);
    writeBytes(path, bytes);
    EXPECT_ERROR(path, "not an image file");
}

void BadInputTest::emptyFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.dcm"));
    writeBytes(path, {});
    EXPECT_ERROR(path, "empty file");
}

void BadInputTest::missingFile() {
    QTemporaryDir dir;
    EXPECT_ERROR(dir.filePath(QStringLiteral("absent.nii.gz")), "no such file");
}

void BadInputTest::damagedPng() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.png"));
    writeBytes(path, QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(200, 'x'));
    EXPECT_ERROR(path, "damaged");
}

void BadInputTest::truncatedNifti() {
    QTemporaryDir dir;
    const QString full = dir.filePath(QStringLiteral("full.nii"));
    writeNifti(makeCtVolume(32, 32, 8), full);
    const QString cut = dir.filePath(QStringLiteral("cut.nii"));
    truncateCopy(full, cut, QFileInfo(full).size() / 2);
    EXPECT_ERROR(cut, "truncated");
}

void BadInputTest::folderWithoutImages() {
    QTemporaryDir dir;
    writeBytes(dir.filePath(QStringLiteral("notes.txt")), "not an image");
    writeBytes(dir.filePath(QStringLiteral("more.txt")), "still not an image");
    const IoError error = readError(dir.path());
    QCOMPARE(error.path(), dir.path());
    QVERIFY2(error.reason().contains(QLatin1String("no DICOM files")), qPrintable(error.message()));
}

void BadInputTest::folderOfPngsIsExplained() {
    QTemporaryDir dir;
    VolumeGeometry g;
    g.dims = {4, 4, 1};
    for (const char* name : {"a.png", "b.png", "c.png"})
        writePng(ImageVolume(VoxelType::UInt8, 1, g), dir.filePath(QString::fromLatin1(name)));
    const IoError error = readError(dir.path());
    QCOMPARE(error.path(), dir.path());
    QVERIFY2(error.reason().contains(QLatin1String("no DICOM files")), qPrintable(error.message()));
    QVERIFY2(error.reason().contains(QLatin1String("3 non-DICOM images")),
             qPrintable(error.message()));
}

void BadInputTest::damagedFileInASeriesIsLeftOutAndNamed() {
    QTemporaryDir dir;
    const auto files = writeDicomSeries(makeCtVolume(64, 64, 3), dir.path());
    // Cut the pixel data of the middle slice: the header still parses, the pixels do not.
    const QString victim = files[1];
    const QString copy = dir.filePath(QStringLiteral("copy"));
    QVERIFY(QFile::rename(victim, copy));
    truncateCopy(copy, victim, QFileInfo(copy).size() - 2000);
    QVERIFY(QFile::remove(copy));
    // The rest of the series opens; the damaged file is named in a warning.
    const ImageVolume read = readImage(dir.path());
    QCOMPARE(read.dims()[2], 2);
    QVERIFY(std::any_of(read.warnings.begin(), read.warnings.end(), [&](const QString& w) {
        return w.contains(QFileInfo(victim).fileName()) && w.contains(QLatin1String("truncated"));
    }));
}

std::unique_ptr<QObject> makeBadInputTest() {
    return std::make_unique<BadInputTest>();
}

} // namespace tgc::test

#include "test_bad_input.moc"

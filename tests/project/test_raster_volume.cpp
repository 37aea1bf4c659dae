// PNG/JPEG/TIFF through OpenCV, NIfTI and MetaImage through VTK.
#include "image_reader.h"
#include "image_writer.h"
#include "test_data.h"
#include "test_suites.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkMetaImageWriter.h>
#include <vtkNIFTIImageWriter.h>
#include <vtkNew.h>

namespace tgc::test {

class RasterVolumeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void greyRaster_data();
    void greyRaster();
    void colourRaster_data();
    void colourRaster();
    void colourWithEqualChannelsIsGrey();
    void niftiRoundTrip_data();
    void niftiRoundTrip();
    void niftiReversedSliceOrder();
    void nifti4dGivesVolumeZero();
    void metaImage_data();
    void metaImage();
    void metaImageDirection();
    void folderWithOneImage();
};

void RasterVolumeTest::greyRaster_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("depth");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("png 8") << "g8.png" << CV_8U << "png" << 0.0;
    QTest::newRow("png 16") << "g16.png" << CV_16U << "png" << 0.0;
    QTest::newRow("tiff 8") << "g8.tif" << CV_8U << "tiff" << 0.0;
    QTest::newRow("tiff 16") << "g16.tiff" << CV_16U << "tiff" << 0.0;
    QTest::newRow("jpeg 8") << "g8.jpg" << CV_8U << "jpeg" << 8.0;
}

void RasterVolumeTest::greyRaster() {
    QFETCH(QString, name);
    QFETCH(int, depth);
    QFETCH(QString, kind);
    QFETCH(double, tolerance);
    QTemporaryDir dir;
    cv::Mat image(12, 20, CV_MAKETYPE(depth, 1));
    const double scale = depth == CV_16U ? 250.0 : 1.0;
    for (int y = 0; y < image.rows; ++y)
        for (int x = 0; x < image.cols; ++x) {
            const double v = (x * 10 + y * 5) * scale / 1.0;
            if (depth == CV_16U)
                image.at<std::uint16_t>(y, x) = std::uint16_t(v);
            else
                image.at<std::uint8_t>(y, x) = std::uint8_t(v);
        }
    const QString path = dir.filePath(name);
    QVERIFY(cv::imwrite(path.toStdString(), image));
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(path, &info);
    QCOMPARE(info.kind, kind);
    QCOMPARE(read.dims(), (std::array<int, 3>{20, 12, 1}));
    QCOMPARE(read.components(), 1);
    QCOMPARE(read.voxelType(), depth == CV_16U ? VoxelType::UInt16 : VoxelType::UInt8);
    for (int y = 0; y < 12; y += 5)
        for (int x = 0; x < 20; x += 3)
            QVERIFY(std::abs(read.valueAt(x, y, 0) - (x * 10 + y * 5) * scale) <=
                    tolerance * scale);
}

void RasterVolumeTest::colourRaster_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("png") << "c.png" << 0.0;
    QTest::newRow("tiff") << "c.tif" << 0.0;
    QTest::newRow("jpeg") << "c.jpg" << 30.0;
}

void RasterVolumeTest::colourRaster() {
    QFETCH(QString, name);
    QFETCH(double, tolerance);
    QTemporaryDir dir;
    cv::Mat bgr(16, 16, CV_8UC3, cv::Scalar(40, 90, 220)); // OpenCV order: blue, green, red
    const QString path = dir.filePath(name);
    QVERIFY(cv::imwrite(path.toStdString(), bgr));
    const ImageVolume read = readImage(path);
    QCOMPARE(read.components(), 3);
    QVERIFY(std::abs(read.valueAt(5, 5, 0, 0) - 220) <= tolerance); // red first
    QVERIFY(std::abs(read.valueAt(5, 5, 0, 1) - 90) <= tolerance);
    QVERIFY(std::abs(read.valueAt(5, 5, 0, 2) - 40) <= tolerance);
}

void RasterVolumeTest::colourWithEqualChannelsIsGrey() {
    QTemporaryDir dir;
    cv::Mat bgr(8, 8, CV_8UC3, cv::Scalar(77, 77, 77));
    const QString path = dir.filePath(QStringLiteral("xray.png"));
    QVERIFY(cv::imwrite(path.toStdString(), bgr));
    const ImageVolume read = readImage(path);
    QCOMPARE(read.components(), 1);
    QCOMPARE(read.valueAt(3, 3, 0), 77.0);
}

void RasterVolumeTest::niftiRoundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("oblique");
    QTest::newRow("nii axial") << "ct.nii" << false;
    QTest::newRow("nii.gz oblique") << "ct.nii.gz" << true;
}

void RasterVolumeTest::niftiRoundTrip() {
    QFETCH(QString, name);
    QFETCH(bool, oblique);
    QTemporaryDir dir;
    ImageVolume ct = makeCtVolume(9, 7, 5);
    if (oblique) {
        const double c = std::cos(0.4), s = std::sin(0.4);
        // Rotation about z, then the slice axis along z.
        ct.geometry().direction = {c, s, 0, -s, c, 0, 0, 0, 1};
    }
    const QString path = dir.filePath(name);
    writeNifti(ct, path);
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(path, &info);
    QCOMPARE(info.kind, QStringLiteral("nifti"));
    QCOMPARE(read.dims(), ct.dims());
    QCOMPARE(read.voxelType(), VoxelType::Int16);
    QCOMPARE(read.modality, QStringLiteral("CT"));
    for (int a = 0; a < 3; ++a) {
        QVERIFY(std::abs(read.geometry().spacing[std::size_t(a)] -
                         ct.geometry().spacing[std::size_t(a)]) < 1e-4);
        QVERIFY(std::abs(read.geometry().origin[std::size_t(a)] -
                         ct.geometry().origin[std::size_t(a)]) < 1e-3);
    }
    for (int i = 0; i < 9; ++i)
        QVERIFY(std::abs(read.geometry().direction[std::size_t(i)] -
                         ct.geometry().direction[std::size_t(i)]) < 1e-5);
    for (int z = 0; z < 5; ++z)
        QCOMPARE(read.valueAt(8, 6, z), double(ctValue(8, 6, z)));
    // The same voxel lands at the same patient position.
    const auto p = read.geometry().indexToPatient(8, 6, 4);
    const auto q = ct.geometry().indexToPatient(8, 6, 4);
    for (int a = 0; a < 3; ++a)
        QVERIFY(std::abs(p[std::size_t(a)] - q[std::size_t(a)]) < 1e-3);
}

void RasterVolumeTest::niftiReversedSliceOrder() {
    // qfac = -1: the file stores slices in the opposite order of a right-handed grid.
    QTemporaryDir dir;
    vtkNew<vtkImageData> image;
    image->SetDimensions(3, 3, 4);
    image->SetSpacing(1.0, 1.0, 2.0);
    image->AllocateScalars(VTK_SHORT, 1);
    auto* v = static_cast<short*>(image->GetScalarPointer());
    for (int i = 0; i < 36; ++i)
        v[i] = short(i / 9);  // the slice index
    vtkNew<vtkMatrix4x4> ras; // identity rotation, offset (1, 2, 3) in RAS
    ras->SetElement(0, 3, 1);
    ras->SetElement(1, 3, 2);
    ras->SetElement(2, 3, 3);
    const QString path = dir.filePath(QStringLiteral("reversed.nii"));
    vtkNew<vtkNIFTIImageWriter> writer;
    writer->SetInputData(image);
    writer->SetQFac(-1);
    writer->SetQFormMatrix(ras);
    writer->SetFileName(path.toUtf8().constData());
    writer->Write();
    const ImageVolume read = readImage(path);
    QCOMPARE(read.dims(), (std::array<int, 3>{3, 3, 4}));
    // Wherever the reader puts each slice, slice value s must sit at RAS z = 3 + 2 s.
    for (int k = 0; k < 4; ++k) {
        const auto p = read.geometry().indexToPatient(0, 0, k);
        QVERIFY(std::abs(p[0] + 1) < 1e-4); // LPS x = -RAS x
        QVERIFY(std::abs(p[1] + 2) < 1e-4);
        QVERIFY2(std::abs(p[2] - (3 + 2 * read.valueAt(0, 0, k))) < 1e-4,
                 qPrintable(QStringLiteral("slice %1 value %2 at z %3")
                                .arg(k)
                                .arg(read.valueAt(0, 0, k))
                                .arg(p[2])));
    }
}

void RasterVolumeTest::nifti4dGivesVolumeZero() {
    QTemporaryDir dir;
    vtkNew<vtkImageData> image;
    image->SetDimensions(4, 3, 2);
    image->AllocateScalars(VTK_SHORT, 3); // three time points as components
    auto* v = static_cast<short*>(image->GetScalarPointer());
    for (int i = 0; i < 4 * 3 * 2; ++i)
        for (int t = 0; t < 3; ++t)
            v[i * 3 + t] = short(i + 100 * t);
    const QString path = dir.filePath(QStringLiteral("fmri.nii.gz"));
    vtkNew<vtkNIFTIImageWriter> writer;
    writer->SetInputData(image);
    writer->SetTimeDimension(3);
    writer->SetTimeSpacing(2.0);
    writer->SetFileName(path.toUtf8().constData());
    writer->Write();
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(path, &info);
    QCOMPARE(read.dims(), (std::array<int, 3>{4, 3, 2}));
    QCOMPARE(read.components(), 1);
    QCOMPARE(read.valueAt(1, 0, 0), 1.0);
    QCOMPARE(read.valueAt(3, 2, 1), 23.0);
    QCOMPARE(info.frames, 6);
    QVERIFY(std::any_of(read.warnings.begin(), read.warnings.end(), [](const QString& w) {
        return w.contains(QLatin1String("4D")) && w.contains(QLatin1String("volume 0"));
    }));
}

void RasterVolumeTest::metaImage_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("mha") << "vol.mha";
    QTest::newRow("mhd") << "vol.mhd";
}

void RasterVolumeTest::metaImage() {
    QFETCH(QString, name);
    QTemporaryDir dir;
    vtkNew<vtkImageData> image;
    image->SetDimensions(5, 4, 3);
    image->SetSpacing(0.5, 0.75, 2.0);
    image->SetOrigin(10, -20, 30);
    image->AllocateScalars(VTK_UNSIGNED_SHORT, 1);
    auto* v = static_cast<std::uint16_t*>(image->GetScalarPointer());
    for (int i = 0; i < 60; ++i)
        v[i] = std::uint16_t(i * 11);
    const QString path = dir.filePath(name);
    vtkNew<vtkMetaImageWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName(path.toUtf8().constData());
    if (name.endsWith(QLatin1String(".mhd")))
        writer->SetRAWFileName(dir.filePath(QStringLiteral("vol.raw")).toUtf8().constData());
    writer->SetCompression(false);
    writer->Write();
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(path, &info);
    QCOMPARE(info.kind, QStringLiteral("metaimage"));
    QCOMPARE(read.dims(), (std::array<int, 3>{5, 4, 3}));
    QCOMPARE(read.voxelType(), VoxelType::UInt16);
    QCOMPARE(read.geometry().spacing, (std::array<double, 3>{0.5, 0.75, 2.0}));
    QCOMPARE(read.geometry().origin, (std::array<double, 3>{10, -20, 30}));
    QCOMPARE(read.valueAt(4, 3, 2), 59.0 * 11);
    QCOMPARE(read.valueAt(1, 2, 0), 11.0 * 11);
}

void RasterVolumeTest::metaImageDirection() {
    // ITK writes each grid axis' direction as three consecutive numbers.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rotated.mha"));
    QByteArray file(
        "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
        "TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 1 2 3\nElementSpacing = 0.5 0.5 2\n"
        "DimSize = 2 2 1\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n");
    file.append("\x01\x02\x03\x04", 4);
    writeBytes(path, file);
    const ImageVolume read = readImage(path);
    QCOMPARE(read.geometry().direction, (std::array<double, 9>{0, 1, 0, -1, 0, 0, 0, 0, 1}));
    QCOMPARE(read.geometry().origin, (std::array<double, 3>{1, 2, 3}));
    QCOMPARE(read.valueAt(1, 1, 0), 4.0);
    const auto p = read.geometry().indexToPatient(1, 0, 0); // one column along +y
    QCOMPARE(p[1], 2.5);
}

void RasterVolumeTest::folderWithOneImage() {
    QTemporaryDir dir;
    writeNifti(makeCtVolume(3, 3, 2), dir.filePath(QStringLiteral("only.nii.gz")));
    ImageSourceInfo info;
    const ImageVolume read = readImageWithInfo(dir.path(), &info);
    QCOMPARE(info.kind, QStringLiteral("nifti"));
    QCOMPARE(read.dims()[2], 2);
}

std::unique_ptr<QObject> makeRasterVolumeTest() {
    return std::make_unique<RasterVolumeTest>();
}

} // namespace tgc::test

#include "test_raster_volume.moc"

// PNG, JPEG, TIFF and BMP through OpenCV: the formats chest X-ray datasets ship.
#include "image_readers_internal.h"

#include <QFile>
#include <QFileInfo>
#include <cstring>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace tgc {

namespace {

QString formatName(const QString& path) {
    switch (detectImageFileKind(path)) {
    case ImageFileKind::Png:
        return QStringLiteral("PNG");
    case ImageFileKind::Jpeg:
        return QStringLiteral("JPEG");
    case ImageFileKind::Tiff:
        return QStringLiteral("TIFF");
    case ImageFileKind::Bmp:
        return QStringLiteral("BMP");
    default:
        return QStringLiteral("image");
    }
}

// Colour files whose channels are all equal (X-rays saved as RGB) are grey images.
bool channelsEqual(const cv::Mat& rgb) {
    std::vector<cv::Mat> planes;
    cv::split(rgb, planes);
    return cv::countNonZero(planes[0] != planes[1]) == 0 &&
           cv::countNonZero(planes[0] != planes[2]) == 0;
}

} // namespace

ImageVolume readRasterImage(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(path, QStringLiteral("cannot open: %1").arg(file.errorString()));
    const QByteArray bytes = file.readAll();
    const cv::Mat encoded(1, int(bytes.size()), CV_8UC1, const_cast<char*>(bytes.constData()));
    cv::Mat image;
    try {
        image = cv::imdecode(encoded, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw IoError(path, QStringLiteral("damaged %1 file (OpenCV: %2)")
                                .arg(formatName(path), QString::fromStdString(e.msg)));
    }
    if (image.empty())
        throw IoError(path,
                      QStringLiteral("damaged or truncated %1 file: OpenCV could not decode it")
                          .arg(formatName(path)));

    // Bring to 1 (grey) or 3 (RGB) channels of 8-bit, 16-bit or float samples.
    if (image.channels() == 2)
        cv::extractChannel(image, image, 0);
    if (image.channels() == 4)
        cv::cvtColor(image, image, cv::COLOR_BGRA2BGR);
    if (image.channels() == 3) {
        if (image.depth() != CV_8U)
            image.convertTo(image, CV_8U, image.depth() == CV_16U ? 1.0 / 257.0 : 1.0);
        cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
        if (channelsEqual(image))
            cv::extractChannel(image, image, 0);
    }
    VoxelType type = VoxelType::UInt8;
    switch (image.depth()) {
    case CV_8U:
        type = VoxelType::UInt8;
        break;
    case CV_16U:
        type = VoxelType::UInt16;
        break;
    case CV_16S:
        type = VoxelType::Int16;
        break;
    case CV_8S:
        image.convertTo(image, CV_16S);
        type = VoxelType::Int16;
        break;
    default:
        image.convertTo(image, CV_32F);
        type = VoxelType::Float32;
        break;
    }
    VolumeGeometry geometry;
    geometry.dims = {image.cols, image.rows, 1};
    ImageVolume volume(type, image.channels(), geometry);
    const std::size_t rowBytes = std::size_t(image.cols) * image.elemSize();
    for (int y = 0; y < image.rows; ++y)
        std::memcpy(volume.bytes() + std::size_t(y) * rowBytes, image.ptr(y), rowBytes);
    volume.modality = QStringLiteral("OT");
    volume.sourceDescription =
        QStringLiteral("%1 image %2").arg(formatName(path), QFileInfo(path).fileName());
    return volume;
}

} // namespace tgc

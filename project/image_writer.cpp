// NIfTI (VTK) and PNG (OpenCV) writers; DICOM lives in dicom_writer.cpp.
#include "image_writer.h"

#include "atomic_file.h"
#include "vtk_errors.h"

#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <cstring>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkNIFTIImageWriter.h>
#include <vtkNew.h>

namespace tgc {

namespace {

int vtkTypeOf(VoxelType type) {
    switch (type) {
    case VoxelType::UInt8:
        return VTK_UNSIGNED_CHAR;
    case VoxelType::Int16:
        return VTK_SHORT;
    case VoxelType::UInt16:
        return VTK_UNSIGNED_SHORT;
    case VoxelType::Float32:
        return VTK_FLOAT;
    }
    return VTK_UNSIGNED_CHAR;
}

QString niftiSuffix(const QString& path) {
    if (path.endsWith(QLatin1String(".nii.gz"), Qt::CaseInsensitive))
        return QStringLiteral(".nii.gz");
    if (path.endsWith(QLatin1String(".nii"), Qt::CaseInsensitive))
        return QStringLiteral(".nii");
    throw IoError(path, QStringLiteral("a NIfTI file name must end in .nii or .nii.gz"));
}

// A single-file NIfTI-1 without extensions: 348-byte header, 4 bytes of
// extension flags, then the voxels.
constexpr int kNiftiHeaderBytes = 352;

// Whether a written .nii holds header and voxels, or a .nii.gz's gzip footer
// says it does (ISIZE: the uncompressed length modulo 2^32).
bool niftiFileComplete(const QString& path, std::uint64_t payloadBytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    if (!path.endsWith(QLatin1String(".gz")))
        return std::uint64_t(file.size()) == payloadBytes;
    if (file.size() < 18 || !file.seek(file.size() - 4))
        return false;
    const QByteArray tail = file.read(4);
    if (tail.size() != 4)
        return false;
    const auto byte = [&tail](int i) { return std::uint32_t(std::uint8_t(tail[i])); };
    const std::uint32_t isize = byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
    return isize == std::uint32_t(payloadBytes & 0xffffffffu);
}

void writeNiftiVoxels(const VolumeGeometry& g, VoxelType type, int components, const void* voxels,
                      const QString& modality, const QString& path) {
    const QString suffix = niftiSuffix(path);
    ensureParentFolder(path);
    vtkNew<vtkImageData> image;
    image->SetDimensions(g.dims[0], g.dims[1], g.dims[2]);
    image->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    image->SetOrigin(0, 0, 0); // the position lives in the qform/sform
    image->AllocateScalars(vtkTypeOf(type), components);
    std::memcpy(image->GetScalarPointer(), voxels,
                g.voxelCount() * std::size_t(components) * voxelTypeSize(type));

    // LPS -> RAS: negate x and y of every axis and of the origin.
    vtkNew<vtkMatrix4x4> matrix;
    for (int c = 0; c < 3; ++c) {
        matrix->SetElement(0, c, -g.direction[std::size_t(3 * c + 0)]);
        matrix->SetElement(1, c, -g.direction[std::size_t(3 * c + 1)]);
        matrix->SetElement(2, c, g.direction[std::size_t(3 * c + 2)]);
    }
    matrix->SetElement(0, 3, -g.origin[0]);
    matrix->SetElement(1, 3, -g.origin[1]);
    matrix->SetElement(2, 3, g.origin[2]);

    AtomicFile file(path, suffix);
    const QByteArray native = QFile::encodeName(file.temporaryPath());
    vtkNew<vtkNIFTIImageWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName(native.constData());
    // The qform must be a rotation (det > 0); a mirrored grid keeps only the sform.
    if (matrix->Determinant() > 0)
        writer->SetQFormMatrix(matrix);
    writer->SetSFormMatrix(matrix);
    const QByteArray description =
        (QStringLiteral("TGC Annotator modality=") + modality).toLatin1().left(79);
    writer->SetDescription(description.constData());
    VtkErrorCatcher errors(writer);
    writer->Write();
    errors.throwIfFailed(path, QStringLiteral("NIfTI"));
    // VTK does not report a short write (a full disk leaves an empty or cut
    // file and no error): check the length before the file replaces anything.
    const std::uint64_t payload = std::uint64_t(kNiftiHeaderBytes) +
                                  g.voxelCount() * std::uint64_t(components) * voxelTypeSize(type);
    if (!niftiFileComplete(file.temporaryPath(), payload))
        throw IoError(path, QStringLiteral("writing failed (disk full or read-only?); the file "
                                           "saved before is unchanged"));
    file.commit();
}

void savePng(const cv::Mat& image, const QString& path) {
    std::vector<uchar> encoded;
    try {
        if (!cv::imencode(".png", image, encoded))
            throw IoError(path, QStringLiteral("PNG encoding failed"));
    } catch (const cv::Exception& e) {
        throw IoError(
            path,
            QStringLiteral("PNG encoding failed (OpenCV: %1)").arg(QString::fromStdString(e.msg)));
    }
    ensureParentFolder(path);
    const QString failure = writeFileAtomically(
        path, QByteArray(reinterpret_cast<const char*>(encoded.data()), qsizetype(encoded.size())));
    if (!failure.isEmpty())
        throw IoError(path, QStringLiteral("cannot write: %1").arg(failure));
}

} // namespace

void writeNifti(const ImageVolume& image, const QString& path) {
    if (image.isEmpty())
        throw IoError(path, QStringLiteral("nothing to write: the image is empty"));
    writeNiftiVoxels(image.geometry(), image.voxelType(), image.components(), image.bytes(),
                     image.modality, path);
}

void writeNifti(const LabelMap& labels, const QString& path) {
    if (labels.isEmpty())
        throw IoError(path, QStringLiteral("nothing to write: the label map is empty"));
    writeNiftiVoxels(labels.geometry(), VoxelType::UInt8, 1, labels.data(), QStringLiteral("SEG"),
                     path);
}

void writePng(const ImageVolume& image, const QString& path) {
    if (image.isEmpty())
        throw IoError(path, QStringLiteral("nothing to write: the image is empty"));
    if (image.dims()[2] != 1)
        throw IoError(path, QStringLiteral("PNG holds one 2D image; this volume has %1 slices")
                                .arg(image.dims()[2]));
    const int w = image.dims()[0], h = image.dims()[1];
    cv::Mat mat;
    const void* data = image.bytes();
    if (image.components() == 3) {
        if (image.voxelType() != VoxelType::UInt8)
            throw IoError(path, QStringLiteral("colour PNG needs 8-bit samples"));
        cv::Mat rgb(h, w, CV_8UC3, const_cast<void*>(data));
        cv::cvtColor(rgb, mat, cv::COLOR_RGB2BGR);
    } else {
        switch (image.voxelType()) {
        case VoxelType::UInt8:
            mat = cv::Mat(h, w, CV_8UC1, const_cast<void*>(data));
            break;
        case VoxelType::UInt16:
            mat = cv::Mat(h, w, CV_16UC1, const_cast<void*>(data));
            break;
        case VoxelType::Int16:
        case VoxelType::Float32: {
            // PNG has no signed or float samples: keep values when they are
            // 0..65535, else map the value range onto 16 bits.
            const auto [lo, hi] = image.valueRange();
            cv::Mat source(h, w, image.voxelType() == VoxelType::Int16 ? CV_16SC1 : CV_32FC1,
                           const_cast<void*>(data));
            if (lo >= 0 && hi <= 65535)
                source.convertTo(mat, CV_16U);
            else
                source.convertTo(mat, CV_16U, 65535.0 / std::max(1e-9, hi - lo),
                                 -lo * 65535.0 / std::max(1e-9, hi - lo));
            break;
        }
        }
    }
    savePng(mat, path);
}

void writeLabelFile(const LabelMap& labels, const QString& path) {
    ensureParentFolder(path);
    if (path.endsWith(QLatin1String(".nii.gz"), Qt::CaseInsensitive) ||
        path.endsWith(QLatin1String(".nii"), Qt::CaseInsensitive))
        writeNifti(labels, path);
    else
        writePng(labels, path);
}

void writePng(const LabelMap& labels, const QString& path, bool binary255) {
    if (labels.isEmpty())
        throw IoError(path, QStringLiteral("nothing to write: the label map is empty"));
    if (labels.dims()[2] != 1)
        throw IoError(path, QStringLiteral("PNG holds one 2D mask; this label map has %1 slices")
                                .arg(labels.dims()[2]));
    cv::Mat mat(labels.dims()[1], labels.dims()[0], CV_8UC1,
                const_cast<std::uint8_t*>(labels.data()));
    if (binary255) {
        cv::Mat binary = mat > 0; // 255 where labelled
        savePng(binary, path);
        return;
    }
    savePng(mat, path);
}

} // namespace tgc

// NIfTI and MetaImage volumes through VTK, converted to LPS geometry.
#include "image_readers_internal.h"
#include "vtk_errors.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>
#include <cstring>
#include <limits>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkMetaImageReader.h>
#include <vtkNIFTIImageHeader.h>
#include <vtkNIFTIImageReader.h>
#include <vtkNew.h>
#include <vtkPointData.h>

namespace tgc {

namespace {

bool isIntegral(double v) {
    return std::abs(v - std::round(v)) < 1e-6;
}

template <typename S, typename D>
void convertValues(const S* src, D* dst, std::size_t n, double slope, double intercept) {
    for (std::size_t i = 0; i < n; ++i)
        dst[i] = D(double(src[i]) * slope + intercept);
}

template <typename D>
void convertAny(vtkDataArray* array, D* dst, std::size_t n, double slope, double intercept) {
    switch (array->GetDataType()) {
        vtkTemplateMacro(convertValues(static_cast<const VTK_TT*>(array->GetVoidPointer(0)), dst, n,
                                       slope, intercept));
    }
}

// Copies VTK scalars into a volume of the smallest type holding the rescaled values.
ImageVolume volumeFromVtk(const QString& path, vtkImageData* image, const VolumeGeometry& geometry,
                          double slope, double intercept, std::vector<QString>& warnings) {
    vtkDataArray* scalars = image->GetPointData()->GetScalars();
    if (!scalars)
        throw IoError(path, QStringLiteral("the file holds no voxel data"));
    int components = scalars->GetNumberOfComponents();
    const int vtkType = scalars->GetDataType();
    if (components != 1 && !(components == 3 && vtkType == VTK_UNSIGNED_CHAR)) {
        warnings.push_back(
            QStringLiteral("%1 components per voxel: only the first is shown").arg(components));
        components = 1;
    }
    const bool identity = slope == 1.0 && intercept == 0.0;
    VoxelType type = VoxelType::Float32;
    switch (vtkType) {
    case VTK_UNSIGNED_CHAR:
        type = identity ? VoxelType::UInt8 : VoxelType::Int16;
        break;
    case VTK_SIGNED_CHAR:
    case VTK_CHAR:
    case VTK_SHORT:
        type = VoxelType::Int16;
        break;
    case VTK_UNSIGNED_SHORT:
        type = identity ? VoxelType::UInt16 : VoxelType::Int16;
        break;
    default:
        break;
    }
    if (type != VoxelType::Float32 && !identity) {
        double range[2];
        scalars->GetRange(range, 0);
        const double a = range[0] * slope + intercept, b = range[1] * slope + intercept;
        if (!isIntegral(slope) || !isIntegral(intercept) || std::min(a, b) < -32768 ||
            std::max(a, b) > 32767)
            type = VoxelType::Float32;
    }
    ImageVolume volume(type, components, geometry);
    const std::size_t voxels = geometry.voxelCount();
    if (components == 3) {
        std::memcpy(volume.bytes(), scalars->GetVoidPointer(0), voxels * 3);
        return volume;
    }
    // A multi-component array: keep component 0 only.
    vtkDataArray* single = scalars;
    vtkSmartPointer<vtkDataArray> extracted;
    if (scalars->GetNumberOfComponents() != 1) {
        extracted.TakeReference(vtkDataArray::CreateDataArray(vtkType));
        extracted->SetNumberOfComponents(1);
        extracted->SetNumberOfTuples(vtkIdType(voxels));
        extracted->CopyComponent(0, scalars, 0);
        single = extracted;
    }
    switch (type) {
    case VoxelType::UInt8:
        convertAny(single, volume.data<std::uint8_t>(), voxels, slope, intercept);
        break;
    case VoxelType::Int16:
        convertAny(single, volume.data<std::int16_t>(), voxels, slope, intercept);
        break;
    case VoxelType::UInt16:
        convertAny(single, volume.data<std::uint16_t>(), voxels, slope, intercept);
        break;
    case VoxelType::Float32:
        convertAny(single, volume.data<float>(), voxels, slope, intercept);
        break;
    }
    return volume;
}

VolumeGeometry gridOf(vtkImageData* image) {
    VolumeGeometry g;
    int dims[3];
    image->GetDimensions(dims);
    double spacing[3], origin[3];
    image->GetSpacing(spacing);
    image->GetOrigin(origin);
    for (int a = 0; a < 3; ++a) {
        g.dims[a] = std::max(1, dims[a]);
        g.spacing[a] = std::abs(spacing[a]) > 0 ? std::abs(spacing[a]) : 1.0;
        g.origin[a] = origin[a];
    }
    return g;
}

// MetaImage headers are "Key = value" lines; VTK 9.1 ignores TransformMatrix, so read it here.
std::optional<std::array<double, 9>> metaImageDirection(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    while (!file.atEnd()) {
        const QString line = QString::fromLatin1(file.readLine(4096)).trimmed();
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq < 0)
            continue;
        const QString key = line.left(eq).trimmed();
        if (key == QLatin1String("ElementDataFile"))
            break;
        if (key != QLatin1String("TransformMatrix") && key != QLatin1String("Rotation") &&
            key != QLatin1String("Orientation"))
            continue;
        const QStringList parts =
            line.mid(eq + 1).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (parts.size() != 9)
            return std::nullopt;
        std::array<double, 9> d{};
        for (int i = 0; i < 9; ++i)
            d[std::size_t(i)] = parts[i].toDouble();
        return d; // each consecutive triple is the direction of one grid axis
    }
    return std::nullopt;
}

// Runs a VTK reader on the file; its output lives as long as the reader.
// Throws IoError naming the file: not this format (notThisFormat), or what
// VTK reported while reading.
template <class Reader>
vtkImageData* readWith(Reader* reader, const QString& path, const QString& notThisFormat,
                       const QString& format) {
    const QByteArray native = QFile::encodeName(path);
    if (!reader->CanReadFile(native.constData()))
        throw IoError(path, notThisFormat);
    reader->SetFileName(native.constData());
    VtkErrorCatcher errors(reader);
    reader->Update();
    errors.throwIfFailed(path, format);
    return reader->GetOutput();
}

} // namespace

ImageVolume readNiftiImage(const QString& path, int* timePoints) {
    vtkNew<vtkNIFTIImageReader> reader;
    vtkImageData* image =
        readWith(reader.Get(), path, QStringLiteral("not a valid NIfTI file (bad header)"),
                 QStringLiteral("NIfTI"));
    VolumeGeometry g = gridOf(image);
    std::vector<QString> warnings;

    const int nt = std::max(1, reader->GetTimeDimension());
    if (timePoints)
        *timePoints = nt;
    if (nt > 1)
        warnings.push_back(QStringLiteral("4D NIfTI with %1 volumes: volume 0 is shown").arg(nt));

    // Orientation: sform when present (it may carry shear or scaling), else qform.
    vtkMatrix4x4* m =
        reader->GetSFormMatrix() ? reader->GetSFormMatrix() : reader->GetQFormMatrix();
    std::array<double, 3> vtkOrigin = g.origin;
    if (m) {
        std::array<double, 3> ras{};
        for (int r = 0; r < 3; ++r) {
            ras[std::size_t(r)] = m->GetElement(r, 3);
            for (int c = 0; c < 3; ++c)
                ras[std::size_t(r)] += m->GetElement(r, c) * vtkOrigin[std::size_t(c)];
        }
        for (int c = 0; c < 3; ++c) {
            double column[3] = {m->GetElement(0, c), m->GetElement(1, c), m->GetElement(2, c)};
            const double norm =
                std::sqrt(column[0] * column[0] + column[1] * column[1] + column[2] * column[2]);
            if (norm <= 0)
                throw IoError(path,
                              QStringLiteral("degenerate orientation matrix in the NIfTI header"));
            g.spacing[std::size_t(c)] *= norm;
            // RAS -> LPS: negate x and y.
            g.direction[std::size_t(3 * c + 0)] = -column[0] / norm;
            g.direction[std::size_t(3 * c + 1)] = -column[1] / norm;
            g.direction[std::size_t(3 * c + 2)] = column[2] / norm;
        }
        g.origin = {-ras[0], -ras[1], ras[2]};
    } else {
        // No qform/sform (Analyze style): voxel axes along RAS.
        g.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
        g.origin = {-vtkOrigin[0], -vtkOrigin[1], vtkOrigin[2]};
    }
    double slope = reader->GetRescaleSlope();
    double intercept = reader->GetRescaleIntercept();
    if (slope == 0.0 || !std::isfinite(slope) || !std::isfinite(intercept)) {
        slope = 1.0;
        intercept = 0.0;
    }
    ImageVolume volume = volumeFromVtk(path, image, g, slope, intercept, warnings);
    volume.warnings = warnings;
    if (vtkNIFTIImageHeader* header = reader->GetNIFTIHeader()) {
        // Our writer records the modality in the description ("... modality=CT").
        const QString description = QString::fromLatin1(header->GetDescrip());
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("modality=([A-Z]{2,4})")).match(description);
        if (m.hasMatch() && m.captured(1) != QLatin1String("SEG"))
            volume.modality = m.captured(1);
    }
    volume.sourceDescription = QStringLiteral("NIfTI %1").arg(QFileInfo(path).fileName());
    return volume;
}

ImageVolume readMetaImage(const QString& path) {
    vtkNew<vtkMetaImageReader> reader;
    vtkImageData* image =
        readWith(reader.Get(), path, QStringLiteral("not a valid MetaImage header"),
                 QStringLiteral("MetaImage"));
    VolumeGeometry g = gridOf(image);
    if (auto d = metaImageDirection(path))
        g.direction = *d;
    std::vector<QString> warnings;
    ImageVolume volume = volumeFromVtk(path, image, g, 1.0, 0.0, warnings);
    volume.warnings = warnings;
    volume.sourceDescription = QStringLiteral("MetaImage %1").arg(QFileInfo(path).fileName());
    return volume;
}

} // namespace tgc

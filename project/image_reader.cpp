// readImage: picks the reader from the file's content (magic numbers) first,
// its name second, so a misnamed file still opens and a foreign file gets a
// clear "not an image" message.
#include "dicom_series.h"
#include "enum_names.h"
#include "image_readers_internal.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tgc {

namespace {

bool nameEndsWith(const QString& path, std::initializer_list<const char*> suffixes) {
    for (const char* s : suffixes)
        if (path.endsWith(QLatin1String(s), Qt::CaseInsensitive))
            return true;
    return false;
}

constexpr EnumNames<ImageFileKind, 8> kKindNames{{{ImageFileKind::Dicom, "dicom"},
                                                  {ImageFileKind::Nifti, "nifti"},
                                                  {ImageFileKind::MetaImage, "metaimage"},
                                                  {ImageFileKind::Png, "png"},
                                                  {ImageFileKind::Jpeg, "jpeg"},
                                                  {ImageFileKind::Tiff, "tiff"},
                                                  {ImageFileKind::Bmp, "bmp"},
                                                  {ImageFileKind::Unknown, "unknown"}}};

QString kindName(ImageFileKind kind) {
    return QLatin1String(enumName(kKindNames, kind));
}

const QString kNotAnImage = QStringLiteral(
    "not an image file: no DICOM header, and not a PNG, JPEG, TIFF, BMP, NIfTI or MetaImage file");

ImageVolume readFile(const QString& path, ImageSourceInfo& info, const ReadProgress& progress) {
    const QFileInfo fi(path);
    if (fi.size() == 0)
        throw IoError(path, QStringLiteral("empty file (0 bytes)"));
    if (!fi.isReadable())
        throw IoError(path, QStringLiteral("cannot open the file: permission denied"));
    const ImageFileKind kind = detectImageFileKind(path);
    info.kind = kindName(kind);
    info.frames = 1;
    switch (kind) {
    case ImageFileKind::Dicom: {
        info.seriesCount = 1;
        return readDicomFile(path, progress, &info.frames);
    }
    case ImageFileKind::Nifti: {
        int timePoints = 1;
        ImageVolume volume = readNiftiImage(path, &timePoints);
        info.frames = volume.dims()[2] * timePoints;
        return volume;
    }
    case ImageFileKind::MetaImage: {
        ImageVolume volume = readMetaImage(path);
        info.frames = volume.dims()[2];
        return volume;
    }
    case ImageFileKind::Png:
    case ImageFileKind::Jpeg:
    case ImageFileKind::Tiff:
    case ImageFileKind::Bmp:
        return readRasterImage(path);
    case ImageFileKind::Unknown:
        break;
    }
    // No magic number: DICOM without preamble (raw dataset) is the last candidate.
    DicomFileHeader header;
    try {
        header = readDicomHeader(path);
    } catch (const IoError&) {
        throw IoError(path, kNotAnImage);
    }
    if (header.sopClassUid.isEmpty() && !header.hasPixelData && header.rows == 0)
        throw IoError(path, kNotAnImage);
    info.kind = QStringLiteral("dicom");
    info.seriesCount = 1;
    return readDicomFile(path, progress, &info.frames);
}

ImageVolume readDicomFolder(const QString& folder, ImageSourceInfo& info,
                            const ReadProgress& progress);

ImageVolume readFolder(const QString& folder, ImageSourceInfo& info, const ReadProgress& progress) {
    // A folder with a single non-DICOM image (e.g. a NIfTI) gives that image.
    const QFileInfoList entries = QDir(folder).entryInfoList(QDir::Files, QDir::Name);
    QStringList images;
    for (const QFileInfo& e : entries) {
        if (nameEndsWith(e.fileName(), {".nii", ".nii.gz", ".mha", ".mhd", ".png", ".jpg", ".jpeg",
                                        ".tif", ".tiff", ".bmp"}))
            images << e.filePath();
    }
    if (images.size() == 1 && entries.size() <= 2)
        return readFile(images.front(), info, progress);
    try {
        return readDicomFolder(folder, info, progress);
    } catch (const IoError& e) {
        if (images.isEmpty() || e.reason() == QLatin1String("cancelled"))
            throw;
        throw IoError(folder, QStringLiteral(
                                  "%1; the folder holds %2 non-DICOM images (e.g. %3): open one of "
                                  "them as a file")
                                  .arg(e.reason())
                                  .arg(images.size())
                                  .arg(QFileInfo(images.front()).fileName()));
    }
}

ImageVolume readDicomFolder(const QString& folder, ImageSourceInfo& info,
                            const ReadProgress& progress) {

    // Two phases, headers then pixels, reported as one progress range.
    int total = 0;
    ReadProgress headerProgress, pixelProgress;
    if (progress) {
        headerProgress = [&](int done, int count) {
            total = 2 * count;
            return progress(done, total);
        };
    }
    std::vector<ParsedSeries> series = parseDicomFolder(folder, headerProgress);
    if (progress) {
        const int offset = total / 2;
        pixelProgress = [&, offset](int done, int count) {
            return progress(offset + done * offset / std::max(1, count), std::max(1, total));
        };
    }
    info.kind = QStringLiteral("dicom-series");
    info.seriesCount = int(series.size());
    ParsedSeries& chosen = series.front();
    ImageVolume volume =
        assembleDicomVolume(chosen.headers, folder, pixelProgress, chosen.warnings);
    info.frames = volume.dims()[2];
    volume.sourceDescription = QStringLiteral("DICOM series %1 (%2 files)")
                                   .arg(chosen.info.seriesInstanceUid)
                                   .arg(chosen.info.files.size());
    if (series.size() > 1)
        volume.warnings.push_back(
            QStringLiteral("the folder holds %1 series; the largest (%2 files, %3) is shown")
                .arg(series.size())
                .arg(chosen.info.files.size())
                .arg(chosen.info.description.isEmpty() ? chosen.info.seriesInstanceUid
                                                       : chosen.info.description));
    return volume;
}

} // namespace

ImageFileKind detectImageFileKind(const QString& path) {
    QFile file(path);
    QByteArray head;
    if (file.open(QIODevice::ReadOnly))
        head = file.read(348);
    auto startsWith = [&](const char* magic, int n) {
        return head.size() >= n && std::memcmp(head.constData(), magic, std::size_t(n)) == 0;
    };
    if (head.size() >= 132 && head.mid(128, 4) == "DICM")
        return ImageFileKind::Dicom;
    if (startsWith("\x89PNG\r\n\x1a\n", 8))
        return ImageFileKind::Png;
    if (startsWith("\xff\xd8\xff", 3))
        return ImageFileKind::Jpeg;
    if (startsWith("II*\0", 4) || startsWith("MM\0*", 4))
        return ImageFileKind::Tiff;
    if (startsWith("BM", 2) && nameEndsWith(path, {".bmp"}))
        return ImageFileKind::Bmp;
    if (startsWith("\x1f\x8b", 2))
        return nameEndsWith(path, {".nii.gz", ".hdr.gz", ".img.gz"}) ? ImageFileKind::Nifti
                                                                     : ImageFileKind::Unknown;
    if (head.size() >= 4) {
        std::int32_t headerSize = 0;
        std::memcpy(&headerSize, head.constData(), 4);
        const std::int32_t swapped = std::int32_t(__builtin_bswap32(std::uint32_t(headerSize)));
        if (headerSize == 348 || swapped == 348 || headerSize == 540 || swapped == 540)
            return ImageFileKind::Nifti;
    }
    if (nameEndsWith(path, {".mha", ".mhd"}) || startsWith("ObjectType", 10) ||
        startsWith("NDims", 5))
        return ImageFileKind::MetaImage;
    return ImageFileKind::Unknown;
}

ImageVolume readDicomFile(const QString& path, const ReadProgress& progress, int* frames) {
    std::vector<DicomFileHeader> headers;
    headers.push_back(readDicomHeader(path));
    if (frames)
        *frames = headers.front().frames;
    const bool segmentation =
        headers.front().sopClassUid == QLatin1String("1.2.840.10008.5.1.4.1.1.66.4");
    ImageVolume volume = assembleDicomVolume(headers, path, progress);
    if (segmentation)
        volume.warnings.push_back(QStringLiteral(
            "a DICOM Segmentation: its frames are shown with their stored values; as labels it "
            "opens with its source series (import both) or on its own grid (readDicomSeg)"));
    volume.sourceDescription = QStringLiteral("DICOM file %1 (%2 frame%3)")
                                   .arg(QFileInfo(path).fileName())
                                   .arg(volume.dims()[2])
                                   .arg(volume.dims()[2] == 1 ? "" : "s");
    return volume;
}

ImageVolume readImageWithInfo(const QString& path, ImageSourceInfo* info,
                              const ReadProgress& progress) {
    ImageSourceInfo local;
    ImageSourceInfo& out = info ? *info : local;
    out = ImageSourceInfo{};
    if (path.isEmpty())
        throw IoError(QStringLiteral("(no path)"), QStringLiteral("no file or folder given"));
    const QFileInfo fi(path);
    if (!fi.exists())
        throw IoError(path, QStringLiteral("no such file or folder"));
    if (fi.isDir())
        return readFolder(path, out, progress);
    return readFile(path, out, progress);
}

ImageVolume readImage(const QString& path, const ReadProgress& progress) {
    return readImageWithInfo(path, nullptr, progress);
}

} // namespace tgc

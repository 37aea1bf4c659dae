// tgc-cli info FILE|DIR [--json]: what an image file or folder holds (DESIGN.md §5).
#include "commands.h"
#include "dicom_seg_reader.h"
#include "image_reader.h"
#include "image_statistics.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTextStream>
#include <limits>
#include <map>
#include <optional>
#include <sys/resource.h>

namespace tgc::cli {

namespace {

QJsonValue jsonNumber(const std::optional<double>& v) {
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString textNumber(const std::optional<double>& v) {
    return v ? QString::number(*v) : QStringLiteral("-");
}

QJsonObject codeJson(const Code& code) {
    return {{QStringLiteral("value"), code.value},
            {QStringLiteral("scheme"), code.scheme},
            {QStringLiteral("meaning"), code.meaning}};
}

// What a DICOM SEG holds: its segments and the label map on its own grid.
void addSegmentation(QJsonObject& out, const DicomSegmentation& seg) {
    std::map<int, double> voxels;
    for (std::size_t v = 0; v < seg.labels.geometry().voxelCount(); ++v)
        voxels[seg.labels.data()[v]] += 1;
    QJsonArray segments;
    for (const DicomSegment& s : seg.segments) {
        QJsonObject o;
        o[QStringLiteral("number")] = s.number;
        o[QStringLiteral("label")] = s.label;
        o[QStringLiteral("color")] = QJsonArray{s.colour[0], s.colour[1], s.colour[2]};
        o[QStringLiteral("code")] = codeJson(s.type);
        o[QStringLiteral("category")] = codeJson(s.category);
        o[QStringLiteral("algorithm_type")] = s.algorithmType;
        o[QStringLiteral("voxels")] = voxels[s.number];
        segments.append(o);
    }
    out[QStringLiteral("segments")] = segments;
    out[QStringLiteral("segmentation_type")] = seg.segmentationType;
    out[QStringLiteral("referenced_series")] = seg.referencedSeriesUid;
    const auto& d = seg.labels.dims();
    out[QStringLiteral("seg_grid_dims")] = QJsonArray{d[0], d[1], d[2]};
}

} // namespace

int runInfo(const QStringList& args) {
    CommandLine cl("info", "Describes an image file or folder: DICOM file or series, NIfTI, "
                           "MetaImage, PNG/JPEG/TIFF.");
    cl.positional("path", "image file or folder");
    const auto json = cl.json();
    if (const auto done = cl.parse(args))
        return *done;
    const QStringList paths = cl.positionalArguments();
    if (paths.size() != 1)
        return cl.fail(QStringLiteral("give exactly one FILE or DIR"));

    ImageSourceInfo source;
    ImageVolume image;
    // Load time and the growth of peak memory while loading (scripts/bench-load reads these).
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    QElapsedTimer timer;
    timer.start();
    try {
        image = readImageWithInfo(paths.front(), &source);
    } catch (const IoError& e) {
        return cl.fail(e.message());
    } catch (const std::exception& e) {
        return cl.fail(paths.front() + QStringLiteral(": ") + QString::fromLocal8Bit(e.what()));
    }
    const double loadMs = double(timer.nsecsElapsed()) / 1e6;
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    const double peakGrowthBytes = double(after.ru_maxrss - before.ru_maxrss) * 1024.0;
    const ImageStatistics stats = imageStatistics(image);
    std::optional<DicomSegmentation> segmentation;
    if (source.kind == QLatin1String("dicom") && isDicomSegFile(paths.front())) {
        try {
            segmentation = readDicomSeg(paths.front());
        } catch (const IoError& e) {
            return cl.fail(e.message());
        }
    }
    const auto& g = image.geometry();
    if (cl.isSet(json)) {
        QJsonObject out;
        out[QStringLiteral("kind")] = source.kind;
        out[QStringLiteral("modality")] = image.modality;
        out[QStringLiteral("dims")] = QJsonArray{g.dims[0], g.dims[1], g.dims[2]};
        out[QStringLiteral("spacing")] = QJsonArray{g.spacing[0], g.spacing[1], g.spacing[2]};
        out[QStringLiteral("frames")] = source.frames;
        out[QStringLiteral("min")] = jsonNumber(stats.min);
        out[QStringLiteral("max")] = jsonNumber(stats.max);
        out[QStringLiteral("mean")] = jsonNumber(stats.mean);
        out[QStringLiteral("nan_samples")] = double(stats.nanSamples);
        out[QStringLiteral("series")] = source.seriesCount;
        out[QStringLiteral("voxel_type")] = QString::fromLatin1(voxelTypeName(image.voxelType()));
        out[QStringLiteral("components")] = image.components();
        QJsonArray warnings;
        for (const QString& w : image.warnings)
            warnings.append(w);
        if (segmentation) {
            addSegmentation(out, *segmentation);
            for (const QString& w : segmentation->warnings)
                warnings.append(w);
        }
        out[QStringLiteral("warnings")] = warnings;
        out[QStringLiteral("ms_load")] = loadMs;
        out[QStringLiteral("voxel_bytes")] = double(image.byteSize());
        out[QStringLiteral("load_peak_rss_growth_bytes")] = peakGrowthBytes;
        printJson(out);
        return 0;
    }
    QTextStream text(stdout);
    text << image.sourceDescription << "\n"
         << "  kind:     " << source.kind << "\n"
         << "  modality: " << (image.modality.isEmpty() ? QStringLiteral("-") : image.modality)
         << "\n"
         << "  size:     " << g.dims[0] << " x " << g.dims[1] << " x " << g.dims[2] << " ("
         << voxelTypeName(image.voxelType()) << (image.components() == 3 ? ", RGB" : "") << ")\n"
         << "  spacing:  " << g.spacing[0] << " x " << g.spacing[1] << " x " << g.spacing[2]
         << " mm\n"
         << "  frames:   " << source.frames << ", series: " << source.seriesCount << "\n"
         << "  values:   min " << textNumber(stats.min) << ", max " << textNumber(stats.max)
         << ", mean " << textNumber(stats.mean);
    if (stats.nanSamples > 0)
        text << " (" << stats.nanSamples << " NaN samples left out)";
    text << "\n";
    if (segmentation) {
        text << "  DICOM SEG (" << segmentation->segmentationType.toLower() << "), "
             << segmentation->segments.size() << " segment(s):\n";
        for (const DicomSegment& s : segmentation->segments)
            text << "    " << s.number << " " << s.label << "  rgb(" << s.colour[0] << ","
                 << s.colour[1] << "," << s.colour[2] << ")  " << s.type.scheme << " "
                 << s.type.value << " " << s.type.meaning << "\n";
        for (const QString& w : segmentation->warnings)
            text << "  warning:  " << w << "\n";
    }
    for (const QString& w : image.warnings)
        text << "  warning:  " << w << "\n";
    return 0;
}

} // namespace tgc::cli

#include "dicom_series.h"

#include "dicom_pixels.h"
#include "parallel_for.h"
#include "vec3.h"

#include <QDirIterator>
#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <map>
#include <optional>

namespace tgc {

namespace {

struct FrameRef {
    int header = 0;
    int frame = 0;
    std::optional<Vec3> position;
};

QStringList filesUnder(const QString& folder) {
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        if (it.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) != 0)
            files << file;
    }
    files.sort();
    return files;
}

bool cancelledBy(const ReadProgress& progress, int done, int total) {
    return progress && !progress(done, total);
}

// Frames of the most common size; the others are left out with a warning.
void dropOddSizes(std::vector<DicomFileHeader>& headers, std::vector<QString>& warnings) {
    std::map<std::array<int, 3>, int> counts;
    for (const DicomFileHeader& h : headers)
        counts[{h.columns, h.rows, h.samplesPerPixel}] += h.frames;
    if (counts.size() < 2)
        return;
    const auto best =
        std::max_element(counts.begin(), counts.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    const std::array<int, 3> keep = best->first;
    int dropped = 0;
    headers.erase(
        std::remove_if(
            headers.begin(), headers.end(),
            [&](const DicomFileHeader& h) {
                const bool odd = std::array<int, 3>{h.columns, h.rows, h.samplesPerPixel} != keep;
                dropped += odd ? 1 : 0;
                return odd;
            }),
        headers.end());
    warnings.push_back(
        QStringLiteral("mixed series: %1 file(s) with another image size were left out "
                       "(kept the %2x%3 images)")
            .arg(dropped)
            .arg(keep[0])
            .arg(keep[1]));
}

VolumeGeometry geometryOf(const DicomFileHeader& first, const std::vector<FrameRef>& frames,
                          bool byPosition, const Vec3& normal, std::vector<QString>& warnings) {
    VolumeGeometry g;
    g.dims = {first.columns, first.rows, int(frames.size())};
    if (first.pixelSpacing) {
        g.spacing[0] = (*first.pixelSpacing)[1];
        g.spacing[1] = (*first.pixelSpacing)[0];
    }
    if (first.orientation) {
        const auto& o = *first.orientation;
        const Vec3 i = normalised({o[0], o[1], o[2]});
        const Vec3 j = normalised({o[3], o[4], o[5]});
        g.direction = {i[0], i[1], i[2], j[0], j[1], j[2], normal[0], normal[1], normal[2]};
    }
    if (frames.front().position)
        g.origin = *frames.front().position;
    g.spacing[2] = first.sliceSpacing.value_or(1.0);
    if (byPosition && frames.size() > 1) {
        std::vector<double> gaps;
        for (std::size_t s = 1; s < frames.size(); ++s) {
            Vec3 d;
            for (int a = 0; a < 3; ++a)
                d[a] = (*frames[s].position)[a] - (*frames[s - 1].position)[a];
            gaps.push_back(dot(d, normal));
        }
        std::vector<double> sorted = gaps;
        std::nth_element(sorted.begin(), sorted.begin() + long(sorted.size() / 2), sorted.end());
        const double median = sorted[sorted.size() / 2];
        const auto [lo, hi] = std::minmax_element(gaps.begin(), gaps.end());
        if (median > 1e-4) {
            g.spacing[2] = median;
            const double tolerance = std::max(0.01, 0.01 * median);
            if (*hi - median > tolerance || median - *lo > tolerance)
                warnings.push_back(
                    QStringLiteral("uneven slice spacing: gaps from %1 to %2 mm; %3 mm used")
                        .arg(*lo, 0, 'g', 4)
                        .arg(*hi, 0, 'g', 4)
                        .arg(median, 0, 'g', 4));
        } else {
            warnings.push_back(
                QStringLiteral("several slices share one position; slice spacing %1 mm "
                               "taken from the header")
                    .arg(g.spacing[2]));
        }
        if (*lo <= 1e-4 && median > 1e-4)
            warnings.push_back(QStringLiteral("several slices share one position (duplicate or "
                                              "overlapping images in the series)"));
    }
    for (double& s : g.spacing)
        if (!(s > 0))
            s = 1.0;
    return g;
}

void fillMetadata(ImageVolume& volume, const std::vector<DicomFileHeader>& headers,
                  const std::vector<FrameRef>& frames) {
    const DicomFileHeader& first = headers[std::size_t(frames.front().header)];
    volume.modality = first.modality;
    volume.patientId = first.patientId;
    volume.patientName = first.patientName;
    volume.studyInstanceUid = first.studyInstanceUid;
    volume.seriesInstanceUid = first.seriesInstanceUid;
    volume.frameOfReferenceUid = first.frameOfReferenceUid;
    volume.invertForDisplay = first.photometric == QLatin1String("MONOCHROME1");
    volume.fileWindow = first.window;
    volume.sopInstanceUids.clear();
    for (const FrameRef& f : frames)
        volume.sopInstanceUids.push_back(headers[std::size_t(f.header)].sopInstanceUid);
}

} // namespace

ImageVolume assembleDicomVolume(std::vector<DicomFileHeader>& headers, const QString& displayPath,
                                const ReadProgress& progress, std::vector<QString> warnings) {
    if (headers.empty())
        throw IoError(displayPath, QStringLiteral("no DICOM images"));
    for (const DicomFileHeader& h : headers) {
        requireDecodablePixels(h);
        if (!h.repair.isEmpty())
            warnings.push_back(QFileInfo(h.path).fileName() + QStringLiteral(": ") + h.repair);
    }
    dropOddSizes(headers, warnings);

    const DicomFileHeader& first = headers.front();
    std::vector<FrameRef> frames;
    bool allPositioned = first.orientation.has_value();
    for (int h = 0; h < int(headers.size()); ++h) {
        for (int f = 0; f < headers[std::size_t(h)].frames; ++f) {
            FrameRef ref{h, f, headers[std::size_t(h)].placements[std::size_t(f)].position};
            allPositioned = allPositioned && ref.position.has_value();
            frames.push_back(ref);
        }
    }
    Vec3 normal{0, 0, 1};
    if (first.orientation) {
        const auto& o = *first.orientation;
        normal = normalised(cross({o[0], o[1], o[2]}, {o[3], o[4], o[5]}));
    }
    if (allPositioned) {
        std::stable_sort(frames.begin(), frames.end(), [&](const FrameRef& a, const FrameRef& b) {
            return dot(*a.position, normal) < dot(*b.position, normal);
        });
    } else {
        std::stable_sort(frames.begin(), frames.end(), [&](const FrameRef& a, const FrameRef& b) {
            const int ia = headers[std::size_t(a.header)].instanceNumber;
            const int ib = headers[std::size_t(b.header)].instanceNumber;
            return ia != ib ? ia < ib : a.frame < b.frame;
        });
        if (frames.size() > 1 && headers.size() > 1)
            warnings.push_back(
                QStringLiteral("slices ordered by InstanceNumber: ImagePositionPatient or "
                               "ImageOrientationPatient is missing"));
    }
    const VolumeGeometry geometry = geometryOf(first, frames, allPositioned, normal, warnings);

    std::vector<std::vector<int>> sliceOfFrame(headers.size());
    for (std::size_t h = 0; h < headers.size(); ++h)
        sliceOfFrame[h].assign(std::size_t(headers[h].frames), -1);
    for (int z = 0; z < int(frames.size()); ++z)
        sliceOfFrame[std::size_t(frames[std::size_t(z)].header)]
                    [std::size_t(frames[std::size_t(z)].frame)] = z;

    std::vector<const DicomFileHeader*> pointers;
    for (const DicomFileHeader& h : headers)
        pointers.push_back(&h);

    for (bool preferFloat : {false, true}) {
        const DicomVoxelLayout layout = chooseVoxelLayout(pointers, preferFloat);
        ImageVolume volume(layout.type, layout.components, geometry,
                           ImageVolume::Uninitialised{}); // every slice is decoded
        std::atomic<bool> fits{true};
        const int count = int(headers.size());
        const bool finished = parallelFor(
            count,
            [&](int h) {
                thread_local DicomFrameDecoder decoder;
                if (!decoder.decodeFile(headers[std::size_t(h)], volume,
                                        sliceOfFrame[std::size_t(h)]))
                    fits = false;
            },
            [&](int done) { return !cancelledBy(progress, done, count); });
        if (!finished)
            throw IoError(displayPath, QStringLiteral("cancelled"));
        if (!fits && layout.type != VoxelType::Float32)
            continue; // a rescaled value did not fit int16: read again as float
        volume.warnings = warnings;
        fillMetadata(volume, headers, frames);
        return volume;
    }
    throw IoError(displayPath, QStringLiteral("cannot represent the rescaled values"));
}

std::vector<ParsedSeries> parseDicomFolder(const QString& folder, const ReadProgress& progress) {
    const QStringList files = filesUnder(folder);
    if (files.isEmpty())
        throw IoError(folder, QStringLiteral("empty folder: no files to read"));
    std::vector<std::optional<DicomFileHeader>> parsed(std::size_t(files.size()));
    std::vector<QString> damage(std::size_t(files.size()));
    const int count = int(files.size());
    const bool finished = parallelFor(
        count,
        [&](int i) {
            try {
                DicomFileHeader header = readDicomHeader(files[i]);
                // Without the preamble DCMTK parses almost anything; keep only what looks like
                // DICOM.
                if (!header.sopClassUid.isEmpty() || header.hasPixelData || header.rows > 0 ||
                    hasDicomPreamble(files[i]))
                    parsed[std::size_t(i)] = std::move(header);
            } catch (const IoError& e) {
                // Other files may still form a series; a damaged DICOM file is reported with it.
                if (hasDicomPreamble(files[i]))
                    damage[std::size_t(i)] =
                        QFileInfo(files[i]).fileName() + QStringLiteral(": ") + e.reason();
            }
        },
        [&](int done) { return !cancelledBy(progress, done, count); });
    if (!finished)
        throw IoError(folder, QStringLiteral("cancelled"));

    std::map<QString, ParsedSeries> bySeries;
    QStringList nonImages;
    for (auto& header : parsed) {
        if (!header)
            continue;
        if (!header->hasPixelData) {
            nonImages << QFileInfo(header->path).fileName() + QStringLiteral(" (") +
                             sopClassName(header->sopClassUid) + QLatin1Char(')');
            continue;
        }
        ParsedSeries& series = bySeries[header->seriesInstanceUid];
        series.info.seriesInstanceUid = header->seriesInstanceUid;
        series.info.description = header->seriesDescription;
        series.info.modality = header->modality;
        series.headers.push_back(std::move(*header));
    }
    if (bySeries.empty()) {
        if (!nonImages.isEmpty())
            throw IoError(folder, QStringLiteral(
                                      "no DICOM image in the folder: the DICOM files hold no pixel "
                                      "data: %1")
                                      .arg(nonImages.mid(0, 5).join(QStringLiteral(", "))));
        throw IoError(
            folder,
            QStringLiteral("no DICOM files in the folder (%1 files checked)").arg(files.size()));
    }
    QStringList damaged;
    for (const QString& d : damage)
        if (!d.isEmpty())
            damaged << d;
    std::vector<ParsedSeries> result;
    for (auto& [uid, series] : bySeries) {
        if (!damaged.isEmpty())
            series.warnings.push_back(QStringLiteral("%1 damaged DICOM file(s) left out: %2")
                                          .arg(damaged.size())
                                          .arg(damaged.mid(0, 3).join(QStringLiteral("; "))));
        // Files in slice order, the order assembleDicomVolume would give.
        std::vector<std::pair<double, int>> keys;
        const DicomFileHeader& first = series.headers.front();
        Vec3 normal{0, 0, 1};
        if (first.orientation) {
            const auto& o = *first.orientation;
            normal = normalised(cross({o[0], o[1], o[2]}, {o[3], o[4], o[5]}));
        }
        bool positioned = true;
        for (const DicomFileHeader& h : series.headers)
            positioned = positioned && h.orientation && h.placements.front().position;
        for (int i = 0; i < int(series.headers.size()); ++i) {
            const DicomFileHeader& h = series.headers[std::size_t(i)];
            keys.emplace_back(positioned ? dot(*h.placements.front().position, normal)
                                         : double(h.instanceNumber),
                              i);
        }
        std::stable_sort(keys.begin(), keys.end());
        std::vector<DicomFileHeader> ordered;
        for (const auto& [key, index] : keys) {
            series.info.files.push_back(series.headers[std::size_t(index)].path);
            ordered.push_back(std::move(series.headers[std::size_t(index)]));
        }
        series.headers = std::move(ordered);
        result.push_back(std::move(series));
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const ParsedSeries& a, const ParsedSeries& b) {
                         return a.info.files.size() > b.info.files.size();
                     });
    return result;
}

std::vector<SeriesInfo> scanDicomFolder(const QString& folder) {
    std::vector<SeriesInfo> result;
    for (ParsedSeries& series : parseDicomFolder(folder))
        result.push_back(std::move(series.info));
    return result;
}

ImageVolume readDicomSeries(const SeriesInfo& series, const ReadProgress& progress) {
    if (series.files.empty())
        throw IoError(series.seriesInstanceUid, QStringLiteral("the series lists no files"));
    std::vector<std::optional<DicomFileHeader>> parsed(series.files.size());
    parallelFor(int(series.files.size()), [&](int i) {
        parsed[std::size_t(i)] = readDicomHeader(series.files[std::size_t(i)]);
    });
    std::vector<DicomFileHeader> headers;
    for (auto& h : parsed)
        headers.push_back(std::move(*h));
    const QString display = QFileInfo(series.files.front()).absolutePath();
    ImageVolume volume = assembleDicomVolume(headers, display, progress, {});
    volume.sourceDescription = QStringLiteral("DICOM series %1 (%2 files)")
                                   .arg(series.seriesInstanceUid)
                                   .arg(series.files.size());
    return volume;
}

} // namespace tgc

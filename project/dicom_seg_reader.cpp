#include "dicom_seg_reader.h"

#include "dicom_header.h"
#include "dicom_pixels.h"
#include "io_error.h"
#include "vec3.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <map>
#include <optional>

namespace tgc {

namespace {

constexpr const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

// Frames lie on a source voxel within a tenth of a voxel (positions are written as decimals).
constexpr double kOffGrid = 0.1;

QString text(DcmItem* item, const DcmTagKey& tag) {
    OFString value;
    if (item && item->findAndGetOFString(tag, value).good())
        return QString::fromUtf8(value.c_str()).trimmed();
    return {};
}

DcmItem* firstItem(DcmItem* parent, const DcmTagKey& sequence) {
    DcmItem* item = nullptr;
    if (parent && parent->findAndGetSequenceItem(sequence, item, 0).good())
        return item;
    return nullptr;
}

Code codeOf(DcmItem* item) {
    return {text(item, DCM_CodeValue), text(item, DCM_CodingSchemeDesignator),
            text(item, DCM_CodeMeaning)};
}

// What one frame is, before any pixel is read.
struct FrameIndex {
    int segment = 0;
    QString sourceInstance;
    std::optional<Vec3> position;
};

int referencedSegment(DcmItem* group) {
    Uint16 number = 0;
    DcmItem* id = firstItem(group, DCM_SegmentIdentificationSequence);
    if (id && id->findAndGetUint16(DCM_ReferencedSegmentNumber, number).good())
        return number;
    return 0;
}

std::vector<FrameIndex> indexFrames(DcmDataset& data, const DicomFileHeader& header) {
    std::vector<FrameIndex> frames(std::size_t(header.frames));
    const int sharedSegment =
        referencedSegment(firstItem(&data, DCM_SharedFunctionalGroupsSequence));
    DcmSequenceOfItems* perFrame = nullptr;
    data.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame);
    for (int f = 0; f < header.frames; ++f) {
        FrameIndex& frame = frames[std::size_t(f)];
        frame.position = header.placements[std::size_t(f)].position;
        DcmItem* group = perFrame && std::size_t(f) < perFrame->card()
                             ? perFrame->getItem(static_cast<unsigned long>(f))
                             : nullptr;
        frame.segment = referencedSegment(group);
        if (frame.segment == 0)
            frame.segment = sharedSegment;
        DcmItem* derivation = firstItem(group, DCM_DerivationImageSequence);
        frame.sourceInstance =
            text(firstItem(derivation, DCM_SourceImageSequence), DCM_ReferencedSOPInstanceUID);
    }
    return frames;
}

std::vector<DicomSegment> readSegments(DcmDataset& data, const QString& path) {
    std::vector<DicomSegment> segments;
    DcmSequenceOfItems* sequence = nullptr;
    if (data.findAndGetSequence(DCM_SegmentSequence, sequence).bad() || !sequence ||
        sequence->card() == 0)
        throw IoError(path, QStringLiteral("DICOM SEG without a Segment Sequence"));
    for (unsigned long i = 0; i < sequence->card(); ++i) {
        DcmItem* item = sequence->getItem(i);
        DicomSegment s;
        Uint16 number = 0;
        item->findAndGetUint16(DCM_SegmentNumber, number);
        s.number = number;
        s.label = text(item, DCM_SegmentLabel);
        s.algorithmType = text(item, DCM_SegmentAlgorithmType);
        s.category = codeOf(firstItem(item, DCM_SegmentedPropertyCategoryCodeSequence));
        s.type = codeOf(firstItem(item, DCM_SegmentedPropertyTypeCodeSequence));
        std::array<std::uint16_t, 3> lab{};
        bool hasLab = true;
        for (unsigned long c = 0; c < 3; ++c)
            hasLab = hasLab &&
                     item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, lab[c], c).good();
        if (hasLab) {
            s.colour = rgbFromDicomLab(lab);
            s.hasColour = true;
        }
        if (s.number < 1 || s.number > 255)
            throw IoError(path,
                          QStringLiteral("segment number %1 cannot be a label (1 to 255 supported)")
                              .arg(s.number));
        segments.push_back(s);
    }
    return segments;
}

// The SEG's own grid: its orientation and pixel measures, slices at its distinct plane
// positions (a gap between them is kept as empty slices).
VolumeGeometry ownGrid(const DicomFileHeader& header, const std::vector<FrameIndex>& frames,
                       std::vector<int>& sliceOfFrame) {
    VolumeGeometry g;
    g.dims = {header.columns, header.rows, 1};
    if (header.pixelSpacing)
        g.spacing = {(*header.pixelSpacing)[1], (*header.pixelSpacing)[0], 1.0};
    Vec3 normal{0, 0, 1};
    if (header.orientation) {
        const auto& o = *header.orientation;
        const Vec3 i = normalised({o[0], o[1], o[2]});
        const Vec3 j = normalised({o[3], o[4], o[5]});
        normal = normalised(cross(i, j));
        g.direction = {i[0], i[1], i[2], j[0], j[1], j[2], normal[0], normal[1], normal[2]};
    }
    sliceOfFrame.assign(frames.size(), 0);
    std::vector<double> depths;
    const FrameIndex* lowest = nullptr;
    for (const FrameIndex& f : frames) {
        if (!f.position)
            continue;
        const double d = dot(*f.position, normal);
        depths.push_back(d);
        if (!lowest || d < dot(*lowest->position, normal))
            lowest = &f;
    }
    if (!lowest)
        return g; // a SEG of a 2D image: every frame on the one slice
    g.origin = *lowest->position;
    std::sort(depths.begin(), depths.end());
    double gap = 0;
    for (std::size_t k = 1; k < depths.size(); ++k) {
        const double step = depths[k] - depths[k - 1];
        if (step > 1e-3 && (gap == 0 || step < gap))
            gap = step;
    }
    if (gap == 0)
        gap = header.sliceSpacing.value_or(1.0) > 0 ? header.sliceSpacing.value_or(1.0) : 1.0;
    g.spacing[2] = gap;
    const double first = depths.front();
    const double slices = std::round((depths.back() - first) / gap) + 1;
    // Irregular positions would make a grid of mostly empty slices: refuse rather than
    // allocate it.
    const double limit = std::max(64.0, 8.0 * double(depths.size()));
    if (!(slices <= limit))
        throw IoError(header.path,
                      QStringLiteral("the plane positions do not form a grid: %1 mm between the "
                                     "outer frames at a %2 mm step would need %3 slices for %4 "
                                     "frames")
                          .arg(depths.back() - first)
                          .arg(gap)
                          .arg(slices)
                          .arg(frames.size()));
    g.dims[2] = int(slices);
    for (std::size_t f = 0; f < frames.size(); ++f)
        sliceOfFrame[f] = frames[f].position
                              ? int(std::lround((dot(*frames[f].position, normal) - first) / gap))
                              : 0;
    return g;
}

// Slices of the source for each frame: by the referenced image, else by position.
std::vector<int> placeOnSource(const DicomFileHeader& header, const std::vector<FrameIndex>& frames,
                               const ImageVolume& source) {
    const VolumeGeometry& g = source.geometry();
    if (header.columns != g.dims[0] || header.rows != g.dims[1])
        throw IoError(header.path, QStringLiteral("the SEG's frames are %1x%2, its source's images "
                                                  "%3x%4")
                                       .arg(header.columns)
                                       .arg(header.rows)
                                       .arg(g.dims[0])
                                       .arg(g.dims[1]));
    if (!header.frameOfReferenceUid.isEmpty() && !source.frameOfReferenceUid.isEmpty() &&
        header.frameOfReferenceUid != source.frameOfReferenceUid)
        throw IoError(header.path,
                      QStringLiteral("the SEG's frame of reference %1 is not its source's (%2)")
                          .arg(header.frameOfReferenceUid, source.frameOfReferenceUid));
    std::map<QString, int> sliceOfInstance;
    for (int z = 0; z < int(source.sopInstanceUids.size()); ++z)
        sliceOfInstance[source.sopInstanceUids[std::size_t(z)]] = z;
    // A multi-frame source names one instance for every slice: positions decide there.
    const bool instancesIdentifySlices =
        int(sliceOfInstance.size()) == g.dims[2] && g.dims[2] == int(source.sopInstanceUids.size());
    const Vec3 i{g.direction[0], g.direction[1], g.direction[2]};
    const Vec3 j{g.direction[3], g.direction[4], g.direction[5]};
    const Vec3 k{g.direction[6], g.direction[7], g.direction[8]};
    std::vector<int> slices(frames.size(), -1);
    for (std::size_t f = 0; f < frames.size(); ++f) {
        const FrameIndex& frame = frames[f];
        if (instancesIdentifySlices) {
            const auto found = sliceOfInstance.find(frame.sourceInstance);
            if (found != sliceOfInstance.end()) {
                slices[f] = found->second;
                continue;
            }
        }
        if (!frame.position) {
            if (g.dims[2] == 1) {
                slices[f] = 0;
                continue;
            }
            throw IoError(header.path,
                          QStringLiteral("frame %1 names neither a source image of the series nor "
                                         "a plane position")
                              .arg(f + 1));
        }
        Vec3 d;
        for (int a = 0; a < 3; ++a)
            d[a] = (*frame.position)[a] - g.origin[a];
        const double x = dot(d, i) / g.spacing[0];
        const double y = dot(d, j) / g.spacing[1];
        const double z = dot(d, k) / g.spacing[2];
        const long slice = std::lround(z);
        if (std::abs(x) > kOffGrid || std::abs(y) > kOffGrid ||
            std::abs(z - double(slice)) > kOffGrid || slice < 0 || slice >= g.dims[2])
            throw IoError(header.path,
                          QStringLiteral("frame %1 at (%2, %3, %4) mm does not lie on a slice of "
                                         "the source series")
                              .arg(f + 1)
                              .arg((*frame.position)[0])
                              .arg((*frame.position)[1])
                              .arg((*frame.position)[2]));
        slices[f] = int(slice);
    }
    return slices;
}

} // namespace

bool isDicomSegFile(const QString& path) {
    try {
        return readDicomHeader(path).sopClassUid == QLatin1String(kSegmentationStorage);
    } catch (const IoError&) {
        return false;
    }
}

QString segReferencedSeries(const QString& path) {
    try {
        const DicomFileHeader header = readDicomHeader(path);
        return text(firstItem(header.file->getDataset(), DCM_ReferencedSeriesSequence),
                    DCM_SeriesInstanceUID);
    } catch (const IoError&) {
        return {};
    }
}

DicomSegmentation readDicomSeg(const QString& path, const ImageVolume* source) {
    DicomFileHeader header = readDicomHeader(path);
    if (header.sopClassUid != QLatin1String(kSegmentationStorage))
        throw IoError(path, QStringLiteral("not a DICOM Segmentation: this is a %1 object")
                                .arg(sopClassName(header.sopClassUid)));
    requireDecodablePixels(header);
    DcmDataset& data = *header.file->getDataset();

    DicomSegmentation seg;
    seg.path = path;
    seg.frames = header.frames;
    seg.seriesInstanceUid = header.seriesInstanceUid;
    seg.frameOfReferenceUid = header.frameOfReferenceUid;
    seg.referencedSeriesUid =
        text(firstItem(&data, DCM_ReferencedSeriesSequence), DCM_SeriesInstanceUID);
    seg.segmentationType = text(&data, DCM_SegmentationType).toUpper();
    const bool fractional = seg.segmentationType == QLatin1String("FRACTIONAL");
    if (!fractional && seg.segmentationType != QLatin1String("BINARY"))
        throw IoError(path, QStringLiteral("unknown Segmentation Type '%1' (BINARY or FRACTIONAL "
                                           "expected)")
                                .arg(seg.segmentationType));
    if (fractional) {
        Uint16 maximum = 0;
        data.findAndGetUint16(DCM_MaximumFractionalValue, maximum);
        seg.maxFractionalValue = maximum > 0 ? maximum : 255;
    }
    seg.segments = readSegments(data, path);

    // Index first: segment, source image and position of every frame.
    const std::vector<FrameIndex> frames = indexFrames(data, header);
    std::vector<int> sliceOfFrame;
    VolumeGeometry grid;
    if (source) {
        sliceOfFrame = placeOnSource(header, frames, *source);
        grid = source->geometry();
        seg.onSourceGrid = true;
    } else {
        grid = ownGrid(header, frames, sliceOfFrame);
    }

    // Then the pixels: every frame decoded (1-bit unpacked, fractional 8-bit as stored).
    if (!header.encapsulated) {
        DcmElement* pixels = nullptr;
        data.findAndGetElement(DCM_PixelData, pixels);
        const double bits = double(header.columns) * double(header.rows) * double(header.frames) *
                            double(header.bitsAllocated);
        const double have = pixels ? double(pixels->getLength()) : 0.0;
        // Checked before the frames are allocated: a damaged Number of Frames could ask for more
        // memory than the file could ever fill.
        if (have < std::ceil(bits / 8.0))
            throw IoError(path, QStringLiteral("truncated file: %1 frames of %2x%3 at %4 bit(s) "
                                               "need %5 bytes of pixel data, the file holds %6")
                                    .arg(header.frames)
                                    .arg(header.columns)
                                    .arg(header.rows)
                                    .arg(header.bitsAllocated)
                                    .arg(std::ceil(bits / 8.0), 0, 'f', 0)
                                    .arg(have, 0, 'f', 0));
    }
    VolumeGeometry frameGrid;
    frameGrid.dims = {header.columns, header.rows, header.frames};
    ImageVolume stored(VoxelType::UInt8, 1, frameGrid);
    std::vector<int> identity(std::size_t(header.frames));
    for (int f = 0; f < header.frames; ++f)
        identity[std::size_t(f)] = f;
    DicomFrameDecoder decoder;
    decoder.decodeFile(header, stored, identity);

    seg.labels = LabelMap(grid);
    std::vector<Label> table;
    std::map<int, bool> known;
    for (const DicomSegment& s : seg.segments) {
        Label label;
        label.id = std::uint8_t(s.number);
        label.name = s.label.isEmpty() ? QStringLiteral("segment %1").arg(s.number) : s.label;
        label.colour = s.hasColour ? s.colour : LabelMap::defaultLabels().front().colour;
        table.push_back(label);
        known[s.number] = true;
    }
    seg.labels.labels() = table;
    const std::size_t plane = grid.sliceVoxelCount();
    const int threshold = fractional ? (seg.maxFractionalValue + 1) / 2 : 1;
    std::size_t overlaps = 0;
    int unknownFrames = 0;
    for (int f = 0; f < header.frames; ++f) {
        const int segment = frames[std::size_t(f)].segment;
        const int z = sliceOfFrame[std::size_t(f)];
        if (!known.count(segment)) {
            ++unknownFrames;
            continue;
        }
        const std::uint8_t* in = stored.sliceBytes(f);
        std::uint8_t* out = seg.labels.slice(z);
        for (std::size_t v = 0; v < plane; ++v) {
            if (in[v] < threshold)
                continue;
            if (out[v] != 0 && out[v] != segment)
                ++overlaps;
            out[v] = std::uint8_t(segment);
        }
    }
    if (unknownFrames > 0)
        seg.warnings.push_back(QStringLiteral("%1 frame(s) name no segment of the Segment Sequence "
                                              "and were left out")
                                   .arg(unknownFrames));
    if (overlaps > 0)
        seg.warnings.push_back(QStringLiteral("segments overlap in %1 voxel(s): a label map holds "
                                              "one label per voxel, the higher segment number was "
                                              "kept")
                                   .arg(overlaps));
    return seg;
}

} // namespace tgc

#include "qata_exporter.h"

#include "export_staging.h"
#include "image_writer.h"

#include <QCryptographicHash>
#include <algorithm>
#include <cmath>
#include <random>

namespace tgc {

namespace {

VolumeGeometry sliceGeometry(const VolumeGeometry& volume, int z) {
    VolumeGeometry g = volume;
    g.dims[2] = 1;
    g.origin = volume.indexToPatient(0, 0, z);
    return g;
}

LabelMap maskSlice(const LabelMap& mask, int z) {
    LabelMap slice(sliceGeometry(mask.geometry(), z));
    std::copy_n(mask.slice(z), mask.geometry().sliceVoxelCount(), slice.data());
    slice.labels() = mask.labels();
    return slice;
}

bool anyForeground(const LabelMap& mask, int z) {
    const std::uint8_t* s = mask.slice(z);
    return std::any_of(s, s + mask.geometry().sliceVoxelCount(),
                       [](std::uint8_t v) { return v != 0; });
}

// A seed per case, so which empty slices are kept does not depend on the
// order or number of the other cases.
std::uint64_t caseSeed(std::uint64_t seed, const QString& name) {
    const QByteArray h = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256);
    std::uint64_t v = seed;
    for (int i = 0; i < 8; ++i)
        v = (v << 8 | (v >> 56)) ^ std::uint8_t(h[i]);
    return v;
}

} // namespace

QataExporter::QataExporter(const Project& project, const ExportOptions& options)
    : DatasetExporter(project, options) {}

ImageVolume QataExporter::storedSlice(const ImageVolume& image, int z) {
    const VolumeGeometry g = sliceGeometry(image.geometry(), z);
    const bool ct = image.modality == QLatin1String("CT");
    const bool native =
        image.voxelType() == VoxelType::UInt8 || image.voxelType() == VoxelType::UInt16;
    if (native) { // 8/16-bit grey (a 16-bit CT PNG already holds HU + 1024) or RGB
        ImageVolume slice(image.voxelType(), image.components(), g, ImageVolume::Uninitialised{});
        const std::size_t bytes = g.sliceVoxelCount() * std::size_t(image.components()) *
                                  voxelTypeSize(image.voxelType());
        std::copy_n(image.sliceBytes(z), bytes, slice.bytes());
        slice.modality = image.modality;
        return slice;
    }
    // CT in HU (int16 or float): the layout's 16-bit HU + 1024, air at 0.
    // Anything else signed or float: writePng maps its range onto 16 bits.
    ImageVolume slice(ct ? VoxelType::UInt16 : image.voxelType(), 1, g);
    slice.modality = image.modality;
    for (int y = 0; y < g.dims[1]; ++y)
        for (int x = 0; x < g.dims[0]; ++x) {
            const double v = image.valueAt(x, y, z);
            const std::size_t i = std::size_t(y) * std::size_t(g.dims[0]) + std::size_t(x);
            if (ct)
                slice.data<std::uint16_t>()[i] =
                    std::uint16_t(std::clamp(std::lround(v + 1024.0), 0L, 65535L));
            else if (image.voxelType() == VoxelType::Int16)
                slice.data<std::int16_t>()[i] = std::int16_t(v);
            else
                slice.data<float>()[i] = float(v);
        }
    return slice;
}

std::vector<int> QataExporter::chosenSlices(const ExportedCase& data) const {
    const int depth = data.image.dims()[2];
    std::vector<int> chosen, empty;
    for (int z = 0; z < depth; ++z)
        (anyForeground(data.mask, z) ? chosen : empty).push_back(z);
    const std::size_t keep =
        std::size_t(std::lround(options().emptySliceShare * double(empty.size())));
    std::mt19937_64 rng(caseSeed(options().seed, data.planned->exportName));
    for (std::size_t i = empty.size(); i > 1; --i)
        std::swap(empty[i - 1], empty[std::size_t(rng() % i)]);
    chosen.insert(chosen.end(), empty.begin(), empty.begin() + long(std::min(keep, empty.size())));
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

QString QataExporter::folderOf(DataSplit split) const {
    return options().qataSplitFolders ? dataSplitName(split) + QLatin1Char('/') : QString();
}

QataWriter& QataExporter::writerFor(DataSplit split) {
    const DataSplit key = options().qataSplitFolders ? split : DataSplit::Train;
    auto found = m_writers.find(key);
    if (found == m_writers.end()) {
        const QString folder =
            options().qataSplitFolders
                ? staging().stagingDir() + QLatin1Char('/') + dataSplitName(split)
                : staging().stagingDir();
        found = m_writers.emplace(key, QataWriter(folder)).first;
    }
    return found->second;
}

QStringList QataExporter::writeCase(const ExportedCase& data) {
    QataWriter& writer = writerFor(data.planned->split);
    const QString folder = folderOf(data.planned->split);
    const QString& name = data.planned->exportName;
    const bool volume = data.image.dims()[2] > 1;
    const std::vector<int> slices = volume ? chosenSlices(data) : std::vector<int>{0};
    QStringList names;
    for (int z : slices) {
        const QString file =
            volume ? QStringLiteral("%1_%2.png").arg(name).arg(z, 4, 10, QLatin1Char('0'))
                   : name + QStringLiteral(".png");
        // A volume's slice names can meet a 2D case's name ("a_0001").
        if (m_names.count(folder + file))
            throw CaseSkipped{
                QStringLiteral("its file name %1 is taken by another case").arg(file)};
        names << file;
    }
    for (const QString& file : names)
        m_names.insert(folder + file);
    QStringList files;
    for (std::size_t n = 0; n < slices.size(); ++n) {
        const int z = slices[n];
        const QString& file = names[int(n)];
        const QString image = folder + QStringLiteral("images/") + file;
        const QString mask = folder + QStringLiteral("masks/") + file;
        writePng(storedSlice(data.image, z), staging().path(image));
        writePng(maskSlice(data.mask, z), staging().path(mask), options().binaryMasks);
        writer.addRow(file, data.report, data.aux);
        files << image << mask;
    }
    return files;
}

void QataExporter::finish(const std::vector<const PlannedCase*>&) {
    for (const auto& [split, writer] : m_writers)
        writer.write();
}

} // namespace tgc

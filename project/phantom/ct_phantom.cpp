#include "ct_phantom.h"

#include "abdomen_model.h"
#include "ct_organs.h"

#include <QStringList>
#include <algorithm>
#include <cmath>

namespace tgc {

namespace {

constexpr std::uint64_t kCtSalt = 0xC7511CE5ull;
constexpr std::uint64_t kCt3dSalt = 0xC7B0111Eull;
constexpr std::uint64_t kCtAbsentSalt = 0xAB5E17ull;

std::int16_t clampHu(float hu) {
    return std::int16_t(std::clamp(std::lround(hu), -1024l, 3071l));
}

// Copies one section's HU and organ labels into slice z of the case.
void storeSection(const cv::Mat& hu, const cv::Mat& tissue, int z, PhantomCase& result) {
    std::int16_t* voxels = reinterpret_cast<std::int16_t*>(result.image.sliceBytes(z));
    std::uint8_t* labels = result.labels.slice(z);
    for (int y = 0; y < hu.rows; ++y) {
        const float* huRow = hu.ptr<float>(y);
        const std::uint8_t* tissueRow = tissue.ptr<std::uint8_t>(y);
        for (int x = 0; x < hu.cols; ++x) {
            voxels[std::size_t(y) * hu.cols + x] = clampHu(huRow[x]);
            labels[std::size_t(y) * hu.cols + x] = phantom::organOfTissue(tissueRow[x]);
        }
    }
}

// One target per organ present in the case, with a phrasing drawn for it;
// withAbsent: also one per organ with no voxel at all (empty mask).
void addOrganTargets(PhantomRandom& rng, const phantom::AbdomenModel& model, PhantomCase& result,
                     bool withAbsent = false) {
    const std::size_t voxelCount = result.labels.geometry().voxelCount();
    const std::uint8_t* all = result.labels.data();
    for (const CtOrgan& organ : ctOrgans()) {
        PhantomTarget target;
        target.key = organ.key;
        target.prompt = rng.pick(organ.phrasings);
        target.designedMean = model.meanHu(organ.id);
        target.mask = LabelMap(result.labels.geometry());
        target.mask.labels() = {Label{organ.id, organ.name, organ.colour, true}};
        std::uint8_t* voxels = target.mask.data();
        std::size_t count = 0;
        for (std::size_t i = 0; i < voxelCount; ++i) {
            if (all[i] == organ.id) {
                voxels[i] = organ.id;
                ++count;
            }
        }
        // An organ clipped away to a few voxels is no fair question to ask.
        if (count >= std::max<std::size_t>(16, voxelCount / 4000) || (withAbsent && count == 0))
            result.targets.push_back(std::move(target));
    }
}

// A CT case on the grid, before anything is painted: the image in HU, the
// labels with the organ table; its id "<prefix>_s<seed>_<index>".
PhantomCase emptyCtCase(const QString& prefix, std::uint64_t seed, int index,
                        const VolumeGeometry& geometry) {
    PhantomCase result;
    result.id =
        QStringLiteral("%1_s%2_%3").arg(prefix).arg(seed).arg(index, 4, 10, QLatin1Char('0'));
    result.image = ImageVolume(VoxelType::Int16, 1, geometry);
    result.image.modality = QStringLiteral("CT");
    result.labels = LabelMap(geometry);
    result.labels.labels() = ctLabelTable();
    return result;
}

} // namespace

CtSlicePhantom::CtSlicePhantom(CtSliceOptions options) : m_options(options) {}

PhantomCase CtSlicePhantom::generate(std::uint64_t seed, int index) const {
    const int size = m_options.size;
    PhantomRandom rng(phantomCaseSeed(seed, index, kCtSalt));
    phantom::AbdomenModel model = phantom::AbdomenModel::random(rng, false);
    double z = rng.uniform(-0.08, 0.08);
    if (m_options.absentTargets) {
        PhantomRandom absent(phantomCaseSeed(seed, index, kCtAbsentSalt));
        if (absent.chance(0.5))
            z = absent.uniform(-1.0, 1.0);
        if (absent.chance(0.25))
            model.removeOrgan(absent.chance(0.5) ? phantom::KidneyLeft : phantom::KidneyRight);
    }

    VolumeGeometry geometry;
    geometry.dims = {size, size, 1};
    const double pixel = m_options.fieldOfViewMm / size;
    geometry.spacing = {pixel, pixel, 5.0};
    geometry.origin = {-0.5 * m_options.fieldOfViewMm, -0.5 * m_options.fieldOfViewMm, 0.0};
    PhantomCase result = emptyCtCase(QStringLiteral("ct"), seed, index, geometry);

    cv::Mat tissue(size, size, CV_8U);
    model.paintSection(z, tissue);
    const cv::Mat coarse = phantom::smoothNoise(rng, tissue.size(), 12);
    storeSection(model.hounsfield(tissue, coarse, rng), tissue, 0, result);
    addOrganTargets(rng, model, result, m_options.absentTargets);
    return result;
}

CtVolumePhantom::CtVolumePhantom(CtVolumeOptions options) : m_options(options) {}

PhantomCase CtVolumePhantom::generate(std::uint64_t seed, int index) const {
    const auto& dims = m_options.dims;
    PhantomRandom rng(phantomCaseSeed(seed, index, kCt3dSalt));
    const phantom::AbdomenModel model = phantom::AbdomenModel::random(rng, true);

    VolumeGeometry geometry;
    geometry.dims = dims;
    geometry.spacing = m_options.spacingMm;
    // Centred on the table's isocentre, as a scanner would place it.
    for (int axis = 0; axis < 3; ++axis)
        geometry.origin[std::size_t(axis)] =
            -0.5 * (dims[std::size_t(axis)] - 1) * m_options.spacingMm[std::size_t(axis)];
    PhantomCase result = emptyCtCase(QStringLiteral("ct3d"), seed, index, geometry);

    // Invented people: the export's de-identification must find something to remove.
    static const QStringList families = {"MUSTERMANN", "DOE",   "ROSSI",  "DUPONT",
                                         "NOWAK",      "SILVA", "JANSEN", "KOWALSKI"};
    static const QStringList givens = {"ERIKA", "JOHN", "MARIA", "PIERRE",
                                       "ANNA",  "JOAO", "SANNE", "PIOTR"};
    result.image.patientName = families.at(rng.integer(0, int(families.size()) - 1)) +
                               QLatin1Char('^') + givens.at(rng.integer(0, int(givens.size()) - 1));
    result.image.patientId = QStringLiteral("TGC%1%2")
                                 .arg(seed % 100000, 5, 10, QLatin1Char('0'))
                                 .arg(index, 4, 10, QLatin1Char('0'));

    const int side = std::max(dims[0], dims[1]);
    const cv::Mat coarse = phantom::smoothNoise(rng, cv::Size(side, side), 12);
    cv::Mat tissue(side, side, CV_8U);
    for (int z = 0; z < dims[2]; ++z) {
        const double height = -1.0 + (2.0 * z + 1.0) / dims[2];
        model.paintSection(height, tissue);
        const cv::Mat hu = model.hounsfield(tissue, coarse, rng);
        // A non-square grid keeps the middle of the square section.
        const cv::Rect crop((side - dims[0]) / 2, (side - dims[1]) / 2, dims[0], dims[1]);
        storeSection(hu(crop), tissue(crop), z, result);
    }
    addOrganTargets(rng, model, result);
    return result;
}

} // namespace tgc

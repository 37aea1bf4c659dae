#include "cxr_phantom.h"

#include "enum_names.h"
#include "phantom_random.h"
#include "phantom_shapes.h"

#include <QStringList>
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace tgc {

namespace {

constexpr std::uint64_t kCxrSalt = 0xC0C0A11E5ull;
constexpr std::uint64_t kCxrAbsentSalt = 0xAB5E1A7ull;
constexpr double kPi = 3.141592653589793;
constexpr double kFilmWidthMm = 430.0; // a 43 cm detector

using phantom::BlobOutline;

// Outline of a lung field in its own box: u runs from the lateral wall (0)
// to the mediastinum (1), v from the apex (0) to the costophrenic angle (1).
// The left lung's lower medial border bows out around the heart.
std::vector<cv::Point2d> lungOutline(PhantomRandom& rng, LungSide side, double lateral,
                                     double medial, double top, double bottom) {
    static const std::vector<cv::Point2d> rightShape = {
        {0.55, 0.0}, {0.25, 0.06}, {0.08, 0.28}, {0.02, 0.6}, {0.0, 0.93}, {0.03, 1.0}, {0.3, 0.9},
        {0.6, 0.8},  {0.85, 0.74}, {1.0, 0.72},  {0.96, 0.5}, {0.9, 0.25}, {0.8, 0.07}};
    static const std::vector<cv::Point2d> leftShape = {
        {0.55, 0.0},  {0.25, 0.06}, {0.08, 0.28}, {0.02, 0.6},  {0.0, 0.93},
        {0.03, 1.0},  {0.3, 0.92},  {0.55, 0.84}, {0.68, 0.74}, {0.78, 0.58},
        {0.92, 0.42}, {0.9, 0.22},  {0.8, 0.07}};
    const auto& shape = side == LungSide::Right ? rightShape : leftShape;
    std::vector<cv::Point2d> points;
    for (const cv::Point2d& p : shape) {
        const double u = std::clamp(p.x + rng.uniform(-0.03, 0.03), 0.0, 1.0);
        const double v = std::clamp(p.y + rng.uniform(-0.025, 0.025), 0.0, 1.0);
        points.emplace_back(lateral + (medial - lateral) * u, top + (bottom - top) * v);
    }
    return phantom::smoothClosed(points, 3);
}

CxrLungField fieldOf(const cv::Mat& mask, LungSide side) {
    const cv::Rect box = cv::boundingRect(mask);
    CxrLungField f;
    f.side = side;
    f.left = box.x;
    f.right = box.x + box.width - 1;
    f.top = box.y;
    f.bottom = box.y + box.height - 1;
    return f;
}

// Keeps the largest 8-connected component of a 0/255 mask; returns its area.
int keepLargestComponent(cv::Mat& mask) {
    cv::Mat components, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, components, stats, centroids, 8, CV_32S);
    int best = 0, bestArea = 0;
    for (int i = 1; i < n; ++i) {
        const int area = stats.at<int>(i, cv::CC_STAT_AREA);
        if (area > bestArea) {
            best = i;
            bestArea = area;
        }
    }
    mask = (components == best) & (mask > 0);
    return bestArea;
}

// Places one lesion in the zone, apart from the lesions already there.
// Returns false when the zone has no room (the caller then leaves it out of
// the report, so text and mask still agree).
bool placeLesion(PhantomRandom& rng, const cv::Mat& lung, const CxrLungField& field, LungZone zone,
                 cv::Mat& lesions, int size) {
    const double third = (field.bottom - field.top + 1) / 3.0;
    const double margin = std::max(2.0, 0.006 * size);
    const int bandTop = int(std::ceil(field.top + int(zone) * third + margin));
    const int bandBottom = int(std::floor(field.top + (int(zone) + 1) * third - margin));
    if (bandBottom - bandTop < 4)
        return false;
    const int minArea = std::max(12, int(0.0006 * size * size));
    // Everything happens in the band's box, with room for the separation check.
    const cv::Rect roi = cv::Rect(field.left - 3, bandTop - 3, field.right - field.left + 7,
                                  bandBottom - bandTop + 7) &
                         cv::Rect(0, 0, lung.cols, lung.rows);
    const cv::Mat lungBox = lung(roi);
    cv::Mat lesionBox = lesions(roi);
    for (int attempt = 0; attempt < 40; ++attempt) {
        const int cy = rng.integer(bandTop, bandBottom);
        const int cx = rng.integer(field.left, field.right);
        if (lung.at<std::uint8_t>(cy, cx) == 0)
            continue;
        const double rx = rng.uniform(0.03, 0.075) * size;
        const double ry = std::min(rng.uniform(0.03, 0.07) * size, 0.7 * (bandBottom - bandTop));
        cv::Mat blob = cv::Mat::zeros(roi.size(), CV_8U);
        phantom::fillOutline(
            blob,
            BlobOutline::random(rng, cx - roi.x, cy - roi.y, rx, ry, rng.uniform(0.0, kPi), 0.4),
            255);
        blob &= lungBox;
        blob.rowRange(0, bandTop - roi.y).setTo(0);
        blob.rowRange(bandBottom + 1 - roi.y, blob.rows).setTo(0);
        if (keepLargestComponent(blob) < minArea)
            continue;
        cv::Mat grown;
        cv::dilate(blob, grown, cv::Mat(), cv::Point(-1, -1), 2);
        if (cv::countNonZero(grown & lesionBox) > 0)
            continue;
        lesionBox |= blob;
        return true;
    }
    return false;
}

// Posterior ribs run from the spine outwards and bow down; anterior ribs
// run from the lateral wall down towards the midline, fainter.
void drawRibs(PhantomRandom& rng, cv::Mat& ribs, const CxrLungField& field, int size) {
    const bool imageLeft = field.side == LungSide::Right;
    const double spine = 0.5 * size + (imageLeft ? -0.035 : 0.035) * size;
    const double lateral = imageLeft ? field.left - 0.02 * size : field.right + 0.02 * size;
    const double step = (field.bottom - field.top) / 8.5;
    const int thickness = std::max(2, int(0.013 * size));
    for (int i = 0; i < 10; ++i) {
        const double y0 = field.top + (i - 0.6) * step + rng.uniform(-0.1, 0.1) * step;
        std::vector<cv::Point> posterior, anterior;
        for (int k = 0; k <= 16; ++k) {
            const double s = k / 16.0;
            posterior.emplace_back(
                int(spine + (lateral - spine) * s),
                int(y0 - 0.035 * size * std::sin(kPi * s * 0.7) + 0.09 * size * s * s));
            const double medialEnd = 0.5 * size + (imageLeft ? -0.13 : 0.13) * size;
            anterior.emplace_back(int(lateral + (medialEnd - lateral) * s),
                                  int(y0 + 0.03 * size + 0.11 * size * s - 0.03 * size * s * s));
        }
        cv::polylines(ribs, posterior, false, cv::Scalar(255), thickness, cv::LINE_AA);
        cv::polylines(ribs, anterior, false, cv::Scalar(110), std::max(1, thickness - 1),
                      cv::LINE_AA);
    }
    const cv::Point medialClavicle(int(0.5 * size + (imageLeft ? -0.05 : 0.05) * size),
                                   int(0.13 * size));
    const cv::Point lateralClavicle(int(0.5 * size + (imageLeft ? -0.32 : 0.32) * size),
                                    int(rng.uniform(0.05, 0.09) * size));
    cv::line(ribs, medialClavicle, lateralClavicle, cv::Scalar(255), std::max(2, int(0.022 * size)),
             cv::LINE_AA);
}

QString countWord(std::size_t n) {
    static const char* words[] = {"no", "one", "two", "three", "four", "five", "six"};
    return n < 7 ? QString::fromLatin1(words[n]) : QString::number(n);
}

} // namespace

LungZone CxrLungField::zoneOfRow(double y) const {
    const double third = (bottom - top + 1) / 3.0;
    const int zone = std::clamp(int(std::floor((y - top) / third)), 0, 2);
    return LungZone(zone);
}

CxrPhantom::CxrPhantom(CxrOptions options) : m_options(options) {}

QString CxrPhantom::sideName(LungSide side) {
    return side == LungSide::Right ? QStringLiteral("right") : QStringLiteral("left");
}

QString CxrPhantom::zoneName(LungZone zone) {
    static constexpr EnumNames<LungZone, 3> names{
        {{LungZone::Upper, "upper"}, {LungZone::Middle, "middle"}, {LungZone::Lower, "lower"}}};
    return QLatin1String(enumName(names, zone));
}

QString CxrPhantom::report(const std::vector<CxrLesion>& lesions, bool leftFirst) {
    if (lesions.empty())
        return QStringLiteral("No infection.");
    QStringList parts;
    bool sides[2] = {false, false};
    const LungSide order[2] = {leftFirst ? LungSide::Left : LungSide::Right,
                               leftFirst ? LungSide::Right : LungSide::Left};
    for (LungSide side : order) {
        QStringList zones;
        for (LungZone zone : {LungZone::Upper, LungZone::Middle, LungZone::Lower}) {
            for (const CxrLesion& l : lesions) {
                if (l.side == side && l.zone == zone && !zones.contains(zoneName(zone)))
                    zones << zoneName(zone);
            }
        }
        if (zones.isEmpty())
            continue;
        sides[int(side)] = true;
        QString joined = zones.size() == 1
                             ? zones.front()
                             : zones.mid(0, zones.size() - 1).join(QStringLiteral(", ")) +
                                   QStringLiteral(" and ") + zones.back();
        parts << joined + QLatin1Char(' ') + sideName(side) + QStringLiteral(" lung");
    }
    const bool bilateral = sides[0] && sides[1];
    const QString area =
        lesions.size() == 1 ? QStringLiteral("infected area") : QStringLiteral("infected areas");
    return QStringLiteral("%1 pulmonary infection, %2 %3, %4.")
        .arg(bilateral ? QStringLiteral("Bilateral") : QStringLiteral("Unilateral"),
             countWord(lesions.size()), area, parts.join(QStringLiteral(" and ")));
}

CxrCase CxrPhantom::generate(std::uint64_t seed, int index) const {
    const int size = m_options.size;
    PhantomRandom rng(phantomCaseSeed(seed, index, kCxrSalt));
    const cv::Size sz(size, size);

    // Lung fields; the left hemidiaphragm sits a little lower than the right.
    cv::Mat lungMasks[2] = {cv::Mat::zeros(sz, CV_8U), cv::Mat::zeros(sz, CV_8U)};
    const double top = rng.uniform(0.1, 0.15) * size;
    const double bottom = rng.uniform(0.68, 0.75) * size;
    phantom::fillPolygon(lungMasks[0],
                         lungOutline(rng, LungSide::Right, rng.uniform(0.12, 0.16) * size,
                                     rng.uniform(0.44, 0.47) * size, top, bottom),
                         255);
    phantom::fillPolygon(lungMasks[1],
                         lungOutline(rng, LungSide::Left, rng.uniform(0.84, 0.88) * size,
                                     rng.uniform(0.53, 0.56) * size,
                                     top + rng.uniform(0.0, 0.015) * size,
                                     bottom + rng.uniform(0.0, 0.03) * size),
                         255);
    CxrCase result;
    result.lungs = {fieldOf(lungMasks[0], LungSide::Right), fieldOf(lungMasks[1], LungSide::Left)};

    // Lesions: 0-3, each in its own zone.
    const double draw = rng.uniform();
    const int wanted = draw < 0.25 ? 0 : draw < 0.55 ? 1 : draw < 0.8 ? 2 : 3;
    std::vector<int> zones{0, 1, 2, 3, 4, 5}; // side * 3 + zone
    for (int i = 5; i > 0; --i)
        std::swap(zones[std::size_t(i)], zones[std::size_t(rng.integer(0, i))]);
    cv::Mat lesionMask = cv::Mat::zeros(sz, CV_8U);
    for (int i = 0; i < wanted; ++i) {
        const LungSide side = LungSide(zones[std::size_t(i)] / 3);
        const LungZone zone = LungZone(zones[std::size_t(i)] % 3);
        if (placeLesion(rng, lungMasks[int(side)], result.lungs[std::size_t(side)], zone,
                        lesionMask, size))
            result.lesions.push_back({side, zone});
    }

    // Attenuation: thorax thickness, then broad structures (lung air with its
    // vascular markings, heart, spine) blurred wide and fine ones (ribs,
    // clavicles, lesions) blurred narrow.
    cv::Mat heart = cv::Mat::zeros(sz, CV_8U);
    phantom::fillOutline(
        heart,
        BlobOutline::random(rng, rng.uniform(0.53, 0.57) * size, rng.uniform(0.6, 0.65) * size,
                            rng.uniform(0.13, 0.17) * size, rng.uniform(0.1, 0.13) * size,
                            rng.uniform(-0.3, 0.1), 0.05),
        255);
    const double bodyCx = (0.5 + rng.uniform(-0.01, 0.01)) * size;
    const double bodyRx = rng.uniform(0.44, 0.48) * size;
    const double spineHalfWidth = 0.035 * size;
    cv::Mat bones = cv::Mat::zeros(sz, CV_8U);
    drawRibs(rng, bones, result.lungs[0], size);
    drawRibs(rng, bones, result.lungs[1], size);
    const cv::Mat markings = phantom::smoothNoise(rng, sz, 40);
    const cv::Mat texture = phantom::smoothNoise(rng, sz, 48);
    const double opacity = rng.uniform(0.22, 0.45);

    cv::Mat broad(sz, CV_32F), fine(sz, CV_32F);
    for (int y = 0; y < size; ++y) {
        const std::uint8_t* right = lungMasks[0].ptr<std::uint8_t>(y);
        const std::uint8_t* left = lungMasks[1].ptr<std::uint8_t>(y);
        const std::uint8_t* cardiac = heart.ptr<std::uint8_t>(y);
        const std::uint8_t* bone = bones.ptr<std::uint8_t>(y);
        const std::uint8_t* lesion = lesionMask.ptr<std::uint8_t>(y);
        const float* marking = markings.ptr<float>(y);
        const float* grain = texture.ptr<float>(y);
        float* b = broad.ptr<float>(y);
        float* f = fine.ptr<float>(y);
        for (int x = 0; x < size; ++x) {
            double v = (right[x] || left[x]) ? -0.58 + 0.05 * marking[x] : 0.0;
            if (cardiac[x])
                v += 0.18;
            if (std::abs(x - bodyCx) < spineHalfWidth)
                v += 0.15;
            b[x] = float(v);
            f[x] = float(0.12 / 255.0 * bone[x] +
                         (lesion[x] ? opacity * (0.7 + 0.3 * grain[x]) : 0.0));
        }
    }
    cv::GaussianBlur(broad, broad, cv::Size(), 0.006 * size);
    cv::GaussianBlur(fine, fine, cv::Size(), 0.002 * size + 0.4);
    cv::Mat attenuation = broad + fine;
    for (int y = 0; y < size; ++y) {
        float* row = attenuation.ptr<float>(y);
        const double narrowing = 0.82 + 0.18 * std::min(1.0, y / (0.22 * size));
        for (int x = 0; x < size; ++x) {
            const double t = (x - bodyCx) / (bodyRx * narrowing);
            row[x] += t < 1.0 && t > -1.0 ? float(std::sqrt(1.0 - t * t)) : 0.0f;
        }
    }
    phantom::addNoise(attenuation, rng, 0.012);

    // Exposure: detector response, offset and gamma vary like films from
    // different machines; a table replaces the per-pixel exp and pow.
    const double response = rng.uniform(1.3, 2.0);
    const double offset = rng.uniform(0.0, 0.05);
    const double gamma = rng.uniform(0.9, 1.3);
    constexpr int kSteps = 4096;
    constexpr double kMaxAttenuation = 3.0;
    std::vector<std::uint8_t> exposure(kSteps + 1);
    for (int i = 0; i <= kSteps; ++i) {
        const double a = kMaxAttenuation * i / kSteps;
        const double v = offset + (1.0 - offset) * (1.0 - std::exp(-response * a));
        exposure[std::size_t(i)] = std::uint8_t(std::lround(255.0 * std::pow(v, gamma)));
    }
    VolumeGeometry geometry;
    geometry.dims = {size, size, 1};
    geometry.spacing = {kFilmWidthMm / size, kFilmWidthMm / size, 1.0};
    result.image = ImageVolume(VoxelType::UInt8, 1, geometry);
    result.image.modality = QStringLiteral("DX");
    std::uint8_t* pixels = result.image.data<std::uint8_t>();
    for (int y = 0; y < size; ++y) {
        const float* row = attenuation.ptr<float>(y);
        for (int x = 0; x < size; ++x) {
            const int step =
                int(std::clamp(double(row[x]), 0.0, kMaxAttenuation) * (kSteps / kMaxAttenuation) +
                    0.5);
            pixels[std::size_t(y) * size + x] = exposure[std::size_t(step)];
        }
    }

    result.labels = LabelMap(geometry);
    result.labels.labels() = {
        Label{CxrLesionLabel, QStringLiteral("lesion"), {230, 60, 60}, true},
        Label{CxrRightLungLabel, QStringLiteral("right lung"), {80, 160, 230}, true},
        Label{CxrLeftLungLabel, QStringLiteral("left lung"), {80, 230, 160}, true}};
    PhantomTarget target;
    target.key = QStringLiteral("lesions");
    target.prompt = report(result.lesions, rng.chance(0.5));
    target.designedMean = opacity;
    target.mask = LabelMap(geometry);
    std::uint8_t* all = result.labels.data();
    std::uint8_t* lesionVoxels = target.mask.data();
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const std::size_t i = std::size_t(y) * size + x;
            if (lesionMask.at<std::uint8_t>(y, x)) {
                all[i] = CxrLesionLabel;
                lesionVoxels[i] = CxrLesionLabel;
            } else if (lungMasks[0].at<std::uint8_t>(y, x)) {
                all[i] = CxrRightLungLabel;
            } else if (lungMasks[1].at<std::uint8_t>(y, x)) {
                all[i] = CxrLeftLungLabel;
            }
        }
    }
    result.targets.push_back(std::move(target));
    if (m_options.absentTargets) {
        PhantomRandom absent(phantomCaseSeed(seed, index, kCxrAbsentSalt));
        std::vector<LungSide> clearSides;
        for (LungSide side : {LungSide::Right, LungSide::Left}) {
            const bool hasLesion =
                std::any_of(result.lesions.begin(), result.lesions.end(),
                            [side](const CxrLesion& l) { return l.side == side; });
            if (!hasLesion)
                clearSides.push_back(side);
        }
        if (!clearSides.empty()) {
            const LungSide side =
                clearSides[std::size_t(absent.integer(0, int(clearSides.size()) - 1))];
            const LungZone zone = LungZone(absent.integer(0, 2));
            PhantomTarget missing;
            missing.key = QStringLiteral("absent");
            missing.prompt = report({CxrLesion{side, zone}}, false);
            missing.mask = LabelMap(geometry);
            result.targets.push_back(std::move(missing));
        }
    }
    result.id = QStringLiteral("cxr_s%1_%2").arg(seed).arg(index, 4, 10, QLatin1Char('0'));
    return result;
}

} // namespace tgc

#include "abdomen_model.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace tgc::phantom {

namespace {

OrganShape randomOrgan(PhantomRandom& rng, double cx, double cy, double rx, double ry, double angle,
                       double cz, double rz, double wobble) {
    OrganShape s;
    s.outline =
        BlobOutline::random(rng, cx + rng.uniform(-0.04, 0.04), cy + rng.uniform(-0.04, 0.04),
                            rx * rng.uniform(0.88, 1.12), ry * rng.uniform(0.88, 1.12),
                            angle + rng.uniform(-0.15, 0.15), wobble);
    s.cz = cz + rng.uniform(-0.1, 0.1);
    s.rz = rz * rng.uniform(0.9, 1.1);
    s.driftX = rng.uniform(-0.05, 0.05);
    s.driftY = rng.uniform(-0.05, 0.05);
    s.twist = rng.uniform(-1.0, 1.0);
    return s;
}

// Paints `code` where the outline lies inside `clip` (8-bit, non-zero =
// allowed). Works in the outline's bounding box; `scratch` is a reusable
// image of the tissue's size.
void paintClipped(cv::Mat& tissue, const BlobOutline& outline, std::uint8_t code,
                  const cv::Mat& clip, cv::Mat& scratch) {
    if (outline.rx < 0.5 || outline.ry < 0.5)
        return;
    const std::vector<std::vector<cv::Point>> polygons{outline.polygon()};
    const cv::Rect box = cv::boundingRect(polygons.front());
    const cv::Rect roi = cv::Rect((box.x >> kShift) - 1, (box.y >> kShift) - 1,
                                  (box.width >> kShift) + 3, (box.height >> kShift) + 3) &
                         cv::Rect(0, 0, tissue.cols, tissue.rows);
    if (roi.empty())
        return;
    scratch(roi).setTo(0);
    cv::fillPoly(scratch, polygons, cv::Scalar(255), cv::LINE_8, kShift);
    for (int y = roi.y; y < roi.y + roi.height; ++y) {
        const std::uint8_t* inside = scratch.ptr<std::uint8_t>(y);
        const std::uint8_t* allowed = clip.ptr<std::uint8_t>(y);
        std::uint8_t* out = tissue.ptr<std::uint8_t>(y);
        for (int x = roi.x; x < roi.x + roi.width; ++x) {
            if (inside[x] && allowed[x])
                out[x] = code;
        }
    }
}

} // namespace

std::uint8_t organOfTissue(std::uint8_t tissue) {
    switch (tissue) {
    case Liver:
    case Spleen:
    case KidneyRight:
    case KidneyLeft:
    case StomachWall:
    case Aorta:
    case CorticalBone:
        return tissue;
    case StomachContent:
    case StomachGas:
        return StomachWall;
    case CancellousBone:
        return CorticalBone;
    default:
        return 0;
    }
}

AbdomenModel AbdomenModel::random(PhantomRandom& rng, bool withDiscs) {
    AbdomenModel m;
    m.m_shiftX = rng.uniform(-0.05, 0.05);
    m.m_shiftY = rng.uniform(-0.04, 0.04);
    m.m_rotation = rng.uniform(-0.06, 0.06);
    m.m_scale = rng.uniform(0.9, 1.03);
    m.m_body.outline = BlobOutline::random(rng, 0.0, 0.05, rng.uniform(0.78, 0.86),
                                           rng.uniform(0.6, 0.67), 0.0, 0.03);
    m.m_body.cz = 0.0;
    m.m_body.rz = 100.0;
    m.m_fatThickness = rng.uniform(0.03, 0.09);

    // Image left is the patient's right: liver and right kidney at negative x.
    // The retroperitoneal organs are placed relative to the spine.
    m.m_spineX = rng.uniform(-0.02, 0.02);
    m.m_spineY = rng.uniform(0.28, 0.32);
    const double sy = m.m_spineY;
    m.m_organs[Liver] = randomOrgan(rng, -0.38, -0.08, 0.36, 0.4, -0.35, 0.3, 0.95, 0.08);
    m.m_organs[Spleen] = randomOrgan(rng, 0.55, 0.2, 0.13, 0.22, 0.5, 0.25, 0.6, 0.08);
    m.m_organs[StomachWall] = randomOrgan(rng, 0.28, -0.28, 0.24, 0.16, 0.25, 0.35, 0.7, 0.06);
    m.m_organs[KidneyRight] = randomOrgan(rng, -0.3, sy + 0.02, 0.1, 0.14, 0.45, -0.15, 0.5, 0.05);
    m.m_organs[KidneyLeft] = randomOrgan(rng, 0.3, sy, 0.1, 0.14, -0.45, -0.05, 0.5, 0.05);
    m.m_organs[Aorta] = randomOrgan(rng, 0.05, sy - 0.18, 0.045, 0.045, 0.0, 0.0, 100.0, 0.01);
    m.m_organs[VenaCava] = randomOrgan(rng, -0.12, sy - 0.16, 0.045, 0.035, 0.0, 0.0, 100.0, 0.02);
    for (Tissue vessel : {Aorta, VenaCava}) {
        m.m_organs[vessel].driftX *= 0.2;
        m.m_organs[vessel].driftY *= 0.2;
    }
    const int loops = rng.integer(5, 10);
    for (int i = 0; i < loops; ++i) {
        const double r = rng.uniform(0.05, 0.1);
        m.m_bowel.push_back(randomOrgan(rng, rng.uniform(-0.35, 0.5), rng.uniform(-0.5, 0.15), r,
                                        r * rng.uniform(0.7, 1.3), rng.uniform(0.0, 3.14),
                                        rng.uniform(-1.0, 1.0), rng.uniform(0.3, 0.8), 0.1));
        m.m_bowelHasGas.push_back(rng.chance(0.4));
    }
    m.m_discPhase = rng.uniform();
    m.m_withDiscs = withDiscs;
    m.m_noise = rng.uniform(15.0, 35.0);

    // Portal venous phase, with the spread between patients and scanners.
    const auto jitter = [&rng](double mean, double spread) {
        return mean + rng.uniform(-spread, spread);
    };
    m.m_meanHu = {{OutsideAir, -1000.0},
                  {Liver, jitter(105, 10)},
                  {Spleen, jitter(115, 10)},
                  {KidneyRight, jitter(170, 15)},
                  {StomachWall, jitter(55, 8)},
                  {Aorta, jitter(165, 15)},
                  {CorticalBone, jitter(650, 80)},
                  {SubcutaneousFat, jitter(-100, 10)},
                  {MuscleWall, jitter(50, 8)},
                  {VisceralFat, jitter(-95, 10)},
                  {Bowel, jitter(35, 10)},
                  {BowelGas, -900.0},
                  {Paraspinal, jitter(55, 8)},
                  {SpinalCanal, jitter(15, 5)},
                  {Disc, jitter(85, 10)},
                  {VenaCava, jitter(120, 10)},
                  {StomachContent, jitter(12, 6)},
                  {StomachGas, -950.0},
                  {CancellousBone, jitter(220, 30)}};
    m.m_meanHu[KidneyLeft] = m.m_meanHu[KidneyRight] + rng.uniform(-5.0, 5.0);
    return m;
}

double AbdomenModel::meanHu(std::uint8_t tissue) const {
    const auto found = m_meanHu.find(tissue);
    return found == m_meanHu.end() ? 0.0 : found->second;
}

cv::Point2d AbdomenModel::toPixel(double x, double y, int size) const {
    const double c = std::cos(m_rotation), s = std::sin(m_rotation);
    const double rx = m_scale * (c * x - s * y) + m_shiftX;
    const double ry = m_scale * (s * x + c * y) + m_shiftY;
    return {(rx + 1.0) * 0.5 * size, (ry + 1.0) * 0.5 * size};
}

BlobOutline AbdomenModel::section(const OrganShape& shape, double z, int size) const {
    BlobOutline b = shape.outline;
    const double t = (z - shape.cz) / shape.rz;
    if (std::abs(t) >= 1.0) {
        b.rx = b.ry = 0.0;
        return b;
    }
    // Fuller than an ellipsoid's sections: organs end less abruptly.
    const double factor = std::pow(1.0 - t * t, 0.4);
    const double dz = z - shape.cz;
    const cv::Point2d centre = toPixel(b.cx + shape.driftX * dz, b.cy + shape.driftY * dz, size);
    b.cx = centre.x;
    b.cy = centre.y;
    b.rx *= factor * m_scale * 0.5 * size;
    b.ry *= factor * m_scale * 0.5 * size;
    b.angle += m_rotation;
    for (double& phase : b.phase)
        phase += shape.twist * z;
    return b;
}

void AbdomenModel::paintVertebra(double z, cv::Mat& tissue) const {
    const int size = tissue.cols;
    const double unit = m_scale * 0.5 * size; // pixels per field unit
    const auto at = [&](double dx, double dy) {
        return toPixel(m_spineX + dx, m_spineY + dy, size);
    };
    const double angle = m_rotation * 180.0 / 3.141592653589793;
    const auto ellipse = [&](cv::Point2d c, double rx, double ry, std::uint8_t code) {
        cv::ellipse(tissue,
                    cv::RotatedRect(cv::Point2f(float(c.x), float(c.y)),
                                    cv::Size2f(float(2 * rx * unit), float(2 * ry * unit)),
                                    float(angle)),
                    cv::Scalar(code), cv::FILLED, cv::LINE_8);
    };
    const auto bar = [&](cv::Point2d a, cv::Point2d b, double width) {
        cv::line(tissue, cv::Point(int(a.x), int(a.y)), cv::Point(int(b.x), int(b.y)),
                 cv::Scalar(CorticalBone), std::max(1, int(width * unit)), cv::LINE_8);
    };
    // A disc every fifth of the height in volumes: the vertebral body gives way to it.
    const double cycle = (z + 1.0) * 2.5 + m_discPhase;
    const bool disc = m_withDiscs && cycle - std::floor(cycle) < 0.18;
    if (disc) {
        ellipse(at(0, 0), 0.12, 0.105, Disc);
    } else {
        ellipse(at(0, 0), 0.12, 0.105, CorticalBone);
        ellipse(at(0, 0), 0.095, 0.08, CancellousBone);
    }
    ellipse(at(0, 0.19), 0.1, 0.08, CorticalBone);
    bar(at(0, 0.22), at(0, 0.27), 0.035);
    bar(at(0, 0.12), at(-0.16, 0.12), 0.03);
    bar(at(0, 0.12), at(0.16, 0.12), 0.03);
    ellipse(at(0, 0.17), 0.055, 0.05, SpinalCanal);
}

void AbdomenModel::removeOrgan(Tissue organ) {
    // A section beyond the organ's half height has no extent (section()).
    m_organs.at(organ).cz = 1e9;
}

void AbdomenModel::paintSection(double z, cv::Mat& tissue) const {
    const int size = tissue.cols;
    tissue.setTo(OutsideAir);
    cv::Mat scratch(tissue.size(), CV_8U);
    const auto paint = [&](const BlobOutline& outline, std::uint8_t code, const cv::Mat& clip) {
        paintClipped(tissue, outline, code, clip, scratch);
    };
    const BlobOutline body = section(m_body, z, size);
    const double bodyRy = m_body.outline.ry;
    fillOutline(tissue, body, SubcutaneousFat);
    const BlobOutline wall = body.scaled(1.0 - m_fatThickness / bodyRy);
    fillOutline(tissue, wall, MuscleWall);
    cv::Mat insideWall = cv::Mat::zeros(tissue.size(), CV_8U);
    fillOutline(insideWall, wall, 255);
    const BlobOutline cavityOutline = body.scaled(1.0 - (m_fatThickness + 0.035) / bodyRy);
    cv::Mat cavity = cv::Mat::zeros(tissue.size(), CV_8U);
    fillOutline(cavity, cavityOutline, 255);
    tissue.setTo(VisceralFat, cavity);

    for (double side : {-1.0, 1.0}) {
        const cv::Point2d c = toPixel(m_spineX + side * 0.17, m_spineY + 0.2, size);
        BlobOutline muscle;
        muscle.cx = c.x;
        muscle.cy = c.y;
        muscle.rx = 0.1 * m_scale * 0.5 * size;
        muscle.ry = 0.08 * m_scale * 0.5 * size;
        muscle.angle = m_rotation;
        paint(muscle, Paraspinal, insideWall);
    }
    for (std::size_t i = 0; i < m_bowel.size(); ++i) {
        const BlobOutline loop = section(m_bowel[i], z, size);
        paint(loop, Bowel, cavity);
        if (m_bowelHasGas[i])
            paint(loop.scaled(0.5), BowelGas, cavity);
    }
    paint(section(m_organs.at(VenaCava), z, size), VenaCava, cavity);
    paint(section(m_organs.at(Liver), z, size), Liver, cavity);
    paint(section(m_organs.at(Spleen), z, size), Spleen, cavity);

    // Stomach: wall, fluid, and gas rising to the front (image top).
    const BlobOutline stomach = section(m_organs.at(StomachWall), z, size);
    paint(stomach, StomachWall, cavity);
    if (stomach.ry > 0.0) {
        const BlobOutline lumen =
            stomach.scaled(std::max(0.3, 1.0 - 0.0125 * m_scale * size / stomach.ry));
        cv::Mat inner = cv::Mat::zeros(tissue.size(), CV_8U);
        fillOutline(inner, lumen, 255);
        inner &= cavity;
        tissue.setTo(StomachContent, inner);
        const int gasLevel = int(stomach.cy - 0.35 * stomach.ry);
        if (gasLevel > 0 && gasLevel < inner.rows) {
            inner.rowRange(gasLevel, inner.rows).setTo(0);
            tissue.setTo(StomachGas, inner);
        }
    }
    paint(section(m_organs.at(KidneyRight), z, size), KidneyRight, cavity);
    paint(section(m_organs.at(KidneyLeft), z, size), KidneyLeft, cavity);
    paint(section(m_organs.at(Aorta), z, size), Aorta, insideWall);
    paintVertebra(z, tissue);
}

cv::Mat AbdomenModel::hounsfield(const cv::Mat& tissue, const cv::Mat& coarseTexture,
                                 PhantomRandom& rng) const {
    double mean[256] = {};
    double texture[256] = {};
    for (const auto& [code, hu] : m_meanHu)
        mean[code] = hu;
    for (int code = 1; code < 256; ++code)
        texture[code] = 6.0;
    texture[OutsideAir] = 0.0;
    texture[Bowel] = 25.0;
    texture[SubcutaneousFat] = texture[VisceralFat] = 12.0;
    texture[CancellousBone] = 40.0;
    texture[CorticalBone] = 60.0;
    texture[BowelGas] = texture[StomachGas] = 20.0;
    const cv::Mat fine = smoothNoise(rng, tissue.size(), std::max(8, tissue.cols / 10));
    cv::Mat hu(tissue.size(), CV_32F);
    for (int y = 0; y < tissue.rows; ++y) {
        const std::uint8_t* codes = tissue.ptr<std::uint8_t>(y);
        const float* coarse = coarseTexture.ptr<float>(y);
        const float* grain = fine.ptr<float>(y);
        float* out = hu.ptr<float>(y);
        for (int x = 0; x < tissue.cols; ++x)
            out[x] = float(mean[codes[x]] + texture[codes[x]] * (0.6 * coarse[x] + 0.8 * grain[x]));
    }
    addNoise(hu, rng, m_noise);
    // Partial volume and the reconstruction kernel: edges and noise soften.
    cv::GaussianBlur(hu, hu, cv::Size(), 0.6);
    return hu;
}

} // namespace tgc::phantom

#include "phantom_shapes.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace tgc::phantom {

namespace {
constexpr double kTwoPi = 6.283185307179586;
constexpr double kScale = double(1 << kShift);
} // namespace

BlobOutline BlobOutline::random(PhantomRandom& rng, double cx, double cy, double rx, double ry,
                                double angle, double wobble) {
    BlobOutline b;
    b.cx = cx;
    b.cy = cy;
    b.rx = rx;
    b.ry = ry;
    b.angle = angle;
    for (std::size_t k = 0; k < b.amplitude.size(); ++k) {
        b.amplitude[k] = wobble * rng.uniform(0.2, 1.0) / double(k + 1);
        b.phase[k] = rng.uniform(0.0, kTwoPi);
    }
    return b;
}

BlobOutline BlobOutline::scaled(double factor) const {
    BlobOutline b = *this;
    b.rx *= factor;
    b.ry *= factor;
    return b;
}

double BlobOutline::radiusFactor(double t) const {
    double r = 1.0;
    for (std::size_t k = 0; k < amplitude.size(); ++k)
        r += amplitude[k] * std::cos(double(k + 2) * t + phase[k]);
    return std::max(0.2, r);
}

std::vector<cv::Point> BlobOutline::polygon(int vertices) const {
    std::vector<cv::Point> points;
    points.reserve(std::size_t(vertices));
    const double c = std::cos(angle), s = std::sin(angle);
    for (int i = 0; i < vertices; ++i) {
        const double t = kTwoPi * i / vertices;
        const double f = radiusFactor(t);
        const double x = rx * f * std::cos(t), y = ry * f * std::sin(t);
        points.emplace_back(int(std::lround((cx + c * x - s * y) * kScale)),
                            int(std::lround((cy + s * x + c * y) * kScale)));
    }
    return points;
}

void fillOutline(cv::Mat& target, const BlobOutline& outline, double value) {
    if (outline.rx < 0.5 || outline.ry < 0.5)
        return;
    const std::vector<std::vector<cv::Point>> polygons{outline.polygon()};
    cv::fillPoly(target, polygons, cv::Scalar(value), cv::LINE_8, kShift);
}

void fillPolygon(cv::Mat& target, const std::vector<cv::Point2d>& points, double value) {
    std::vector<cv::Point> fixed;
    fixed.reserve(points.size());
    for (const cv::Point2d& p : points)
        fixed.emplace_back(int(std::lround(p.x * kScale)), int(std::lround(p.y * kScale)));
    const std::vector<std::vector<cv::Point>> polygons{fixed};
    cv::fillPoly(target, polygons, cv::Scalar(value), cv::LINE_8, kShift);
}

std::vector<cv::Point2d> smoothClosed(const std::vector<cv::Point2d>& points, int iterations) {
    std::vector<cv::Point2d> current = points;
    for (int it = 0; it < iterations; ++it) {
        std::vector<cv::Point2d> next;
        next.reserve(current.size() * 2);
        for (std::size_t i = 0; i < current.size(); ++i) {
            const cv::Point2d& a = current[i];
            const cv::Point2d& b = current[(i + 1) % current.size()];
            next.push_back(0.75 * a + 0.25 * b);
            next.push_back(0.25 * a + 0.75 * b);
        }
        current.swap(next);
    }
    return current;
}

cv::Mat smoothNoise(PhantomRandom& rng, cv::Size size, int cells) {
    cv::Mat grid(cells + 1, cells + 1, CV_32F);
    for (int y = 0; y < grid.rows; ++y) {
        float* row = grid.ptr<float>(y);
        for (int x = 0; x < grid.cols; ++x)
            row[x] = float(rng.normal());
    }
    cv::Mat field;
    cv::resize(grid, field, size, 0, 0, cv::INTER_CUBIC);
    cv::Scalar mean, deviation;
    cv::meanStdDev(field, mean, deviation);
    const double scale = 1.0 / std::max(1e-6, deviation[0]);
    field.convertTo(field, CV_32F, scale, -mean[0] * scale);
    return field;
}

void addNoise(cv::Mat& image, PhantomRandom& rng, double sigma) {
    for (int y = 0; y < image.rows; ++y) {
        float* row = image.ptr<float>(y);
        for (int x = 0; x < image.cols; ++x)
            row[x] += float(sigma * rng.roughNormal());
    }
}

} // namespace tgc::phantom

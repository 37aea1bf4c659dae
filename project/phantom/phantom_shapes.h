// Drawing helpers shared by the phantom generators (OpenCV stays inside
// project/phantom: this header is not included outside it).
#pragma once

#include "phantom_random.h"

#include <array>
#include <opencv2/core.hpp>
#include <vector>

namespace tgc::phantom {

// A closed outline: an ellipse whose radius wobbles with low harmonics, the
// smooth random deformation organs and lesions get.
struct BlobOutline {
    double cx = 0, cy = 0;             // centre, pixels
    double rx = 1, ry = 1;             // radii, pixels
    double angle = 0;                  // rotation, radians
    std::array<double, 5> amplitude{}; // harmonics 2..6, relative to the radius
    std::array<double, 5> phase{};

    // Harmonic amplitudes drawn up to `wobble` (decreasing with order).
    static BlobOutline random(PhantomRandom& rng, double cx, double cy, double rx, double ry,
                              double angle, double wobble);
    BlobOutline scaled(double factor) const;
    // Radius factor (1 + harmonics) at polar angle t in the blob's frame.
    double radiusFactor(double t) const;
    // Polygon in OpenCV fixed point (kShift fractional bits).
    std::vector<cv::Point> polygon(int vertices = 96) const;
};

constexpr int kShift = 4; // fractional bits of the polygon vertices

// Fills the outline with `value` on an 8-bit or float image.
void fillOutline(cv::Mat& target, const BlobOutline& outline, double value);
// Fills a polygon given in pixels (smoothed by the caller) with `value`.
void fillPolygon(cv::Mat& target, const std::vector<cv::Point2d>& points, double value);
// Chaikin corner cutting: a rounder closed outline through the same region.
std::vector<cv::Point2d> smoothClosed(const std::vector<cv::Point2d>& points, int iterations);

// Smooth random field (CV_32F) with about zero mean and unit deviation: a
// coarse grid of `cells` normal values, bicubically enlarged.
cv::Mat smoothNoise(PhantomRandom& rng, cv::Size size, int cells);
// Adds independent near-normal noise of deviation sigma to a CV_32F image.
void addNoise(cv::Mat& image, PhantomRandom& rng, double sigma);

} // namespace tgc::phantom

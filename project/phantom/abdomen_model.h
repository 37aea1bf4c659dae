// A random abdomen at the level of the kidneys, drawn section by section:
// the shared anatomy of the 2D and 3D CT phantoms. Internal to project/phantom.
//
// Coordinates are fractions of the field of view: x and y in [-1, 1] with x
// towards the patient's LEFT (image right, radiological display) and y
// towards the back (image down); z in [-1, 1] from the lowest slice to the
// highest, +1 towards the head.
#pragma once

#include "phantom_random.h"
#include "phantom_shapes.h"

#include <map>
#include <opencv2/core.hpp>
#include <vector>

namespace tgc::phantom {

// What a pixel holds. Codes 1-7 are the organs of ct_organs.h; the other
// codes are tissues that map to an organ (stomach gas -> stomach) or to none.
enum Tissue : std::uint8_t {
    OutsideAir = 0,
    Liver = 1,
    Spleen = 2,
    KidneyRight = 3,
    KidneyLeft = 4,
    StomachWall = 5,
    Aorta = 6,
    CorticalBone = 7,
    SubcutaneousFat = 10,
    MuscleWall = 11,
    VisceralFat = 12,
    Bowel = 13,
    BowelGas = 14,
    Paraspinal = 15,
    SpinalCanal = 16,
    Disc = 17,
    VenaCava = 18,
    StomachContent = 19,
    StomachGas = 20,
    CancellousBone = 21,
};

// Organ label id of a tissue code (0 when the tissue is no labelled organ).
std::uint8_t organOfTissue(std::uint8_t tissue);

// An organ's outline at its widest and how it changes along z.
struct OrganShape {
    BlobOutline outline;               // in field units
    double cz = 0.0;                   // centre height
    double rz = 10.0;                  // half height; sections shrink like an ellipsoid's
    double driftX = 0.0, driftY = 0.0; // centre shift per unit of z
    double twist = 0.0;                // harmonic phase change per unit of z
};

class AbdomenModel {
public:
    // Random anatomy; discs between vertebral bodies only when asked (volumes),
    // so a single slice always cuts a vertebral body.
    static AbdomenModel random(PhantomRandom& rng, bool withDiscs);

    // Tissue codes of the axial section at height z, on a square 8-bit image.
    void paintSection(double z, cv::Mat& tissue) const;
    // Hounsfield units (CV_32F) from tissue codes: mean per tissue, a little
    // texture, partial-volume blur and noise.
    // coarseTexture: smoothNoise field of the section's size; a volume passes
    // the same one for every slice so organ texture runs on along z.
    cv::Mat hounsfield(const cv::Mat& tissue, const cv::Mat& coarseTexture,
                       PhantomRandom& rng) const;
    // The mean HU a tissue is painted with.
    double meanHu(std::uint8_t tissue) const;
    // Leaves an organ out of every section (a removed kidney, for prompts
    // that name a structure the patient does not have).
    void removeOrgan(Tissue organ);

private:
    // The outline of a shape's section at z, in pixels of a size x size image.
    BlobOutline section(const OrganShape& shape, double z, int size) const;
    cv::Point2d toPixel(double x, double y, int size) const;
    void paintVertebra(double z, cv::Mat& tissue) const;

    // Whole-patient pose: position, tilt and build vary between cases.
    double m_shiftX = 0.0, m_shiftY = 0.0, m_rotation = 0.0, m_scale = 1.0;

    double m_fatThickness = 0.05;
    OrganShape m_body;
    std::map<Tissue, OrganShape> m_organs; // liver, spleen, kidneys, stomach, aorta, cava
    std::vector<OrganShape> m_bowel;
    std::vector<bool> m_bowelHasGas;
    double m_spineX = 0.0, m_spineY = 0.3; // centre of the vertebral body
    double m_discPhase = 0.0;
    bool m_withDiscs = false;
    double m_noise = 12.0;
    std::map<std::uint8_t, double> m_meanHu;
};

} // namespace tgc::phantom

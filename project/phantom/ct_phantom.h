// Abdominal CT phantoms in Hounsfield units: single axial slices (2D) and
// small volumes, with liver, spleen, kidneys, stomach, aorta and vertebra
// (ct_organs.h). Image left is the patient's right (radiological display).
#pragma once

#include "phantom_case.h"

#include <array>
#include <cstdint>

namespace tgc {

struct CtSliceOptions {
    int size = 512;               // square slice side, pixels
    double fieldOfViewMm = 360.0; // sets the pixel spacing
    // Also ask for organs the slice does not show, with empty masks: half
    // the slices anywhere from the pelvis to the dome of the liver instead
    // of at kidney level, and a quarter with one kidney removed. Draws from
    // a random stream of its own, so the other cases stay as they were.
    bool absentTargets = false;
};

// One axial slice at kidney level: int16 HU image (modality CT), the label
// map of all organs, and one target per organ with a prompt naming it
// (with absentTargets, also the organs it lacks, masks empty).
class CtSlicePhantom {
public:
    explicit CtSlicePhantom(CtSliceOptions options = {});
    PhantomCase generate(std::uint64_t seed, int index) const;

private:
    CtSliceOptions m_options;
};

struct CtVolumeOptions {
    std::array<int, 3> dims{128, 128, 48};
    // The anatomy is drawn in fractions of the field, so any grid holds a
    // whole abdomen; the spacing is what the files say about the voxels.
    std::array<double, 3> spacingMm{0.8, 0.8, 2.5};
};

// A volume with the same organs in 3D; targets as for the slices, with a
// patient name and ID per volume for the DICOM export to de-identify.
class CtVolumePhantom {
public:
    explicit CtVolumePhantom(CtVolumeOptions options = {});
    PhantomCase generate(std::uint64_t seed, int index) const;

private:
    CtVolumeOptions m_options;
};

} // namespace tgc

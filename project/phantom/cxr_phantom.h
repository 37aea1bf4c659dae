// Chest-X-ray-like phantoms with 0-3 lesions and a QaTa-COV19 style report.
//
// Sides follow the radiological convention used by QaTa-COV19 and by every
// PA chest film: the patient faces the viewer, so the patient's RIGHT lung is
// on the IMAGE LEFT and the "left lung" of a report is on the image right.
#pragma once

#include "phantom_case.h"

#include <array>
#include <cstdint>
#include <vector>

namespace tgc {

enum class LungSide { Right, Left };          // the patient's side
enum class LungZone { Upper, Middle, Lower }; // thirds of the lung field's height

struct CxrLesion {
    LungSide side = LungSide::Right;
    LungZone zone = LungZone::Upper;
};

// A lung field's extent in pixels (inclusive rows and columns of its mask).
struct CxrLungField {
    LungSide side = LungSide::Right;
    int top = 0, bottom = 0, left = 0, right = 0;
    // Zone holding row y: thirds of [top, bottom].
    LungZone zoneOfRow(double y) const;
};

struct CxrCase : PhantomCase {
    std::vector<CxrLesion> lesions;    // placed lesions, one per zone
    std::array<CxrLungField, 2> lungs; // [0] right lung (image left), [1] left lung
};

struct CxrOptions {
    int size = 512; // square image side, pixels
    // Also a second target naming a lesion in a lung that has none (a
    // finding this film does not have), mask empty. Drawn from a random
    // stream of its own, so the image and first target stay as they were.
    bool absentTargets = false;
};

// Label ids of CxrCase::labels: the lesion wins where it lies in a lung.
enum CxrLabel : std::uint8_t { CxrLesionLabel = 1, CxrRightLungLabel = 2, CxrLeftLungLabel = 3 };

class CxrPhantom {
public:
    explicit CxrPhantom(CxrOptions options = {});
    // The 8-bit image (modality DX), labels, and one target: the report with
    // the mask of all lesions (empty for "No infection.").
    CxrCase generate(std::uint64_t seed, int index) const;

    // "Bilateral pulmonary infection, two infected areas, upper left lung and
    // lower right lung." / "No infection."; leftFirst orders the lungs.
    static QString report(const std::vector<CxrLesion>& lesions, bool leftFirst);
    static QString sideName(LungSide side);
    static QString zoneName(LungZone zone);

private:
    CxrOptions m_options;
};

} // namespace tgc

// How a label is described in a DICOM Segmentation: coded category and type
// (SNOMED CT where the label's name is a known structure, else the local
// scheme 99TGC with the label's own name) and the recommended display
// colour in DICOM's scaled CIELab.
#pragma once

#include <QString>
#include <array>
#include <cstdint>

namespace tgc {

struct Code {
    QString value;
    QString scheme;
    QString meaning;
};

struct SegmentCodes {
    Code category;
    Code type;
};

// Known names (case and spacing ignored): liver, spleen, kidneys, aorta,
// stomach, pancreas, lungs, heart, bladder, lesion, tumour, nodule,
// infection... Anything else: category "Anatomical Structure" and the
// type 99TGC L<id> with the name as its meaning.
SegmentCodes segmentCodes(int labelId, const QString& labelName);

// sRGB (0..255) -> CIELab (D65) scaled as PS3.3 C.10.7.1.1 asks:
// L* 0..100 and a*, b* -128..127 onto 0..65535.
std::array<std::uint16_t, 3> dicomLabFromRgb(const std::array<std::uint8_t, 3>& rgb);
// The inverse: a Recommended Display CIELab Value back to sRGB (out-of-gamut values clipped).
std::array<std::uint8_t, 3> rgbFromDicomLab(const std::array<std::uint16_t, 3>& lab);

} // namespace tgc

#include "segment_codes.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace tgc {

namespace {

const Code kAnatomicalStructure{QStringLiteral("91723000"), QStringLiteral("SCT"),
                                QStringLiteral("Anatomical Structure")};
const Code kAbnormalStructure{QStringLiteral("49755003"), QStringLiteral("SCT"),
                              QStringLiteral("Morphologically Abnormal Structure")};

struct KnownType {
    Code type;
    bool abnormal;
};

const std::map<QString, KnownType>& knownTypes() {
    auto sct = [](const char* value, const char* meaning) {
        return Code{QLatin1String(value), QStringLiteral("SCT"), QLatin1String(meaning)};
    };
    static const std::map<QString, KnownType> table = {
        {"liver", {sct("10200004", "Liver"), false}},
        {"spleen", {sct("78961009", "Spleen"), false}},
        {"kidney", {sct("64033007", "Kidney"), false}},
        {"rightkidney", {sct("9846003", "Right kidney"), false}},
        {"kidneyright", {sct("9846003", "Right kidney"), false}},
        {"leftkidney", {sct("18639004", "Left kidney"), false}},
        {"kidneyleft", {sct("18639004", "Left kidney"), false}},
        {"aorta", {sct("15825003", "Aorta"), false}},
        {"stomach", {sct("69695003", "Stomach"), false}},
        {"pancreas", {sct("15776009", "Pancreas"), false}},
        {"lung", {sct("39607008", "Lung"), false}},
        {"lungs", {sct("39607008", "Lung"), false}},
        {"heart", {sct("80891009", "Heart"), false}},
        {"bladder", {sct("89837001", "Urinary bladder"), false}},
        {"gallbladder", {sct("28231008", "Gallbladder"), false}},
        {"lesion", {sct("52988006", "Lesion"), true}},
        {"lesions", {sct("52988006", "Lesion"), true}},
        {"tumor", {sct("108369006", "Neoplasm"), true}},
        {"tumour", {sct("108369006", "Neoplasm"), true}},
        {"nodule", {sct("27925004", "Nodule"), true}},
        {"infection", {sct("40733004", "Infectious disease"), true}},
    };
    return table;
}

double srgbToLinear(double c) {
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double labF(double t) {
    const double d = 6.0 / 29.0;
    return t > d * d * d ? std::cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
}

double labFInverse(double t) {
    const double d = 6.0 / 29.0;
    return t > d ? t * t * t : 3 * d * d * (t - 4.0 / 29.0);
}

double linearToSrgb(double c) {
    c = std::clamp(c, 0.0, 1.0);
    return 255.0 * (c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055);
}

} // namespace

SegmentCodes segmentCodes(int labelId, const QString& labelName) {
    QString key;
    for (QChar c : labelName.toLower())
        if (c.isLetterOrNumber())
            key += c;
    const auto found = knownTypes().find(key);
    if (found != knownTypes().end())
        return {found->second.abnormal ? kAbnormalStructure : kAnatomicalStructure,
                found->second.type};
    const QString meaning = labelName.trimmed().isEmpty() ? QStringLiteral("label %1").arg(labelId)
                                                          : labelName.trimmed().left(64);
    return {kAnatomicalStructure,
            Code{QStringLiteral("L%1").arg(labelId), QStringLiteral("99TGC"), meaning}};
}

std::array<std::uint16_t, 3> dicomLabFromRgb(const std::array<std::uint8_t, 3>& rgb) {
    const double r = srgbToLinear(rgb[0]), g = srgbToLinear(rgb[1]), b = srgbToLinear(rgb[2]);
    // sRGB (D65) -> XYZ, normalised by the D65 white point.
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 1.0;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    const double l = 116.0 * labF(y) - 16.0;
    const double a = 500.0 * (labF(x) - labF(y));
    const double bb = 200.0 * (labF(y) - labF(z));
    auto scale = [](double v, double lo, double hi) {
        return std::uint16_t(std::lround(std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * 65535.0));
    };
    return {scale(l, 0, 100), scale(a, -128, 127), scale(bb, -128, 127)};
}

std::array<std::uint8_t, 3> rgbFromDicomLab(const std::array<std::uint16_t, 3>& lab) {
    const double l = lab[0] / 65535.0 * 100.0;
    const double a = lab[1] / 65535.0 * 255.0 - 128.0;
    const double bb = lab[2] / 65535.0 * 255.0 - 128.0;
    const double fy = (l + 16.0) / 116.0;
    const double x = labFInverse(fy + a / 500.0) * 0.95047;
    const double y = labFInverse(fy);
    const double z = labFInverse(fy - bb / 200.0) * 1.08883;
    // XYZ -> linear sRGB (the inverse of the matrix above).
    const double r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
    const double g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
    const double b = 0.0557 * x - 0.2040 * y + 1.0570 * z;
    auto byte = [](double v) { return std::uint8_t(std::lround(std::clamp(v, 0.0, 255.0))); };
    return {byte(linearToSrgb(r)), byte(linearToSrgb(g)), byte(linearToSrgb(b))};
}

} // namespace tgc

// Unicode NFC (decompose, reorder by combining class, recompose), the
// normalisation ftfy.fix_text applies before CLIP's cleaning. Tables come
// from Python's unicodedata (scripts/gen-unicode-tables); Hangul is computed.
#include "text_cleaning.h"
#include "unicode_tables.h"

#include <algorithm>

namespace tgc::model::text {

namespace {

constexpr char32_t hangulFirst = 0xAC00, jamoL = 0x1100, jamoV = 0x1161, jamoT = 0x11A7;
constexpr uint32_t countL = 19, countV = 21, countT = 28, countSyllables = 11172;

uint32_t combiningClass(char32_t c) {
    const auto* begin = unicode::combiningClasses;
    const auto* end = begin + unicode::combiningClassesCount;
    const auto* it =
        std::upper_bound(begin, end, c, [](char32_t v, const unicode::CombiningClassRange& r) {
            return v < r.first;
        });
    return it != begin && c <= (it - 1)->last ? (it - 1)->combiningClass : 0;
}

void appendDecomposed(std::u32string& out, char32_t c) {
    if (c >= hangulFirst && c < hangulFirst + countSyllables) {
        const uint32_t index = c - hangulFirst;
        out += char32_t(jamoL + index / (countV * countT));
        out += char32_t(jamoV + (index % (countV * countT)) / countT);
        if (index % countT)
            out += char32_t(jamoT + index % countT);
        return;
    }
    const auto* begin = unicode::decompositions;
    const auto* end = begin + unicode::decompositionsCount;
    const auto* it = std::lower_bound(
        begin, end, c, [](const unicode::Decomposition& d, char32_t v) { return d.codePoint < v; });
    if (it == end || it->codePoint != c) {
        out += c;
        return;
    }
    for (uint32_t k = 0; k < it->length; ++k)
        out += char32_t(unicode::decompositionData[it->offset + k]);
}

// The primary composite of a starter and a following character, or 0.
char32_t compose(char32_t first, char32_t second) {
    if (first >= jamoL && first < jamoL + countL && second >= jamoV && second < jamoV + countV)
        return hangulFirst + ((first - jamoL) * countV + (second - jamoV)) * countT;
    if (first >= hangulFirst && first < hangulFirst + countSyllables &&
        (first - hangulFirst) % countT == 0 && second > jamoT && second < jamoT + countT)
        return first + (second - jamoT);
    const auto* begin = unicode::compositions;
    const auto* end = begin + unicode::compositionsCount;
    const auto* it = std::lower_bound(
        begin, end, std::make_pair(first, second),
        [](const unicode::Composition& c, const std::pair<char32_t, char32_t>& key) {
            return std::make_pair(char32_t(c.first), char32_t(c.second)) < key;
        });
    return it != end && it->first == first && it->second == second ? char32_t(it->composed) : 0;
}

} // namespace

std::u32string toNfc(std::u32string_view text) {
    // Below U+0300 nothing decomposes or combines.
    if (std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x300; }))
        return std::u32string(text);
    std::u32string decomposed;
    decomposed.reserve(text.size() + 8);
    for (const char32_t c : text)
        appendDecomposed(decomposed, c);
    // Canonical order: runs of non-starters sorted (stably) by combining class.
    for (std::size_t i = 0; i < decomposed.size();) {
        if (combiningClass(decomposed[i]) == 0) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < decomposed.size() && combiningClass(decomposed[end]) != 0)
            ++end;
        std::stable_sort(
            decomposed.begin() + std::ptrdiff_t(i), decomposed.begin() + std::ptrdiff_t(end),
            [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = end;
    }
    // Compose each character with the last starter unless something between
    // them blocks it (a starter, or a mark of the same or a higher class).
    std::u32string out;
    out.reserve(decomposed.size());
    std::size_t starter = std::u32string::npos;
    int lastClass = -1; // -1: nothing since the starter
    for (const char32_t c : decomposed) {
        const int cls = int(combiningClass(c));
        if (starter != std::u32string::npos &&
            (lastClass == -1 || (lastClass != 0 && lastClass < cls))) {
            if (const char32_t composed = compose(out[starter], c)) {
                out[starter] = composed;
                continue;
            }
        }
        if (cls == 0) {
            starter = out.size();
            lastClass = -1;
        } else {
            lastClass = cls;
        }
        out += c;
    }
    return out;
}

} // namespace tgc::model::text

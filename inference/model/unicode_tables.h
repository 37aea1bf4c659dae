// Character data for the CLIP tokenizer's text cleaning, generated from
// Python's tables by scripts/gen-unicode-tables (unicode_tables.cpp), so the
// C++ cleaning matches OpenAI's Python reference. Internal to inference/model.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tgc::model::unicode {

struct CodeRange {
    uint32_t first, last; // inclusive
};
struct CaseMapping {
    uint32_t from, to;
};
struct HtmlEntity {
    const char* name; // UTF-8, sorted by bytes; with or without the trailing ';'
    const char* text; // UTF-8 replacement
};

struct CombiningClassRange {
    uint32_t first, last; // inclusive
    uint32_t combiningClass;
};
struct Decomposition {
    uint32_t codePoint;
    uint32_t offset, length; // into decompositionData
};
struct Composition {
    uint32_t first, second, composed;
};

extern const char* const unicodeVersion;
extern const CodeRange letterRanges[]; // general category L*
extern const std::size_t letterRangesCount;
extern const CodeRange numberRanges[]; // general category N*
extern const std::size_t numberRangesCount;
extern const CodeRange spaceRanges[]; // Python str.isspace()
extern const std::size_t spaceRangesCount;
extern const CodeRange casedRanges[]; // Unicode Cased (for the final-sigma rule)
extern const std::size_t casedRangesCount;
extern const CodeRange caseIgnorableRanges[];
extern const std::size_t caseIgnorableRangesCount;
extern const CaseMapping lowercaseMappings[]; // Python str.lower(), one-to-one part, sorted
extern const std::size_t lowercaseMappingsCount;
extern const HtmlEntity htmlEntities[];
extern const std::size_t htmlEntitiesCount;
extern const CaseMapping htmlCharRefReplacements[];
extern const std::size_t htmlCharRefReplacementsCount;
extern const CodeRange htmlDroppedCodePoints[]; // numeric references html.unescape drops
extern const std::size_t htmlDroppedCodePointsCount;

// For NFC: non-zero canonical combining classes, full canonical
// decompositions (sorted by code point; Hangul syllables excluded, they are
// algorithmic) and primary composites (sorted by first, second).
extern const CombiningClassRange combiningClasses[];
extern const std::size_t combiningClassesCount;
extern const uint32_t decompositionData[];
extern const Decomposition decompositions[];
extern const std::size_t decompositionsCount;
extern const Composition compositions[];
extern const std::size_t compositionsCount;

} // namespace tgc::model::unicode

#include "text_cleaning.h"

#include "unicode_tables.h"

#include <algorithm>
#include <cstring>

namespace tgc::model::text {

namespace {

using unicode::CodeRange;

constexpr char32_t replacementCharacter = 0xFFFD;

bool inRanges(const CodeRange* ranges, std::size_t count, char32_t c) {
    const CodeRange* end = ranges + count;
    const CodeRange* it = std::upper_bound(
        ranges, end, c, [](char32_t v, const CodeRange& r) { return v < r.first; });
    return it != ranges && c <= (it - 1)->last;
}

const unicode::CaseMapping* findMapping(const unicode::CaseMapping* table, std::size_t count,
                                        char32_t c) {
    const unicode::CaseMapping* end = table + count;
    const unicode::CaseMapping* it = std::lower_bound(
        table, end, c, [](const unicode::CaseMapping& m, char32_t v) { return m.from < v; });
    return it != end && it->from == c ? it : nullptr;
}

bool isCased(char32_t c) {
    return inRanges(unicode::casedRanges, unicode::casedRangesCount, c);
}

bool isCaseIgnorable(char32_t c) {
    return inRanges(unicode::caseIgnorableRanges, unicode::caseIgnorableRangesCount, c);
}

// Python's rule: capital sigma lowers to final sigma when a cased letter
// precedes it and none follows (case-ignorable characters skipped both ways).
char32_t lowerSigma(std::u32string_view text, std::size_t i) {
    std::size_t j = i;
    while (j > 0 && isCaseIgnorable(text[j - 1]))
        --j;
    if (j == 0 || !isCased(text[j - 1]))
        return 0x3C3;
    std::size_t k = i + 1;
    while (k < text.size() && isCaseIgnorable(text[k]))
        ++k;
    return k == text.size() || !isCased(text[k]) ? 0x3C2 : 0x3C3;
}

const char* findEntity(const std::string& name) {
    const unicode::HtmlEntity* begin = unicode::htmlEntities;
    const unicode::HtmlEntity* end = begin + unicode::htmlEntitiesCount;
    const unicode::HtmlEntity* it =
        std::lower_bound(begin, end, name, [](const unicode::HtmlEntity& e, const std::string& n) {
            return std::strcmp(e.name, n.c_str()) < 0;
        });
    return it != end && name == it->name ? it->text : nullptr;
}

bool isAsciiDigit(char32_t c) {
    return c >= '0' && c <= '9';
}

int hexValue(char32_t c) {
    if (c >= '0' && c <= '9')
        return int(c - '0');
    if (c >= 'a' && c <= 'f')
        return int(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return int(c - 'A' + 10);
    return -1;
}

// What html.unescape puts for &#num; (num saturated above the Unicode range).
void appendCharRef(std::u32string& out, uint32_t num) {
    if (const auto* m = findMapping(unicode::htmlCharRefReplacements,
                                    unicode::htmlCharRefReplacementsCount, num)) {
        out += char32_t(m->to);
        return;
    }
    if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
        out += replacementCharacter;
        return;
    }
    if (inRanges(unicode::htmlDroppedCodePoints, unicode::htmlDroppedCodePointsCount, num))
        return;
    out += char32_t(num);
}

// Characters that end a named reference in html.unescape's pattern.
bool endsEntityName(char32_t c) {
    return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' ||
           c == ';';
}

// ftfy's remove_control_chars: C0 controls other than tab and line breaks,
// DEL, deprecated format characters, the byte-order mark, interlinear annotations.
bool isRemovedControl(char32_t c) {
    return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F ||
           (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
}

} // namespace

int utf8SequenceAt(std::string_view text, std::size_t pos, char32_t& cp) {
    const uint8_t lead = uint8_t(text[pos]);
    int length = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
    } else {
        return 0;
    }
    if (pos + std::size_t(length) > text.size())
        return -1;
    for (int k = 1; k < length; ++k) {
        const uint8_t b = uint8_t(text[pos + std::size_t(k)]);
        if ((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return length;
}

std::u32string decodeUtf8(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        const uint8_t lead = uint8_t(utf8[i]);
        if (lead < 0x80) {
            out += char32_t(lead);
            ++i;
            continue;
        }
        char32_t cp = 0;
        const int length = utf8SequenceAt(utf8, i, cp);
        if (length > 0) {
            out += cp;
            i += std::size_t(length);
        } else {
            out += replacementCharacter;
            ++i;
        }
    }
    return out;
}

std::string encodeUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char32_t cp : text) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

bool isLetter(char32_t c) {
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return inRanges(unicode::letterRanges, unicode::letterRangesCount, c);
}

bool isNumber(char32_t c) {
    if (c < 0x80)
        return isAsciiDigit(c);
    return inRanges(unicode::numberRanges, unicode::numberRangesCount, c);
}

bool isSpace(char32_t c) {
    return isPythonSpace(c) && !(c >= 0x1C && c <= 0x1F);
}

bool isPythonSpace(char32_t c) {
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return inRanges(unicode::spaceRanges, unicode::spaceRangesCount, c);
}

std::u32string fixText(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (const char32_t c : text) {
        if (c == 0x2BC || (c >= 0x2018 && c <= 0x201B)) {
            out += U'\'';
        } else if (c >= 0x201C && c <= 0x201F) {
            out += U'"';
        } else if (c >= 0xFF01 && c <= 0xFF5E) {
            out += char32_t(c - 0xFF01 + 0x21); // full-width ASCII forms
        } else if (c == 0x3000) {
            out += U' ';
        } else if (c >= 0xFB00 && c <= 0xFB06) {
            static const char32_t* const ligatures[] = {U"ff",  U"fi", U"fl", U"ffi",
                                                        U"ffl", U"st", U"st"};
            out += ligatures[c - 0xFB00];
        } else if (isRemovedControl(c)) {
            continue; // e.g. a byte-order mark pasted with the report
        } else {
            out += c;
        }
    }
    return toNfc(out);
}

std::u32string htmlUnescape(std::u32string_view s) {
    if (s.find(U'&') == std::u32string_view::npos)
        return std::u32string(s);
    std::u32string out;
    out.reserve(s.size());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        if (s[i] != U'&') {
            out += s[i++];
            continue;
        }
        const std::size_t j = i + 1;
        if (j < n && s[j] == U'#') {
            std::size_t k = j + 1;
            const bool hex = k + 1 < n && (s[k] == U'x' || s[k] == U'X') && hexValue(s[k + 1]) >= 0;
            if (!hex && !(k < n && isAsciiDigit(s[k]))) {
                out += s[i++]; // no reference here: keep the '&'
                continue;
            }
            if (hex)
                ++k;
            uint32_t num = 0;
            for (; k < n && (hex ? hexValue(s[k]) >= 0 : isAsciiDigit(s[k])); ++k) {
                const uint32_t digit = uint32_t(hex ? hexValue(s[k]) : int(s[k] - U'0'));
                num = std::min<uint32_t>(num * (hex ? 16 : 10) + digit, 0x110000);
            }
            if (k < n && s[k] == U';')
                ++k;
            appendCharRef(out, num);
            i = k;
            continue;
        }
        std::size_t k = j;
        while (k < n && k - j < 32 && !endsEntityName(s[k]))
            ++k;
        if (k == j) {
            out += s[i++];
            continue;
        }
        if (k < n && s[k] == U';')
            ++k;
        const std::u32string_view name = s.substr(j, k - j);
        i = k;
        if (const char* value = findEntity(encodeUtf8(name))) {
            out += decodeUtf8(value);
            continue;
        }
        // The longest known name that prefixes it (legacy names need no ';').
        bool replaced = false;
        for (std::size_t length = name.size() - 1; length >= 2 && !replaced; --length) {
            if (const char* value = findEntity(encodeUtf8(name.substr(0, length)))) {
                out += decodeUtf8(value);
                out += name.substr(length);
                replaced = true;
            }
        }
        if (!replaced) {
            out += U'&';
            out += name;
        }
    }
    return out;
}

std::u32string toLower(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? c + 32 : c;
        } else if (c == 0x3A3) {
            out += lowerSigma(text, i);
        } else if (c == 0x130) {
            out += U"i\u0307"; // the one unconditional one-to-two mapping
        } else if (const auto* m = findMapping(unicode::lowercaseMappings,
                                               unicode::lowercaseMappingsCount, c)) {
            out += char32_t(m->to);
        } else {
            out += c;
        }
    }
    return out;
}

std::u32string collapseWhitespace(std::u32string_view text) {
    std::size_t first = 0, last = text.size();
    while (first < last && isPythonSpace(text[first]))
        ++first;
    while (last > first && isPythonSpace(text[last - 1]))
        --last;
    std::u32string out;
    out.reserve(last - first);
    bool inRun = false;
    for (std::size_t i = first; i < last; ++i) {
        const bool space = isSpace(text[i]);
        if (space && !inRun)
            out += U' ';
        else if (!space)
            out += text[i];
        inRun = space;
    }
    return out;
}

std::u32string cleanText(std::string_view utf8) {
    const std::u32string fixed = fixText(decodeUtf8(utf8));
    return toLower(collapseWhitespace(htmlUnescape(htmlUnescape(fixed))));
}

namespace {

// Case-insensitive literal match as the pattern's IGNORECASE does it: only
// U+017F (long s) folds onto a letter these literals use.
bool matchesAt(std::u32string_view text, std::size_t i, std::u32string_view literal) {
    if (i + literal.size() > text.size())
        return false;
    for (std::size_t k = 0; k < literal.size(); ++k) {
        char32_t c = text[i + k];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c == 0x17F)
            c = U's';
        if (c != literal[k])
            return false;
    }
    return true;
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>> splitPreTokens(std::u32string_view text) {
    static const std::u32string_view literals[] = {
        U"<|startoftext|>", U"<|endoftext|>", U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const char32_t c = text[i];
        std::size_t end = i;
        if (c == U'<' || c == U'\'') {
            for (const std::u32string_view literal : literals) {
                if (matchesAt(text, i, literal)) {
                    end = i + literal.size();
                    break;
                }
            }
        }
        if (end == i) {
            if (isLetter(c)) {
                while (end < n && isLetter(text[end]))
                    ++end;
            } else if (isNumber(c)) {
                end = i + 1; // digits one at a time
            } else if (!isSpace(c)) {
                while (end < n && !isSpace(text[end]) && !isLetter(text[end]) &&
                       !isNumber(text[end]))
                    ++end;
            } else {
                ++i;
                continue;
            }
        }
        spans.emplace_back(i, end);
        i = end;
    }
    return spans;
}

} // namespace tgc::model::text

// Text cleaning and pre-tokenisation of OpenAI CLIP's simple_tokenizer, on
// code points, with character classes from Python's tables
// (unicode_tables.cpp) so the result matches the Python reference.
// Internal to inference/model.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tgc::model::text {

// Invalid UTF-8 bytes become U+FFFD, one per byte.
std::u32string decodeUtf8(std::string_view utf8);
std::string encodeUtf8(std::u32string_view text);
// The multi-byte UTF-8 sequence starting at text[pos], validated the one way
// both the JSON reader and the tokenizer need: its length (2 to 4) with its
// code point in `cp`; 0 when the bytes are not one (a stray or overlong lead,
// a bad continuation byte, a surrogate, past U+10FFFF); -1 when its lead is
// good but the text ends first. ASCII bytes are the caller's.
int utf8SequenceAt(std::string_view text, std::size_t pos, char32_t& cp);

bool isLetter(char32_t c); // \p{L}
bool isNumber(char32_t c); // \p{N}
// The pattern's \s (the regex module's: Unicode White_Space).
bool isSpace(char32_t c);
// Python str.isspace(): also U+001C..U+001F; what str.strip() removes.
bool isPythonSpace(char32_t c);

// A part of ftfy.fix_text (OpenAI runs it first): curly quotes to straight
// ones, Latin ligatures and full-width ASCII forms to plain letters, control
// characters and byte-order marks dropped, then NFC. Text that needs no
// fixing (the usual case) comes back unchanged.
std::u32string fixText(std::u32string_view text);
// Unicode NFC, as ftfy.fix_text leaves text (nfc.cpp).
std::u32string toNfc(std::u32string_view text);
// Python html.unescape (HTML5 named and numeric references).
std::u32string htmlUnescape(std::u32string_view text);
// Python str.lower(), final sigma included.
std::u32string toLower(std::u32string_view text);
// text.strip(), then regex.sub(r'\s+', ' ', text).strip() (OpenAI imports
// the regex module as re, so \s is White_Space, while strip() uses isspace).
std::u32string collapseWhitespace(std::u32string_view text);

// CLIP's cleaning: fixText, html-unescape twice, collapse whitespace, lower-case.
std::u32string cleanText(std::string_view utf8);

// Spans [begin, end) of CLIP's pre-token pattern (case-insensitive):
//   <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
std::vector<std::pair<std::size_t, std::size_t>> splitPreTokens(std::u32string_view text);

} // namespace tgc::model::text

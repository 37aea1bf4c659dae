#include "json.h"

#include "text_cleaning.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace tgc::model {

namespace {

// Nesting bound: a hostile header cannot exhaust the stack.
constexpr int maxDepth = 256;

void appendUtf8(std::string& out, uint32_t cp) {
    const char32_t c = cp;
    out += text::encodeUtf8(std::u32string_view(&c, 1));
}

} // namespace

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : text_(text) {}

    Json parseDocument() {
        skipSpace();
        Json value = parseValue(0);
        skipSpace();
        if (pos_ != text_.size())
            fail("unexpected text after the value");
        return value;
    }

private:
    [[noreturn]] void fail(const std::string& reason) const {
        throw std::runtime_error("JSON: " + reason + " at byte " + std::to_string(pos_));
    }

    void skipSpace() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++pos_;
        }
    }

    bool consume(std::string_view word) {
        if (text_.compare(pos_, word.size(), word) != 0)
            return false;
        pos_ += word.size();
        return true;
    }

    Json parseValue(int depth) {
        if (depth > maxDepth)
            fail("nesting deeper than " + std::to_string(maxDepth));
        if (pos_ >= text_.size())
            fail("unexpected end of text");
        const char c = text_[pos_];
        if (c == '{')
            return parseObject(depth);
        if (c == '[')
            return parseArray(depth);
        if (c == '"')
            return Json(parseString());
        if (c == '-' || (c >= '0' && c <= '9'))
            return parseNumber();
        if (consume("true"))
            return Json(true);
        if (consume("false"))
            return Json(false);
        if (consume("null"))
            return Json();
        fail(std::string("unexpected character '") + c + "'");
    }

    Json parseObject(int depth) {
        ++pos_; // '{'
        Json result = Json::object();
        Json::Object& members = result.object_;
        // Duplicate detection with a set only for larger objects (vocab.json
        // has ~49k keys); small ones are scanned.
        std::unordered_set<std::string> seen;
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return result;
        }
        while (true) {
            skipSpace();
            if (pos_ >= text_.size() || text_[pos_] != '"')
                fail("expected a string key");
            const std::size_t keyPos = pos_;
            std::string key = parseString();
            bool duplicate = false;
            if (members.size() < 16) {
                for (const auto& m : members)
                    duplicate = duplicate || m.first == key;
                if (members.size() == 15)
                    for (const auto& m : members)
                        seen.insert(m.first);
            } else {
                duplicate = !seen.insert(key).second;
            }
            if (duplicate) {
                pos_ = keyPos;
                fail("duplicate key \"" + key + "\"");
            }
            if (members.size() >= 15)
                seen.insert(key);
            skipSpace();
            if (pos_ >= text_.size() || text_[pos_] != ':')
                fail("expected ':'");
            ++pos_;
            skipSpace();
            Json value = parseValue(depth + 1);
            members.emplace_back(std::move(key), std::move(value));
            skipSpace();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return result;
            }
            fail("expected ',' or '}'");
        }
    }

    Json parseArray(int depth) {
        ++pos_; // '['
        Json result = Json::array();
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return result;
        }
        while (true) {
            skipSpace();
            result.array_.push_back(parseValue(depth + 1));
            skipSpace();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return result;
            }
            fail("expected ',' or ']'");
        }
    }

    uint32_t parseHex4() {
        if (pos_ + 4 > text_.size())
            fail("truncated \\u escape");
        uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_ + i];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= uint32_t(c - 'A' + 10);
            else
                fail("bad \\u escape");
        }
        pos_ += 4;
        return value;
    }

    // Validates one UTF-8 sequence starting at pos_ and appends it.
    void copyUtf8(std::string& out) {
        char32_t cp = 0;
        const int length = text::utf8SequenceAt(text_, pos_, cp);
        if (length < 0)
            fail("truncated UTF-8 sequence");
        if (length == 0)
            fail("invalid UTF-8");
        out.append(text_.data() + pos_, std::size_t(length));
        pos_ += std::size_t(length);
    }

    std::string parseString() {
        ++pos_; // opening quote
        std::string out;
        while (true) {
            if (pos_ >= text_.size())
                fail("unterminated string");
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (uint8_t(c) < 0x20)
                fail("control character in string");
            if (uint8_t(c) >= 0x80) {
                copyUtf8(out);
                continue;
            }
            if (c != '\\') {
                out += c;
                ++pos_;
                continue;
            }
            ++pos_;
            if (pos_ >= text_.size())
                fail("unterminated string");
            const char e = text_[pos_++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                uint32_t cp = parseHex4();
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    fail("lone low surrogate");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (!consume("\\u"))
                        fail("lone high surrogate");
                    const uint32_t low = parseHex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        fail("lone high surrogate");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                --pos_;
                fail(std::string("bad escape '\\") + e + "'");
            }
        }
    }

    Json parseNumber() {
        const std::size_t start = pos_;
        const auto digitAt = [&](std::size_t i) {
            return i < text_.size() && text_[i] >= '0' && text_[i] <= '9';
        };
        bool integral = true;
        if (text_[pos_] == '-')
            ++pos_;
        if (!digitAt(pos_))
            fail("bad number");
        if (text_[pos_] == '0') {
            ++pos_;
        } else {
            while (digitAt(pos_))
                ++pos_;
        }
        if (pos_ < text_.size() && text_[pos_] == '.') {
            integral = false;
            ++pos_;
            if (!digitAt(pos_))
                fail("bad number");
            while (digitAt(pos_))
                ++pos_;
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            integral = false;
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
                ++pos_;
            if (!digitAt(pos_))
                fail("bad number");
            while (digitAt(pos_))
                ++pos_;
        }
        const char* first = text_.data() + start;
        const char* last = text_.data() + pos_;
        if (integral) {
            int64_t value = 0;
            const auto [end, ec] = std::from_chars(first, last, value);
            if (ec == std::errc() && end == last)
                return Json(value);
        }
        double value = 0.0;
        const auto [end, ec] = std::from_chars(first, last, value);
        if (end != last || (ec != std::errc() && ec != std::errc::result_out_of_range))
            fail("bad number");
        if (ec == std::errc::result_out_of_range)
            value = decimalMagnitude(first, last) < 0 ? 0.0 : HUGE_VAL;
        if (*first == '-')
            value = -std::abs(value);
        return Json(value);
    }

    // Power of ten of the leading digit of a valid JSON number: tells an
    // overflow (>= 0) from an underflow (< 0) when from_chars reports range.
    static long decimalMagnitude(const char* p, const char* last) {
        if (*p == '-')
            ++p;
        long magnitude = 0;
        bool seenDigit = false;
        for (; p != last && *p >= '0' && *p <= '9'; ++p) {
            if (seenDigit || *p != '0') {
                magnitude += seenDigit ? 1 : 0;
                seenDigit = true;
            }
        }
        if (p != last && *p == '.') {
            for (++p; p != last && *p >= '0' && *p <= '9'; ++p) {
                if (!seenDigit) {
                    --magnitude;
                    if (*p != '0')
                        seenDigit = true;
                }
            }
        }
        if (p != last && (*p == 'e' || *p == 'E')) {
            ++p;
            const bool negative = *p == '-';
            if (*p == '+' || *p == '-')
                ++p;
            long exponent = 0;
            for (; p != last; ++p)
                exponent = std::min(exponent * 10 + (*p - '0'), 100000L);
            magnitude += negative ? -exponent : exponent;
        }
        return magnitude;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

Json Json::parse(std::string_view text) {
    return JsonParser(text).parseDocument();
}

const char* Json::typeName() const {
    switch (type_) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "?";
}

namespace {
[[noreturn]] void wrongType(const char* wanted, const char* actual) {
    throw std::runtime_error(std::string("JSON: expected ") + wanted + ", found " + actual);
}
} // namespace

bool Json::asBool() const {
    if (type_ != Type::Bool)
        wrongType("a boolean", typeName());
    return bool_;
}

double Json::asDouble() const {
    if (type_ != Type::Number)
        wrongType("a number", typeName());
    return double_;
}

int64_t Json::asInt() const {
    if (!isInteger())
        wrongType("an integer", type_ == Type::Number ? "a non-integer number" : typeName());
    return int_;
}

const std::string& Json::asString() const {
    if (type_ != Type::String)
        wrongType("a string", typeName());
    return string_;
}

const Json::Array& Json::asArray() const {
    if (type_ != Type::Array)
        wrongType("an array", typeName());
    return array_;
}

Json::Array& Json::asArray() {
    if (type_ != Type::Array)
        wrongType("an array", typeName());
    return array_;
}

const Json::Object& Json::asObject() const {
    if (type_ != Type::Object)
        wrongType("an object", typeName());
    return object_;
}

Json::Object& Json::asObject() {
    if (type_ != Type::Object)
        wrongType("an object", typeName());
    return object_;
}

const Json* Json::find(std::string_view key) const {
    if (type_ != Type::Object)
        return nullptr;
    for (const Member& m : object_)
        if (m.first == key)
            return &m.second;
    return nullptr;
}

const Json& Json::at(std::string_view key) const {
    if (type_ != Type::Object)
        wrongType("an object", typeName());
    if (const Json* value = find(key))
        return *value;
    throw std::runtime_error("JSON: missing key \"" + std::string(key) + "\"");
}

const Json& Json::at(std::size_t index) const {
    const Array& items = asArray();
    if (index >= items.size())
        throw std::runtime_error("JSON: index " + std::to_string(index) + " out of range (size " +
                                 std::to_string(items.size()) + ")");
    return items[index];
}

Json& Json::set(std::string key, Json value) {
    if (type_ == Type::Null)
        type_ = Type::Object;
    if (type_ != Type::Object)
        wrongType("an object", typeName());
    for (Member& m : object_) {
        if (m.first == key) {
            m.second = std::move(value);
            return m.second;
        }
    }
    object_.emplace_back(std::move(key), std::move(value));
    return object_.back().second;
}

void Json::push_back(Json value) {
    if (type_ == Type::Null)
        type_ = Type::Array;
    if (type_ != Type::Array)
        wrongType("an array", typeName());
    array_.push_back(std::move(value));
}

std::size_t Json::size() const {
    if (type_ == Type::Array)
        return array_.size();
    if (type_ == Type::Object)
        return object_.size();
    return 0;
}

bool operator==(const Json& a, const Json& b) {
    if (a.type_ != b.type_)
        return false;
    switch (a.type_) {
    case Json::Type::Null:
        return true;
    case Json::Type::Bool:
        return a.bool_ == b.bool_;
    case Json::Type::Number:
        if (a.isInteger_ && b.isInteger_)
            return a.int_ == b.int_;
        return a.double_ == b.double_;
    case Json::Type::String:
        return a.string_ == b.string_;
    case Json::Type::Array:
        return a.array_ == b.array_;
    case Json::Type::Object:
        return a.object_ == b.object_;
    }
    return false;
}

namespace {

void dumpString(std::string& out, const std::string& s) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (uint8_t(c) < 0x20) {
                out += "\\u00";
                out += hex[uint8_t(c) >> 4];
                out += hex[uint8_t(c) & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace

void Json::dumpTo(std::string& out) const {
    switch (type_) {
    case Type::Null:
        out += "null";
        return;
    case Type::Bool:
        out += bool_ ? "true" : "false";
        return;
    case Type::Number: {
        char buffer[32];
        if (isInteger_) {
            const auto result = std::to_chars(buffer, buffer + sizeof buffer, int_);
            out.append(buffer, result.ptr);
        } else if (!std::isfinite(double_)) {
            out += "null";
        } else {
            // Shortest text that reads back to the same double.
            const auto result = std::to_chars(buffer, buffer + sizeof buffer, double_);
            out.append(buffer, result.ptr);
        }
        return;
    }
    case Type::String:
        dumpString(out, string_);
        return;
    case Type::Array:
        out += '[';
        for (std::size_t i = 0; i < array_.size(); ++i) {
            if (i)
                out += ',';
            array_[i].dumpTo(out);
        }
        out += ']';
        return;
    case Type::Object:
        out += '{';
        for (std::size_t i = 0; i < object_.size(); ++i) {
            if (i)
                out += ',';
            dumpString(out, object_[i].first);
            out += ':';
            object_[i].second.dumpTo(out);
        }
        out += '}';
        return;
    }
}

std::string Json::dump() const {
    std::string out;
    dumpTo(out);
    return out;
}

} // namespace tgc::model

// A small JSON value for the few places the model area needs one: the
// safetensors header, Hugging Face vocab.json, and the `tgc` checkpoint
// metadata. No Qt here (the model builds against libtorch alone).
//
// Objects keep insertion order (the order of the text when parsed); parse()
// rejects duplicate keys. Integers that fit in int64 are kept exactly;
// other numbers are doubles. Strings are UTF-8 and parse() rejects invalid
// UTF-8 and lone surrogates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace tgc::model {

class Json {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<Json>;
    using Member = std::pair<std::string, Json>;
    using Object = std::vector<Member>;

    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool value) : type_(Type::Bool), bool_(value) {}
    template <typename T,
              std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    Json(T value) : type_(Type::Number) {
        setInteger(value);
    }
    Json(double value) : type_(Type::Number), double_(value) {}
    Json(float value) : Json(double(value)) {}
    Json(const char* value) : type_(Type::String), string_(value) {}
    Json(std::string value) : type_(Type::String), string_(std::move(value)) {}
    Json(std::string_view value) : type_(Type::String), string_(value) {}
    Json(Array value) : type_(Type::Array), array_(std::move(value)) {}
    Json(Object value) : type_(Type::Object), object_(std::move(value)) {}

    static Json array() { return Json(Array{}); }
    static Json object() { return Json(Object{}); }

    // Throws std::runtime_error("JSON: <reason> at byte <offset>").
    static Json parse(std::string_view text);
    // Compact text; non-ASCII stays UTF-8. NaN and infinities become null.
    std::string dump() const;

    Type type() const { return type_; }
    bool isNull() const { return type_ == Type::Null; }
    bool isBool() const { return type_ == Type::Bool; }
    bool isNumber() const { return type_ == Type::Number; }
    // A number held exactly as an int64 (written without fraction or exponent).
    bool isInteger() const { return type_ == Type::Number && isInteger_; }
    bool isString() const { return type_ == Type::String; }
    bool isArray() const { return type_ == Type::Array; }
    bool isObject() const { return type_ == Type::Object; }

    // Accessors throw std::runtime_error when the type does not match.
    bool asBool() const;
    double asDouble() const;
    int64_t asInt() const;
    const std::string& asString() const;
    const Array& asArray() const;
    Array& asArray();
    const Object& asObject() const;
    Object& asObject();

    // Object lookup: nullptr when absent (or not an object).
    const Json* find(std::string_view key) const;
    // Object lookup that throws naming the key when absent.
    const Json& at(std::string_view key) const;
    // Array element; throws when out of range.
    const Json& at(std::size_t index) const;
    // Sets (replacing in place or appending) a member; turns null into an object.
    Json& set(std::string key, Json value);
    // Appends to an array; turns null into an array.
    void push_back(Json value);
    // Elements of an array or members of an object; 0 otherwise.
    std::size_t size() const;

    friend bool operator==(const Json& a, const Json& b);
    friend bool operator!=(const Json& a, const Json& b) { return !(a == b); }

private:
    template <typename T> void setInteger(T value) {
        if constexpr (std::is_unsigned_v<T>) {
            if (uint64_t(value) > uint64_t(INT64_MAX)) {
                double_ = double(value);
                return;
            }
        }
        isInteger_ = true;
        int_ = int64_t(value);
        double_ = double(value);
    }
    void dumpTo(std::string& out) const;
    const char* typeName() const;

    Type type_ = Type::Null;
    bool bool_ = false;
    bool isInteger_ = false;
    int64_t int_ = 0;
    double double_ = 0.0;
    std::string string_;
    Array array_;
    Object object_;

    friend class JsonParser;
};

} // namespace tgc::model

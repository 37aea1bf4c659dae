// How an enum is spelled in files, manifests and on the command line: one
// table of (value, name) rows read both ways, so that writing a name and
// parsing it back can never disagree.
#pragma once

#include <QLatin1String>
#include <QString>
#include <array>
#include <optional>
#include <utility>

namespace tgc {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, const char*>, N>;

// "?" for a value the table lacks (only a corrupted value can be one).
template <typename Enum, std::size_t N>
const char* enumName(const EnumNames<Enum, N>& names, Enum value) {
    for (const auto& [each, name] : names)
        if (each == value)
            return name;
    return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const EnumNames<Enum, N>& names, const QString& text) {
    for (const auto& [each, name] : names)
        if (text == QLatin1String(name))
            return each;
    return std::nullopt;
}

} // namespace tgc

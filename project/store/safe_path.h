// Keeping every write of a project inside its folder: no manifest entry,
// case id or import may reach outside it (DESIGN.md §3).
#pragma once

#include <QString>

namespace tgc {

// A case id or model id usable as one file name on every platform:
// 1-64 characters of [A-Za-z0-9._-], not starting with '.' or '-'.
bool isSafeFileName(const QString& name);

// Turns any text (a file name, a series description) into a safe file name;
// empty input gives "case".
QString toSafeFileName(const QString& text);

// The absolute path of `relative` inside `root`. Throws IoError (naming the
// path) when relative is absolute, climbs out with "..", or when an existing
// component on the way is a symbolic link (it could point anywhere).
QString resolveInside(const QString& root, const QString& relative);

} // namespace tgc

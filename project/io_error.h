// The one error type of readers, writers and the project store: it always
// names the file and the problem ("path: reason"), as DESIGN.md §7 asks.
#pragma once

#include <QString>
#include <stdexcept>

namespace tgc {

class IoError : public std::runtime_error {
public:
    IoError(const QString& path, const QString& reason)
        : std::runtime_error((path + QStringLiteral(": ") + reason).toStdString()), m_path(path),
          m_reason(reason) {}
    const QString& path() const { return m_path; }
    const QString& reason() const { return m_reason; }
    QString message() const { return QString::fromStdString(what()); }

private:
    QString m_path;
    QString m_reason;
};

} // namespace tgc

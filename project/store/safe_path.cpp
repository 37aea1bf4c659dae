#include "safe_path.h"

#include "io_error.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace tgc {

bool isSafeFileName(const QString& name) {
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

QString toSafeFileName(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                           c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_');
        out += plain ? c : QLatin1Char('_');
    }
    while (!out.isEmpty() && (out.front() == QLatin1Char('.') || out.front() == QLatin1Char('-')))
        out.remove(0, 1);
    out = out.left(64);
    return out.isEmpty() ? QStringLiteral("case") : out;
}

QString resolveInside(const QString& root, const QString& relative) {
    if (relative.isEmpty() || QDir::isAbsolutePath(relative) ||
        relative.startsWith(QLatin1Char('~')))
        throw IoError(relative, QStringLiteral("refused: not a path inside the project folder"));
    const QString rootClean = QDir::cleanPath(QDir(root).absolutePath());
    const QString joined = QDir::cleanPath(rootClean + QLatin1Char('/') + relative);
    if (!joined.startsWith(rootClean + QLatin1Char('/')))
        throw IoError(
            relative,
            QStringLiteral("refused: the path leads outside the project folder %1").arg(rootClean));
    // Walk the components below the root: an existing link could lead anywhere.
    const QStringList parts = joined.mid(rootClean.size() + 1).split(QLatin1Char('/'));
    QString walk = rootClean;
    for (const QString& part : parts) {
        walk += QLatin1Char('/') + part;
        const QFileInfo info(walk);
        if (info.isSymLink())
            throw IoError(walk, QStringLiteral("refused: a symbolic link inside the project folder "
                                               "(it could point outside it)"));
        if (!info.exists())
            break;
    }
    return joined;
}

} // namespace tgc

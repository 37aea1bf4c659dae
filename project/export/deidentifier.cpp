#include "deidentifier.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUuid>
#include <array>

namespace tgc {

namespace {

// The decimal digits of a 128-bit big-endian number (PS3.5 B.2: UUID-derived
// UIDs under the root 2.25 are the UUID as one decimal integer).
QString decimalOf(std::array<unsigned, 16> bytes) {
    QString digits;
    bool nonZero = true;
    while (nonZero) {
        unsigned remainder = 0;
        nonZero = false;
        for (unsigned& b : bytes) {
            const unsigned value = remainder * 256 + b;
            b = value / 10;
            remainder = value % 10;
            nonZero = nonZero || b != 0;
        }
        digits.prepend(QChar(char('0' + remainder)));
    }
    return digits;
}

} // namespace

QString Deidentifier::maskText(const QString& text, const QString& patientName,
                               const QString& patientId) {
    QString out = text;
    const QString id = patientId.trimmed();
    if (!id.isEmpty())
        out.replace(id, QLatin1String(kIdMask), Qt::CaseInsensitive);
    // PN components; a middle name "J." or an initial alone would mask too
    // much ordinary text, so parts need two letters.
    const QStringList parts =
        QString(patientName).replace(QLatin1Char('='), QLatin1Char('^')).split(QLatin1Char('^'));
    for (const QString& rawPart : parts) {
        for (const QString& word : rawPart.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            QString bare = word;
            bare.remove(QLatin1Char('.'));
            if (bare.size() < 2)
                continue;
            const QRegularExpression pattern(
                QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(bare)),
                QRegularExpression::CaseInsensitiveOption |
                    QRegularExpression::UseUnicodePropertiesOption);
            out.replace(pattern, QLatin1String(kNameMask));
        }
    }
    return out;
}

QString Deidentifier::uid(const QString& original) {
    if (original.isEmpty())
        return {};
    auto found = m_uids.find(original);
    if (found != m_uids.end())
        return found->second;
    const QByteArray raw = QUuid::createUuid().toRfc4122();
    std::array<unsigned, 16> bytes{};
    for (int i = 0; i < 16; ++i)
        bytes[std::size_t(i)] = unsigned(std::uint8_t(raw[i]));
    const QString fresh = QStringLiteral("2.25.") + decimalOf(bytes);
    m_uids.emplace(original, fresh);
    return fresh;
}

} // namespace tgc

#include "pacs_uid.h"

#include <QCryptographicHash>
#include <algorithm>
#include <array>
#include <cstdint>

namespace tgc::pacs {

bool isValidUid(const QString& uid) {
    if (uid.isEmpty() || uid.size() > 64)
        return false;
    int componentStart = 0;
    for (int i = 0; i <= uid.size(); ++i) {
        if (i == uid.size() || uid[i] == QLatin1Char('.')) {
            const int length = i - componentStart;
            if (length == 0)
                return false;
            if (length > 1 && uid[componentStart] == QLatin1Char('0'))
                return false;
            componentStart = i + 1;
        } else if (uid[i] < QLatin1Char('0') || uid[i] > QLatin1Char('9')) {
            return false;
        }
    }
    return true;
}

QString uidFromSeed(const QByteArray& seed) {
    const QByteArray digest = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
    // 128 bits shaped as a version-8 (name-based, custom hash) UUID, then
    // written in decimal by repeated division of the 16-byte big-endian number.
    std::array<std::uint8_t, 16> bytes{};
    std::copy_n(reinterpret_cast<const std::uint8_t*>(digest.constData()), 16, bytes.begin());
    bytes[6] = std::uint8_t((bytes[6] & 0x0f) | 0x80);
    bytes[8] = std::uint8_t((bytes[8] & 0x3f) | 0x80);
    QString digits;
    while (std::any_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b != 0; })) {
        unsigned remainder = 0;
        for (std::uint8_t& b : bytes) {
            const unsigned value = (remainder << 8) | b;
            b = std::uint8_t(value / 10);
            remainder = value % 10;
        }
        digits.prepend(QChar(QLatin1Char(char('0' + remainder))));
    }
    return QStringLiteral("2.25.") + (digits.isEmpty() ? QStringLiteral("0") : digits);
}

} // namespace tgc::pacs

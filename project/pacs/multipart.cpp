#include "multipart.h"

#include <QRandomGenerator>
#include <cstring>

namespace tgc::pacs {

namespace {

// Splits "a; b=c; d="e;f"" into parameters, honouring quoted strings.
QList<QByteArray> splitParameters(const QByteArray& text) {
    QList<QByteArray> out;
    QByteArray current;
    bool quoted = false;
    for (char c : text) {
        if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted) {
            out << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    out << current.trimmed();
    return out;
}

// glibc's memmem is several times faster than a general byte-array search
// on the megabytes of pixel data a series streams through here.
qsizetype find(const QByteArray& haystack, const QByteArray& needle) {
    const void* at = memmem(haystack.constData(), std::size_t(haystack.size()), needle.constData(),
                            std::size_t(needle.size()));
    return at ? static_cast<const char*>(at) - haystack.constData() : -1;
}

bool isBoundaryChar(char c) {
    // RFC 2046 bchars.
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           QByteArrayView("'()+_,-./:=? ").contains(c);
}

} // namespace

std::optional<QByteArray> multipartBoundary(const QByteArray& contentType, QString* error) {
    const QList<QByteArray> parameters = splitParameters(contentType);
    const QByteArray media = parameters.value(0).toLower();
    if (media != "multipart/related") {
        *error = QStringLiteral("the answer is '%1', not multipart/related")
                     .arg(QString::fromLatin1(contentType.left(100)));
        return std::nullopt;
    }
    for (const QByteArray& p : parameters.mid(1)) {
        const int eq = p.indexOf('=');
        if (eq < 0 || p.left(eq).trimmed().toLower() != "boundary")
            continue;
        QByteArray value = p.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        if (value.isEmpty() || value.size() > 70 || value.endsWith(' ') ||
            !std::all_of(value.begin(), value.end(), isBoundaryChar)) {
            *error = QStringLiteral("the multipart boundary '%1' is not a valid one")
                         .arg(QString::fromLatin1(value.left(100)));
            return std::nullopt;
        }
        return value;
    }
    *error = QStringLiteral("the multipart answer names no boundary");
    return std::nullopt;
}

MultipartReader::MultipartReader(const QByteArray& boundary)
    : m_delimiter("\r\n--" + boundary), m_buffer("\r\n") {}

bool MultipartReader::fail(const QString& reason) {
    if (m_state != State::Failed)
        m_error = reason;
    m_state = State::Failed;
    m_buffer.clear();
    return false;
}

bool MultipartReader::parseHeaders(const QByteArray& block) {
    PartHeaders headers;
    for (const QByteArray& line : block.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        const int colon = trimmed.indexOf(':');
        if (colon <= 0)
            return fail(QStringLiteral("part %1 has a malformed header line").arg(m_parts + 1));
        headers.append({trimmed.left(colon).trimmed().toLower(), trimmed.mid(colon + 1).trimmed()});
    }
    if (++m_parts > kMaxParts)
        return fail(QStringLiteral("more than %1 parts").arg(kMaxParts));
    if (onPartBegin && !onPartBegin(headers))
        return fail(QStringLiteral("stopped at part %1").arg(m_parts));
    return true;
}

// Pixel data is most of a series: inside a part, bytes go from the caller's
// buffer to onPartData without first being copied into m_buffer, which then
// holds only what an earlier call left: the tail that could begin a
// delimiter (fewer bytes than it has), or the rest of the small slice read
// with the part's headers. On return the part either goes on (all of data
// was taken) or ended, and data/size are what follows its delimiter.
bool MultipartReader::passBody(const char*& data, qsizetype& size) {
    const qsizetype d = m_delimiter.size();
    const auto give = [this](const char* bytes, qsizetype n) {
        if (n > 0 && onPartData && !onPartData(bytes, n))
            return fail(QStringLiteral("stopped in part %1").arg(m_parts));
        return true;
    };
    const auto endPart = [this] {
        if (onPartEnd && !onPartEnd())
            return fail(QStringLiteral("stopped after part %1").arg(m_parts));
        m_state = State::AfterDelimiter;
        return true;
    };
    // A delimiter that begins in m_buffer: wholly inside it, or ending within
    // data's first d - 1 bytes (fewer could not hold one that began there).
    qsizetype at = find(m_buffer, m_delimiter);
    if (at < 0 && !m_buffer.isEmpty() && size > 0) {
        const qsizetype from = std::max(qsizetype(0), m_buffer.size() - (d - 1));
        const qsizetype spanning =
            find(m_buffer.mid(from) + QByteArray(data, std::min(size, d - 1)), m_delimiter);
        if (spanning >= 0)
            at = from + spanning;
    }
    if (at >= 0) {
        if (!give(m_buffer.constData(), at) || !endPart())
            return false;
        const qsizetype buffered = m_buffer.size() - at; // of the delimiter, or more
        if (buffered >= d) {
            m_buffer.remove(0, at + d);
        } else {
            data += d - buffered;
            size -= d - buffered;
            m_buffer.clear();
        }
        return true;
    }
    const void* hit = memmem(data, std::size_t(size), m_delimiter.constData(), std::size_t(d));
    if (hit) {
        at = static_cast<const char*>(hit) - data;
        if (!give(m_buffer.constData(), m_buffer.size()) || !give(data, at) || !endPart())
            return false;
        m_buffer.clear();
        data += at + d;
        size -= at + d;
        return true;
    }
    // No delimiter: all but the last d - 1 bytes of m_buffer + data are body.
    const qsizetype buffered = m_buffer.size();
    const qsizetype body = buffered + size - std::min(d - 1, buffered + size);
    if (body >= buffered) {
        if (!give(m_buffer.constData(), buffered) || !give(data, body - buffered))
            return false;
        m_buffer = QByteArray(data + (body - buffered), size - (body - buffered));
    } else {
        if (!give(m_buffer.constData(), body))
            return false;
        m_buffer = m_buffer.mid(body) + QByteArray(data, size);
    }
    data += size;
    size = 0;
    return true;
}

// The states before a part's body read from m_buffer. False on malformed
// input or when a callback stopped it; true when they need more bytes or a
// body (or the epilogue) began.
bool MultipartReader::parseBuffered() {
    for (;;) {
        switch (m_state) {
        case State::Preamble: {
            const qsizetype at = find(m_buffer, m_delimiter);
            if (at < 0) {
                // Keep only what could still start a delimiter; the preamble
                // itself is meaningless.
                const qsizetype keep = m_delimiter.size() - 1;
                if (m_buffer.size() > keep)
                    m_buffer.remove(0, m_buffer.size() - keep);
                return true;
            }
            m_buffer.remove(0, at + m_delimiter.size());
            m_state = State::AfterDelimiter;
            break;
        }
        case State::AfterDelimiter: {
            if (m_buffer.size() < 2)
                return true;
            if (m_buffer.startsWith("--")) {
                m_state = State::Epilogue;
                m_buffer.clear();
                return true;
            }
            // Transport padding (spaces, tabs) may precede the line break.
            qsizetype i = 0;
            while (i < m_buffer.size() && (m_buffer[i] == ' ' || m_buffer[i] == '\t'))
                ++i;
            if (i > 256)
                return fail(QStringLiteral("a boundary line that never ends"));
            if (m_buffer.size() - i < 2)
                return true;
            if (m_buffer[i] != '\r' || m_buffer[i + 1] != '\n')
                return fail(QStringLiteral("a boundary followed by garbage"));
            m_buffer.remove(0, i + 2);
            m_state = State::Headers;
            break;
        }
        case State::Headers: {
            qsizetype end = m_buffer.indexOf("\r\n\r\n");
            qsizetype skip = 4;
            if (m_buffer.startsWith("\r\n")) { // a part without headers
                end = 0;
                skip = 2;
            }
            if (end < 0) {
                // The block ends no sooner than 3 bytes before the buffer's
                // end; failing only past that gives every slicing one answer.
                if (m_buffer.size() > kMaxHeaderBytes + 3)
                    return fail(QStringLiteral("part %1's headers exceed %2 bytes")
                                    .arg(m_parts + 1)
                                    .arg(kMaxHeaderBytes));
                return true;
            }
            if (end > kMaxHeaderBytes)
                return fail(QStringLiteral("part %1's headers exceed %2 bytes")
                                .arg(m_parts + 1)
                                .arg(kMaxHeaderBytes));
            const QByteArray block = m_buffer.left(end);
            m_buffer.remove(0, end + skip);
            if (!parseHeaders(block))
                return false;
            m_state = State::Body;
            return true;
        }
        case State::Body:
        case State::Epilogue:
            return true;
        case State::Failed:
            return false;
        }
    }
}

bool MultipartReader::feed(const char* data, qsizetype size) {
    // The states before a body take data a small slice at a time (a header
    // block is a few hundred bytes), so the body bytes behind a block stay
    // in the caller's buffer and passBody hands them on uncopied.
    constexpr qsizetype kSlice = 4096;
    for (;;) {
        switch (m_state) {
        case State::Failed:
            return false;
        case State::Epilogue:
            m_buffer.clear();
            return true; // whatever follows the closing boundary is ignored
        case State::Body:
            if (!passBody(data, size))
                return false;
            if (m_state == State::Body)
                return true; // all of data was body
            break;
        default: {
            const qsizetype take = std::min(size, kSlice);
            m_buffer.append(data, take);
            data += take;
            size -= take;
            const State before = m_state;
            const qsizetype buffered = m_buffer.size();
            if (!parseBuffered())
                return false;
            // Nothing moved on and nothing is left to read: wait for more.
            if (size == 0 && m_state == before && m_buffer.size() == buffered)
                return true;
            break;
        }
        }
    }
}

bool MultipartReader::finish() {
    switch (m_state) {
    case State::Epilogue:
        return true;
    case State::Failed:
        return false;
    case State::Preamble:
        return fail(QStringLiteral("the answer holds no part (no boundary found)"));
    default:
        return fail(QStringLiteral("the answer ends in the middle of part %1 (truncated: "
                                   "its closing boundary never came)")
                        .arg(std::max(1, m_parts)));
    }
}

QString metaSopInstanceUid(const QByteArray& head) {
    if (head.size() < 132 || head.mid(128, 4) != "DICM")
        return {};
    const auto byte = [&head](qsizetype i) { return quint32(quint8(head[i])); };
    const auto u16 = [&byte](qsizetype i) { return byte(i) | byte(i + 1) << 8; };
    const auto u32 = [&u16](qsizetype i) { return u16(i) | u16(i + 2) << 16; };
    qsizetype at = 132;
    while (at + 8 <= head.size()) {
        if (u16(at) != 0x0002) // past the meta group without finding it
            return {};
        const quint32 element = u16(at + 2);
        const QByteArray vr = head.mid(at + 4, 2);
        // PS3.5 7.1.2: these VRs have two reserved bytes and a 32-bit length.
        static const QList<QByteArray> longForm{"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                                "SV", "UC", "UN", "UR", "UT", "UV"};
        qint64 length = 0, value = 0;
        if (longForm.contains(vr)) {
            if (at + 12 > head.size())
                return {};
            length = u32(at + 8);
            value = at + 12;
        } else {
            length = u16(at + 6);
            value = at + 8;
        }
        if (value + length > head.size())
            return {};
        if (element == 0x0003) {
            QByteArray uid = head.mid(value, qsizetype(length));
            while (uid.endsWith('\0') || uid.endsWith(' '))
                uid.chop(1);
            return QString::fromLatin1(uid);
        }
        at = qsizetype(value + length);
    }
    return {};
}

QByteArray MultipartBody::contentType() const {
    return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
}

MultipartBody makeDicomMultipart(const QList<QByteArray>& files) {
    MultipartBody body;
    for (;;) {
        body.boundary = "tgc-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16) +
                        QByteArray::number(QRandomGenerator::global()->generate64(), 16);
        if (std::none_of(files.begin(), files.end(),
                         [&](const QByteArray& f) { return f.contains(body.boundary); }))
            break;
    }
    for (const QByteArray& file : files) {
        body.bytes += "--" + body.boundary + "\r\nContent-Type: application/dicom\r\n\r\n";
        body.bytes += file;
        body.bytes += "\r\n";
    }
    body.bytes += "--" + body.boundary + "--\r\n";
    return body;
}

} // namespace tgc::pacs

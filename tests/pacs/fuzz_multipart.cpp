// libFuzzer harness: any bytes as a multipart/related body, fed in pieces
// whose sizes come from the input. The reader must not crash, must hand on
// no more body bytes than it was fed, and must agree with itself when the
// same bytes come in one piece.
#include "multipart.h"

#include <cstdlib>

namespace {

QList<QByteArray> read(const QByteArray& body, qsizetype step, bool* ok) {
    tgc::pacs::MultipartReader reader("b0undary");
    QList<QByteArray> parts;
    reader.onPartBegin = [&](const tgc::pacs::PartHeaders&) {
        parts << QByteArray();
        return true;
    };
    reader.onPartData = [&](const char* d, qsizetype n) {
        if (parts.isEmpty())
            std::abort(); // data outside a part
        parts.last().append(d, n);
        return true;
    };
    reader.onPartEnd = [] { return true; };
    *ok = true;
    for (qsizetype i = 0; i < body.size() && *ok; i += step)
        *ok = reader.feed(body.mid(i, step));
    *ok = *ok && reader.finish();
    return parts;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const qsizetype step = 1 + data[0] % 64;
    const QByteArray body(reinterpret_cast<const char*>(data) + 1, qsizetype(size - 1));
    bool pieceOk = false, wholeOk = false;
    const QList<QByteArray> pieces = read(body, step, &pieceOk);
    const QList<QByteArray> whole = read(body, body.size() + 1, &wholeOk);
    qsizetype total = 0;
    for (const QByteArray& p : pieces)
        total += p.size();
    if (total > body.size())
        std::abort();
    if (pieceOk != wholeOk || (pieceOk && pieces != whole))
        std::abort();
    QString error;
    tgc::pacs::multipartBoundary(body, &error);
    for (const QByteArray& part : whole)
        tgc::pacs::metaSopInstanceUid(part);
    tgc::pacs::metaSopInstanceUid(QByteArray(128, '\0') + "DICM" + body);
    return 0;
}

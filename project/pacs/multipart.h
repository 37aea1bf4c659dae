// multipart/related (RFC 2387) as WADO-RS answers and STOW-RS requests carry
// DICOM: a streaming reader that hands each part's body on as it arrives, so
// a series goes to disk without being held in memory, and the writer of a
// request body. The reader trusts nothing: header blocks and part counts are
// bounded, and a stream that ends before its closing boundary is an error.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <functional>
#include <optional>

namespace tgc::pacs {

// The boundary of a "multipart/related; type=...; boundary=..." content type;
// nullopt with *error saying why (another media type, no boundary, a
// boundary RFC 2046 does not allow).
std::optional<QByteArray> multipartBoundary(const QByteArray& contentType, QString* error);

using PartHeaders = QList<QPair<QByteArray, QByteArray>>; // names lower-cased

class MultipartReader {
public:
    static constexpr int kMaxHeaderBytes = 16 * 1024;
    static constexpr int kMaxParts = 1000000;

    explicit MultipartReader(const QByteArray& boundary);

    // Each returns false to stop the reader (error() then gives reason()).
    std::function<bool(const PartHeaders& headers)> onPartBegin;
    std::function<bool(const char* data, qsizetype size)> onPartData;
    std::function<bool()> onPartEnd;

    // Feeds the next bytes of the body; false on malformed input or when a
    // callback stopped it.
    bool feed(const char* data, qsizetype size);
    bool feed(const QByteArray& bytes) { return feed(bytes.constData(), bytes.size()); }
    // The body ended: true only when the closing boundary was seen.
    bool finish();

    bool done() const { return m_state == State::Epilogue; }
    int parts() const { return m_parts; }
    const QString& error() const { return m_error; }

private:
    enum class State { Preamble, AfterDelimiter, Headers, Body, Epilogue, Failed };
    bool fail(const QString& reason);
    bool parseHeaders(const QByteArray& block);
    bool passBody(const char*& data, qsizetype& size);
    bool parseBuffered();

    QByteArray m_delimiter; // CRLF "--" boundary
    QByteArray m_buffer;
    State m_state = State::Preamble;
    int m_parts = 0;
    QString m_error;
};

// The Media Storage SOP Instance UID (0002,0003) of a DICOM file from its
// first bytes: 128 bytes of preamble, "DICM", then the file meta group in
// explicit VR little endian. Empty when the bytes hold no such header or it
// does not fit in them; the caller then reads the file itself. Lets a part
// be named as it ends without reading it back from disk.
QString metaSopInstanceUid(const QByteArray& head);

// A multipart/related body with one part per DICOM file
// (Content-Type: application/dicom) and a boundary not found in any of them.
struct MultipartBody {
    QByteArray boundary;
    QByteArray bytes;
    QByteArray contentType() const; // multipart/related; type="application/dicom"; boundary=...
};
MultipartBody makeDicomMultipart(const QList<QByteArray>& files);

} // namespace tgc::pacs

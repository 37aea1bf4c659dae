// Writes the DICOM parts of a retrieval into one folder as they arrive: each
// part goes to a hidden temporary file and becomes <SOP Instance UID>.dcm
// only when complete, so a cut-off transfer leaves whole files only. The UID
// comes from the part's file meta header, or where it has none from DCMTK
// reading the file, and is checked before it names a file; the import reads
// the rest.
#pragma once

#include "multipart.h"

#include <QFile>
#include <QString>
#include <QStringList>
#include <memory>

namespace tgc::pacs {

struct RetrieveResult {
    int files = 0;
    qint64 bytes = 0;
    QStringList sopInstanceUids; // of the files written, in arrival order
};

// The UIDs a DICOM file names itself by (read from its header only).
struct DicomIds {
    QString studyUid, seriesUid, sopInstanceUid, sopClassUid, modality;
    QString patientId, patientName, seriesDescription;
};
// Empty ids with *error set when the file is not DICOM.
DicomIds readDicomIds(const QString& path, QString* error);

class PartWriter {
public:
    static constexpr qint64 kMaxPartBytes = 4ll << 30;

    explicit PartWriter(const QString& folder);
    ~PartWriter();

    bool begin(const PartHeaders& headers);
    bool write(const char* data, qsizetype size);
    bool end();
    // Removes the file of a part that never ended.
    void discardOpenPart();

    const QString& error() const { return m_error; }
    int files() const { return m_result.files; }
    const RetrieveResult& result() const { return m_result; }

    // The SOP Instance UID of a complete DICOM file; empty with *error set
    // when the file is not DICOM or its UID is not a valid one.
    static QString sopInstanceUid(const QString& path, QString* error);

private:
    bool fail(const QString& reason);

    QString m_folder;
    std::unique_ptr<QFile> m_part;
    QByteArray m_head; // the part's first bytes, for its file meta header
    qint64 m_partBytes = 0;
    int m_index = 0;
    RetrieveResult m_result;
    QString m_error;
};

} // namespace tgc::pacs

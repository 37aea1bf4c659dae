#include "part_writer.h"

#include "atomic_file.h"
#include "pacs_uid.h"

#include <QDir>
#include <algorithm>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

namespace tgc::pacs {

PartWriter::PartWriter(const QString& folder) : m_folder(folder) {}

PartWriter::~PartWriter() {
    discardOpenPart();
}

bool PartWriter::fail(const QString& reason) {
    m_error = reason;
    discardOpenPart();
    return false;
}

bool PartWriter::begin(const PartHeaders& headers) {
    ++m_index;
    for (const auto& [name, value] : headers) {
        if (name == "content-type" && !value.toLower().startsWith("application/dicom"))
            return fail(QStringLiteral("part %1 is '%2', not application/dicom")
                            .arg(m_index)
                            .arg(QString::fromLatin1(value.left(100))));
    }
    m_part = std::make_unique<QFile>(
        QDir(m_folder).filePath(QStringLiteral(".incoming-%1.part").arg(m_index)));
    m_partBytes = 0;
    m_head.clear();
    if (!m_part->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        return fail(
            QStringLiteral("%1: cannot write (%2)").arg(m_part->fileName(), m_part->errorString()));
    return true;
}

bool PartWriter::write(const char* data, qsizetype size) {
    if (!m_part)
        return fail(QStringLiteral("data outside a part"));
    // A file meta header is a few hundred bytes; 16 KB hold any real one.
    constexpr qsizetype kHeadBytes = 16 << 10;
    if (m_head.size() < kHeadBytes)
        m_head.append(data, std::min(size, kHeadBytes - m_head.size()));
    m_partBytes += size;
    if (m_partBytes > kMaxPartBytes)
        return fail(
            QStringLiteral("part %1 is larger than %2 GB").arg(m_index).arg(kMaxPartBytes >> 30));
    if (m_part->write(data, size) != size)
        return fail(
            QStringLiteral("%1: cannot write (%2)").arg(m_part->fileName(), m_part->errorString()));
    return true;
}

bool PartWriter::end() {
    if (!m_part)
        return fail(QStringLiteral("a part ended that never began"));
    const QString temporary = m_part->fileName();
    const bool flushed = m_part->flush();
    m_part->close();
    m_part.reset();
    if (!flushed) {
        QFile::remove(temporary);
        return fail(QStringLiteral("%1: cannot write").arg(temporary));
    }
    QString error;
    QString uid = metaSopInstanceUid(m_head);
    if (!isValidUid(uid)) // no file meta header, or a broken one: read the file
        uid = sopInstanceUid(temporary, &error);
    if (uid.isEmpty()) {
        QFile::remove(temporary);
        return fail(QStringLiteral("part %1: %2").arg(m_index).arg(error));
    }
    const QString target = QDir(m_folder).filePath(uid + QStringLiteral(".dcm"));
    // One rename that replaces a file staged earlier under this name (one
    // system call, where QFile::remove and QFile::rename take five).
    if (const QString why = renameOver(temporary, target); !why.isEmpty()) {
        QFile::remove(temporary);
        return fail(QStringLiteral("%1: cannot rename into place (%2)").arg(target, why));
    }
    ++m_result.files;
    m_result.bytes += m_partBytes;
    m_result.sopInstanceUids << uid;
    return true;
}

void PartWriter::discardOpenPart() {
    if (!m_part)
        return;
    const QString name = m_part->fileName();
    m_part->close();
    m_part.reset();
    QFile::remove(name);
}

DicomIds readDicomIds(const QString& path, QString* error) {
    DcmFileFormat file;
    // Element values over 4 KB stay on disk: only the header is wanted.
    const OFCondition status =
        file.loadFile(QFile::encodeName(path).constData(), EXS_Unknown, EGL_noChange, 4096);
    if (status.bad()) {
        if (error)
            *error =
                QStringLiteral("not a DICOM file (%1)").arg(QString::fromLatin1(status.text()));
        return {};
    }
    auto get = [&file](const DcmTagKey& tag) {
        OFString v;
        file.getDataset()->findAndGetOFString(tag, v);
        return QString::fromLatin1(v.c_str()).trimmed();
    };
    return DicomIds{get(DCM_StudyInstanceUID), get(DCM_SeriesInstanceUID), get(DCM_SOPInstanceUID),
                    get(DCM_SOPClassUID),      get(DCM_Modality),          get(DCM_PatientID),
                    get(DCM_PatientName),      get(DCM_SeriesDescription)};
}

QString PartWriter::sopInstanceUid(const QString& path, QString* error) {
    QString why;
    const DicomIds ids = readDicomIds(path, &why);
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return {};
    }
    if (!isValidUid(ids.sopInstanceUid)) {
        if (error)
            *error = QStringLiteral("its SOP Instance UID '%1' is not a valid UID")
                         .arg(ids.sopInstanceUid.left(80));
        return {};
    }
    return ids.sopInstanceUid;
}

} // namespace tgc::pacs

#include "atomic_file.h"

#include "io_error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tgc {

AtomicFile::AtomicFile(const QString& target, const QString& suffix) : m_target(target) {
    const QFileInfo info(target);
    m_temporary = info.absolutePath() + QStringLiteral("/.") + info.fileName() +
                  QStringLiteral(".tmp") +
                  QString::number(QRandomGenerator::global()->generate(), 16) + suffix;
}

AtomicFile::~AtomicFile() {
    if (!m_committed)
        QFile::remove(m_temporary);
}

void AtomicFile::commit() {
    const QString why = renameOver(m_temporary, m_target);
    if (!why.isEmpty())
        throw IoError(m_target, QStringLiteral("cannot replace the file: %1").arg(why));
    m_committed = true;
}

QString renameOver(const QString& from, const QString& to) {
    if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    return {};
}

QString writeFileAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString why = file.errorString();
        file.cancelWriting();
        file.commit(); // discards the temporary file
        return why;
    }
    if (!file.commit())
        return file.errorString();
    return {};
}

void ensureParentFolder(const QString& path) {
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        throw IoError(folder,
                      QStringLiteral("cannot create the folder (read-only or no permission?)"));
}

} // namespace tgc

#include "export_staging.h"

#include "atomic_file.h"
#include "io_error.h"
#include "store/safe_path.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace tgc {

namespace {

bool removeEntry(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir() && !info.isSymLink())
        return QDir(path).removeRecursively();
    return QFile::remove(path);
}

} // namespace

ExportStaging::ExportStaging(const QString& outDir, bool overwrite) {
    if (outDir.trimmed().isEmpty())
        throw IoError(QStringLiteral("(export)"), QStringLiteral("no output folder was chosen"));
    m_out = QDir::cleanPath(QDir(outDir).absolutePath());
    const QFileInfo info(m_out);
    if (info.exists() && !info.isDir())
        throw IoError(m_out, QStringLiteral("cannot export here: this is a file, not a folder"));
    if (!info.exists()) {
        if (!QDir().mkpath(m_out))
            throw IoError(m_out, QStringLiteral("cannot create the output folder"));
        m_createdOut = true;
    }
    m_staging = m_out + QLatin1Char('/') + QLatin1String(kFolderName);
    // Left by an export that crashed: ours by name, never a dataset.
    if (QFileInfo::exists(m_staging) && !removeEntry(m_staging))
        throw IoError(m_staging, QStringLiteral("cannot remove the unfinished export left here"));
    const QStringList existing =
        QDir(m_out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    if (!existing.isEmpty() && !overwrite)
        throw IoError(m_out, QStringLiteral("the folder is not empty (%1 entries, e.g. '%2'); "
                                            "choose an empty folder or allow overwriting")
                                 .arg(existing.size())
                                 .arg(existing.front()));
    if (!QDir().mkpath(m_staging))
        throw IoError(m_staging, QStringLiteral("cannot create the staging folder"));
}

ExportStaging::~ExportStaging() {
    if (!m_committed)
        removeEntry(m_staging);
    if (m_createdOut && QDir(m_out).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        QDir().rmdir(m_out);
}

QString ExportStaging::path(const QString& relative) const {
    const QString absolute = resolveInside(m_staging, relative);
    ensureParentFolder(absolute);
    return absolute;
}

QStringList ExportStaging::files() const {
    QStringList out;
    QDirIterator it(m_staging, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    const QDir base(m_staging);
    while (it.hasNext())
        out << base.relativeFilePath(it.next());
    out.sort();
    return out;
}

void ExportStaging::commit() {
    QStringList entries =
        QDir(m_staging).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    // The manifest last: its presence says the export is complete.
    if (entries.removeAll(QLatin1String(kManifestName)) > 0)
        entries.append(QLatin1String(kManifestName));
    for (const QString& name : entries) {
        const QString target = m_out + QLatin1Char('/') + name;
        if (QFileInfo::exists(target) || QFileInfo(target).isSymLink()) {
            if (!removeEntry(target))
                throw IoError(target, QStringLiteral("cannot replace the existing entry"));
        }
        if (!QDir().rename(m_staging + QLatin1Char('/') + name, target))
            throw IoError(target, QStringLiteral("cannot move the exported entry into place"));
    }
    m_committed = true;
    removeEntry(m_staging);
}

} // namespace tgc

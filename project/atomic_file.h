// Atomic file replacement for writers that need a real file name (VTK,
// DCMTK): write to a hidden sibling, then rename over the target.
#pragma once

#include <QString>

namespace tgc {

class AtomicFile {
public:
    // suffix: what the temporary name must end with for the writer to pick
    // the format (".nii.gz", ".dcm").
    AtomicFile(const QString& target, const QString& suffix);
    ~AtomicFile(); // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const QString& temporaryPath() const { return m_temporary; }
    // Renames the temporary file over the target; throws IoError on failure.
    void commit();

private:
    QString m_target;
    QString m_temporary;
    bool m_committed = false;
};

// Renames from over to in one system call: a file already named to is
// replaced, so the name never stands for a missing or half-written file.
// Returns an empty string, or why it failed (then both files are as before).
QString renameOver(const QString& from, const QString& to);

// Replaces path with bytes atomically (QSaveFile). Returns an empty string,
// or why it failed; then the old file is untouched. Qt 6.4's
// QSaveFile::commit() can report success after a failed flush (a full disk)
// and rename an empty file over the old one, so the flush is checked here.
QString writeFileAtomically(const QString& path, const QByteArray& bytes);

// Creates the folder holding path (and its parents); throws IoError naming it.
void ensureParentFolder(const QString& path);

} // namespace tgc

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

// Creates the folder holding path (and its parents); throws IoError naming it.
void ensureParentFolder(const QString& path);

} // namespace tgc

// Where an export writes before it is complete: <out>/.tgc-export-partial/.
// Nothing is written outside the chosen folder, and only commit() moves the
// finished entries into place (manifest.json last), so a cancelled or failed
// export leaves nothing that looks like a dataset.
#pragma once

#include <QString>
#include <QStringList>

namespace tgc {

class ExportStaging {
public:
    static constexpr const char* kFolderName = ".tgc-export-partial";
    static constexpr const char* kManifestName = "manifest.json";

    // Refuses (IoError naming the folder) a file, or a non-empty folder
    // unless overwrite is set; a staging folder left by a crashed export
    // does not count and is removed. Creates the folder when missing.
    ExportStaging(const QString& outDir, bool overwrite);
    // Removes the staging folder unless committed, and the output folder
    // when this export created it and it is still empty.
    ~ExportStaging();
    ExportStaging(const ExportStaging&) = delete;
    ExportStaging& operator=(const ExportStaging&) = delete;

    const QString& outDir() const { return m_out; }
    const QString& stagingDir() const { return m_staging; }
    // Absolute path of a relative name inside the staging folder, with its
    // parent folders created. Throws IoError for names leaving the folder.
    QString path(const QString& relative) const;
    // Every staged file, relative, sorted.
    QStringList files() const;

    // Moves each top-level staged entry into the output folder, replacing
    // an entry of the same name (only possible with overwrite), then
    // removes the staging folder. Throws IoError naming what failed.
    void commit();

private:
    QString m_out;
    QString m_staging;
    bool m_createdOut = false;
    bool m_committed = false;
};

} // namespace tgc

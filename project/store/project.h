// A project folder (DESIGN.md §3, contract):
//   project.json                                manifest: format version, label table, cases
//   cases/<id>/mask.nii.gz | mask.png           label ids as values
//   cases/<id>/proposals/<model-id>.nii.gz|png  probability x 255, uint8
//   .autosave/                                  journal for crash recovery
// Sources are referenced, never rewritten; every path the project writes is
// resolved inside its folder (safe_path.h).
#pragma once

#include "case_record.h"
#include "label_map.h"

#include <QString>
#include <map>
#include <vector>

namespace tgc {

class Project {
public:
    // 1: first format. 2: cases carry source_kind and dims.
    static constexpr int kFormatVersion = 2;
    static constexpr const char* kFormatName = "tgc-annotator-project";
    static constexpr const char* kManifestName = "project.json";

    // Makes a new project in a folder that is missing or empty.
    static Project create(const QString& folder, const QString& name = {});
    // Reads project.json; refuses a newer format version and unsafe entries,
    // upgrades an older one in memory (the file changes only at save()).
    static Project open(const QString& folder);
    // A new project where the folder is missing or empty, else the one there.
    static Project openOrCreate(const QString& folder, bool* created = nullptr);
    // Files opened without a project: their cases in memory and no folder,
    // so save() refuses until the cases are imported into a real project.
    static Project unsaved(const QString& name = {});
    bool isSaved() const { return !m_root.isEmpty(); }

    // Writes project.json atomically; on failure (disk full, read-only) the
    // saved manifest stays as it was and IoError says why. The first save of
    // an upgraded project keeps the old manifest as project.v<N>.json, so an
    // older application's file is never lost.
    void save() const;
    // The format version project.json had when opened (kFormatVersion once saved).
    int loadedFormatVersion() const { return m_loadedVersion; }
    // A copy of this project was saved (ProjectSession's background save).
    void markSaved() { m_loadedVersion = kFormatVersion; }
    // Copies the case files into a new empty folder and continues there.
    void saveAs(const QString& folder);

    const QString& root() const { return m_root; }
    QString manifestPath() const;

    QString name;
    std::vector<Label> labels = LabelMap::defaultLabels();

    std::vector<CaseRecord>& cases() { return m_cases; }
    const std::vector<CaseRecord>& cases() const { return m_cases; }
    CaseRecord* findCase(const QString& id);
    const CaseRecord* findCase(const QString& id) const;
    // Adds a case; its id becomes a unique safe file name derived from the
    // given one. Returns the stored record.
    CaseRecord& addCase(CaseRecord record);
    bool removeCase(const QString& id);

    // Paths inside the project for a case's files (folders are not created).
    QString caseFolder(const QString& caseId) const;
    QString maskPath(const CaseRecord& record) const;
    QString proposalPath(const CaseRecord& record, const QString& modelId) const;

    std::map<CaseStatus, int> statusCounts() const;

private:
    explicit Project(const QString& root);
    Project() = default; // unsaved(): no folder
    QString m_root;
    std::vector<CaseRecord> m_cases;
    mutable int m_loadedVersion = kFormatVersion;
};

} // namespace tgc

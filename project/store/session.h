// An open project being worked on: the one place edits go through, so each
// reaches the autosave journal (written off the caller's thread, within a
// second) and the project knows what a save must write. No widgets: the UI
// calls it, tests and scripts drive it the same way.
#pragma once

#include "journal.h"
#include "project.h"

#include <QDateTime>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace tgc {

class LabelChange;
class LabelMap;

// What a journal left by an earlier session holds.
struct RecoveryInfo {
    int records = 0;
    QDateTime lastEdit;
    QStringList cases;
    QString warning; // a torn tail was dropped, for example
};

class ProjectSession {
public:
    // Opens the project; a journal left by a crash is not applied until
    // restore() or discardRecovery() is called (nothing is journalled before).
    static std::unique_ptr<ProjectSession> open(const QString& folder);
    explicit ProjectSession(Project project);
    ~ProjectSession();

    Project& project() { return m_project; }
    const Project& project() const { return m_project; }

    // The name stamped on edits (Settings); empty means "unknown".
    void setUser(const QString& name) { m_user = name; }
    const QString& user() const { return m_user; }

    std::optional<RecoveryInfo> pendingRecovery() const { return m_recovery; }
    // Applies the journal: case fields at once, mask tiles when the case's
    // mask is attached (or at save). The journal is kept until the next save.
    void restore();
    // Moves the journal aside (.autosave/discarded-<time>.bin), never deletes it.
    void discardRecovery();

    // Case fields: "report", "aux", "aux_source", "notes". Stamps the user as
    // annotator when the case has none, moves a new case to in_progress.
    // Returns false when the case or the field is unknown.
    bool setField(const QString& caseId, const QString& field, const QString& value);
    // A model's proposal for a case (provenance: model id, prompts,
    // threshold, accepted), replacing that model's earlier one; journalled.
    // The probability map itself is a file (Project::proposalPath) that the
    // caller writes. False when the case is unknown.
    bool setProposal(const QString& caseId, const ProposalRecord& proposal);
    // The annotator rejected a model's proposal: the case forgets it.
    bool removeProposal(const QString& caseId, const QString& modelId);
    // Status changes; "reviewed" needs a user other than the annotator.
    // Returns an empty string, or why the change was refused.
    QString setStatus(const QString& caseId, CaseStatus status);

    // The mask of a case being edited, shared with the views. Attaching
    // applies restored journal tiles for that case.
    void attachMask(const QString& caseId, std::shared_ptr<LabelMap> mask);
    std::shared_ptr<LabelMap> mask(const QString& caseId) const;
    // The case was left: its mask is dropped from memory unless unsaved.
    void releaseMask(const QString& caseId);
    // One committed undo step (stroke, fill, accepted proposal) of a case's mask.
    void recordMaskChange(const QString& caseId, const LabelChange& change);
    // Tiles written by an undo or redo (or any change), packed as LabelChange packs them.
    void recordMaskTiles(const QString& caseId, const std::vector<std::int64_t>& keys,
                         const QByteArray& packed);

    bool isDirty() const { return m_dirty; }
    // Writes changed masks (each atomically), then project.json. On failure
    // (full or read-only disk) throws IoError; edits stay in memory and in the
    // journal, and every file saved before stays whole. The same as
    // beginSave(), writeSave() and finishSave() in a row.
    void save();

    // A save in three steps, so that the UI thread only copies and the disk
    // is written elsewhere: beginSave() snapshots the manifest and the changed
    // masks (on the session's thread); writeSave() writes a snapshot on any
    // thread and throws IoError on failure; finishSave() records the outcome
    // on the session's thread. Edits made in between stay dirty and stay in
    // the journal; after a failure everything the snapshot held is dirty again.
    struct SaveSnapshot {
        Project manifest;
        std::vector<std::pair<CaseRecord, LabelMap>> masks; // copies, as they were
    };
    // prepared: empty label maps of the changed masks' grids, made on a
    // worker thread (dirtyMaskGeometries()); copying into memory that is
    // already mapped is ~50x faster than into fresh pages, which is what
    // keeps a 512x512x300 snapshot within a frame on the UI thread.
    std::shared_ptr<const SaveSnapshot> beginSave(std::map<QString, LabelMap> prepared = {});
    std::map<QString, VolumeGeometry> dirtyMaskGeometries() const;
    static void writeSave(const SaveSnapshot& snapshot);
    void finishSave(const SaveSnapshot& snapshot, bool written);
    bool isSaving() const { return m_saving.has_value(); }
    // Empty while the journal is being written; else why it is not (the disk).
    QString journalError() const;
    // Waits until what was journalled is on disk (tests, shutdown).
    bool flushJournal();
    std::uint64_t journalBytes() const;

private:
    void journal(JournalRecord record);
    void touch(CaseRecord& record);
    void applyPendingTiles(const QString& caseId, LabelMap& mask);
    std::shared_ptr<LabelMap> materialiseMask(const CaseRecord& record);

    Project m_project;
    QString m_user;
    std::optional<RecoveryInfo> m_recovery;
    std::unique_ptr<JournalWriter> m_journal;
    std::map<QString, std::shared_ptr<LabelMap>> m_masks;
    std::map<QString, std::vector<JournalRecord>> m_pendingTiles; // restored, not yet attached
    std::set<QString> m_dirtyMasks;
    bool m_dirty = false;
    // While a save is in flight: the masks it writes (kept in memory until it
    // ends) and the journal records made since its snapshot, which must
    // survive the journal's restart once the snapshot is on disk.
    struct SaveInFlight {
        std::set<QString> masks;
        std::vector<JournalRecord> laterRecords;
    };
    std::optional<SaveInFlight> m_saving;
};

} // namespace tgc

// The autosave journal (.autosave/journal.bin): every edit of a session is
// appended here by a background thread within a second, so that a crash or a
// kill -9 loses at most the last moments. A project save starts a new journal.
//
// File: "TGCJOURNAL1\n", then records of [u32 length][u32 crc32][payload],
// little-endian. A torn last record (the process died mid-write) fails its
// length or checksum and is ignored with everything after it.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace tgc {

struct CaseRecord;
class LabelMap;

struct JournalRecord {
    enum class Type : std::uint8_t { MaskTiles = 1, CaseField = 2 };
    Type type = Type::CaseField;
    QString caseId;
    QDateTime time;
    // MaskTiles: tiles written by one undo step, as LabelChange packs them.
    std::array<int, 3> dims{0, 0, 0};
    std::vector<std::int64_t> keys;
    QByteArray packedTiles;
    // CaseField: "report", "aux", "aux_source", "status", "notes", "annotator", "reviewer",
    // "proposal" (a ProposalRecord as compact JSON), "proposal_removed" (its model id).
    QString field;
    QString value;

    QByteArray serialise() const;
    static bool deserialise(const QByteArray& bytes, JournalRecord& out);
};

QString journalPath(const QString& projectRoot);

// Reads the journal's intact records; a torn or damaged tail is dropped and
// described in *warning.
std::vector<JournalRecord> readJournal(const QString& projectRoot, QString* warning = nullptr);

// Replays one record: a case field onto the record, or mask tiles onto the
// case's label map. Returns false (and does nothing) when it does not fit.
bool applyCaseField(CaseRecord& record, const JournalRecord& entry);
// Replaces the journal with these records in one atomic rename (a torn tail
// is gone, and a crash midway leaves the old journal whole). Throws IoError.
void rewriteJournal(const QString& projectRoot, const std::vector<JournalRecord>& records);
bool applyMaskTiles(LabelMap& labels, const JournalRecord& entry);

class JournalWriter {
public:
    explicit JournalWriter(const QString& projectRoot);
    ~JournalWriter(); // writes what is queued, then stops
    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;

    // Queues a record; never blocks on the disk.
    void append(JournalRecord record);
    // Waits until everything queued so far is on disk (tests, shutdown);
    // false when the disk refused it (lastError() says why; it stays queued).
    bool flush();
    // After a successful project save: the journal starts again, empty or
    // with the given records (edits made while a background save ran).
    void restart(const std::vector<JournalRecord>& keep = {});
    // The last write error, empty when all is well (e.g. a full disk).
    QString lastError() const;
    std::uint64_t bytesWritten() const;

private:
    void run();

    QString m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<QByteArray> m_queue;
    bool m_busy = false;
    bool m_stop = false;
    bool m_restart = false;
    QString m_error;
    std::uint64_t m_bytes = 0;
    std::thread m_thread;
};

} // namespace tgc

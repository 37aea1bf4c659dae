// The team changes made while the PACS could not be reached, kept in the
// project folder (pacs-queue.json, written atomically) until the server is
// back: a status change, a release, a mask push. Each remembers what the
// annotator saw when making it; replayed in order, a change whose series has
// changed meanwhile is not sent but marked as a conflict for the annotator
// to see, and the later changes of that series wait behind it.
#pragma once

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <vector>

namespace tgc {
class Project;
}

namespace tgc::pacs {

class DicomWebClient;
class TeamClient;

struct QueuedChange {
    enum class Action { Status, Release, Push };
    QString id; // unique within the queue
    QString server;
    QString seriesUid;
    Action action = Action::Status;
    QString value;  // the status set (Status)
    QString caseId; // the case whose mask goes (Push)
    // What the annotator saw: the holder ("" for nobody) and the status.
    QString seenAssignee, seenStatus;
    QDateTime queued;
    QString conflict; // why it was not sent; empty while it waits

    QString describe() const; // "set submitted", "release", "push the mask of case X"
    QJsonObject toJson() const;
    static QueuedChange fromJson(const QJsonObject& object);
};

class TeamQueue {
public:
    static constexpr const char* kFileName = "pacs-queue.json";

    // Reads the queue of the project (none yet: empty). Throws IoError naming
    // the file when it cannot be read.
    explicit TeamQueue(const QString& projectRoot);

    const std::vector<QueuedChange>& changes() const { return m_changes; }
    // The changes of this server that may be sent now, oldest first: none of
    // a series after a conflict of that series.
    std::vector<QueuedChange> sendable(const QString& server) const;
    std::size_t conflicts() const;

    // Each saves the queue at once (IoError naming the file on failure).
    QueuedChange add(QueuedChange change);
    void remove(const QString& id);
    void markConflict(const QString& id, const QString& why);
    // The annotator has seen the conflict: drop it and what waited behind it.
    void dismissConflicts(const QString& seriesUid);

private:
    void save() const;

    QString m_path;
    std::vector<QueuedChange> m_changes;
};

struct QueueReport {
    int sent = 0;
    int conflicts = 0;        // found by this run
    bool unreachable = false; // the server went away again: the rest waits
    QStringList said;         // what happened, one line per change, for the annotator
};

// Sends the queue's sendable changes of the client's server, in order, on
// the caller's thread (a push prepares its SEG from the project snapshot on
// a worker thread). A change whose series is no longer as the annotator saw
// it is marked a conflict, not sent. The queue, the team client and the
// client must outlive the future.
QFuture<QueueReport> sendQueue(TeamQueue& queue, TeamClient& team,
                               std::shared_ptr<const Project> project);

} // namespace tgc::pacs

// The team's shared state of a source series, kept on the PACS itself as
// Orthanc user metadata (the keys of resources/pacs/orthanc.json), so every
// annotator's app and every DICOM tool sees the same worklist:
//   TgcAssignee  who holds the series (absent: nobody). A claim creates the
//                key without If-Match: Orthanc refuses the second claimant
//                (409), so exactly one annotator wins however many try.
//   TgcStatus    todo, in_progress, submitted, reviewed. Every change carries
//                the revision the client last read: a change based on a stale
//                view is refused, reloaded and shown, never forced.
//   TgcFinalSeg  the reviewed series' final SEG series UID.
//   TgcReport, TgcAux  the report and auxiliary prompt agreed for the series
//                where the study has no SR.
//   TgcAgreement the annotators' mean Dice at review, for the worklist.
//   TgcHistory   who claimed, released, took over, submitted, reviewed, when.
// The annotator is the user the client logs in as. Orthanc keeps no roles:
// the rules (only the holder submits or releases, a take-over is an explicit
// action that names whom it took the series from) are kept here.
#pragma once

#include "dicomweb_client.h"
#include "enum_names.h"
#include "sr_report.h"

#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <optional>

namespace tgc::pacs {

enum class SeriesStatus { Todo, InProgress, Submitted, Reviewed };
// As the team's metadata on the PACS spells them.
inline constexpr EnumNames<SeriesStatus, 4> kSeriesStatusNames{
    {{SeriesStatus::Todo, "todo"},
     {SeriesStatus::InProgress, "in_progress"},
     {SeriesStatus::Submitted, "submitted"},
     {SeriesStatus::Reviewed, "reviewed"}}};

QString statusName(SeriesStatus status);
std::optional<SeriesStatus> parseStatus(const QString& name);

// One value with the revision it was read at. A worklist read carries no
// revisions (one request per series); a change reads them first.
struct Revisioned {
    QString value;
    QByteArray revision;
    bool exists = false;
};

struct TeamRecord {
    QString seriesUid;
    QString resourceId; // Orthanc's id of the series
    Revisioned assignee, status, finalSeg, report, auxiliaryPrompt;
    Revisioned agreement; // mean Dice of the annotators' masks, set at review
    QJsonArray history;   // [{"at","user","action","from"}], oldest first

    // An absent status reads as todo, or as in_progress while someone holds
    // the series (a claim whose status write was cut off is still a claim).
    SeriesStatus seriesStatus() const;
    // {"series_uid","status","assignee","final_seg","agreement","history"}
    QJsonObject toJson() const;
};

// What changed between two reads of a series, in words ("held by bob (was
// alice)", "status submitted (was in_progress)"); empty when nothing did.
QStringList differences(const TeamRecord& seen, const TeamRecord& now);

// The report (and auxiliary prompt) agreed for the series, as a case's
// report source: who set it and when, from the history; nullopt when none.
std::optional<SrReport> agreedReport(const TeamRecord& record);

// Orthanc's id of a series: the SHA-1 of "PatientID|StudyInstanceUID|
// SeriesInstanceUID" in five groups of eight hex digits.
QString orthancSeriesId(const QString& patientId, const QString& studyUid,
                        const QString& seriesUid);

struct ClaimResult {
    bool claimed = false; // the caller holds the series now
    QString heldBy;       // who holds it (the caller when claimed)
    TeamRecord record;    // as read after the claim
};

// A change refused because the series changed since the caller read it; the
// record as it is now, to show the annotator what changed.
class RevisionConflict : public PacsError {
public:
    RevisionConflict(const QString& message, TeamRecord current)
        : PacsError(message), m_current(std::move(current)) {}
    const TeamRecord& current() const { return m_current; }
    void raise() const override { throw *this; }
    RevisionConflict* clone() const override { return new RevisionConflict(*this); }

private:
    TeamRecord m_current;
};

class TeamClient : public QObject {
    Q_OBJECT
public:
    // Talks through the given client (not owned), as its server's user.
    explicit TeamClient(DicomWebClient& client, QObject* parent = nullptr);

    QString user() const;
    DicomWebClient& client() const { return m_client; }

    // A series as a listing gave it: its Orthanc id where the listing said,
    // else Orthanc's own hash of its UIDs, tried first by readAll and kept
    // once the server confirms it (each saves a lookup per series).
    void knowListed(const SeriesEntry& series);

    QFuture<TeamRecord> read(const QString& seriesUid);
    // Many at once (the worklist): every value, in the order given.
    QFuture<std::vector<TeamRecord>> readAll(const QStringList& seriesUids);

    // Claims the series for the user. Claiming one the user holds already
    // answers claimed (a retried claim whose answer was lost is no error).
    QFuture<ClaimResult> claim(const QString& seriesUid);
    // Gives the series back (only its holder may); a series in progress goes
    // back to todo.
    QFuture<TeamRecord> release(const TeamRecord& seen);
    // Takes the series from its holder (a reviewer's explicit action), based
    // on what the caller saw: a series that changed hands since is a conflict.
    QFuture<TeamRecord> takeOver(const TeamRecord& seen);
    // in_progress and submitted need the user to hold the series; reviewed
    // and todo are a reviewer's to set.
    QFuture<TeamRecord> setStatus(const TeamRecord& seen, SeriesStatus status);
    // Records the final SEG, with the annotators' mean Dice where known (the
    // worklist shows it), and sets the series reviewed.
    QFuture<TeamRecord> setFinal(const TeamRecord& seen, const QString& segSeriesUid,
                                 std::optional<double> agreement = std::nullopt);
    // The agreed report and auxiliary prompt (for a study without an SR).
    QFuture<TeamRecord> setPrompts(const TeamRecord& seen, const QString& report,
                                   const QString& auxiliaryPrompt);

private:
    using Write = std::pair<QString, std::optional<QString>>; // key, value (nullopt: delete)
    QFuture<QString> resourceId(const QString& seriesUid);
    QFuture<TeamRecord> readRecord(const QString& seriesUid, bool revisions);
    // readRecord without revisions through an id not yet confirmed: a series
    // the server does not know by it is looked up instead.
    QFuture<TeamRecord> readGuessed(const QString& seriesUid, const QString& id);
    // Writes in order, each based on the revision seen; then the history
    // entry; answers the record as read afterwards. A refused write rejects
    // with RevisionConflict holding the record as it is now.
    QFuture<TeamRecord> change(const TeamRecord& seen, const QString& action,
                               std::vector<Write> writes, const QString& from = {});
    QFuture<void> appendHistory(const QString& id, const QJsonObject& entry);
    QString server() const;
    QString notKept(const QString& key, int status) const;

    DicomWebClient& m_client;
    QHash<QString, QString> m_ids;     // series UID -> Orthanc id
    QHash<QString, QString> m_guesses; // the same, not yet confirmed by the server
};

// After a push: where the series' study has no SR and the team has agreed no
// report yet, the case's report and auxiliary prompt become the agreed ones
// (the next annotator who pulls the series starts from them). Answers
// whether it shared them.
QFuture<bool> shareReportIfNone(TeamClient& team, const QString& seriesUid, const QString& report,
                                const QString& auxiliaryPrompt, const QString& reportSource);

} // namespace tgc::pacs

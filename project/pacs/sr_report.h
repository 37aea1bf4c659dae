// The report a study's DICOM Structured Report holds (Basic Text, Enhanced
// or Comprehensive SR, read with DCMTK dcmsr), as plain text for the report
// panel, with the line that says where it came from.
#pragma once

#include <QJsonObject>
#include <QString>

namespace tgc::pacs {

struct SrReport {
    QString text;     // the content tree as indented lines
    QString date;     // the content date, yyyy-MM-dd (empty when the SR has none)
    QString author;   // verifying observer, else referring physician ("Dr Jane Doe")
    QString kind;     // "Basic Text SR", "Enhanced SR", "Comprehensive SR"
    QString studyUid; // the study it reports on
    QString sopInstanceUid;
    // Where no SR exists: the report and auxiliary prompt the team agreed for
    // the series on the PACS (team_state.h, agreedReport) stand in for one.
    bool agreed = false;
    QString auxiliaryPrompt;

    // "from SR 2024-03-01, Dr Jane Doe"; "agreed on the PACS 2026-12-06, alice"
    QString source() const;
    QJsonObject
    toJson() const; // {"text","source","date","author","kind","study_uid","sop_instance_uid"}
};

// Is the file a structured report of a kind readSrReport reads?
bool isTextSr(const QString& path);

// Throws PacsError naming the file when it is not a readable SR.
SrReport readSrReport(const QString& path);

// The newest of the text SRs among the retrieved instances (files
// <uid>.dcm in folder); nullopt when none is one.
std::optional<SrReport> newestTextSr(const QString& folder, const QStringList& sopInstanceUids);

// Writes a Basic Text SR with the text as one finding in the given study
// (for tests and the demo: a study's report as a PACS holds it). author is a
// DICOM person name ("DOE^JANE^^Dr"); date is yyyyMMdd. Throws PacsError.
void writeTextSr(const QString& path, const QString& studyUid, const QString& patientId,
                 const QString& patientName, const QString& text, const QString& author,
                 const QString& date);

} // namespace tgc::pacs

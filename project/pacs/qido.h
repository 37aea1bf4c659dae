// QIDO-RS: the queries the client asks (studies, series, instances) and the
// DICOM JSON answers (PS3.18 §F.2) read defensively: an answer that is not
// what QIDO promises (not an array, an entry without a valid UID, a UID
// like "../") is refused as a whole with the reason.
#pragma once

#include <QByteArray>
#include <QDate>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace tgc::pacs {

struct SeriesQuery {
    QString patientId;   // PatientID (wildcards * and ? as QIDO allows)
    QString modality;    // Modality
    QString studyUid;    // StudyInstanceUID
    QString seriesUid;   // SeriesInstanceUID
    QString accession;   // AccessionNumber
    QString description; // SeriesDescription, matched anywhere ("*text*")
    QDate from, to;      // StudyDate range; either end may be open
    int limit = 0;       // 0: no limit
    int offset = 0;

    // The query part of a QIDO-RS URL, percent-encoded.
    QString toQueryString() const;
    // Every structured report the same patient, study and date filters
    // reach, unpaged: which studies of a listing hold a report, in one query
    // rather than one per study.
    SeriesQuery reports() const;
};

// "lung ct" -> "*lung?ct*": found anywhere in a description.
QString descriptionPattern(const QString& text);

struct SeriesEntry {
    QString studyUid, seriesUid, modality, description, patientId, patientName, studyDate;
    int instances = -1;  // -1: the server did not say
    bool report = false; // the study holds a structured report (filled by the caller)
    QString resourceId;  // Orthanc's id of the series, where its REST API listed it

    // Images to annotate: not a SEG or a report (those are shown on their
    // source series' row).
    bool isSource() const {
        return modality != QLatin1String("SEG") && modality != QLatin1String("SR");
    }

    // {"study_uid","series_uid","modality","description","patient_id","instances","report"}
    QJsonObject toJson() const;
};

struct StudyEntry {
    QString studyUid, patientId, patientName, studyDate, description, accession;
    QStringList modalities;
};

struct InstanceEntry {
    QString sopInstanceUid, sopClassUid;
    int number = 0;
};

// A SEG series as the team's review sees it: whose mask of which source series.
struct SegEntry {
    QString studyUid, seriesUid;
    QString sourceSeriesUid;            // Referenced Series Sequence; empty when it names none
    QString annotator;                  // Content Creator's Name
    QString algorithm;                  // the model named by a semi-automatic segment, else empty
    std::optional<double> proposalDice; // from the accepted proposal to the mask, where said
    QString created;                    // Series (else Content) Date and Time, YYYYMMDDHHMMSS
    QStringList labels;                 // Segment Labels
    QString description;                // Series Description
};

// Answers with more entries than this are refused: one page of a listing
// never needs more, and a hostile server could otherwise fill memory.
constexpr int kMaxQidoEntries = 50000;
constexpr qint64 kMaxQidoBytes = 64ll * 1024 * 1024;

// Each returns nullopt with *error set (without the server's name: the
// caller adds it) when the answer is not valid.
std::optional<std::vector<SeriesEntry>> parseSeries(const QByteArray& json, QString* error);
std::optional<std::vector<StudyEntry>> parseStudies(const QByteArray& json, QString* error);
std::optional<std::vector<InstanceEntry>> parseInstances(const QByteArray& json, QString* error);
// A WADO-RS series metadata answer of a SEG series: its first instance's
// references, creator and segments.
std::optional<SegEntry> parseSegMetadata(const QByteArray& json, QString* error);

} // namespace tgc::pacs

// One case of a project: what the annotator works on and what is known of
// where its mask came from.
#pragma once

#include "enum_names.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <array>
#include <optional>
#include <vector>

namespace tgc {

enum class CaseStatus { New, InProgress, Done, Reviewed };
// As the manifest and the command line spell them.
inline constexpr EnumNames<CaseStatus, 4> kCaseStatusNames{{{CaseStatus::New, "new"},
                                                            {CaseStatus::InProgress, "in_progress"},
                                                            {CaseStatus::Done, "done"},
                                                            {CaseStatus::Reviewed, "reviewed"}}};
QString caseStatusName(CaseStatus status);
std::optional<CaseStatus> caseStatusFromName(const QString& name);

// Where the auxiliary prompt came from; shown next to it in the report panel.
enum class AuxSource { None, Typed, KnowledgeBase, Llm };
inline constexpr EnumNames<AuxSource, 4> kAuxSourceNames{
    {{AuxSource::None, "none"},
     {AuxSource::Typed, "typed"},
     {AuxSource::KnowledgeBase, "knowledge-base"},
     {AuxSource::Llm, "llm"}}};
QString auxSourceName(AuxSource source);
std::optional<AuxSource> auxSourceFromName(const QString& name);

// A click that refined a proposal: image voxel indices (z: the axial slice).
struct RecordedClick {
    int x = 0, y = 0, z = 0;
    bool positive = true;
    bool operator==(const RecordedClick& o) const {
        return x == o.x && y == o.y && z == o.z && positive == o.positive;
    }
};

// A model's proposal for a case: the probability map lives in
// cases/<id>/proposals/<model>.{nii.gz,png}; this is its provenance.
struct ProposalRecord {
    QString modelId; // a safe file name
    double threshold = 0.5;
    QString report; // the prompts the model was given
    QString aux;
    QDateTime created;
    bool accepted = false;
    // Dice between the accepted proposal and the final mask, filled at export.
    std::optional<double> acceptedDice;
    std::vector<RecordedClick> clicks; // that refined the map, in order
    std::optional<int> acceptedClicks; // clicks it had taken when accepted (whole or a slice)

    QJsonObject toJson() const;
    // Throws IoError(where, reason) for a model id that is not a safe file name.
    static ProposalRecord fromJson(const QJsonObject& object, const QString& where);
};

// Where a case pulled from a PACS came from, so a push can reference the
// source exactly. The server is its address without credentials.
struct PacsSource {
    QString server;
    QString studyUid;
    QString seriesUid;
    QStringList sopInstanceUids;
    QDateTime pulled;
    QString reportSource; // "from SR 2024-03-01, Dr ..." when the study's SR gave the report

    bool isSet() const { return !seriesUid.isEmpty(); }
    QJsonObject toJson() const;
    static PacsSource fromJson(const QJsonObject& object);
};

struct CaseRecord {
    QString id;          // a safe file name (safe_path.h)
    QStringList sources; // image files or one folder; referenced, never rewritten
    // How the sources read: "png", "nifti", "dicom", "dicom-series"... (format 2).
    QString sourceKind;
    // The image grid, so a mask or a journal record can be checked without
    // reading the image; {0,0,0} when unknown (format 1 projects).
    std::array<int, 3> dims{0, 0, 0};
    QString modality;
    QString patientId;   // for splitting by patient at export
    QString contentHash; // SHA-256 of the source bytes, for duplicate detection
    QString report;      // primary prompt
    QString aux;         // auxiliary prompt
    AuxSource auxSource = AuxSource::None;
    CaseStatus status = CaseStatus::New;
    QString annotator;
    QString reviewer; // "reviewed" needs a second name
    QDateTime created;
    QDateTime modified;
    QString notes;
    bool volume = false; // true: mask.nii.gz, false: mask.png
    std::vector<ProposalRecord> proposals;
    PacsSource pacs; // empty unless the case was pulled from a PACS

    // The proposal of a model (null: none); setProposal replaces the one of
    // the same model or adds it.
    const ProposalRecord* proposal(const QString& modelId) const;
    void setProposal(const ProposalRecord& proposal);
    // The most recently created proposal (null: none).
    const ProposalRecord* latestProposal() const;

    QJsonObject toJson() const;
    // Throws IoError(manifestPath, reason) on a malformed or unsafe entry.
    static CaseRecord fromJson(const QJsonObject& object, const QString& manifestPath);
};

} // namespace tgc

// What an export is asked to do and what it did (tgc-cli export, File ▸ Export).
// Formats (DESIGN.md §5): qata (what train reads), nnunet (nnU-Net v2 raw
// dataset) and dicom-seg (one DICOM Segmentation per DICOM-sourced case).
#pragma once

#include "enum_names.h"
#include "store/case_record.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <vector>

namespace tgc {

enum class ExportFormat { Qata, Nnunet, DicomSeg };
inline constexpr EnumNames<ExportFormat, 3> kExportFormatNames{
    {{ExportFormat::Qata, "qata"},
     {ExportFormat::Nnunet, "nnunet"},
     {ExportFormat::DicomSeg, "dicom-seg"}}};

QString exportFormatName(ExportFormat format);
std::optional<ExportFormat> exportFormatFromName(const QString& name);

// Shares of patients' cases per split; they need not add up to 1 (they are
// normalised), but each must be >= 0 and their sum > 0.
struct SplitRatios {
    double train = 0.8;
    double val = 0.1;
    double test = 0.1;
};

// "0.8,0.1,0.1" -> ratios; nullopt with *error set when it is not three
// non-negative numbers with a positive sum.
std::optional<SplitRatios> parseSplitRatios(const QString& text, QString* error);

struct ExportOptions {
    ExportFormat format = ExportFormat::Qata;
    QString outDir;
    // File names, text.csv, manifest and DICOM attributes carry no patient
    // name, ID, birth date or accession number; reports are masked.
    bool deidentify = false;
    SplitRatios split;
    std::uint64_t seed = 1;
    // A non-empty output folder is refused unless this is set; then the
    // entries the export writes replace those of the same name.
    bool overwrite = false;
    std::set<CaseStatus> statuses{CaseStatus::Done, CaseStatus::Reviewed};

    // qata: volumes become slices; every slice with foreground is kept and
    // this share (0..1) of the slices without any.
    double emptySliceShare = 1.0;
    // qata: masks as 0 / 255 instead of label ids.
    bool binaryMasks = false;
    // qata: one dataset folder per split (train/, val/, test/) instead of
    // one for all, so training on train/ never reads a val or test patient.
    bool qataSplitFolders = false;
    // nnunet: DatasetNNN_<name>; name empty = the project's name.
    int nnunetDatasetId = 1;
    QString datasetName;

    // Called before each case: (done, total, case id). Returning false
    // cancels; nothing of the export is left in the folder.
    std::function<bool(int done, int total, const QString& current)> progress;
};

struct ExportSkip {
    QString caseId; // the project's case id
    QString reason;
};

struct ExportResult {
    ExportFormat format = ExportFormat::Qata;
    QString out;          // absolute output folder
    QStringList exported; // the names the cases have in the export
    std::vector<ExportSkip> skipped;
    int notSelected = 0; // cases whose status was not chosen
    int files = 0;       // files written (manifest included)
    bool cancelled = false;
    bool deidentified = false;
    double seconds = 0.0;

    // {"format","out","cases","exported":[...],"skipped":[{"case","reason"}],
    //  "not_selected","files","cancelled","deidentified","seconds"}
    QJsonObject toJson() const;
};

} // namespace tgc

// Which cases an export takes, under which names, in which split. Decided
// before anything is written, from the project manifest alone.
#pragma once

#include "export_options.h"

#include <QString>
#include <vector>

namespace tgc {

class Project;

enum class DataSplit { Train, Val, Test };
QString dataSplitName(DataSplit split); // "train", "val", "test"

struct PlannedCase {
    const CaseRecord* record = nullptr;
    QString exportName; // the case id, or case_NNNN when de-identifying
    QString patientKey; // what keeps a patient's cases in one split
    DataSplit split = DataSplit::Train;
};

class ExportPlan {
public:
    // Cases with a chosen status and a mask file, split by patient. The
    // project must outlive the plan (records are pointed to).
    ExportPlan(const Project& project, const ExportOptions& options);

    const std::vector<PlannedCase>& cases() const { return m_cases; }
    const std::vector<ExportSkip>& skipped() const { return m_skipped; }
    int notSelected() const { return m_notSelected; }

    // The patient a case belongs to: its DICOM PatientID; else, for DICOM
    // sources, the folder holding them; else the case itself (a lone image
    // file without a patient is its own patient: a flat folder of PNGs is
    // not one patient).
    static QString patientKey(const CaseRecord& record);

private:
    void assignSplits(const SplitRatios& ratios, std::uint64_t seed);

    std::vector<PlannedCase> m_cases;
    std::vector<ExportSkip> m_skipped;
    int m_notSelected = 0;
};

} // namespace tgc

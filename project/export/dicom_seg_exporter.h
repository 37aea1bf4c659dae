// dicom-seg: one DICOM Segmentation object (binary, DCMTK dcmseg) per case
// whose source is a DICOM series, written as seg/<case>.dcm. It takes the
// patient, study and frame of reference of the source series and references
// each source image a frame was derived from; one segment per label in the
// mask, with the label's name, its colour and coded category and type.
// With de-identification the Basic Application Level Confidentiality
// Profile is applied (dicom_deidentify.h).
#pragma once

#include "dataset_exporter.h"

namespace tgc {
class DicomSegExporter : public DatasetExporter {
public:
    DicomSegExporter(const Project& project, const ExportOptions& options);

protected:
    QString refuse(const CaseRecord& record) const override;
    QStringList writeCase(const ExportedCase& data) override;
};

} // namespace tgc

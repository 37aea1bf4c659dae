// nnU-Net v2 raw dataset: DatasetNNN_<Name>/imagesTr/<case>_0000.nii.gz,
// labelsTr/<case>.nii.gz for the train and val splits, imagesTs/ (and
// labelsTs/, for evaluation) for the test split, dataset.json, and
// splits_final.json holding this export's train/val split (nnU-Net reads it
// from its preprocessed folder: copy it there to use it). Geometry is the
// source's (NIfTI written by the project's writer, LPS -> RAS).
#pragma once

#include "dataset_exporter.h"

#include <QJsonObject>
#include <array>

namespace tgc {

class NnunetExporter : public DatasetExporter {
public:
    NnunetExporter(const Project& project, const ExportOptions& options);

    // "Dataset001_Liver" from the id and a name reduced to letters and digits.
    static QString datasetFolderName(int id, const QString& name);

protected:
    QStringList writeCase(const ExportedCase& data) override;
    void finish(const std::vector<const PlannedCase*>& exported) override;

private:
    // nnU-Net wants labels 0..N without gaps: project ids are renumbered in
    // ascending order (identity when they have no gaps), see dataset.json.
    std::uint8_t nnunetLabel(int projectId);

    QString m_folder;
    std::array<int, 256> m_remap{}; // project id -> nnU-Net id (0 = not yet seen)
    int m_nextLabel = 1;
    QString m_channel;
    int m_training = 0;
    int m_testing = 0;
    bool m_volumes = false; // the first case's dimensionality: 3D (true) or 2D
};

} // namespace tgc

// The qata layout (DESIGN.md §5, contract), what `tgc-cli train` reads:
// images/<case>.png and masks/<case>.png for 2D cases; volumes become slices
// images/<case>_<slice>.png (every slice with foreground, plus the chosen
// share of empty ones); CT as 16-bit PNG holding HU + 1024; masks as label
// ids (or 0 / 255); text.csv with the report (and aux prompt) per image.
// With splitFolders, one such dataset per split: train/, val/, test/, so
// that training on train/ never sees a test patient.
#pragma once

#include "dataset_exporter.h"
#include "qata_dataset.h"

#include <map>
#include <set>

namespace tgc {

class QataExporter : public DatasetExporter {
public:
    QataExporter(const Project& project, const ExportOptions& options);

    // The image slice as the layout stores it: CT in HU + 1024 (16-bit),
    // 8/16-bit grey as it is. Public for tests.
    static ImageVolume storedSlice(const ImageVolume& image, int z);

protected:
    QStringList writeCase(const ExportedCase& data) override;
    void finish(const std::vector<const PlannedCase*>& exported) override;

private:
    std::vector<int> chosenSlices(const ExportedCase& data) const;

    // The folder (relative to the output) a case goes to, and its writer,
    // created on first use in the staging folder.
    QString folderOf(DataSplit split) const;
    QataWriter& writerFor(DataSplit split);

    std::map<DataSplit, QataWriter> m_writers;
    std::set<QString> m_names; // image paths written so far
};

} // namespace tgc

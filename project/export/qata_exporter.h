// The qata layout (DESIGN.md §5, contract), what `tgc-cli train` reads:
// images/<case>.png and masks/<case>.png for 2D cases; volumes become slices
// images/<case>_<slice>.png (every slice with foreground, plus the chosen
// share of empty ones); CT as 16-bit PNG holding HU + 1024; masks as label
// ids (or 0 / 255); text.csv with the report (and aux prompt) per image.
#pragma once

#include "dataset_exporter.h"
#include "qata_dataset.h"

#include <optional>
#include <set>

namespace tgc {

class QataExporter : public DatasetExporter {
public:
    QataExporter(const Project& project, const ExportOptions& options);

    // The image slice as the layout stores it: CT in HU + 1024 (16-bit),
    // 8/16-bit grey as it is. Public for tests.
    static ImageVolume storedSlice(const ImageVolume& image, int z);

protected:
    QStringList writeCase(const CaseData& data) override;
    void finish(const std::vector<const PlannedCase*>& exported) override;

private:
    std::vector<int> chosenSlices(const CaseData& data) const;

    std::optional<QataWriter> m_writer; // created on the first case, in the staging folder
    std::set<QString> m_names;          // image names written so far
};

} // namespace tgc

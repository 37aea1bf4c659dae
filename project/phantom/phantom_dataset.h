// Writing phantom cases as a qata dataset folder (DESIGN.md §5):
//   cxr   images/<id>.png (8-bit), masks/<id>.png (0/255), text.csv Image,Description
//   ct    images/<id>.png (16-bit, HU + 1024), masks/<id>_<organ>.png (0/255),
//         text.csv Image,Description,Mask with one row per (slice, organ), labels.json
//   ct3d  images/<id>.nii.gz (int16 HU), masks/<id>.nii.gz (all organs, label ids),
//         masks/<id>_<organ>.nii.gz (that organ's id), text.csv as for ct, labels.json,
//         and with DICOM dicom/<id>/slice_NNNN.dcm (a CT series per volume)
#pragma once

#include "phantom_case.h"
#include "qata_dataset.h"

#include <QString>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>

namespace tgc {

class PhantomDatasetWriter {
public:
    // append: keep the rows of an existing text.csv in dir.
    PhantomDatasetWriter(const QString& dir, PhantomKind kind, bool dicom, bool append = false);

    void add(const PhantomCase& phantomCase);
    // Writes text.csv (and labels.json for CT); call once after the last add.
    void finish();

    int filesWritten() const { return m_files; }
    int rowsWritten() const { return int(m_writer.rowCount()); }

private:
    void writeLabelTable();

    QString m_dir;
    PhantomKind m_kind;
    bool m_dicom;
    QataWriter m_writer;
    int m_files = 0;
};

struct PhantomRunOptions {
    PhantomKind kind = PhantomKind::Cxr;
    int count = 10;
    std::uint64_t seed = 1;
    QString outDir;
    bool dicom = false;
    bool append = false;
    int size = 0;               // 2D image side; 0 = the kind's default (512)
    bool absentTargets = false; // cxr and ct: also prompts for what the image lacks (empty masks)
    std::optional<std::array<int, 3>> volumeDims; // ct3d grid; default 128 x 128 x 48
    std::function<void(int done, int total)> progress;
};

struct PhantomRunSummary {
    int files = 0;
    int rows = 0;
    double seconds = 0.0;
};

// Generates count cases from the seed and writes them; throws IoError.
PhantomRunSummary writePhantomDataset(const PhantomRunOptions& options);

} // namespace tgc

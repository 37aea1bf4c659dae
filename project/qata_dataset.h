// The qata dataset layout (DESIGN.md §5, contract): images/, masks/ and
// text.csv with the header Image,Description[,Aux][,Mask]. Read by import,
// train and eval; written by phantom and export.
#pragma once

#include "image_volume.h"
#include "io_error.h"
#include "label_map.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace tgc {

struct QataRow {
    QString image;       // relative to images/
    QString description; // the report / primary prompt
    QString aux;         // auxiliary prompt, may be empty
    QString mask;        // relative to masks/; equals image when text.csv has no Mask column
    int line = 0;        // line of text.csv where the row starts (1 = header)
};

struct QataReadOptions {
    bool requireImages = true; // every image must exist
    bool requireMasks = true;  // every mask must exist
};

class QataDataset {
public:
    // Reads <dir>/text.csv and checks every row; throws IoError naming
    // "text.csv:<line>" and the problem (missing column, missing file, a name
    // leaving the folder through ".." or an absolute path).
    static QataDataset read(const QString& dir, const QataReadOptions& options = {});

    const QString& folder() const { return m_folder; }
    const std::vector<QataRow>& rows() const { return m_rows; }
    bool hasAuxColumn() const { return m_hasAux; }
    bool hasMaskColumn() const { return m_hasMask; }
    // Columns text.csv had that the layout does not know (kept out, not fatal).
    const QStringList& ignoredColumns() const { return m_ignoredColumns; }

    QString imagePath(const QataRow& row) const;
    QString maskPath(const QataRow& row) const;

private:
    QString m_folder;
    std::vector<QataRow> m_rows;
    bool m_hasAux = false;
    bool m_hasMask = false;
    QStringList m_ignoredColumns;
};

// Collects rows and writes <dir>/text.csv atomically (temporary file, then
// rename). The Aux and Mask columns are written only when some row needs them.
class QataWriter {
public:
    // Creates dir, images/ and masks/ when missing (throws IoError otherwise).
    explicit QataWriter(const QString& dir);

    QString imagesDir() const;
    QString masksDir() const;
    // Keeps the rows of an existing text.csv, so a run can add to a dataset.
    void loadExisting();
    // mask empty = the image's name. Throws IoError for names leaving the folder.
    void addRow(const QString& image, const QString& description, const QString& aux = {},
                const QString& mask = {});
    std::size_t rowCount() const { return m_rows.size(); }
    const std::vector<QataRow>& rows() const { return m_rows; }
    void write() const;

private:
    QString m_folder;
    std::vector<QataRow> m_rows;
};

namespace qata {
// RFC 4180 CSV: fields in double quotes when they hold a comma, a quote or a
// line break; quotes doubled. parseCsv gives the records with their starting
// line numbers, or throws IoError naming `source` and the line.
QString csvField(const QString& value);
struct CsvRecord {
    QStringList fields;
    int line = 0;
};
std::vector<CsvRecord> parseCsv(const QString& text, const QString& source);
// Whether a name stays inside its folder: relative, no "..", no drive, no backslash.
bool isSafeRelativeName(const QString& name);
// The layout stores CT slices as 16-bit PNG holding HU + 1024. An image read
// from a dataset's images/ folder that is 16-bit unsigned grey becomes CT in
// HU (int16, modality CT), so it is windowed, shown and measured in HU like
// any CT; other images are left as they are. Returns whether it converted.
bool adoptCtConvention(ImageVolume& image);
// Whether a file sits in the images/ folder of a qata dataset (text.csv beside it).
bool isDatasetImage(const QString& path);
// What a row's binary mask shows, from its file name: "liver" for
// ct_000_liver.png beside image ct_000.png; "finding" when the name says
// nothing (QaTa-COV19's mask_<image>.png).
QString layerName(const QataRow& row);
// The dataset's label table (labels.json beside text.csv: id, key, name,
// colour), for masks that hold label ids; empty when there is none.
std::vector<Label> readLabelTable(const QString& datasetDir);
// A layer's name as the dataset's label table spells it: the mask file names
// a label by its key ("kidney_left"), the table gives its name ("left kidney").
QString layerLabelName(const QataRow& row, const QString& datasetDir);
} // namespace qata

} // namespace tgc

#include "qata_dataset.h"

#include "atomic_file.h"
#include "label_io.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace tgc {

namespace {

const QString kTextFile = QStringLiteral("text.csv");

QString at(const QString& csvPath, int line) {
    return QStringLiteral("%1:%2").arg(csvPath).arg(line);
}

} // namespace

namespace qata {

QString csvField(const QString& value) {
    const bool needsQuotes =
        value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) ||
        value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) ||
        (!value.isEmpty() && (value.front().isSpace() || value.back().isSpace()));
    if (!needsQuotes)
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

std::vector<CsvRecord> parseCsv(const QString& text, const QString& source) {
    std::vector<CsvRecord> records;
    CsvRecord record;
    QString field;
    bool quoted = false;     // inside a quoted field
    bool afterQuote = false; // a quoted field just closed
    bool fieldStarted = false;
    int line = 1;
    int quoteLine = 0;
    record.line = 1;
    const auto endField = [&] {
        record.fields << field;
        field.clear();
        afterQuote = false;
        fieldStarted = false;
    };
    const auto endRecord = [&] {
        endField();
        // A blank line is no record.
        if (!(record.fields.size() == 1 && record.fields.front().isEmpty()))
            records.push_back(record);
        record = CsvRecord();
    };
    int start = 0;
    if (text.startsWith(QChar(0xFEFF)))
        start = 1; // byte order mark written by spreadsheet programs
    for (int i = start; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char(',')) {
            endField();
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            ++line;
            record.line = line;
        } else if (afterQuote) {
            throw IoError(at(source, line),
                          QStringLiteral("unexpected '%1' after a closing quote").arg(c));
        } else if (c == QLatin1Char('"') && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
            quoteLine = line;
        } else if (c == QLatin1Char('"')) {
            throw IoError(at(source, line),
                          QStringLiteral("a quote inside an unquoted field (quote the field and "
                                         "double the quote)"));
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        throw IoError(at(source, quoteLine), QStringLiteral("a quoted field is never closed"));
    if (fieldStarted || afterQuote || !record.fields.isEmpty())
        endRecord();
    return records;
}

bool isSafeRelativeName(const QString& name) {
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) ||
        name.contains(QLatin1Char(':')))
        return false;
    for (const QChar c : name) {
        if (c.unicode() < 0x20)
            return false;
    }
    const QStringList parts = name.split(QLatin1Char('/'));
    for (const QString& part : parts) {
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    }
    return true;
}

bool isDatasetImage(const QString& path) {
    const QDir folder = QFileInfo(path).dir();
    return folder.dirName() == QLatin1String("images") &&
           QFileInfo::exists(folder.absoluteFilePath(QStringLiteral("../text.csv")));
}

bool adoptCtConvention(ImageVolume& image) {
    if (image.voxelType() != VoxelType::UInt16 || image.components() != 1)
        return false;
    ImageVolume hu(VoxelType::Int16, 1, image.geometry(), ImageVolume::Uninitialised{});
    const std::uint16_t* in = image.data<std::uint16_t>();
    std::int16_t* out = hu.data<std::int16_t>();
    const std::size_t count = image.geometry().voxelCount();
    for (std::size_t i = 0; i < count; ++i)
        out[i] = std::int16_t(std::min(int(in[i]) - 1024, 32767));
    hu.modality = QStringLiteral("CT");
    hu.sourceDescription = image.sourceDescription + QStringLiteral(" (HU + 1024)");
    hu.warnings = image.warnings;
    image = std::move(hu);
    return true;
}

QString layerName(const QataRow& row) {
    QString name = QFileInfo(row.mask).completeBaseName();
    name.remove(QStringLiteral(".nii"));
    const QString stem = QFileInfo(row.image).completeBaseName().remove(QStringLiteral(".nii"));
    if (name.startsWith(stem + QLatin1Char('_')) && name.size() > stem.size() + 1)
        return name.mid(stem.size() + 1);
    return QStringLiteral("finding");
}

namespace {
QJsonArray labelsJson(const QString& datasetDir) {
    QFile file(QDir(datasetDir).filePath(QStringLiteral("labels.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll())
        .object()
        .value(QStringLiteral("labels"))
        .toArray();
}
} // namespace

QString layerLabelName(const QataRow& row, const QString& datasetDir) {
    const QString key = layerName(row);
    for (const QJsonValue& v : labelsJson(datasetDir)) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("key")).toString() == key &&
            !o.value(QStringLiteral("name")).toString().isEmpty())
            return o.value(QStringLiteral("name")).toString();
    }
    return key;
}

std::vector<Label> readLabelTable(const QString& datasetDir) {
    const QJsonArray array = labelsJson(datasetDir);
    std::vector<Label> labels;
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        const int id = o.value(QStringLiteral("id")).toInt();
        if (id <= 0 || id > 255)
            continue;
        Label label;
        label.id = std::uint8_t(id);
        label.name = o.value(QStringLiteral("name")).toString();
        const QJsonArray c = o.value(QStringLiteral("colour")).toArray();
        label.colour = c.size() == 3 ? std::array<std::uint8_t, 3>{std::uint8_t(c[0].toInt()),
                                                                   std::uint8_t(c[1].toInt()),
                                                                   std::uint8_t(c[2].toInt())}
                                     : defaultLabelColour(id);
        labels.push_back(label);
    }
    return labels;
}

} // namespace qata

QataDataset QataDataset::read(const QString& dir, const QataReadOptions& options) {
    QataDataset dataset;
    dataset.m_folder = QDir(dir).absolutePath();
    const QString csvPath = QDir(dataset.m_folder).filePath(kTextFile);
    QFile file(csvPath);
    if (!file.exists())
        throw IoError(csvPath, QStringLiteral("missing: a qata dataset folder holds images/, "
                                              "masks/ and text.csv"));
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(csvPath, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    const std::vector<qata::CsvRecord> records =
        qata::parseCsv(QString::fromUtf8(file.readAll()), csvPath);
    if (records.empty())
        throw IoError(csvPath, QStringLiteral("empty: expected the header "
                                              "Image,Description[,Aux][,Mask]"));

    int imageColumn = -1, descriptionColumn = -1, auxColumn = -1, maskColumn = -1;
    const QStringList& header = records.front().fields;
    for (int i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed();
        int* column = nullptr;
        if (name.compare(QLatin1String("Image"), Qt::CaseInsensitive) == 0)
            column = &imageColumn;
        else if (name.compare(QLatin1String("Description"), Qt::CaseInsensitive) == 0)
            column = &descriptionColumn;
        else if (name.compare(QLatin1String("Aux"), Qt::CaseInsensitive) == 0)
            column = &auxColumn;
        else if (name.compare(QLatin1String("Mask"), Qt::CaseInsensitive) == 0)
            column = &maskColumn;
        if (!column) {
            dataset.m_ignoredColumns << name;
            continue;
        }
        if (*column >= 0)
            throw IoError(at(csvPath, records.front().line),
                          QStringLiteral("column '%1' appears twice in the header").arg(name));
        *column = i;
    }
    for (const auto& [column, name] :
         {std::pair{imageColumn, "Image"}, std::pair{descriptionColumn, "Description"}}) {
        if (column < 0)
            throw IoError(at(csvPath, records.front().line),
                          QStringLiteral("the header has no %1 column (found: %2)")
                              .arg(QLatin1String(name), header.join(QLatin1Char(','))));
    }
    dataset.m_hasAux = auxColumn >= 0;
    dataset.m_hasMask = maskColumn >= 0;

    for (std::size_t r = 1; r < records.size(); ++r) {
        const qata::CsvRecord& record = records[r];
        const QString where = at(csvPath, record.line);
        if (record.fields.size() != header.size())
            throw IoError(where, QStringLiteral("expected %1 fields as in the header, found %2")
                                     .arg(header.size())
                                     .arg(record.fields.size()));
        QataRow row;
        row.line = record.line;
        row.image = record.fields.at(imageColumn).trimmed();
        row.description = record.fields.at(descriptionColumn);
        if (auxColumn >= 0)
            row.aux = record.fields.at(auxColumn);
        if (maskColumn >= 0)
            row.mask = record.fields.at(maskColumn).trimmed();
        if (row.mask.isEmpty())
            row.mask = row.image;
        if (row.image.isEmpty())
            throw IoError(where, QStringLiteral("the Image field is empty"));
        for (const auto& [name, kind] :
             {std::pair{row.image, "image"}, std::pair{row.mask, "mask"}}) {
            if (!qata::isSafeRelativeName(name))
                throw IoError(where, QStringLiteral("%1 name '%2' leaves the dataset folder or is "
                                                    "not a plain relative name")
                                         .arg(QLatin1String(kind), name));
        }
        if (options.requireImages && !QFileInfo(dataset.imagePath(row)).isFile())
            throw IoError(where,
                          QStringLiteral("image %1 does not exist").arg(dataset.imagePath(row)));
        if (options.requireMasks && !QFileInfo(dataset.maskPath(row)).isFile())
            throw IoError(where,
                          QStringLiteral("mask %1 does not exist").arg(dataset.maskPath(row)));
        dataset.m_rows.push_back(row);
    }
    return dataset;
}

QString QataDataset::imagePath(const QataRow& row) const {
    return m_folder + QStringLiteral("/images/") + row.image;
}

QString QataDataset::maskPath(const QataRow& row) const {
    return m_folder + QStringLiteral("/masks/") + row.mask;
}

QataWriter::QataWriter(const QString& dir) : m_folder(QDir(dir).absolutePath()) {
    for (const QString& sub : {QString(), QStringLiteral("images"), QStringLiteral("masks")}) {
        const QString path = sub.isEmpty() ? m_folder : m_folder + QLatin1Char('/') + sub;
        if (!QDir().mkpath(path))
            throw IoError(path, QStringLiteral("cannot create the folder"));
    }
}

QString QataWriter::imagesDir() const {
    return m_folder + QStringLiteral("/images");
}

QString QataWriter::masksDir() const {
    return m_folder + QStringLiteral("/masks");
}

void QataWriter::loadExisting() {
    if (!QFileInfo::exists(QDir(m_folder).filePath(kTextFile)))
        return;
    const QataDataset existing = QataDataset::read(m_folder, {false, false});
    m_rows.insert(m_rows.begin(), existing.rows().begin(), existing.rows().end());
}

void QataWriter::addRow(const QString& image, const QString& description, const QString& aux,
                        const QString& mask) {
    QataRow row;
    row.image = image;
    row.description = description;
    row.aux = aux;
    row.mask = mask.isEmpty() ? image : mask;
    for (const QString& name : {row.image, row.mask}) {
        if (!qata::isSafeRelativeName(name))
            throw IoError(QDir(m_folder).filePath(kTextFile),
                          QStringLiteral("refusing the name '%1': it leaves the dataset folder or "
                                         "is not a plain relative name")
                              .arg(name));
    }
    m_rows.push_back(row);
}

void QataWriter::write() const {
    bool withAux = false, withMask = false;
    for (const QataRow& row : m_rows) {
        withAux = withAux || !row.aux.isEmpty();
        withMask = withMask || row.mask != row.image;
    }
    QString text = QStringLiteral("Image,Description");
    if (withAux)
        text += QStringLiteral(",Aux");
    if (withMask)
        text += QStringLiteral(",Mask");
    text += QLatin1Char('\n');
    for (const QataRow& row : m_rows) {
        text += qata::csvField(row.image) + QLatin1Char(',') + qata::csvField(row.description);
        if (withAux)
            text += QLatin1Char(',') + qata::csvField(row.aux);
        if (withMask)
            text += QLatin1Char(',') + qata::csvField(row.mask);
        text += QLatin1Char('\n');
    }
    const QString path = QDir(m_folder).filePath(kTextFile);
    if (const QString failure = writeFileAtomically(path, text.toUtf8()); !failure.isEmpty())
        throw IoError(path, QStringLiteral("cannot be written: %1").arg(failure));
}

} // namespace tgc

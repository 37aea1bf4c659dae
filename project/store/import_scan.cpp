#include "import_scan.h"

#include "dicom_seg_reader.h"
#include "image_readers_internal.h"
#include "qata_dataset.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QScopedValueRollback>
#include <map>

namespace tgc {

namespace {

// The file name without its image extension(s): "ct_01.nii.gz" -> "ct_01".
QString stem(const QString& path) {
    QString name = QFileInfo(path).fileName();
    for (const char* suffix : {".gz", ".nii", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
                               ".mha", ".mhd", ".dcm", ".hdr"}) {
        if (name.endsWith(QLatin1String(suffix), Qt::CaseInsensitive))
            name.chop(int(qstrlen(suffix)));
    }
    return name.isEmpty() ? QFileInfo(path).fileName() : name;
}

bool isInside(const QString& path, const QString& root) {
    return !root.isEmpty() && (path == root || path.startsWith(root + QLatin1Char('/')));
}

// Files that travel with an image (MetaImage and Analyze data) or are
// commonly found beside images; they are not cases and not worth a warning.
bool isCompanionFile(const QString& path) {
    const QString s = path.toLower();
    for (const char* suffix : {".raw", ".zraw", ".img", ".img.gz", ".json", ".csv", ".txt", ".md"})
        if (s.endsWith(QLatin1String(suffix)))
            return true;
    return QFileInfo(path).fileName().startsWith(QLatin1Char('.'));
}

class Scanner {
public:
    Scanner(ImportScan& scan, const QString& projectRoot) : m_scan(scan), m_root(projectRoot) {}

    void source(const QString& path, const QString& origin);

private:
    void folder(const QString& dir, std::vector<CaseSources>& out);
    void qata(const QString& dir);
    void list(const QString& csvPath);
    void skip(const QString& path, const QString& reason) {
        m_scan.skipped.push_back({path, reason});
    }

    ImportScan& m_scan;
    QString m_root;
    bool m_inList = false; // a list naming a list (or itself) is not followed
};

void Scanner::source(const QString& path, const QString& origin) {
    const QFileInfo given(path);
    if (!given.exists()) {
        skip(origin, QStringLiteral("no such file or folder"));
        return;
    }
    // A link named on the command line is the user's choice: use its target.
    const QString real = given.canonicalFilePath();
    if (isInside(real, m_root)) {
        skip(origin, QStringLiteral("inside the project folder: a project does not import its "
                                    "own files"));
        return;
    }
    if (given.isDir()) {
        if (QDir(real).exists(QStringLiteral("images")) &&
            QFileInfo::exists(QDir(real).filePath(QStringLiteral("text.csv")))) {
            qata(real);
            return;
        }
        std::vector<CaseSources> found;
        folder(real, found);
        if (found.empty())
            skip(origin, QStringLiteral("no image found in the folder"));
        for (CaseSources& c : found)
            m_scan.candidates.push_back(std::move(c));
        return;
    }
    if (real.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        list(real);
        return;
    }
    m_scan.candidates.push_back(
        CaseSources{{real}, false, stem(real), origin, {}, {}, {}, {}, {}, {}});
}

void Scanner::folder(const QString& dir, std::vector<CaseSources>& out) {
    // QDirIterator does not descend into linked folders; linked files are refused below.
    QDirIterator it(dir, QDir::Files | QDir::System | QDir::Hidden, QDirIterator::Subdirectories);
    bool anyDicom = false;
    QStringList files;
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const QString& file : files) {
        const QFileInfo info(file);
        if (isInside(info.absoluteFilePath(), m_root))
            continue;
        if (info.isSymLink()) {
            skip(file, QStringLiteral("a symbolic link inside a folder is not followed (it could "
                                      "point anywhere); import its target by name instead"));
            continue;
        }
        if (info.size() == 0) {
            skip(file, QStringLiteral("empty file (0 bytes)"));
            continue;
        }
        const ImageFileKind kind = detectImageFileKind(file);
        if (kind == ImageFileKind::Dicom) {
            anyDicom = true;
        } else if (kind == ImageFileKind::Unknown) {
            if (!isCompanionFile(file))
                skip(file, QStringLiteral("not an image file: no DICOM header, and not a PNG, "
                                          "JPEG, TIFF, BMP, NIfTI or MetaImage file"));
        } else {
            out.push_back(CaseSources{{file}, false, stem(file), file, {}, {}, {}, {}, {}, {}});
        }
    }
    if (!anyDicom)
        return;
    try {
        const std::vector<SeriesInfo> series = scanDicomFolder(dir);
        std::map<QString, std::size_t> candidateOfSeries;
        std::vector<const SeriesInfo*> segSeries;
        for (const SeriesInfo& s : series) {
            if (s.modality == QLatin1String("SEG")) {
                segSeries.push_back(&s);
                continue;
            }
            CaseSources c;
            for (const QString& f : s.files)
                c.files << f;
            c.dicomSeries = true;
            const QString folderName = QFileInfo(s.files.front()).absoluteDir().dirName();
            c.id = series.size() == 1 || s.description.isEmpty()
                       ? folderName
                       : folderName + QLatin1Char('_') + s.description;
            c.origin = QStringLiteral("%1 (DICOM series %2, %3 files)")
                           .arg(dir, s.seriesInstanceUid)
                           .arg(s.files.size());
            candidateOfSeries[s.seriesInstanceUid] = out.size();
            out.push_back(std::move(c));
        }
        // A SEG beside the series it references is that case's starting mask; a SEG
        // without its series is a case of its own.
        for (const SeriesInfo* s : segSeries) {
            CaseSources alone;
            for (const QString& f : s->files) {
                const auto found = candidateOfSeries.find(segReferencedSeries(f));
                if (found != candidateOfSeries.end())
                    out[found->second].segs << f;
                else
                    alone.files << f;
            }
            if (alone.files.isEmpty())
                continue;
            alone.dicomSeries = true;
            alone.id =
                QFileInfo(alone.files.front()).absoluteDir().dirName() + QStringLiteral("_SEG");
            alone.origin = QStringLiteral("%1 (DICOM SEG series %2, %3 files)")
                               .arg(dir, s->seriesInstanceUid)
                               .arg(alone.files.size());
            out.push_back(std::move(alone));
        }
    } catch (const IoError& e) {
        skip(e.path(), e.reason());
    }
}

void Scanner::qata(const QString& dir) {
    QataReadOptions options;
    options.requireImages = false;
    options.requireMasks = false;
    try {
        const QataDataset dataset = QataDataset::read(dir, options);
        const std::vector<Label> table = qata::readLabelTable(dir);
        // One case per image; several rows for one image add their reports and masks.
        std::map<QString, std::size_t> byImage;
        std::vector<CaseSources> found;
        for (const QataRow& row : dataset.rows()) {
            const QString where = QStringLiteral("%1/text.csv:%2").arg(dir).arg(row.line);
            const QString image = dataset.imagePath(row);
            if (!QFileInfo(image).isFile()) {
                skip(where, QStringLiteral("image %1 does not exist").arg(image));
                continue;
            }
            auto it = byImage.find(row.image);
            if (it == byImage.end()) {
                it = byImage.emplace(row.image, found.size()).first;
                found.push_back(
                    CaseSources{{image}, false, stem(image), where, {}, {}, {}, {}, {}, {}});
                found.back().maskTable = table;
            }
            CaseSources& c = found[it->second];
            if (!row.description.isEmpty())
                c.report +=
                    (c.report.isEmpty() ? QString() : QStringLiteral("\n\n")) + row.description;
            if (c.aux.isEmpty())
                c.aux = row.aux;
            const QString mask = dataset.maskPath(row);
            if (QFileInfo(mask).isFile() && !c.masks.contains(mask)) {
                c.masks << mask;
                c.maskNames << qata::layerLabelName(row, dir);
            }
        }
        for (CaseSources& c : found)
            m_scan.candidates.push_back(std::move(c));
    } catch (const IoError& e) {
        skip(e.path(), e.reason());
    }
}

// A CSV list: a header naming a column path (or image), optionally report
// (or description), aux, mask and id; relative paths start at the list's folder.
void Scanner::list(const QString& csvPath) {
    if (m_inList) {
        skip(csvPath, QStringLiteral("a case list inside a case list is not read"));
        return;
    }
    const QScopedValueRollback<bool> guard(m_inList, true);
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly)) {
        skip(csvPath, QStringLiteral("cannot read: %1").arg(file.errorString()));
        return;
    }
    try {
        const auto records = qata::parseCsv(QString::fromUtf8(file.readAll()), csvPath);
        if (records.empty())
            throw IoError(csvPath, QStringLiteral("empty list"));
        std::map<QString, int> column;
        for (int i = 0; i < records[0].fields.size(); ++i)
            column[records[0].fields[i].trimmed().toLower()] = i;
        auto find = [&](std::initializer_list<const char*> names) {
            for (const char* n : names)
                if (auto it = column.find(QLatin1String(n)); it != column.end())
                    return it->second;
            return -1;
        };
        const int pathColumn = find({"path", "image", "file"});
        if (pathColumn < 0)
            throw IoError(csvPath, QStringLiteral("line 1: a case list needs a column 'path' (or "
                                                  "'image'); the header is: %1")
                                       .arg(records[0].fields.join(QLatin1Char(','))));
        const int reportColumn = find({"report", "description"});
        const int auxColumn = find({"aux"});
        const int maskColumn = find({"mask"});
        const int idColumn = find({"id"});
        const QDir base = QFileInfo(csvPath).absoluteDir();
        for (std::size_t r = 1; r < records.size(); ++r) {
            const QStringList& f = records[r].fields;
            auto field = [&f](int c) {
                return c >= 0 && c < f.size() ? f[c].trimmed() : QString();
            };
            const QString where = QStringLiteral("%1:%2").arg(csvPath).arg(records[r].line);
            const QString named = field(pathColumn);
            if (named.isEmpty()) {
                skip(where, QStringLiteral("no path in this row"));
                continue;
            }
            const QString path = QDir::cleanPath(base.filePath(named));
            const std::size_t before = m_scan.candidates.size();
            source(path, where);
            for (std::size_t n = before; n < m_scan.candidates.size(); ++n) {
                CaseSources& c = m_scan.candidates[n];
                c.report = field(reportColumn);
                c.aux = field(auxColumn);
                if (!field(idColumn).isEmpty())
                    c.id = field(idColumn);
                if (!field(maskColumn).isEmpty())
                    c.masks = QStringList{QDir::cleanPath(base.filePath(field(maskColumn)))};
            }
        }
    } catch (const IoError& e) {
        skip(e.path(), e.reason());
    }
}

} // namespace

ImportScan scanImportSources(const QStringList& sources, const QString& projectRoot) {
    ImportScan scan;
    const QString root = QFileInfo(projectRoot).canonicalFilePath();
    Scanner scanner(scan, root.isEmpty() ? QDir::cleanPath(projectRoot) : root);
    for (const QString& s : sources)
        scanner.source(s, s);
    return scan;
}

} // namespace tgc

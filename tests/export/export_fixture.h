// Test data for the export suites: phantom cases (the project's own
// generators) imported into a temporary project with the store's importer,
// and helpers to compare what an export wrote.
#pragma once

#include "image_writer.h"
#include "label_io.h"
#include "phantom/ct_phantom.h"
#include "phantom/phantom_dataset.h"
#include "store/case_sources.h"
#include "store/importer.h"
#include "store/project.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <map>

namespace tgc::testing {

// A qata phantom folder: kind cxr / ct (2D) or ct3d (NIfTI volumes).
inline void writePhantoms(const QString& dir, PhantomKind kind, int count, std::uint64_t seed,
                          int size, std::array<int, 3> volume = {48, 48, 10}) {
    PhantomRunOptions o;
    o.kind = kind;
    o.count = count;
    o.seed = seed;
    o.outDir = dir;
    o.size = size;
    o.append = QFileInfo::exists(dir + "/text.csv");
    if (kind == PhantomKind::Ct3d)
        o.volumeDims = volume;
    writePhantomDataset(o);
}

inline QStringList importInto(Project& project, const QStringList& sources,
                              CaseStatus status = CaseStatus::Done,
                              const QString& annotator = QStringLiteral("ann")) {
    ImportOptions options;
    options.status = status;
    options.annotator = annotator;
    const ImportResult result = importSources(project, sources, options);
    project.save();
    return result.added;
}

// Relative path -> SHA-256 of every file under dir.
inline std::map<QString, QByteArray> snapshot(const QString& dir) {
    std::map<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        files[QDir(dir).relativeFilePath(path)] =
            f.open(QIODevice::ReadOnly)
                ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
                : QByteArray("unreadable");
    }
    return files;
}

inline QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline bool sameVoxels(const LabelMap& a, const LabelMap& b) {
    return a.dims() == b.dims() &&
           std::equal(a.data(), a.data() + a.geometry().voxelCount(), b.data());
}

} // namespace tgc::testing

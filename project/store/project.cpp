#include "project.h"

#include "atomic_file.h"
#include "io_error.h"
#include "safe_path.h"

#include <QColor>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <set>

namespace tgc {

namespace {

QJsonArray labelsToJson(const std::vector<Label>& labels) {
    QJsonArray array;
    for (const Label& l : labels) {
        array.append(QJsonObject{
            {"id", int(l.id)},
            {"name", l.name},
            {"colour", QColor(l.colour[0], l.colour[1], l.colour[2]).name(QColor::HexRgb)},
            {"visible", l.visible}});
    }
    return array;
}

std::vector<Label> labelsFromJson(const QJsonArray& array, const QString& manifest) {
    std::vector<Label> labels;
    std::set<int> seen;
    for (const auto& value : array) {
        const QJsonObject o = value.toObject();
        const int id = o.value("id").toInt(-1);
        if (id < 1 || id > 255 || !seen.insert(id).second)
            throw IoError(manifest,
                          QStringLiteral("label id %1 is out of range 1-255 or repeated").arg(id));
        const QColor colour(o.value("colour").toString());
        if (!colour.isValid())
            throw IoError(manifest, QStringLiteral("label %1: colour '%2' is not #rrggbb")
                                        .arg(id)
                                        .arg(o.value("colour").toString()));
        labels.push_back(Label{
            std::uint8_t(id),
            o.value("name").toString(),
            {std::uint8_t(colour.red()), std::uint8_t(colour.green()), std::uint8_t(colour.blue())},
            o.value("visible").toBool(true)});
    }
    return labels;
}

// Format 1 did not record how a case's sources read: guess it from their names.
QString guessSourceKind(const QStringList& sources) {
    if (sources.size() > 1)
        return QStringLiteral("dicom-series");
    if (sources.isEmpty())
        return {};
    const QString s = sources.front().toLower();
    if (s.endsWith(QLatin1String(".nii")) || s.endsWith(QLatin1String(".nii.gz")))
        return QStringLiteral("nifti");
    if (s.endsWith(QLatin1String(".png")))
        return QStringLiteral("png");
    if (s.endsWith(QLatin1String(".dcm")))
        return QStringLiteral("dicom");
    if (QFileInfo(sources.front()).isDir())
        return QStringLiteral("dicom-series");
    return {};
}

void upgradeCase(CaseRecord& record, int fromVersion) {
    if (fromVersion < 2 && record.sourceKind.isEmpty())
        record.sourceKind = guessSourceKind(record.sources);
}

bool isEmptyFolder(const QString& folder) {
    const QDir dir(folder);
    return dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

} // namespace

Project::Project(const QString& root) : m_root(QDir::cleanPath(QDir(root).absolutePath())) {}

Project Project::create(const QString& folder, const QString& name) {
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        throw IoError(folder,
                      QStringLiteral("cannot create a project: this is a file, not a folder"));
    if (info.exists() && !isEmptyFolder(folder))
        throw IoError(folder,
                      QStringLiteral("cannot create a project here: the folder is not empty"));
    if (!QDir().mkpath(folder))
        throw IoError(folder, QStringLiteral("cannot create the project folder"));
    Project project(folder);
    project.name = name.isEmpty() ? QFileInfo(project.m_root).fileName() : name;
    project.save();
    return project;
}

Project Project::unsaved(const QString& name) {
    Project project;
    project.name = name;
    return project;
}

Project Project::openOrCreate(const QString& folder, bool* created) {
    const QFileInfo info(folder);
    const bool empty = !info.exists() ||
                       (info.isDir() && QDir(folder).isEmpty(QDir::AllEntries |
                                                             QDir::NoDotAndDotDot | QDir::Hidden));
    if (created)
        *created = empty;
    return empty ? create(folder) : open(folder);
}

Project Project::open(const QString& folder) {
    Project project(folder);
    const QString manifest = project.manifestPath();
    QFile file(manifest);
    if (!file.exists())
        throw IoError(folder,
                      QStringLiteral("not a TGC Annotator project (no %1)").arg(kManifestName));
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(manifest, QStringLiteral("cannot read: %1").arg(file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        throw IoError(manifest, QStringLiteral("not valid JSON (%1 at byte %2)")
                                    .arg(parseError.errorString())
                                    .arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (root.value("format").toString() != QLatin1String(kFormatName))
        throw IoError(manifest, QStringLiteral("not a TGC Annotator project manifest "
                                               "(\"format\" is not \"%1\")")
                                    .arg(kFormatName));
    const int version = root.value("format_version").toInt(0);
    if (version > kFormatVersion)
        throw IoError(manifest, QStringLiteral("written by a newer TGC Annotator (format version "
                                               "%1); this version reads up to %2. Update the "
                                               "application; the project was not changed.")
                                    .arg(version)
                                    .arg(kFormatVersion));
    if (version < 1)
        throw IoError(manifest,
                      QStringLiteral("format version %1 is not a known version").arg(version));
    project.m_loadedVersion = version;
    project.name = root.value("name").toString();
    project.labels = labelsFromJson(root.value("labels").toArray(), manifest);
    std::set<QString> ids;
    for (const auto& value : root.value("cases").toArray()) {
        CaseRecord record = CaseRecord::fromJson(value.toObject(), manifest);
        upgradeCase(record, version);
        if (!ids.insert(record.id).second)
            throw IoError(manifest, QStringLiteral("case id '%1' appears twice").arg(record.id));
        project.m_cases.push_back(std::move(record));
    }
    return project;
}

QString Project::manifestPath() const {
    return m_root + QLatin1Char('/') + QLatin1String(kManifestName);
}

void Project::save() const {
    if (!isSaved())
        throw IoError(name, QStringLiteral("cannot save: these cases have no project folder"));
    QJsonArray caseArray;
    for (const CaseRecord& c : m_cases)
        caseArray.append(c.toJson());
    const QJsonObject root{{"format", kFormatName},
                           {"format_version", kFormatVersion},
                           {"name", name},
                           {"labels", labelsToJson(labels)},
                           {"cases", caseArray}};
    if (m_loadedVersion < kFormatVersion) {
        const QString backup =
            resolveInside(m_root, QStringLiteral("project.v%1.json").arg(m_loadedVersion));
        if (!QFileInfo::exists(backup) && !QFile::copy(manifestPath(), backup))
            throw IoError(backup, QStringLiteral("cannot keep a copy of the format %1 manifest "
                                                 "before upgrading it; nothing was saved")
                                      .arg(m_loadedVersion));
    }
    const QString failure =
        writeFileAtomically(manifestPath(), QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!failure.isEmpty())
        throw IoError(manifestPath(), QStringLiteral("cannot save: %1 (the previously saved "
                                                     "manifest is unchanged)")
                                          .arg(failure));
    m_loadedVersion = kFormatVersion;
}

void Project::saveAs(const QString& folder) {
    if (!isSaved())
        throw IoError(folder, QStringLiteral("cannot copy: these cases have no project folder"));
    const QString clean = QDir::cleanPath(QDir(folder).absolutePath());
    if (clean == m_root || clean.startsWith(m_root + QLatin1Char('/')))
        throw IoError(folder,
                      QStringLiteral("cannot save a project inside its own folder %1").arg(m_root));
    Project target = create(folder, name);
    const QString from = m_root + QStringLiteral("/cases");
    QDirIterator it(from, QDir::Files | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString relative = QDir(m_root).relativeFilePath(source);
        const QString destination = resolveInside(target.m_root, relative);
        QDir().mkpath(QFileInfo(destination).absolutePath());
        if (!QFile::copy(source, destination))
            throw IoError(destination, QStringLiteral("cannot copy %1 here").arg(source));
    }
    m_root = target.m_root;
    save();
}

CaseRecord* Project::findCase(const QString& id) {
    for (CaseRecord& c : m_cases) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

const CaseRecord* Project::findCase(const QString& id) const {
    return const_cast<Project*>(this)->findCase(id);
}

CaseRecord& Project::addCase(CaseRecord record) {
    const QString base = toSafeFileName(record.id);
    QString id = base;
    for (int n = 2; findCase(id); ++n)
        id = base.left(58) + QStringLiteral("_%1").arg(n);
    record.id = id;
    if (!record.created.isValid())
        record.created = QDateTime::currentDateTimeUtc();
    if (!record.modified.isValid())
        record.modified = record.created;
    m_cases.push_back(std::move(record));
    return m_cases.back();
}

bool Project::removeCase(const QString& id) {
    for (auto it = m_cases.begin(); it != m_cases.end(); ++it) {
        if (it->id == id) {
            m_cases.erase(it);
            return true;
        }
    }
    return false;
}

QString Project::caseFolder(const QString& caseId) const {
    if (!isSafeFileName(caseId))
        throw IoError(caseId, QStringLiteral("refused: not a safe case id"));
    return resolveInside(m_root, QStringLiteral("cases/") + caseId);
}

QString Project::maskPath(const CaseRecord& record) const {
    return resolveInside(m_root, QStringLiteral("cases/%1/%2")
                                     .arg(record.id, record.volume ? QStringLiteral("mask.nii.gz")
                                                                   : QStringLiteral("mask.png")));
}

QString Project::proposalPath(const CaseRecord& record, const QString& modelId) const {
    if (!isSafeFileName(modelId))
        throw IoError(modelId, QStringLiteral("refused: not a safe model id"));
    return resolveInside(
        m_root, QStringLiteral("cases/%1/proposals/%2%3")
                    .arg(record.id, modelId,
                         record.volume ? QStringLiteral(".nii.gz") : QStringLiteral(".png")));
}

std::map<CaseStatus, int> Project::statusCounts() const {
    std::map<CaseStatus, int> counts{{CaseStatus::New, 0},
                                     {CaseStatus::InProgress, 0},
                                     {CaseStatus::Done, 0},
                                     {CaseStatus::Reviewed, 0}};
    for (const CaseRecord& c : m_cases)
        ++counts[c.status];
    return counts;
}

} // namespace tgc

#include "comparison_cases.h"

#include "image_reader.h"
#include "io_error.h"
#include "label_io.h"
#include "qata_dataset.h"
#include "store/case_sources.h"
#include "store/project.h"

#include <QDir>
#include <QFileInfo>
#include <set>

namespace tgc {

namespace {

std::vector<std::uint8_t> binaryOnGrid(const ImageVolume& mask, const VolumeGeometry& grid,
                                       const QString& path) {
    const auto& dims = mask.dims();
    if (dims != grid.dims)
        throw IoError(path, QStringLiteral("the mask is %1x%2x%3, its image %4x%5x%6")
                                .arg(dims[0])
                                .arg(dims[1])
                                .arg(dims[2])
                                .arg(grid.dims[0])
                                .arg(grid.dims[1])
                                .arg(grid.dims[2]));
    std::vector<std::uint8_t> binary(grid.voxelCount());
    std::size_t i = 0;
    for (int z = 0; z < dims[2]; ++z)
        for (int y = 0; y < dims[1]; ++y)
            for (int x = 0; x < dims[0]; ++x)
                binary[i++] = mask.valueAt(x, y, z) > 0 ? 1 : 0;
    return binary;
}

class ProjectCases : public ComparisonCaseSource {
public:
    explicit ProjectCases(const Project& project) : m_project(project) {
        for (const CaseRecord& record : project.cases()) {
            if (record.status != CaseStatus::Done && record.status != CaseStatus::Reviewed)
                continue;
            if (record.report.trimmed().isEmpty())
                throw IoError(project.manifestPath(),
                              QStringLiteral("case %1 has no report to prompt the models with")
                                  .arg(record.id));
            m_records.push_back(&record);
        }
        if (m_records.empty())
            throw IoError(project.manifestPath(),
                          QStringLiteral("no case is done or reviewed: nothing to compare on"));
    }
    std::size_t size() const override { return m_records.size(); }
    QString caseId(std::size_t index) const override { return m_records.at(index)->id; }
    QString description() const override {
        return QStringLiteral("project %1: %2 done or reviewed cases")
            .arg(QDir(m_project.root()).dirName())
            .arg(m_records.size());
    }
    ComparisonCase load(std::size_t index) const override {
        const CaseRecord& record = *m_records.at(index);
        ComparisonCase c;
        c.id = record.id;
        c.report = record.report.trimmed();
        c.aux = record.aux.trimmed();
        c.image = readCaseSources(record.sources);
        const QString maskPath = m_project.maskPath(record);
        if (QFileInfo::exists(maskPath))
            c.reference = binaryOnGrid(readImage(maskPath), c.image.geometry(), maskPath);
        else
            c.reference.assign(c.image.geometry().voxelCount(), 0);
        return c;
    }

private:
    const Project& m_project;
    std::vector<const CaseRecord*> m_records;
};

class QataCases : public ComparisonCaseSource {
public:
    explicit QataCases(const QString& folder) : m_dataset(QataDataset::read(folder)) {
        if (m_dataset.rows().empty())
            throw IoError(QDir(folder).filePath(QStringLiteral("text.csv")),
                          QStringLiteral("no rows"));
        std::set<QString> used;
        for (const QataRow& row : m_dataset.rows()) {
            QString id = QFileInfo(row.mask).completeBaseName();
            if (!used.insert(id).second) {
                id += QStringLiteral("-line%1").arg(row.line);
                used.insert(id);
            }
            m_ids.push_back(id);
        }
    }
    std::size_t size() const override { return m_ids.size(); }
    QString caseId(std::size_t index) const override { return m_ids.at(index); }
    QString description() const override {
        return QStringLiteral("qata folder %1: %2 rows")
            .arg(QDir(m_dataset.folder()).dirName())
            .arg(m_ids.size());
    }
    ComparisonCase load(std::size_t index) const override {
        const QataRow& row = m_dataset.rows().at(index);
        ComparisonCase c;
        c.id = m_ids.at(index);
        c.report = row.description.trimmed();
        c.aux = row.aux.trimmed();
        const QString imagePath = m_dataset.imagePath(row);
        c.image = readImage(imagePath);
        if (c.image.dims()[2] != 1)
            throw IoError(imagePath,
                          QStringLiteral("a qata image must be 2D, this one has %1 slices")
                              .arg(c.image.dims()[2]));
        const QString maskPath = m_dataset.maskPath(row);
        c.reference = binaryOnGrid(readImage(maskPath), c.image.geometry(), maskPath);
        if (c.report.isEmpty())
            throw IoError(QDir(m_dataset.folder()).filePath(QStringLiteral("text.csv")),
                          QStringLiteral("line %1 has an empty description").arg(row.line));
        return c;
    }

private:
    QataDataset m_dataset;
    std::vector<QString> m_ids;
};

} // namespace

std::unique_ptr<ComparisonCaseSource> projectCaseSource(const Project& project) {
    return std::make_unique<ProjectCases>(project);
}

std::unique_ptr<ComparisonCaseSource> qataCaseSource(const QString& folder) {
    return std::make_unique<QataCases>(folder);
}

} // namespace tgc

// The case list of an open project as a table (id, modality, status,
// annotator, last edit) and the filter in front of it. The rules (what a
// filter shows, what counts as done) live in project/store/case_query.h.
#pragma once

#include "store/case_query.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace tgc {

class Project;

class CaseTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Modality, Status, Annotator, Modified, Source, ColumnCount };
    static constexpr int kCaseIdRole = Qt::UserRole + 1;

    explicit CaseTableModel(QObject* parent = nullptr);

    // The project whose cases are shown (not owned; null for none).
    void setProject(const Project* project);
    const CaseRecord* recordAt(int row) const;
    int rowOf(const QString& caseId) const;
    // A case's fields changed: its row is redrawn.
    void caseChanged(const QString& caseId);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString statusText(CaseStatus status);
    static QColor statusColour(CaseStatus status);

private:
    const Project* m_project = nullptr;
};

class CaseFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setCaseFilter(const CaseFilter& filter);
    const CaseFilter& caseFilter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    CaseFilter m_filter;
};

} // namespace tgc

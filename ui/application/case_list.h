// The one list of cases the Cases dock shows: the open project's, or, with
// no project open, the files opened this session as an unsaved project (in
// memory, no folder; each case records its sources, which stay where they
// are). Columns: id, modality, status, annotator, last edit, source; the
// filter in front of it. The rules (what a filter shows, what counts as
// done) live in project/store/case_query.h. No widgets.
#pragma once

#include "case_entry.h"
#include "store/case_query.h"
#include "store/project.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <map>
#include <optional>

namespace tgc {

class CaseListFilter;

class CaseList : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Modality, Status, Annotator, Modified, Source, ColumnCount };
    static constexpr int kCaseIdRole = Qt::UserRole + 1;

    explicit CaseList(QObject* parent = nullptr);

    // The open project's cases (not owned), or null: the loose files again.
    void showProject(const Project* project);
    // False while the loose files' unsaved project is shown.
    bool showsProject() const { return m_project != &m_loose; }
    const Project& shown() const { return *m_project; }

    // A file, folder or dataset image opened without a project joins the
    // unsaved project once (the same sources: the same case). Returns its id.
    QString addLoose(const CaseEntry& entry);
    // What loads a loose case: its sources, report and the dataset's masks.
    std::optional<CaseEntry> looseEntry(const QString& caseId) const;
    // A loose case's report, as typed (kept for as long as the session runs).
    void setLooseReport(const QString& caseId, const QString& report);

    const CaseRecord* recordAt(int row) const;
    int rowOf(const QString& caseId) const;
    // A case's fields changed: its row is redrawn.
    void caseChanged(const QString& caseId);

    // The case of the shown list opened last (empty: none), which the dock selects.
    void setCurrent(const QString& caseId);
    const QString& current() const { return m_current; }
    int currentRow() const { return rowOf(m_current); }

    // This list behind the status filter and the report search.
    CaseListFilter* filtered() const { return m_filtered; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString statusText(CaseStatus status);
    static QColor statusColour(CaseStatus status);

Q_SIGNALS:
    void currentChanged(const QString& caseId);

private:
    Project m_loose = Project::unsaved();
    std::map<QString, CaseSources> m_looseDatasets; // a dataset image's masks, by case id
    const Project* m_project = &m_loose;
    QString m_current;
    CaseListFilter* m_filtered = nullptr;
};

class CaseListFilter : public QSortFilterProxyModel {
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

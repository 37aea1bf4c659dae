#include "case_table_model.h"

#include "store/project.h"

#include <QColor>

namespace tgc {

CaseTableModel::CaseTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CaseTableModel::setProject(const Project* project) {
    beginResetModel();
    m_project = project;
    endResetModel();
}

const CaseRecord* CaseTableModel::recordAt(int row) const {
    if (!m_project || row < 0 || row >= int(m_project->cases().size()))
        return nullptr;
    return &m_project->cases()[std::size_t(row)];
}

int CaseTableModel::rowOf(const QString& caseId) const {
    for (int row = 0; row < rowCount(); ++row)
        if (recordAt(row)->id == caseId)
            return row;
    return -1;
}

void CaseTableModel::caseChanged(const QString& caseId) {
    const int row = rowOf(caseId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int CaseTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_project ? 0 : int(m_project->cases().size());
}

int CaseTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString CaseTableModel::statusText(CaseStatus status) {
    switch (status) {
    case CaseStatus::New:
        return tr("new");
    case CaseStatus::InProgress:
        return tr("in progress");
    case CaseStatus::Done:
        return tr("done");
    case CaseStatus::Reviewed:
        return tr("reviewed");
    }
    return {};
}

// Readable on the dark theme; the text says the status too, so colour is never the only cue.
QColor CaseTableModel::statusColour(CaseStatus status) {
    switch (status) {
    case CaseStatus::New:
        return QColor(150, 150, 150);
    case CaseStatus::InProgress:
        return QColor(240, 180, 50);
    case CaseStatus::Done:
        return QColor(90, 200, 110);
    case CaseStatus::Reviewed:
        return QColor(90, 160, 250);
    }
    return {};
}

QVariant CaseTableModel::data(const QModelIndex& index, int role) const {
    const CaseRecord* r = recordAt(index.row());
    if (!r)
        return {};
    if (role == kCaseIdRole)
        return r->id;
    if (role == Qt::ForegroundRole && index.column() == Status)
        return statusColour(r->status);
    if (role == Qt::ToolTipRole && index.column() == Source && r->pacs.isSet())
        return tr("Pulled from %1 on %2 (series %3)")
            .arg(r->pacs.server,
                 r->pacs.pulled.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                 r->pacs.seriesUid);
    if (role == Qt::ToolTipRole)
        return r->sources.isEmpty() ? QString() : r->sources.front();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id:
        return r->id;
    case Modality:
        return r->modality;
    case Status:
        return statusText(r->status);
    case Annotator:
        return r->status == CaseStatus::Reviewed && !r->reviewer.isEmpty()
                   ? QStringLiteral("%1 / %2").arg(r->annotator, r->reviewer)
                   : r->annotator;
    case Modified:
        return r->modified.isValid()
                   ? r->modified.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                   : QString();
    case Source:
        return r->pacs.isSet() ? tr("PACS") : tr("file");
    default:
        return {};
    }
}

QVariant CaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Case");
    case Modality:
        return tr("Mod.");
    case Status:
        return tr("Status");
    case Annotator:
        return tr("Annotator");
    case Modified:
        return tr("Last edit");
    case Source:
        return tr("From");
    default:
        return {};
    }
}

void CaseFilterModel::setCaseFilter(const CaseFilter& filter) {
    m_filter = filter;
    invalidateFilter();
}

bool CaseFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* cases = static_cast<const CaseTableModel*>(sourceModel());
    const CaseRecord* r = cases ? cases->recordAt(sourceRow) : nullptr;
    return r && m_filter.matches(*r);
}

} // namespace tgc

#include "case_list.h"

#include <QColor>

namespace tgc {

CaseList::CaseList(QObject* parent) : QAbstractTableModel(parent) {
    m_filtered = new CaseListFilter(this);
    m_filtered->setSourceModel(this);
}

void CaseList::showProject(const Project* project) {
    beginResetModel();
    m_project = project ? project : &m_loose;
    m_current.clear();
    endResetModel();
    Q_EMIT currentChanged(m_current);
}

QString CaseList::addLoose(const CaseEntry& entry) {
    for (const CaseRecord& record : m_loose.cases())
        if (record.sources == entry.sources)
            return record.id;
    CaseRecord record;
    record.id = entry.id;
    record.sources = entry.sources;
    record.report = entry.report;
    const int row = int(m_loose.cases().size());
    if (!showsProject())
        beginInsertRows({}, row, row);
    const QString id = m_loose.addCase(std::move(record)).id;
    if (!entry.dataset.files.isEmpty())
        m_looseDatasets[id] = entry.dataset;
    if (!showsProject())
        endInsertRows();
    return id;
}

std::optional<CaseEntry> CaseList::looseEntry(const QString& caseId) const {
    const CaseRecord* record = m_loose.findCase(caseId);
    if (!record)
        return std::nullopt;
    CaseEntry entry = entryOf(*record);
    if (const auto it = m_looseDatasets.find(caseId); it != m_looseDatasets.end())
        entry.dataset = it->second;
    return entry;
}

void CaseList::setLooseReport(const QString& caseId, const QString& report) {
    if (CaseRecord* record = m_loose.findCase(caseId)) {
        record->report = report;
        if (!showsProject())
            caseChanged(caseId);
    }
}

const CaseRecord* CaseList::recordAt(int row) const {
    if (row < 0 || row >= int(m_project->cases().size()))
        return nullptr;
    return &m_project->cases()[std::size_t(row)];
}

int CaseList::rowOf(const QString& caseId) const {
    if (caseId.isEmpty())
        return -1;
    for (int row = 0; row < rowCount(); ++row)
        if (recordAt(row)->id == caseId)
            return row;
    return -1;
}

void CaseList::setCurrent(const QString& caseId) {
    if (caseId == m_current)
        return;
    m_current = caseId;
    Q_EMIT currentChanged(m_current);
}

void CaseList::caseChanged(const QString& caseId) {
    const int row = rowOf(caseId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int CaseList::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_project->cases().size());
}

int CaseList::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString CaseList::statusText(CaseStatus status) {
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
QColor CaseList::statusColour(CaseStatus status) {
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

QVariant CaseList::data(const QModelIndex& index, int role) const {
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

QVariant CaseList::headerData(int section, Qt::Orientation orientation, int role) const {
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

void CaseListFilter::setCaseFilter(const CaseFilter& filter) {
    m_filter = filter;
    invalidateFilter();
}

bool CaseListFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* cases = static_cast<const CaseList*>(sourceModel());
    const CaseRecord* r = cases ? cases->recordAt(sourceRow) : nullptr;
    return r && m_filter.matches(*r);
}

} // namespace tgc

#include "cases_panel.h"

#include "case_list.h"
#include "named_widget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace tgc {

CasesPanel::CasesPanel(CaseList* cases, QWidget* parent) : QWidget(parent), m_cases(cases) {
    setObjectName(QStringLiteral("casesPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_filterBar = new QWidget;
    auto* bar = new QHBoxLayout(m_filterBar);
    bar->setContentsMargins(0, 0, 0, 0);
    m_statusFilter = named(new QComboBox, "statusFilter");
    m_statusFilter->addItem(tr("All"), QString());
    for (CaseStatus s :
         {CaseStatus::New, CaseStatus::InProgress, CaseStatus::Done, CaseStatus::Reviewed})
        m_statusFilter->addItem(CaseList::statusText(s), caseStatusName(s));
    m_search = named(new QLineEdit, "caseSearch");
    m_search->setPlaceholderText(tr("Search reports…"));
    m_search->setClearButtonEnabled(true);
    bar->addWidget(m_statusFilter);
    bar->addWidget(m_search, 1);
    layout->addWidget(m_filterBar);
    m_table = named(new QTableView, "caseTable");
    m_table->setModel(m_cases->filtered());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_rowHeight = m_table->verticalHeader()->defaultSectionSize();
    m_rowMinimum = m_table->verticalHeader()->minimumSectionSize();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &CasesPanel::applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, &CasesPanel::applyFilter);
    auto activate = [this](const QModelIndex& index) {
        const QString id = index.data(CaseList::kCaseIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT caseActivated(id);
    };
    connect(m_table, &QTableView::activated, this, activate);
    connect(m_table, &QTableView::clicked, this, activate);
    connect(m_cases, &CaseList::modelReset, this, &CasesPanel::showKind);
    connect(m_cases, &CaseList::currentChanged, this, &CasesPanel::selectCurrent);
    showKind();
}

// Loose files have nothing but a name to show: no header, no other column, no
// filter, rows as close as a list's.
void CasesPanel::showKind() {
    const bool project = m_cases->showsProject();
    const int listRow = m_table->fontMetrics().height();
    m_table->verticalHeader()->setMinimumSectionSize(project ? m_rowMinimum : listRow);
    m_table->verticalHeader()->setDefaultSectionSize(project ? m_rowHeight : listRow);
    m_filterBar->setVisible(project);
    m_table->horizontalHeader()->setVisible(project);
    for (int column = CaseList::Id + 1; column < CaseList::ColumnCount; ++column)
        m_table->setColumnHidden(column, !project);
    if (project)
        m_table->resizeColumnsToContents();
    // The header stretched the section last before: it stretches the one last now.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    selectCurrent();
}

void CasesPanel::selectCurrent() {
    const QModelIndex index =
        m_cases->filtered()->mapFromSource(m_cases->index(m_cases->currentRow(), 0));
    if (index.isValid())
        m_table->selectRow(index.row());
    else
        m_table->clearSelection();
}

void CasesPanel::applyFilter() {
    CaseFilter filter;
    filter.status = caseStatusFromName(m_statusFilter->currentData().toString());
    filter.text = m_search->text();
    m_cases->filtered()->setCaseFilter(filter);
}

} // namespace tgc

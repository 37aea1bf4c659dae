// The Cases dock: the case list (ui/application/case_list.h) as a table
// behind a status filter and a report search. The loose files of a session
// without a project show as a plain list of names; a project's cases with
// every column and the filter bar.
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace tgc {

class CaseList;

class CasesPanel : public QWidget {
    Q_OBJECT
public:
    explicit CasesPanel(CaseList* cases, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }

Q_SIGNALS:
    // A row was clicked or activated (Enter, double click).
    void caseActivated(const QString& caseId);

private:
    void showKind();
    void selectCurrent();
    void applyFilter();

    CaseList* m_cases;
    QWidget* m_filterBar = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_table = nullptr;
    int m_rowHeight = 0;  // the style's, for a project's cases
    int m_rowMinimum = 0;
};

} // namespace tgc

// The PACS dock over the PacsBrowser and its TeamWorklist: the server to
// connect to (address, user and CA file remembered, the password never),
// filters,
// one page of series with their status (images, a report in the study, the
// case pulled from it) and the team's columns (status, who holds it, how
// many SEGs), the team filters (mine, unclaimed, to review), paging, Pull
// and Push mask with progress and cancel, Claim, Release, Submit, Take over
// and Review, and what went wrong in words. It stores nothing: the browser
// and the worklist hold the list.
#pragma once

#include <QMap>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace tgc {

class PacsBrowser;
class TeamWorklist;

class PacsDock : public QWidget {
    Q_OBJECT
public:
    PacsDock(PacsBrowser* browser, TeamWorklist* worklist, QWidget* parent = nullptr);

    // Series UID -> the project's case pulled from it ("" where none).
    void setPulledCases(const QMap<QString, QString>& cases);
    // The series shown in this row of the table (-1: none chosen).
    int currentRow() const;
    QString statusText() const;
    // Fills the address and user from the settings and focuses the address.
    void focusConnect();

Q_SIGNALS:
    void pullRequested(int row);
    // A row of a series already pulled was double-clicked: open its case.
    void openRequested(const QString& caseId);
    void pushRequested();
    // Review the series of this row: every SEG that references it.
    void reviewRequested(int row);

private:
    void connectClicked();
    void search();
    void showList();
    void showBusy(bool busy);
    void activate(int row);
    void showTeamActions();
    void showQueue();

    PacsBrowser* m_browser;
    TeamWorklist* m_worklist;
    QMap<QString, QString> m_pulled;
    QLineEdit* m_address = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_caFile = nullptr;
    QCheckBox* m_remember = nullptr;
    QLineEdit* m_patient = nullptr;
    QComboBox* m_modality = nullptr;
    QLineEdit* m_description = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
    QLabel* m_pageLabel = nullptr;
    QPushButton* m_pull = nullptr;
    QPushButton* m_push = nullptr;
    QPushButton* m_cancel = nullptr;
    QComboBox* m_teamFilter = nullptr;
    QPushButton* m_claim = nullptr;
    QPushButton* m_release = nullptr;
    QPushButton* m_submit = nullptr;
    QPushButton* m_takeOver = nullptr;
    QPushButton* m_review = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_queue = nullptr;
};

} // namespace tgc

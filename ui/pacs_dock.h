// The PACS dock over the PacsBrowser: the server to connect to (address and
// user remembered, the password never), filters, one page of series with
// their status (images, a report in the study, the case pulled from it),
// paging, Pull and Push mask with progress and cancel, and what went wrong
// in words. It stores nothing: the browser holds the list.
#pragma once

#include <QMap>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace tgc {

class PacsBrowser;

class PacsDock : public QWidget {
    Q_OBJECT
public:
    explicit PacsDock(PacsBrowser* browser, QWidget* parent = nullptr);

    // Series UID -> the project's case pulled from it ("" where none).
    void setPulledCases(const QMap<QString, QString>& cases);
    // The series shown in this row of the table (-1: none chosen).
    int currentRow() const;
    QString statusText() const;
    // Fills the address and user from the settings and focuses the address.
    void focusConnect();
    // Fills in the server and login and connects (command line, demo).
    void connectTo(const QString& address, const QString& user, const QString& password);

Q_SIGNALS:
    void pullRequested(int row);
    // A row of a series already pulled was double-clicked: open its case.
    void openRequested(const QString& caseId);
    void pushRequested();

private:
    void connectClicked();
    void search();
    void showList();
    void showBusy(bool busy);
    void activate(int row);

    PacsBrowser* m_browser;
    QMap<QString, QString> m_pulled;
    QLineEdit* m_address = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
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
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace tgc

#include "pacs_dock.h"

#include "named_widget.h"
#include "pacs_browser.h"
#include "pacs_credentials.h"
#include "team_worklist.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tgc {

namespace {
const char* const kAddressKey = "pacs/address";
const char* const kUserKey = "pacs/user";
const char* const kCaKey = "pacs/caFile";
const char* const kRememberKey = "pacs/rememberPassword"; // the choice, never the password

QLineEdit* field(const char* name, const QString& placeholder) {
    auto* edit = named(new QLineEdit, name);
    edit->setPlaceholderText(placeholder);
    return edit;
}
} // namespace

namespace {
enum Column {
    Description,
    Modality,
    Images,
    Team,
    Assignee,
    Segs,
    Agreement,
    Status,
    Patient,
    Date,
    Columns
};

QString teamStatusText(pacs::SeriesStatus status) {
    switch (status) {
    case pacs::SeriesStatus::Todo:
        return PacsDock::tr("to do");
    case pacs::SeriesStatus::InProgress:
        return PacsDock::tr("in progress");
    case pacs::SeriesStatus::Submitted:
        return PacsDock::tr("submitted");
    case pacs::SeriesStatus::Reviewed:
        return PacsDock::tr("reviewed");
    }
    return {};
}
} // namespace

PacsDock::PacsDock(PacsBrowser* browser, TeamWorklist* worklist, QWidget* parent)
    : QWidget(parent), m_browser(browser), m_worklist(worklist) {
    setObjectName(QStringLiteral("pacsDock"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    m_address = field("pacsAddress", tr("http://host:8042/dicom-web or dicom://AET@host:104"));
    m_user = field("pacsUser", tr("user"));
    m_password = field("pacsPassword", tr("password"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Server"), m_address);
    auto* login = new QHBoxLayout;
    login->addWidget(m_user);
    login->addWidget(m_password);
    auto* connectButton = named(new QPushButton(tr("Connect")), "pacsConnect");
    login->addWidget(connectButton);
    form->addRow(tr("Login"), login);
    // An HTTPS server signed by the hospital's own CA: trust that CA too.
    auto* trust = new QHBoxLayout;
    m_caFile = field("pacsCaFile", tr("CA certificates (PEM), for HTTPS; empty: the system's"));
    auto* browse = named(new QPushButton(tr("Choose…")), "pacsCaBrowse");
    trust->addWidget(m_caFile, 1);
    trust->addWidget(browse);
    form->addRow(tr("Trust"), trust);
    m_remember = named(new QCheckBox(tr("Keep the password in the system keychain")),
                       "pacsRemember", tr("Unticked, the password lasts until the app closes"));
    m_remember->setChecked(QSettings().value(QLatin1String(kRememberKey), false).toBool());
    form->addRow(QString(), m_remember);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("CA certificates"), m_caFile->text(),
                                         tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    layout->addLayout(form);

    auto* filters = new QHBoxLayout;
    m_patient = field("pacsPatient", tr("patient ID"));
    m_modality = named(new QComboBox, "pacsModality");
    m_modality->addItem(tr("any"), QString());
    for (const char* m : {"CT", "MR", "CR", "DX", "PT", "US", "SEG", "SR"})
        m_modality->addItem(QLatin1String(m), QLatin1String(m));
    m_description = field("pacsDescription", tr("description"));
    auto* searchButton = named(new QPushButton(tr("Search")), "pacsSearch");
    filters->addWidget(m_patient, 2);
    filters->addWidget(m_modality, 1);
    filters->addWidget(m_description, 3);
    filters->addWidget(searchButton);
    layout->addLayout(filters);
    auto* teamRow = new QHBoxLayout;
    m_teamFilter = named(new QComboBox, "pacsTeamFilter");
    m_teamFilter->addItem(tr("All series"), int(TeamWorklist::Filter::All));
    m_teamFilter->addItem(tr("Mine"), int(TeamWorklist::Filter::Mine));
    m_teamFilter->addItem(tr("Unclaimed"), int(TeamWorklist::Filter::Unclaimed));
    m_teamFilter->addItem(tr("To review"), int(TeamWorklist::Filter::ToReview));
    teamRow->addWidget(new QLabel(tr("Show")));
    teamRow->addWidget(m_teamFilter, 1);
    layout->addLayout(teamRow);

    // What tells series apart first: the dock is narrow.
    m_table = named(new QTableWidget(0, Columns), "pacsSeries");
    m_table->setHorizontalHeaderLabels({tr("Description"), tr("Mod."), tr("Images"),
                                        tr("Team status"), tr("Held by"), tr("SEGs"),
                                        tr("Agreement"), tr("Local"), tr("Patient"), tr("Date")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);

    auto* pager = new QHBoxLayout;
    m_previous = new QPushButton(tr("‹ Previous"));
    m_next = new QPushButton(tr("Next ›"));
    m_pageLabel = named(new QLabel, "pacsPage");
    pager->addWidget(m_previous);
    pager->addWidget(m_pageLabel, 1, Qt::AlignCenter);
    pager->addWidget(m_next);
    layout->addLayout(pager);

    auto* actions = new QHBoxLayout;
    m_pull = named(new QPushButton(tr("Pull")), "pacsPull",
                   tr("Bring the series into the open project as a case (double-click "
                      "opens a pulled one)"));
    m_push = named(new QPushButton(tr("Push mask")), "pacsPush",
                   tr("Store the shown case's saved mask on the PACS as a new DICOM SEG"));
    m_cancel = named(new QPushButton(tr("Cancel")), "pacsCancel");
    actions->addWidget(m_pull);
    actions->addWidget(m_push);
    actions->addWidget(m_cancel);
    layout->addLayout(actions);
    auto* team = new QHBoxLayout;
    m_claim = named(new QPushButton(tr("Claim")), "pacsClaim",
                    tr("Take this series to annotate; nobody else can "
                       "claim it while you hold it"));
    m_release = named(new QPushButton(tr("Release")), "pacsRelease",
                      tr("Give the series back to the worklist"));
    m_submit = named(new QPushButton(tr("Submit")), "pacsSubmit",
                     tr("Mark your annotation finished and ready for review"));
    m_takeOver = named(new QPushButton(tr("Take over")), "pacsTakeOver",
                       tr("Take the series from the annotator who holds it (recorded)"));
    m_review = named(new QPushButton(tr("Review…")), "pacsReview",
                     tr("Compare every annotator's SEG of this series and choose the final mask"));
    for (QPushButton* b : {m_claim, m_release, m_submit, m_takeOver, m_review})
        team->addWidget(b);
    layout->addLayout(team);
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status = named(new QLabel, "pacsStatus");
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_queue = named(new QLabel, "pacsQueue");
    m_queue->setWordWrap(true);
    layout->addWidget(m_queue);

    connect(connectButton, &QPushButton::clicked, this, &PacsDock::connectClicked);
    connect(m_password, &QLineEdit::returnPressed, this, &PacsDock::connectClicked);
    connect(searchButton, &QPushButton::clicked, this, &PacsDock::search);
    for (QLineEdit* e : {m_patient, m_description})
        connect(e, &QLineEdit::returnPressed, this, &PacsDock::search);
    connect(m_previous, &QPushButton::clicked, this,
            [this] { m_browser->showPage(m_browser->page() - 1); });
    connect(m_next, &QPushButton::clicked, this,
            [this] { m_browser->showPage(m_browser->page() + 1); });
    connect(m_pull, &QPushButton::clicked, this, [this] {
        if (currentRow() >= 0)
            Q_EMIT pullRequested(currentRow());
    });
    connect(m_push, &QPushButton::clicked, this, &PacsDock::pushRequested);
    connect(m_cancel, &QPushButton::clicked, m_browser, &PacsBrowser::cancel);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) { activate(row); });
    connect(m_browser, &PacsBrowser::listChanged, this, &PacsDock::showList);
    connect(m_browser, &PacsBrowser::busyChanged, this, &PacsDock::showBusy);
    connect(m_browser, &PacsBrowser::progress, this, [this](int done, int total) {
        m_progress->setRange(0, std::max(total, 0));
        m_progress->setValue(done);
    });
    connect(m_browser, &PacsBrowser::message, m_status, &QLabel::setText);
    connect(m_worklist, &TeamWorklist::changed, this, &PacsDock::showList);
    connect(m_worklist, &TeamWorklist::queueChanged, this, &PacsDock::showQueue);
    connect(m_worklist, &TeamWorklist::message, m_status, &QLabel::setText);
    connect(m_worklist, &TeamWorklist::conflict, m_status, &QLabel::setText);
    connect(m_worklist, &TeamWorklist::failed, m_status, &QLabel::setText);
    connect(m_teamFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_worklist->setFilter(TeamWorklist::Filter(m_teamFilter->currentData().toInt()));
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, &PacsDock::showTeamActions);
    const std::pair<QPushButton*, TeamWorklist::Action> acts[] = {
        {m_claim, TeamWorklist::Action::Claim},
        {m_release, TeamWorklist::Action::Release},
        {m_submit, TeamWorklist::Action::Submit},
        {m_takeOver, TeamWorklist::Action::TakeOver}};
    for (const auto& [b, action] : acts)
        connect(b, &QPushButton::clicked, this, [this, action = action] {
            if (currentRow() >= 0)
                m_worklist->act(action, currentRow());
        });
    connect(m_review, &QPushButton::clicked, this, [this] {
        if (currentRow() >= 0)
            Q_EMIT reviewRequested(currentRow());
    });
    connect(m_browser, &PacsBrowser::failed, m_status, &QLabel::setText);
    connect(m_browser, &PacsBrowser::connected, this, [this] {
        // Connected from elsewhere (the command line): show that login, and
        // drop a password typed or loaded for another one.
        if (m_browser->address() != m_address->text().trimmed() ||
            m_browser->user() != m_user->text().trimmed()) {
            m_address->setText(m_browser->address());
            m_user->setText(m_browser->user());
            m_caFile->setText(m_browser->caFile());
            m_password->clear();
        }
        QSettings settings; // never the password
        settings.setValue(QLatin1String(kAddressKey), m_address->text().trimmed());
        settings.setValue(QLatin1String(kUserKey), m_user->text().trimmed());
        settings.setValue(QLatin1String(kCaKey), m_caFile->text().trimmed());
        if (m_remember->isChecked() && !m_password->text().isEmpty())
            m_browser->credentials()->store(m_address->text(), m_user->text(), m_password->text());
    });
    // Unticking takes the password of the login shown out of the keychain.
    connect(m_remember, &QCheckBox::toggled, this, [this](bool keep) {
        QSettings().setValue(QLatin1String(kRememberKey), keep);
        if (!keep && !m_address->text().isEmpty())
            m_browser->credentials()->forget(m_address->text(), m_user->text());
    });
    PacsCredentials* keychain = m_browser->credentials();
    connect(keychain, &PacsCredentials::loaded, this,
            [this](const QString& address, const QString& user, const QString& password) {
                // Only while the fields still name that login and nothing was typed.
                if (address != m_address->text() || user != m_user->text() ||
                    !m_password->text().isEmpty())
                    return;
                m_password->setText(password);
                m_status->setText(tr("Password from the system keychain"));
            });
    connect(keychain, &PacsCredentials::unavailable, this, [this](const QString& why) {
        m_status->setText(tr("No system keychain (%1): the password lasts this session").arg(why));
    });
    focusConnect();
    showQueue();
    showList();
    showBusy(false);
}

void PacsDock::focusConnect() {
    const QSettings settings;
    if (m_address->text().isEmpty())
        m_address->setText(settings.value(QLatin1String(kAddressKey)).toString());
    if (m_user->text().isEmpty())
        m_user->setText(settings.value(QLatin1String(kUserKey)).toString());
    if (m_caFile->text().isEmpty())
        m_caFile->setText(settings.value(QLatin1String(kCaKey)).toString());
    (m_address->text().isEmpty() ? m_address : m_password)->setFocus();
    if (m_remember->isChecked() && m_password->text().isEmpty() && !m_address->text().isEmpty())
        m_browser->credentials()->load(m_address->text(), m_user->text());
}

void PacsDock::connectClicked() {
    m_browser->connectTo(m_address->text(), m_user->text().trimmed(), m_password->text(),
                         m_caFile->text().trimmed());
}

void PacsDock::search() {
    pacs::SeriesQuery query;
    query.patientId = m_patient->text().trimmed();
    query.modality = m_modality->currentData().toString();
    const QString text = m_description->text().trimmed();
    query.description = text.isEmpty() ? QString() : pacs::descriptionPattern(text);
    m_browser->setQuery(query);
}

void PacsDock::setPulledCases(const QMap<QString, QString>& cases) {
    m_pulled = cases;
    showList();
}

int PacsDock::currentRow() const {
    const int row = m_table->currentRow();
    return row >= 0 && row < int(m_browser->series().size()) ? row : -1;
}

QString PacsDock::statusText() const {
    return m_status->text();
}

void PacsDock::showList() {
    const auto& series = m_browser->series();
    m_table->setRowCount(int(series.size()));
    for (int row = 0; row < int(series.size()); ++row) {
        const pacs::SeriesEntry& s = series[std::size_t(row)];
        const QString pulled = m_pulled.value(s.seriesUid);
        QStringList status;
        if (s.report)
            status << tr("report");
        if (!pulled.isEmpty())
            status << tr("pulled: %1").arg(pulled);
        const pacs::TeamRecord* r = m_worklist->record(s.seriesUid);
        const int segs = m_worklist->segCount(s.seriesUid);
        const QStringList cells{
            s.description,
            s.modality,
            s.instances < 0 ? QStringLiteral("–") : QString::number(s.instances),
            r ? teamStatusText(r->seriesStatus()) : QString(),
            r && r->assignee.exists ? r->assignee.value : QString(),
            segs > 0 ? QString::number(segs) : QString(),
            r && r->agreement.exists ? QString::number(r->agreement.value.toDouble(), 'f', 3)
                                     : QString(),
            status.join(QStringLiteral(", ")),
            s.patientId.isEmpty() ? s.patientName : s.patientId,
            s.studyDate};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(c == 0 ? s.seriesUid : cells[c]);
            if (c == Assignee && r && r->assignee.value == m_worklist->user())
                item->setToolTip(tr("you hold this series"));
            if (c == Agreement && !cells[c].isEmpty())
                item->setToolTip(tr("mean Dice of the annotators' masks at review"));
            m_table->setItem(row, c, item);
        }
        // SEGs and reports are shown by their source series (the SEG count,
        // "report") unless the modality filter asks for them.
        const bool derived = !s.isSource();
        m_table->setRowHidden(row, !m_worklist->shows(row) ||
                                       (derived && m_modality->currentData().toString().isEmpty()));
    }
    m_table->resizeColumnsToContents();
    const int first = m_browser->page() * PacsBrowser::kPageSize;
    const int shown = int(series.size());
    int visible = 0;
    for (int row = 0; row < shown; ++row)
        visible += m_table->isRowHidden(row) ? 0 : 1;
    // The server counts SEG and SR series too; say how many rows of the page
    // are left to see after hiding them and the team filter's.
    const QString page =
        m_browser->total() >= 0
            ? tr("%1–%2 of %3").arg(first + 1).arg(first + shown).arg(m_browser->total())
            : tr("%1–%2").arg(first + 1).arg(first + shown);
    m_pageLabel->setText(shown == 0
                             ? (m_browser->isConnected() ? tr("no series") : tr("not connected"))
                         : visible < shown ? tr("%1 (%2 shown)").arg(page).arg(visible)
                                           : page);
    m_previous->setEnabled(m_browser->page() > 0);
    m_next->setEnabled(m_browser->page() + 1 < m_browser->pageCount() ||
                       (m_browser->total() < 0 && shown == PacsBrowser::kPageSize));
    showTeamActions();
}

void PacsDock::showQueue() {
    const std::size_t waiting = m_worklist->queued(), conflicts = m_worklist->conflicts();
    m_queue->setVisible(waiting > 0);
    m_queue->setText(
        conflicts > 0
            ? tr("%n change(s) made offline wait for the server; %1 not sent: the series "
                 "changed meanwhile (see above).",
                 nullptr, int(waiting))
                  .arg(conflicts)
            : tr("%n change(s) made offline wait for the server.", nullptr, int(waiting)));
}

void PacsDock::showTeamActions() {
    const int row = currentRow();
    const bool idle = !m_browser->isBusy();
    m_claim->setEnabled(idle && m_worklist->allows(TeamWorklist::Action::Claim, row));
    m_release->setEnabled(idle && m_worklist->allows(TeamWorklist::Action::Release, row));
    m_submit->setEnabled(idle && m_worklist->allows(TeamWorklist::Action::Submit, row));
    m_takeOver->setEnabled(idle && m_worklist->allows(TeamWorklist::Action::TakeOver, row));
    m_review->setEnabled(idle && row >= 0 &&
                         m_worklist->segCount(m_browser->series()[std::size_t(row)].seriesUid) > 0);
}

void PacsDock::showBusy(bool busy) {
    m_progress->setVisible(busy);
    if (busy)
        m_progress->setRange(0, 0); // busy until a count arrives
    m_cancel->setEnabled(busy);
    m_pull->setEnabled(!busy && m_browser->isConnected());
    m_push->setEnabled(!busy && m_browser->isConnected());
    showTeamActions();
}

void PacsDock::activate(int row) {
    if (row < 0 || row >= int(m_browser->series().size()))
        return;
    const QString pulled = m_pulled.value(m_browser->series()[std::size_t(row)].seriesUid);
    if (!pulled.isEmpty())
        Q_EMIT openRequested(pulled);
    else
        Q_EMIT pullRequested(row);
}

} // namespace tgc

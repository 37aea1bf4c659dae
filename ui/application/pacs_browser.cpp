#include "pacs_browser.h"

#include "pacs_credentials.h"
#include "pacs_error.h"
#include "store/project.h"
#include "team_state.h"
#include "watch_future.h"

#include <QFutureWatcher>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace tgc {

PacsBrowser::PacsBrowser(QObject* parent)
    : QObject(parent), m_credentials(new PacsCredentials(this)) {}

PacsBrowser::~PacsBrowser() {
    cancel();
}

QString PacsBrowser::serverName() const {
    return m_client ? m_client->server().display()
                    : (m_dimse ? m_dimse->server().display() : QString());
}

bool PacsBrowser::connectTo(const QString& address, const QString& user, const QString& password,
                            const QString& caFile) {
    QString error;
    auto server = pacs::parseServer(address.trimmed(), &error);
    if (!server) {
        Q_EMIT failed(error);
        return false;
    }
    server->user = user;
    server->password = password;
    server->caFile = caFile;
    cancel();
    m_client.reset();
    m_dimse.reset();
    try {
        if (server->kind == pacs::PacsServer::Kind::Dimse)
            m_dimse = std::make_unique<pacs::DimseClient>(*server);
        else
            m_client = std::make_unique<pacs::DicomWebClient>(*server, nullptr);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return false;
    }
    m_connected = false;
    m_address = address.trimmed();
    m_user = user;
    m_caFile = caFile;
    m_series.clear();
    m_total = -1;
    Q_EMIT listChanged();
    setBusy(true);
    Q_EMIT message(tr("Connecting to %1…").arg(serverName()));
    QFuture<void> echo = m_dimse ? pacs::echoAsync(*m_dimse) : m_client->echo();
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, echo] {
        watcher->deleteLater();
        setBusy(false);
        const QString problem = failureOf(echo);
        if (!problem.isEmpty()) {
            Q_EMIT failed(problem);
            return;
        }
        m_connected = true;
        Q_EMIT message(tr("Connected to %1").arg(serverName()));
        Q_EMIT connected();
        setQuery(m_query);
    });
    watcher->setFuture(echo);
    return true;
}

void PacsBrowser::setQuery(const pacs::SeriesQuery& query) {
    m_query = query;
    m_page = 0;
    refresh();
}

int PacsBrowser::pageCount() const {
    return m_total < 0 ? m_page + 1 : std::max(1, (m_total + kPageSize - 1) / kPageSize);
}

void PacsBrowser::showPage(int page) {
    if (page < 0 || page >= pageCount() + (m_total < 0 ? 1 : 0))
        return;
    m_page = page;
    refresh();
}

void PacsBrowser::refresh() {
    if ((!m_client && !m_dimse) || !m_connected)
        return;
    const int serial = ++m_listSerial;
    if (m_dimse)
        return refreshDimse(serial);
    pacs::SeriesQuery query = m_query;
    query.limit = kPageSize;
    query.offset = m_page * kPageSize;
    setBusy(true);
    watch(m_client->searchSeries(query),
          [this, serial](std::optional<std::vector<pacs::SeriesEntry>> page, const QString& why) {
              if (takePage(serial, std::move(page), why))
                  markReports(serial);
          });
    watch(m_client->countSeries(m_query), [this, serial](std::optional<int> count, const QString&) {
        if (serial != m_listSerial)
            return;
        m_total = count.value_or(-1);
        Q_EMIT listChanged();
    });
}

bool PacsBrowser::takePage(int serial, std::optional<std::vector<pacs::SeriesEntry>> page,
                           const QString& why) {
    if (serial != m_listSerial)
        return false; // an older query's page
    setBusy(false);
    if (!page) {
        Q_EMIT failed(why);
        return false;
    }
    m_series = std::move(*page);
    Q_EMIT listChanged();
    return true;
}

// Which of the listed studies hold a report: one query for the SRs of the
// same filters, as `tgc-cli pacs ls` asks it.
void PacsBrowser::markReports(int serial) {
    watch(m_client->searchSeries(m_query.reports()),
          [this, serial](std::optional<std::vector<pacs::SeriesEntry>> srs, const QString&) {
              if (serial != m_listSerial || !srs)
                  return;
              QSet<QString> studies;
              for (const pacs::SeriesEntry& sr : *srs)
                  studies.insert(sr.studyUid);
              for (pacs::SeriesEntry& s : m_series)
                  s.report = studies.contains(s.studyUid);
              Q_EMIT listChanged();
          });
}

bool PacsBrowser::pull(int row, const QString& projectRoot) {
    if ((!m_client && !m_dimse) || m_busy || row < 0 || row >= int(m_series.size()))
        return false;
    const pacs::SeriesEntry entry = m_series[std::size_t(row)];
    setBusy(true);
    Q_EMIT message(tr("Pulling series %1…")
                       .arg(entry.description.isEmpty() ? entry.seriesUid : entry.description));
    if (m_dimse) {
        pullDimse(entry, projectRoot);
        return true;
    }
    QFuture<pacs::StagedSeries> fetch =
        pacs::fetchSeries(*m_client, projectRoot, entry.studyUid, entry.seriesUid);
    m_running = QFuture<void>(fetch);
    watch(fetch, [this, projectRoot, entry](std::optional<pacs::StagedSeries> fetched,
                                            const QString& why) {
        if (!fetched) {
            setBusy(false);
            Q_EMIT failed(why);
            return;
        }
        const pacs::StagedSeries done = *fetched;
        // The report is a bonus: a study without a readable SR still pulls,
        // with the report the team agreed for the series where there is one.
        watch(pacs::fetchStudyReport(*m_client, projectRoot, entry.studyUid),
              [this, done](std::optional<std::optional<pacs::SrReport>> report, const QString&) {
                  if ((report && *report) || m_client->server().rest.isEmpty()) {
                      setBusy(false);
                      return Q_EMIT staged(done, report ? *report : std::nullopt);
                  }
                  auto team = std::make_shared<pacs::TeamClient>(*m_client);
                  watch(team->readAll({done.seriesUid}),
                        [this, done, team](std::optional<std::vector<pacs::TeamRecord>> records,
                                           const QString&) {
                            setBusy(false);
                            Q_EMIT staged(done, records && !records->empty()
                                                    ? pacs::agreedReport(records->front())
                                                    : std::nullopt);
                        });
              });
    });
    return true;
}

bool PacsBrowser::push(std::shared_ptr<const Project> project, const QString& caseId) {
    if ((!m_client && !m_dimse) || m_busy || !project)
        return false;
    setBusy(true);
    m_pushedFrom = project;
    Q_EMIT message(tr("Writing the DICOM SEG of %1…").arg(caseId));
    if (m_dimse) {
        pushDimse(project, caseId);
        return true;
    }
    QFuture<pacs::PreparedSeg> prepare =
        QtConcurrent::run([project, caseId] { return pacs::prepareSeg(*project, caseId); });
    watch(prepare, [this](std::optional<pacs::PreparedSeg> seg, const QString& why) {
        if (!seg) {
            setBusy(false);
            Q_EMIT failed(why);
            return;
        }
        QFuture<pacs::PushResult> store = pacs::pushSeg(*m_client, *seg);
        m_running = QFuture<void>(store);
        const QString caseId = seg->caseId;
        watch(store,
              [this, store, caseId](std::optional<pacs::PushResult> result, const QString& why) {
                  setBusy(false);
                  if (!result && failedUnreachable(store))
                      return Q_EMIT pushUnreachable(caseId, why);
                  if (!result) {
                      Q_EMIT failed(why);
                      return;
                  }
                  Q_EMIT pushed(*result);
                  shareReport(caseId);
              });
    });
    return true;
}

// A study without an SR: the first pushed case's report becomes the team's.
void PacsBrowser::shareReport(const QString& caseId) {
    const CaseRecord* record = m_pushedFrom ? m_pushedFrom->findCase(caseId) : nullptr;
    if (!record || !record->pacs.isSet() || !m_client || m_client->server().rest.isEmpty())
        return;
    auto team = std::make_shared<pacs::TeamClient>(*m_client);
    watch(pacs::shareReportIfNone(*team, record->pacs.seriesUid, record->report, record->aux,
                                  record->pacs.reportSource),
          [this, team](std::optional<bool> shared, const QString&) {
              if (shared && *shared)
                  Q_EMIT message(tr("The case's report is now the series' agreed report on the "
                                    "PACS (its study has no SR)."));
          });
}

void PacsBrowser::notePulled(const QString& caseId) {
    Q_EMIT message(tr("Pulled as case %1").arg(caseId));
}

void PacsBrowser::cancel() {
    m_running.cancel();
    if (m_cancel)
        *m_cancel = true;
}

void PacsBrowser::setBusy(bool busy) {
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace tgc

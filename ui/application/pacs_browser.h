// The PACS as the PACS dock shows it, without widgets: the connection to one
// server, DICOMweb or DIMSE (the password only in memory), the series list with its
// filters and page, pulling a series into the open project and pushing a
// case's mask as DICOM SEG. Every network step is a future watched here, so
// the UI thread never waits on the network; reading the pulled series into
// the project (ProjectController::adoptPulled) and writing the SEG run on
// worker threads.
#pragma once

#include "pacs_pull.h"
#include "pacs_push.h"
#include "pacs_server.h"
#include "qido.h"
#include "watch_future.h"

#include <QFuture>
#include <QObject>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace tgc {

class PacsCredentials;
class Project;

class PacsBrowser : public QObject {
    Q_OBJECT
public:
    static constexpr int kPageSize = 50;

    explicit PacsBrowser(QObject* parent = nullptr);
    ~PacsBrowser() override;

    // Parses the address and checks the server (echo); connected() or
    // failed() follows. False at once when the address is not one.
    bool connectTo(const QString& address, const QString& user, const QString& password,
                   const QString& caFile = {});
    bool isConnected() const { return m_connected; }
    // The address as typed, without user or password.
    QString serverName() const;
    // The login last asked for, as given (never the password): what the dock
    // shows, whoever connected.
    const QString& address() const { return m_address; }
    const QString& user() const { return m_user; }
    const QString& caFile() const { return m_caFile; }

    // New filters: back to the first page, listed again.
    void setQuery(const pacs::SeriesQuery& query);
    void refresh();
    void showPage(int page);
    int page() const { return m_page; }
    int pageCount() const;
    int total() const { return m_total; } // -1: the server cannot count
    const std::vector<pacs::SeriesEntry>& series() const { return m_series; }

    // Fetches a listed series into the project's staging folder; staged()
    // follows once every file is there (with the study's SR report, if any).
    bool pull(int row, const QString& projectRoot);
    // Writes the case's SEG off the UI thread and stores it; pushed() follows.
    bool push(std::shared_ptr<const Project> project, const QString& caseId);
    void cancel();
    bool isBusy() const { return m_busy; }
    // The project read a staged series in as this case: the pull is over.
    void notePulled(const QString& caseId);
    // The DICOMweb connection (null before connectTo and over DIMSE), for the
    // team worklist, which lives in Orthanc's REST API.
    pacs::DicomWebClient* client() const { return m_client.get(); }
    bool isDimse() const { return m_dimse != nullptr; }
    // The system keychain, for a password the annotator asks to keep.
    PacsCredentials* credentials() const { return m_credentials; }

Q_SIGNALS:
    void connected();
    void listChanged();
    void busyChanged(bool busy);
    void progress(int done, int total);
    void staged(const tgc::pacs::StagedSeries& staged,
                const std::optional<tgc::pacs::SrReport>& report);
    void pushed(const tgc::pacs::PushResult& result);
    // A push that found the server unreachable (the caller may queue it).
    void pushUnreachable(const QString& caseId, const QString& message);
    void failed(const QString& message);
    void message(const QString& text);

private:
    void setBusy(bool busy);
    // The answer of a page query: shown unless a newer query was made;
    // false when it was not shown (old, or failed).
    bool takePage(int serial, std::optional<std::vector<pacs::SeriesEntry>> page,
                  const QString& why);
    void markReports(int serial);
    void refreshDimse(int serial);
    void pullDimse(const pacs::SeriesEntry& entry, const QString& projectRoot);
    void pushDimse(std::shared_ptr<const Project> project, const QString& caseId);
    void shareReport(const QString& caseId);
    template <class T, class Done> void watch(QFuture<T> future, Done done);

    std::unique_ptr<pacs::DicomWebClient> m_client; // one of these two
    std::unique_ptr<pacs::DimseClient> m_dimse;
    pacs::SeriesQuery m_query;
    std::vector<pacs::SeriesEntry> m_series;
    int m_page = 0;
    int m_total = -1;
    int m_listSerial = 0; // late pages of an older query are dropped
    bool m_connected = false;
    QString m_address, m_user, m_caFile;
    bool m_busy = false;
    QFuture<void> m_running;                     // the pull or push under way (cancel)
    std::shared_ptr<std::atomic_bool> m_cancel;  // polled by a DIMSE pull
    std::shared_ptr<const Project> m_pushedFrom; // the project of the last push
    PacsCredentials* m_credentials;
};

// Watches a future of this browser: its progress becomes progress().
template <class T, class Done> void PacsBrowser::watch(QFuture<T> future, Done done) {
    QFutureWatcher<T>* watcher = watchFuture(this, future, done);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this, watcher](int v) { Q_EMIT progress(v, watcher->progressMaximum()); });
}

} // namespace tgc

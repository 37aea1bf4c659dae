// The DIMSE fallback for a PACS without DICOMweb, through DCMTK's DcmSCU:
// C-ECHO, C-FIND (studies, series), C-GET (no inbound port needed) and
// C-STORE. Every call opens its own association and blocks until done: run
// it off the UI thread (QtConcurrent::run), as the *Async helpers do.
// Failures throw PacsError naming the server.
#pragma once

#include "pacs_server.h"
#include "part_writer.h"
#include "qido.h"

#include <QFuture>
#include <atomic>
#include <functional>
#include <vector>

namespace tgc::pacs {

class DimseClient {
public:
    // Throws PacsError for a server that is not a DIMSE address.
    explicit DimseClient(const PacsServer& server);

    const PacsServer& server() const { return m_server; }

    void echo() const;
    std::vector<StudyEntry> findStudies(const SeriesQuery& query) const;
    // The query's limit and offset are applied to what the server answers
    // (C-FIND has no paging).
    std::vector<SeriesEntry> findSeries(const SeriesQuery& query) const;
    std::vector<InstanceEntry> findInstances(const QString& studyUid,
                                             const QString& seriesUid) const;
    // Every instance of the series (or only those listed) into folder as
    // <SOP Instance UID>.dcm; an object whose UID is not a valid one is
    // refused, not written. cancel is polled between objects; progress is
    // told the files received so far.
    RetrieveResult getSeries(const QString& studyUid, const QString& seriesUid,
                             const QString& folder, const std::atomic_bool* cancel = nullptr,
                             const QStringList& instances = {},
                             const std::function<void(int)>& progress = {}) const;
    // The same by C-MOVE to our own AE title: a storage SCP listens on the
    // server's movePort while the move runs. For a PACS that refuses C-GET.
    RetrieveResult moveSeries(const QString& studyUid, const QString& seriesUid,
                              const QString& folder) const;
    // C-GET, and C-MOVE where the server refuses C-GET and a movePort is set.
    RetrieveResult retrieveSeries(const QString& studyUid, const QString& seriesUid,
                                  const QString& folder, const std::atomic_bool* cancel = nullptr,
                                  const QStringList& instances = {},
                                  const std::function<void(int)>& progress = {}) const;
    // C-STORE of one file; the server's refusal names its status.
    void store(const QString& file) const;

private:
    PacsServer m_server;
};

// C-FIND has no paging: the query's page (offset, limit) cut from a whole answer.
std::vector<SeriesEntry> pageOf(const std::vector<SeriesEntry>& all, const SeriesQuery& query);

QFuture<void> echoAsync(const DimseClient& client);
QFuture<std::vector<SeriesEntry>> findSeriesAsync(const DimseClient& client,
                                                  const SeriesQuery& query);

} // namespace tgc::pacs

// A DICOMweb client (QIDO-RS, WADO-RS, STOW-RS) over Qt Network. Every call
// returns at once with a QFuture: the caller's thread never waits on the
// network (the command line waits with pacs::wait). One client per server;
// Qt keeps its HTTP connections alive and runs several requests at once.
// A failure is a PacsError in the future whose message names the server.
#pragma once

#include "pacs_error.h"
#include "pacs_server.h"
#include "part_writer.h"
#include "qido.h"

#include <QFuture>
#include <QObject>
#include <QSslConfiguration>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QJsonObject;

namespace tgc::pacs {

// One answer of Orthanc's REST API, whatever its status: the caller reads a
// 404 (no such key) or a 409 (someone else changed it) as an answer.
struct RestAnswer {
    int status = 0;
    QByteArray body;
    QByteArray etag; // the revision of what was read or written (CheckRevisions)
};

struct StoreResult {
    QStringList stored; // SOP Instance UIDs the server accepted
    QStringList failed; // and refused
};

class DicomWebClient : public QObject {
    Q_OBJECT
public:
    // Throws PacsError when the server is not a DICOMweb one or its CA file
    // cannot be read.
    explicit DicomWebClient(const PacsServer& server, QObject* parent = nullptr);
    ~DicomWebClient() override;

    const PacsServer& server() const { return m_server; }

    // Answers when the server is up and accepts the login.
    QFuture<void> echo();
    QFuture<std::vector<StudyEntry>> searchStudies(const SeriesQuery& query);
    QFuture<std::vector<SeriesEntry>> searchSeries(const SeriesQuery& query);
    QFuture<std::vector<InstanceEntry>> searchInstances(const QString& studyUid,
                                                        const QString& seriesUid);
    // Every SEG series of the study with whose mask of which series it is
    // (one metadata request per SEG series, all at once).
    QFuture<std::vector<SegEntry>> findSegs(const QString& studyUid);
    // The same for SEG series already listed (one metadata request each).
    QFuture<std::vector<SegEntry>> describeSegs(const std::vector<SeriesEntry>& segs);
    // How many series match, through Orthanc's REST API (its statistics, or
    // tools/find under a filter): QIDO has no count. -1 when the server has
    // no such API.
    QFuture<int> countSeries(const SeriesQuery& query);

    // The same listing as searchSeries through Orthanc's REST API (tools/find
    // at series and study level): on Orthanc several times faster than its
    // QIDO-RS for long lists. Empty when the server has no such API (the
    // caller then asks QIDO-RS).
    QFuture<std::optional<std::vector<SeriesEntry>>> listSeriesRest(const SeriesQuery& query);

    // Streams the series (or one instance of it) into folder, one file per
    // part, named <SOP Instance UID>.dcm once complete; a part cut off leaves
    // no file. Progress: files done. Cancel through the future.
    QFuture<RetrieveResult> retrieveSeries(const QString& studyUid, const QString& seriesUid,
                                           const QString& folder);
    QFuture<RetrieveResult> retrieveInstance(const QString& studyUid, const QString& seriesUid,
                                             const QString& sopInstanceUid, const QString& folder);

    // STOW-RS: stores the DICOM files' bytes in one request.
    QFuture<StoreResult> store(const QList<QByteArray>& files);

    // A request to Orthanc's REST API (path below the REST root). 2xx, 404,
    // 409 and 412 are answers; a refused login, another status or a broken
    // connection is a PacsError naming the server. ifMatch: the revision the
    // change is based on (empty: none sent).
    QFuture<RestAnswer> rest(const QByteArray& verb, const QString& path,
                             const QByteArray& body = {}, const QByteArray& ifMatch = {});

private:
    QNetworkRequest request(const QUrl& url, const QByteArray& accept) const;
    QUrl dicomWebUrl(const QString& path, const QString& query = {}) const;
    QFuture<QByteArray> getJson(const QUrl& url);
    QFuture<QByteArray> postRest(const QString& path, const QJsonObject& body);
    QFuture<RetrieveResult> retrieve(const QUrl& url, const QString& folder);
    QString failure(QNetworkReply* reply, const QString& what) const;
    PacsError error(QNetworkReply* reply, const QString& what) const;

    PacsServer m_server;
    QSslConfiguration m_ssl;
    QNetworkAccessManager* m_network;
};

// Runs the event loop until the future is done and returns its result;
// rethrows its PacsError. For the command line and tests: the GUI watches
// futures instead.
template <class T> T wait(QFuture<T> future);
void waitFinished(QFuture<void> future);

} // namespace tgc::pacs

#include "dicomweb_wait.h"

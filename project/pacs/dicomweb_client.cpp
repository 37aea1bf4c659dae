#include "dicomweb_client.h"

#include "future_chain.h"
#include "multipart.h"
#include "pacs_error.h"
#include "pacs_uid.h"
#include "part_writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>
#include <QSslCertificate>
#include <QStorageInfo>
#include <QTimer>
#include <vector>

namespace tgc::pacs {

namespace {

constexpr const char* kDicomJson = "application/dicom+json";
constexpr const char* kCancelledProperty = "tgc_cancelled";
constexpr const char* kSslProperty = "tgc_ssl_errors";
constexpr qint64 kRetrieveBufferBytes = 4 << 20;

template <class T> void reject(QPromise<T>& promise, const QString& message) {
    promise.setException(std::make_exception_ptr(PacsError(message)));
    promise.finish();
}

template <class T> void reject(QPromise<T>& promise, const PacsError& error) {
    promise.setException(std::make_exception_ptr(error));
    promise.finish();
}

// Every request: aborted once the caller cancels the future (the reply
// itself cannot notice while no bytes arrive), and its certificate problems
// kept, since the error Qt reports afterwards no longer names them.
template <class T>
void watchReply(QNetworkReply* reply, const std::shared_ptr<QPromise<T>>& promise) {
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [reply](const QList<QSslError>& errors) {
                         QStringList list;
                         for (const QSslError& e : errors)
                             list << e.errorString();
                         reply->setProperty(kSslProperty, list);
                     });
    auto* timer = new QTimer(reply);
    timer->setInterval(100);
    QObject::connect(timer, &QTimer::timeout, reply, [reply, promise] {
        if (promise->isCanceled() && reply->isRunning()) {
            reply->setProperty(kCancelledProperty, true);
            reply->abort();
        }
    });
    timer->start();
}

// A JSON answer: a hostile server could send without end, so stop at the
// cap, not at the end of memory.
void capAnswer(QNetworkReply* reply) {
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply] {
        if (reply->bytesAvailable() > kMaxQidoBytes)
            reply->abort();
    });
}

int httpStatus(QNetworkReply* reply) {
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

DicomWebClient::DicomWebClient(const PacsServer& server, QObject* parent)
    : QObject(parent), m_server(server), m_ssl(QSslConfiguration::defaultConfiguration()),
      m_network(new QNetworkAccessManager(this)) {
    if (server.kind != PacsServer::Kind::DicomWeb)
        throw PacsError(server.display() + QStringLiteral(": not a DICOMweb server address"));
    if (!server.caFile.isEmpty()) {
        const QList<QSslCertificate> certificates =
            QSslCertificate::fromPath(server.caFile, QSsl::Pem);
        if (certificates.isEmpty())
            throw PacsError(server.caFile +
                            QStringLiteral(": no PEM certificate could be read from the CA file"));
        m_ssl.addCaCertificates(certificates);
    }
    // Cookies are of no use to a DICOMweb client and would outlive the login.
    m_network->setCookieJar(nullptr);
    m_network->setAutoDeleteReplies(false);
}

DicomWebClient::~DicomWebClient() = default;

QNetworkRequest DicomWebClient::request(const QUrl& url, const QByteArray& accept) const {
    QNetworkRequest r(url);
    r.setRawHeader("Accept", accept);
    if (!m_server.user.isEmpty()) // sent at once: no 401 round trip per request
        r.setRawHeader(
            "Authorization",
            "Basic " + (m_server.user + QLatin1Char(':') + m_server.password).toUtf8().toBase64());
    r.setTransferTimeout(m_server.timeoutMs);
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme() == QLatin1String("https"))
        r.setSslConfiguration(m_ssl);
    return r;
}

QUrl DicomWebClient::dicomWebUrl(const QString& path, const QString& query) const {
    QUrl url = m_server.dicomWeb;
    url.setPath(url.path() + path);
    if (!query.isEmpty())
        url.setQuery(query, QUrl::StrictMode);
    return url;
}

PacsError DicomWebClient::error(QNetworkReply* reply, const QString& what) const {
    const int status = httpStatus(reply);
    bool unreachable = status == 502 || status == 503 || status == 504;
    if (!reply->property(kCancelledProperty).toBool() && status == 0)
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::HostNotFoundError:
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError: // the transfer timeout
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::UnknownNetworkError:
        case QNetworkReply::ProxyConnectionRefusedError:
            unreachable = true;
            break;
        default:
            break;
        }
    return PacsError(failure(reply, what), unreachable);
}

QString DicomWebClient::failure(QNetworkReply* reply, const QString& what) const {
    const QString server = QStringLiteral("server %1: ").arg(m_server.display());
    const int status = httpStatus(reply);
    if (reply->property(kCancelledProperty).toBool())
        return server + what + QStringLiteral(": cancelled");
    const QStringList ssl = reply->property(kSslProperty).toStringList();
    if (!ssl.isEmpty())
        return server + QStringLiteral("refused its TLS certificate: %1%2")
                            .arg(ssl.join(QStringLiteral("; ")),
                                 m_server.caFile.isEmpty()
                                     ? QStringLiteral(" (give the CA file that signed it)")
                                     : QString());
    if (status == 401 || status == 403)
        return server + QStringLiteral("refused the login%1 (HTTP %2)")
                            .arg(m_server.user.isEmpty()
                                     ? QStringLiteral(" (no user given)")
                                     : QStringLiteral(" of user '%1'").arg(m_server.user))
                            .arg(status);
    if (status >= 300)
        return server + what +
               QStringLiteral(": HTTP %1 %2")
                   .arg(status)
                   .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return server +
               QStringLiteral("refused the connection (is it running, is the port right?)");
    case QNetworkReply::HostNotFoundError:
        return server + QStringLiteral("host not found");
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return server + what +
               QStringLiteral(": no answer within %1 s").arg(m_server.timeoutMs / 1000.0);
    default:
        return server + what + QStringLiteral(": ") + reply->errorString();
    }
}

QFuture<QByteArray> DicomWebClient::getJson(const QUrl& url) {
    auto promise = startPromise<QByteArray>();
    QNetworkReply* reply = m_network->get(request(url, kDicomJson));
    watchReply(reply, promise);
    capAnswer(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise, url] {
        reply->deleteLater();
        const QString what = QStringLiteral("GET %1").arg(url.path());
        if (reply->bytesAvailable() > kMaxQidoBytes)
            return reject(*promise, QStringLiteral("server %1: %2: the answer is larger than %3 MB")
                                        .arg(m_server.display(), what)
                                        .arg(kMaxQidoBytes >> 20));
        if (reply->error() != QNetworkReply::NoError || httpStatus(reply) >= 300)
            return reject(*promise, error(reply, what));
        const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        const QByteArray body = reply->readAll();
        if (!body.trimmed().isEmpty() && !type.toLower().contains("json"))
            return reject(*promise,
                          QStringLiteral("server %1: %2: the answer is '%3', not JSON")
                              .arg(m_server.display(), what, QString::fromLatin1(type.left(100))));
        promise->addResult(body);
        promise->finish();
    });
    return promise->future();
}

namespace {

// Parses a JSON answer into T off the same future chain; a parse error
// names the server.
template <class T, class Parse>
QFuture<T> parsed(QFuture<QByteArray> json, const QString& server, Parse parse) {
    return json.then([server, parse](const QByteArray& body) {
        QString error;
        auto result = parse(body, &error);
        if (!result)
            throw PacsError(QStringLiteral("server %1: %2").arg(server, error));
        return std::move(*result);
    });
}

} // namespace

QFuture<void> DicomWebClient::echo() {
    return getJson(dicomWebUrl(QStringLiteral("/studies"), QStringLiteral("limit=1")))
        .then([server = m_server.display()](const QByteArray& body) {
            QString error;
            if (!parseStudies(body, &error))
                throw PacsError(QStringLiteral("server %1: %2").arg(server, error));
        });
}

QFuture<std::vector<StudyEntry>> DicomWebClient::searchStudies(const SeriesQuery& query) {
    return parsed<std::vector<StudyEntry>>(
        getJson(dicomWebUrl(QStringLiteral("/studies"), query.toQueryString())), m_server.display(),
        parseStudies);
}

QFuture<std::vector<SeriesEntry>> DicomWebClient::searchSeries(const SeriesQuery& query) {
    return parsed<std::vector<SeriesEntry>>(
        getJson(dicomWebUrl(QStringLiteral("/series"), query.toQueryString())), m_server.display(),
        parseSeries);
}

QFuture<std::vector<InstanceEntry>> DicomWebClient::searchInstances(const QString& studyUid,
                                                                    const QString& seriesUid) {
    return parsed<std::vector<InstanceEntry>>(
        getJson(dicomWebUrl(QStringLiteral("/studies/%1/series/%2/instances")
                                .arg(QString::fromLatin1(QUrl::toPercentEncoding(studyUid)),
                                     QString::fromLatin1(QUrl::toPercentEncoding(seriesUid))))),
        m_server.display(), parseInstances);
}

QFuture<std::vector<SegEntry>> DicomWebClient::findSegs(const QString& studyUid) {
    SeriesQuery query;
    query.studyUid = studyUid;
    query.modality = QStringLiteral("SEG");
    return searchSeries(query)
        .then(this, [this](const std::vector<SeriesEntry>& segs) { return describeSegs(segs); })
        .unwrap();
}

QFuture<std::vector<SegEntry>> DicomWebClient::describeSegs(const std::vector<SeriesEntry>& segs) {
    auto promise = startPromise<std::vector<SegEntry>>();
    auto found = std::make_shared<std::vector<SegEntry>>(segs.size());
    auto countdown =
        std::make_shared<Countdown<std::vector<SegEntry>>>(promise, qsizetype(segs.size()));
    if (segs.empty()) {
        promise->addResult(*found);
        promise->finish();
    }
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const QUrl url =
            dicomWebUrl(QStringLiteral("/studies/%1/series/%2/metadata")
                            .arg(QString::fromLatin1(QUrl::toPercentEncoding(segs[i].studyUid)),
                                 QString::fromLatin1(QUrl::toPercentEncoding(segs[i].seriesUid))));
        parsed<SegEntry>(getJson(url), m_server.display(), parseSegMetadata)
            .then(this,
                  [found, countdown, i](const SegEntry& entry) {
                      (*found)[i] = entry;
                      if (countdown->answered()) {
                          countdown->promise->addResult(*found);
                          countdown->promise->finish();
                      }
                  })
            .onFailed(this, [countdown](const QException& e) { countdown->fail(e); });
    }
    return promise->future();
}

namespace {

// A query as Orthanc's tools/find takes it; study-level keys only when
// studyLevel is set.
QJsonObject orthancQuery(const SeriesQuery& query, bool studyLevel = false) {
    QJsonObject find;
    auto add = [&find](const char* key, const QString& value) {
        if (!value.isEmpty())
            find.insert(QLatin1String(key), value);
    };
    add("PatientID", query.patientId);
    add("Modality", query.modality);
    add("StudyInstanceUID", query.studyUid);
    add("AccessionNumber", query.accession);
    if (query.from.isValid() || query.to.isValid())
        add("StudyDate", query.from.toString(QStringLiteral("yyyyMMdd")) + QLatin1Char('-') +
                             query.to.toString(QStringLiteral("yyyyMMdd")));
    if (studyLevel) {
        find.remove(QStringLiteral("Modality"));
        return find;
    }
    add("SeriesInstanceUID", query.seriesUid);
    if (!query.description.isEmpty())
        add("SeriesDescription", descriptionPattern(query.description));
    return find;
}

} // namespace

QFuture<int> DicomWebClient::countSeries(const SeriesQuery& query) {
    auto promise = startPromise<int>();
    if (m_server.rest.isEmpty()) {
        promise->addResult(-1);
        promise->finish();
        return promise->future();
    }
    const QJsonObject find = orthancQuery(query);
    // Without a filter the server's own statistics hold the count; tools/find
    // would list every series' id to be counted here (ten times slower at
    // 5,000 series).
    const bool everything = find.isEmpty();
    QUrl url = m_server.rest;
    url.setPath(url.path() +
                (everything ? QStringLiteral("/statistics") : QStringLiteral("/tools/find")));
    QNetworkRequest r = request(url, "application/json");
    QNetworkReply* reply = nullptr;
    if (everything) {
        reply = m_network->get(r);
    } else {
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        reply = m_network->post(
            r, QJsonDocument(QJsonObject{{"Level", "Series"}, {"Query", find}, {"Expand", false}})
                   .toJson(QJsonDocument::Compact));
    }
    watchReply(reply, promise);
    connect(reply, &QNetworkReply::finished, this, [reply, promise, everything] {
        reply->deleteLater();
        const QJsonDocument answer = QJsonDocument::fromJson(reply->readAll());
        int count = -1; // not Orthanc, or an Orthanc that refuses: unknown
        if (reply->error() == QNetworkReply::NoError) {
            if (everything && answer.object().value("CountSeries").isDouble())
                count = answer.object().value("CountSeries").toInt();
            else if (!everything && answer.isArray())
                count = int(answer.array().size());
        }
        promise->addResult(count);
        promise->finish();
    });
    return promise->future();
}

QFuture<RestAnswer> DicomWebClient::rest(const QByteArray& verb, const QString& path,
                                         const QByteArray& body, const QByteArray& ifMatch) {
    auto promise = startPromise<RestAnswer>();
    QUrl url = m_server.rest;
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    url.setPath(url.path() + path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest r = request(url, "application/json");
    if (!body.isEmpty() || verb == "PUT" || verb == "POST")
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
    if (!ifMatch.isEmpty())
        r.setRawHeader("If-Match", ifMatch);
    QNetworkReply* reply = m_network->sendCustomRequest(r, verb, body);
    watchReply(reply, promise);
    capAnswer(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise, verb, path] {
        reply->deleteLater();
        const int status = httpStatus(reply);
        const bool answer =
            (status >= 200 && status < 300) || status == 404 || status == 409 || status == 412;
        if (!answer)
            return reject(*promise,
                          error(reply, QString::fromLatin1(verb) + QLatin1Char(' ') + path));
        RestAnswer a;
        a.status = status;
        a.body = reply->readAll();
        a.etag = reply->rawHeader("ETag");
        promise->addResult(a);
        promise->finish();
    });
    return promise->future();
}

QFuture<QByteArray> DicomWebClient::postRest(const QString& path, const QJsonObject& body) {
    auto promise = startPromise<QByteArray>();
    QUrl url = m_server.rest;
    url.setPath(url.path() + path);
    QNetworkRequest r = request(url, "application/json");
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply* reply = m_network->post(r, QJsonDocument(body).toJson(QJsonDocument::Compact));
    watchReply(reply, promise);
    capAnswer(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise, path] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError || httpStatus(reply) >= 300)
            return reject(*promise, error(reply, QStringLiteral("POST ") + path));
        promise->addResult(reply->readAll());
        promise->finish();
    });
    return promise->future();
}

QFuture<std::optional<std::vector<SeriesEntry>>>
DicomWebClient::listSeriesRest(const SeriesQuery& query) {
    using Listing = std::optional<std::vector<SeriesEntry>>;
    if (m_server.rest.isEmpty()) {
        QPromise<Listing> none;
        none.start();
        none.addResult(std::nullopt);
        none.finish();
        return none.future();
    }
    QJsonObject series{{"Level", "Series"}, {"Query", orthancQuery(query)}, {"Expand", true}};
    if (query.limit > 0)
        series.insert("Limit", query.limit);
    if (query.offset > 0)
        series.insert("Since", query.offset);
    const QJsonObject studies{
        {"Level", "Study"}, {"Query", orthancQuery(query, true)}, {"Expand", true}};
    // Both at once: the study list gives each series its study UID and patient.
    QFuture<QByteArray> seriesAnswer = postRest(QStringLiteral("/tools/find"), series);
    QFuture<QByteArray> studyAnswer = postRest(QStringLiteral("/tools/find"), studies);
    return seriesAnswer
        .then([studyAnswer](const QByteArray& seriesBody) mutable {
            return studyAnswer.then([seriesBody](const QByteArray& studyBody) -> Listing {
                const QJsonDocument s = QJsonDocument::fromJson(seriesBody);
                const QJsonDocument t = QJsonDocument::fromJson(studyBody);
                if (!s.isArray() || !t.isArray() || s.array().size() > kMaxQidoEntries)
                    return std::nullopt;
                struct Study {
                    QString uid, patientId, patientName, date;
                };
                QHash<QString, Study> byId;
                for (const QJsonValue& v : t.array()) {
                    const QJsonObject o = v.toObject();
                    const QJsonObject tags = o.value("MainDicomTags").toObject();
                    const QJsonObject patient = o.value("PatientMainDicomTags").toObject();
                    byId.insert(o.value("ID").toString(),
                                {tags.value("StudyInstanceUID").toString(),
                                 patient.value("PatientID").toString(),
                                 patient.value("PatientName").toString(),
                                 tags.value("StudyDate").toString()});
                }
                std::vector<SeriesEntry> out;
                for (const QJsonValue& v : s.array()) {
                    const QJsonObject o = v.toObject();
                    const QJsonObject tags = o.value("MainDicomTags").toObject();
                    const auto study = byId.constFind(o.value("ParentStudy").toString());
                    SeriesEntry e;
                    e.seriesUid = tags.value("SeriesInstanceUID").toString();
                    if (study == byId.constEnd() || !isValidUid(e.seriesUid) ||
                        !isValidUid(study->uid))
                        return std::nullopt; // not what Orthanc answers: ask QIDO
                    e.studyUid = study->uid;
                    e.patientId = study->patientId;
                    e.patientName = study->patientName;
                    e.studyDate = study->date;
                    e.modality = tags.value("Modality").toString().left(16);
                    e.description = tags.value("SeriesDescription").toString().left(1024);
                    e.instances = int(o.value("Instances").toArray().size());
                    e.resourceId = o.value("ID").toString().left(64);
                    out.push_back(std::move(e));
                }
                return out;
            });
        })
        .unwrap()
        .onFailed([](const PacsError&) -> Listing { return std::nullopt; });
}

QFuture<RetrieveResult> DicomWebClient::retrieveSeries(const QString& studyUid,
                                                       const QString& seriesUid,
                                                       const QString& folder) {
    return retrieve(dicomWebUrl(QStringLiteral("/studies/%1/series/%2")
                                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(studyUid)),
                                         QString::fromLatin1(QUrl::toPercentEncoding(seriesUid)))),
                    folder);
}

QFuture<RetrieveResult> DicomWebClient::retrieveInstance(const QString& studyUid,
                                                         const QString& seriesUid,
                                                         const QString& sopInstanceUid,
                                                         const QString& folder) {
    return retrieve(
        dicomWebUrl(QStringLiteral("/studies/%1/series/%2/instances/%3")
                        .arg(QString::fromLatin1(QUrl::toPercentEncoding(studyUid)),
                             QString::fromLatin1(QUrl::toPercentEncoding(seriesUid)),
                             QString::fromLatin1(QUrl::toPercentEncoding(sopInstanceUid)))),
        folder);
}

QFuture<RetrieveResult> DicomWebClient::retrieve(const QUrl& url, const QString& folder) {
    auto promise = startPromise<RetrieveResult>();
    // Any transfer syntax the server holds: transcoding costs the server time
    // and our reader decodes the common ones.
    QNetworkRequest r =
        request(url, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
    // DICOM pixels hardly compress, and a server that gzips them spends more
    // time than the network saves.
    r.setRawHeader("Accept-Encoding", "identity");
    QNetworkReply* reply = m_network->get(r);
    // A bounded buffer: Qt reads on only while less than this waits for
    // the handler below, so a busy event loop holds the answer in the
    // socket, not in memory, and the same few arrays carry the series
    // instead of fresh pages for every one of its megabytes.
    reply->setReadBufferSize(kRetrieveBufferBytes);
    watchReply(reply, promise);
    struct State {
        std::unique_ptr<MultipartReader> reader;
        std::unique_ptr<PartWriter> writer;
        QString problem; // why the stream was stopped
        qint64 received = 0;
    };
    auto state = std::make_shared<State>();
    const QString server = m_server.display();
    const QString what = QStringLiteral("GET %1").arg(url.path());
    auto begin = [reply, state, folder, server, what]() -> bool {
        const int status = httpStatus(reply);
        if (status < 200 || status >= 300)
            return false; // finished() reports it
        QString error;
        const auto boundary = multipartBoundary(
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), &error);
        if (!boundary) {
            state->problem = QStringLiteral("server %1: %2: %3").arg(server, what, error);
            return false;
        }
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        const QStorageInfo disk(folder);
        if (length > 0 && disk.isValid() && length > disk.bytesAvailable()) {
            state->problem =
                QStringLiteral("server %1: %2: the answer announces %3 MB, more than the %4 MB "
                               "free in %5")
                    .arg(server, what)
                    .arg(length >> 20)
                    .arg(disk.bytesAvailable() >> 20)
                    .arg(folder);
            return false;
        }
        state->writer = std::make_unique<PartWriter>(folder);
        state->reader = std::make_unique<MultipartReader>(*boundary);
        PartWriter* writer = state->writer.get();
        state->reader->onPartBegin = [writer](const PartHeaders& h) { return writer->begin(h); };
        state->reader->onPartData = [writer](const char* d, qsizetype n) {
            return writer->write(d, n);
        };
        state->reader->onPartEnd = [writer] { return writer->end(); };
        return true;
    };
    connect(reply, &QNetworkReply::readyRead, reply, [reply, state, promise, begin, server, what] {
        if (!state->problem.isEmpty())
            return;
        if (!state->reader && !begin()) {
            if (!state->problem.isEmpty())
                reply->abort();
            return;
        }
        // Qt buffers the answer as the arrays its network thread read from
        // the socket; asking for exactly what is buffered hands over the one
        // array that usually is there without copying its bytes, and copies
        // only when several queued up.
        for (;;) {
            const QByteArray bytes = reply->read(reply->bytesAvailable());
            if (bytes.isEmpty())
                break;
            state->received += bytes.size();
            if (!state->reader->feed(bytes)) {
                const QString why = state->writer->error().isEmpty() ? state->reader->error()
                                                                     : state->writer->error();
                state->problem = QStringLiteral("server %1: %2: %3").arg(server, what, why);
                reply->abort();
                return;
            }
        }
        promise->setProgressValue(state->writer->files());
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, state, promise, what] {
        reply->deleteLater();
        if (state->writer)
            state->writer->discardOpenPart();
        if (!state->problem.isEmpty())
            return reject(*promise, state->problem);
        const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (reply->error() == QNetworkReply::RemoteHostClosedError && announced > 0)
            return reject(
                *promise,
                QStringLiteral("server %1: %2: the connection closed after %3 bytes of the "
                               "%4 MB announced")
                    .arg(m_server.display(), what)
                    .arg(state->received)
                    .arg(announced >> 20));
        if (reply->error() != QNetworkReply::NoError || httpStatus(reply) >= 300)
            return reject(*promise, error(reply, what));
        if (!state->reader) { // an empty 2xx answer
            QString error;
            const auto boundary = multipartBoundary(
                reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), &error);
            return reject(*promise,
                          QStringLiteral("server %1: %2: %3")
                              .arg(m_server.display(), what,
                                   boundary ? QStringLiteral("the answer is empty") : error));
        }
        if (!state->reader->finish())
            return reject(*promise, QStringLiteral("server %1: %2: %3")
                                        .arg(m_server.display(), what, state->reader->error()));
        promise->addResult(state->writer->result());
        promise->finish();
    });
    return promise->future();
}

QFuture<StoreResult> DicomWebClient::store(const QList<QByteArray>& files) {
    auto promise = startPromise<StoreResult>();
    const MultipartBody body = makeDicomMultipart(files);
    QNetworkRequest r = request(dicomWebUrl(QStringLiteral("/studies")), kDicomJson);
    r.setHeader(QNetworkRequest::ContentTypeHeader, body.contentType());
    QNetworkReply* reply = m_network->post(r, body.bytes);
    watchReply(reply, promise);
    connect(reply, &QNetworkReply::finished, this, [this, reply, promise] {
        reply->deleteLater();
        const QString what = QStringLiteral("STOW-RS");
        const int status = httpStatus(reply);
        const QByteArray answer = reply->read(kMaxQidoBytes);
        // 409: every instance refused; the answer still says which and why.
        if ((reply->error() != QNetworkReply::NoError && status != 409) ||
            (status >= 300 && status != 409))
            return reject(*promise, error(reply, what));
        const QJsonDocument document = QJsonDocument::fromJson(answer);
        const QJsonObject object =
            document.isArray() ? document.array().first().toObject() : document.object();
        StoreResult result;
        auto uids = [&object](const char* sequence) {
            QStringList out;
            const QJsonArray items = object.value(QLatin1String(sequence))
                                         .toObject()
                                         .value(QLatin1String("Value"))
                                         .toArray();
            for (const QJsonValue& item : items) {
                const QJsonArray v = item.toObject()
                                         .value(QLatin1String("00081155"))
                                         .toObject()
                                         .value(QLatin1String("Value"))
                                         .toArray();
                if (!v.isEmpty())
                    out << v.first().toString().left(64);
            }
            return out;
        };
        result.stored = uids("00081199");
        result.failed = uids("00081198");
        if (result.stored.isEmpty() && result.failed.isEmpty() && status == 409)
            return reject(*promise, QStringLiteral("server %1: STOW-RS refused every instance "
                                                   "(HTTP 409)")
                                        .arg(m_server.display()));
        promise->addResult(result);
        promise->finish();
    });
    return promise->future();
}

void waitFinished(QFuture<void> future) {
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<void> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    future.waitForFinished();
    if (future.isCanceled())
        throw PacsError(QStringLiteral("cancelled"));
}

} // namespace tgc::pacs

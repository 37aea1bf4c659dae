// One annotator of the claim race: a thread of its own with its own
// QNetworkAccessManager (its own connections) and its own Orthanc login. It
// waits at a gate that all annotators share, then sends all its requests at
// once (Qt runs up to six at a time per server and queues the rest) and
// keeps every answer: the status code, or the network error when there is
// none.
#pragma once

#include "../support/orthanc_server.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSemaphore>
#include <QThread>
#include <future>
#include <vector>

namespace tgc::test {

struct RaceRequest {
    QByteArray verb;
    QString path; // under the server's REST root
    QByteArray body;
    QByteArray ifMatch; // sent when not empty
};

struct RaceAnswer {
    int status = 0; // 0: no HTTP answer
    QByteArray body, etag;
    QString networkError; // set when the request failed below HTTP
};

class RacingAnnotator : public QThread {
public:
    RacingAnnotator(QString baseUrl, OrthancServer::Login login)
        : m_baseUrl(std::move(baseUrl)), m_login(std::move(login)) {}

    const OrthancServer::Login& login() const { return m_login; }
    const QString& baseUrl() const { return m_baseUrl; }

    // The next burst: once started, the thread says it is ready (releases
    // one of ready) and waits for the gate. answers() is in the order of
    // requests once the thread has ended.
    void prepare(std::vector<RaceRequest> requests, std::shared_future<void> gate,
                 QSemaphore* ready) {
        m_requests = std::move(requests);
        m_gate = std::move(gate);
        m_ready = ready;
    }
    const std::vector<RaceAnswer>& answers() const { return m_answers; }
    // From the gate opening to the last answer.
    double seconds() const { return m_seconds; }

protected:
    void run() override {
        QNetworkAccessManager network;
        m_answers.assign(m_requests.size(), RaceAnswer{});
        m_ready->release();
        m_gate.wait();
        QElapsedTimer clock;
        clock.start();
        QEventLoop loop;
        std::size_t pending = m_requests.size();
        for (std::size_t i = 0; i < m_requests.size(); ++i) {
            const RaceRequest& r = m_requests[i];
            QNetworkRequest request(QUrl(m_baseUrl + r.path));
            request.setRawHeader("Authorization",
                                 "Basic " +
                                     (m_login.user + ":" + m_login.password).toUtf8().toBase64());
            request.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain");
            if (!r.ifMatch.isEmpty())
                request.setRawHeader("If-Match", r.ifMatch);
            request.setTransferTimeout(60000);
            QNetworkReply* reply = network.sendCustomRequest(request, r.verb, r.body);
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, i, reply] {
                RaceAnswer& a = m_answers[i];
                a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                a.body = reply->readAll();
                a.etag = reply->rawHeader("ETag");
                if (a.status == 0)
                    a.networkError = reply->errorString();
                reply->deleteLater();
                if (--pending == 0)
                    loop.quit();
            });
        }
        if (pending > 0)
            loop.exec();
        m_seconds = clock.elapsed() / 1000.0;
    }

private:
    QString m_baseUrl;
    OrthancServer::Login m_login;
    std::shared_future<void> m_gate;
    QSemaphore* m_ready = nullptr;
    std::vector<RaceRequest> m_requests;
    std::vector<RaceAnswer> m_answers;
    double m_seconds = 0.0;
};

} // namespace tgc::test

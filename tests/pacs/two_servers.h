// The department's setup in small: a PostgreSQL index, one storage folder
// and two Orthanc servers on both (behind a load balancer in real life),
// each knowing the test's annotators as users. Annotator i's password is
// the same on both servers; a client logs in as that annotator.
#pragma once

#include "../support/orthanc_server.h"
#include "pacs_server.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <array>

namespace tgc::test {

class TwoServers {
public:
    static QString missing() { return OrthancServer::missingPostgresIndex(); }

    // Starts PostgreSQL, then the servers one after the other (the first
    // creates the index's tables); false with error().
    bool start(int annotators) {
        if (!m_postgres.start())
            return fail(m_postgres.error());
        OrthancServer::Options options;
        options.index = m_postgres.login();
        options.storageDirectory = m_storage.path();
        for (int i = 0; i < annotators; ++i)
            options.users.insert(annotator(i), password(i));
        // Each annotator's client opens up to six connections.
        options.extra.insert("HttpThreadsCount", 20 + 6 * annotators);
        for (auto& server : m_servers) {
            server = std::make_unique<OrthancServer>(options);
            if (!server->start())
                return fail(server->error());
            const QJsonObject system =
                QJsonDocument::fromJson(server->rest("GET", "/system").body).object();
            if (!system.value("DatabaseBackendPlugin").toString().contains("PostgreSQL"))
                return fail(QStringLiteral("Orthanc at %1 runs without the PostgreSQL index:\n%2")
                                .arg(server->baseUrl(), server->log()));
        }
        return true;
    }

    // The servers before their index.
    void stop() {
        for (auto& server : m_servers)
            server.reset();
        m_postgres.stop();
    }

    OrthancServer& first() { return *m_servers[0]; }
    OrthancServer& second() { return *m_servers[1]; }
    // Annotator i's server when the annotators are spread over both.
    OrthancServer& serverOf(int annotator) { return *m_servers[std::size_t(annotator % 2)]; }
    PostgresServer& postgres() { return m_postgres; }

    static QString annotator(int i) {
        return QStringLiteral("annotator%1").arg(i + 1, 2, 10, QLatin1Char('0'));
    }
    static QString password(int i) {
        return QStringLiteral("pw-%1-%2").arg(i).arg(QCoreApplication::applicationPid());
    }
    static OrthancServer::Login login(int i) { return {annotator(i), password(i)}; }

    // The DICOMweb address of a server, logged in as annotator i (or as the
    // server's own test user when i < 0).
    static pacs::PacsServer as(const OrthancServer& orthanc, int i = -1) {
        QString error;
        pacs::PacsServer s = *pacs::parseServer(orthanc.dicomWebUrl(), &error);
        s.user = i < 0 ? orthanc.user() : annotator(i);
        s.password = i < 0 ? orthanc.password() : password(i);
        s.timeoutMs = 60000;
        return s;
    }

    const QString& error() const { return m_error; }

private:
    bool fail(const QString& message) {
        m_error = message;
        return false;
    }

    PostgresServer m_postgres;
    QTemporaryDir m_storage; // both servers' DICOM files
    std::array<std::unique_ptr<OrthancServer>, 2> m_servers;
    QString m_error;
};

} // namespace tgc::test

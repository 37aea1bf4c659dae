// A real Orthanc for the suites that talk to a PACS: started on loopback
// with a temporary configuration (free ports, a user and password,
// RemoteAccessAllowed false, CheckRevisions true, the DICOMweb plugin, and
// the UserMetadata of resources/pacs/orthanc.json merged in), loaded with
// the DICOM files a test needs, stopped and its storage removed at the end.
// No suite depends on a server that was already running. Several of them
// can share one PostgreSQL index and one storage folder (the department's
// setup behind a load balancer), each with as many logins as a test needs.
#pragma once

#include "postgres_server.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <csignal>
#include <memory>
#include <optional>
#include <sys/prctl.h>

namespace tgc::test {

class OrthancServer {
public:
    struct Options {
        QJsonObject extra; // merged last
        // The index in this PostgreSQL instead of a SQLite file of its own:
        // servers on one index see the same resources and metadata.
        std::optional<PostgresLogin> index;
        int indexConnections = 4; // its pool of PostgreSQL connections
        // Where the DICOM files go; empty: a folder of its own. Servers on one
        // index must share it (each reads files the others stored).
        QString storageDirectory;
        // Logins besides user(): name -> password.
        QMap<QString, QString> users;
    };
    struct Login {
        QString user, password;
    };

    static QString executable() {
        return QStandardPaths::findExecutable(QStringLiteral("Orthanc"), {"/usr/sbin", "/usr/bin"});
    }
    // Empty when it can run, else why not (for QSKIP-free failures: CI installs it).
    static QString missing() {
        if (executable().isEmpty())
            return QStringLiteral("Orthanc is not installed: run scripts/setup-deps");
        if (!QFile::exists(QStringLiteral("/usr/share/orthanc/plugins/libOrthancDicomWeb.so")))
            return QStringLiteral("the Orthanc DICOMweb plugin is not installed: run "
                                  "scripts/setup-deps");
        return {};
    }
    // The same for servers on a PostgreSQL index.
    static QString missingPostgresIndex() {
        if (const QString why = missing(); !why.isEmpty())
            return why;
        if (!QFile::exists(
                QStringLiteral("/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so")))
            return QStringLiteral("the Orthanc PostgreSQL plugin is not installed: run "
                                  "scripts/setup-deps");
        return PostgresServer::missing();
    }

    OrthancServer() : OrthancServer(Options{}) {}
    explicit OrthancServer(const Options& options) : m_options(options) {}
    ~OrthancServer() { stop(); }

    // Starts it and waits until it answers; false with error() on failure.
    // Started again after stop() or kill(), it keeps its ports and storage:
    // the same server back after an outage.
    bool start() {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary folder"));
        if (m_httpPort == 0) {
            m_httpPort = freePort();
            m_dicomPort = freePort();
            m_scuPort = freePort();
        }
        QJsonObject config = fragment();
        config.insert("Name", "tgc-test");
        config.insert("HttpPort", m_httpPort);
        config.insert("DicomPort", m_dicomPort);
        config.insert("DicomAet", "ORTHANC");
        const QString storage = m_options.storageDirectory.isEmpty() ? m_dir.filePath("storage")
                                                                     : m_options.storageDirectory;
        config.insert("StorageDirectory", storage);
        // Only a SQLite index lives here; never inside a shared storage folder.
        config.insert("IndexDirectory", m_dir.filePath("index"));
        if (m_options.index)
            addPostgresIndex(config, *m_options.index, m_options.indexConnections);
        config.insert("RemoteAccessAllowed", false);
        config.insert("AuthenticationEnabled", true);
        QJsonObject users{{m_user, m_password}};
        for (auto it = m_options.users.begin(); it != m_options.users.end(); ++it)
            users.insert(it.key(), it.value());
        config.insert("RegisteredUsers", users);
        config.insert("DicomCheckCalledAet", false);
        // The client's AE title as a known modality: Orthanc answers C-FIND and
        // C-GET only for those (C-MOVE sends to its port).
        config.insert("DicomModalities",
                      QJsonObject{{"tgc", QJsonArray{"TGC_ANNOTATOR", "127.0.0.1", m_scuPort}}});
        config.insert("HttpTimeout", 60);
        config.insert("ConcurrentJobs", 2);
        config.insert("StableAge", 1);
        config.insert("LimitFindResults", 0);
        config.insert("LimitFindInstances", 0);
        for (auto it = m_options.extra.begin(); it != m_options.extra.end(); ++it)
            config.insert(it.key(), it.value());
        const QString path = m_dir.filePath("orthanc.json");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) < 0)
            return fail(QStringLiteral("cannot write %1").arg(path));
        file.close();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_dir.filePath("orthanc.log"));
        m_process->setWorkingDirectory(m_dir.path());
        // A suite that dies (a crash, a failed assertion that aborts) takes
        // its server with it.
        m_process->setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process->start(executable(), {path});
        if (!m_process->waitForStarted(10000))
            return fail(QStringLiteral("Orthanc did not start: %1").arg(m_process->errorString()));
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 30000) {
            if (m_process->state() != QProcess::Running)
                return fail(QStringLiteral("Orthanc exited at start (code %1, %2):\n")
                                .arg(m_process->exitCode())
                                .arg(m_process->errorString()) +
                            log());
            if (rest("GET", "/system").status == 200)
                return true;
            QThread::msleep(100);
        }
        return fail(QStringLiteral("Orthanc did not answer within 30 s:\n") + log());
    }

    // A crash or a pulled plug: no shutdown, whatever was under way is cut.
    void kill() {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->kill();
        m_process->waitForFinished(10000);
    }

    void stop() {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(15000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    struct Answer {
        int status = 0;
        QByteArray body;
        QByteArray etag;
    };
    using Headers = QList<QNetworkReply::RawHeaderPair>;
    // A request to the REST API with the test user's credentials.
    Answer rest(const QByteArray& verb, const QString& path, const QByteArray& body = {},
                const QByteArray& contentType = "application/octet-stream") const {
        return restAs(login(), verb, path, body, contentType);
    }
    // The same as another login, with more headers (If-Match...).
    Answer restAs(const Login& as, const QByteArray& verb, const QString& path,
                  const QByteArray& body = {},
                  const QByteArray& contentType = "application/octet-stream",
                  const Headers& headers = {}) const {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(baseUrl() + path));
        request.setRawHeader("Authorization",
                             "Basic " + (as.user + ":" + as.password).toUtf8().toBase64());
        for (const auto& [name, value] : headers)
            request.setRawHeader(name, value);
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        request.setTransferTimeout(60000);
        QNetworkReply* reply = network.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.etag = reply->rawHeader("ETag");
        delete reply;
        return answer;
    }

    // Uploads DICOM files (POST /instances); false with error() naming the file.
    bool upload(const QStringList& files) {
        for (const QString& path : files) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("%1: cannot read").arg(path));
            const Answer a = rest("POST", "/instances", f.readAll(), "application/dicom");
            if (a.status != 200)
                return fail(QStringLiteral("%1: Orthanc answered HTTP %2: %3")
                                .arg(path)
                                .arg(a.status)
                                .arg(QString::fromUtf8(a.body.left(300))));
        }
        return true;
    }

    // How many instances the server holds of a series (REST tools/find).
    int countInstances(const QString& seriesUid) const {
        const QJsonObject find{{"Level", "Instance"},
                               {"Query", QJsonObject{{"SeriesInstanceUID", seriesUid}}}};
        const Answer a =
            rest("POST", "/tools/find", QJsonDocument(find).toJson(), "application/json");
        return a.status == 200 ? int(QJsonDocument::fromJson(a.body).array().size()) : -1;
    }

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_httpPort); }
    QString dicomWebUrl() const { return baseUrl() + QStringLiteral("/dicom-web"); }
    QString dimseUrl() const {
        return QStringLiteral("dicom://ORTHANC@127.0.0.1:%1").arg(m_dicomPort);
    }
    int httpPort() const { return m_httpPort; }
    int dicomPort() const { return m_dicomPort; }
    // Where a C-MOVE to TGC_ANNOTATOR is sent.
    int scuPort() const { return m_scuPort; }
    const QString& user() const { return m_user; }
    Login login() const { return {m_user, m_password}; }
    const QString& password() const { return m_password; }
    const QString& error() const { return m_error; }
    QString log() const {
        QFile f(m_dir.filePath("orthanc.log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(6000)) : QString();
    }

    // resources/pacs/orthanc.json, the contract an administrator merges.
    static QJsonObject fragment() {
        QFile f(QStringLiteral(TGC_SOURCE_DIR "/resources/pacs/orthanc.json"));
        f.open(QIODevice::ReadOnly);
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    static int freePort() {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

private:
    // The PostgreSQL plugin as the index (not the storage: the DICOM files
    // stay in the storage folder, so the database holds only the index and
    // stays small to back up; servers on one index share that folder).
    // Lock false: several servers write to the index at once (Orthanc
    // 1.9.2 and plugin 4.0 retry transactions that collide).
    static void addPostgresIndex(QJsonObject& config, const PostgresLogin& login, int connections) {
        QJsonArray plugins = config.value("Plugins").toArray();
        plugins.append(QStringLiteral("/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so"));
        config.insert("Plugins", plugins);
        config.insert("PostgreSQL", QJsonObject{{"EnableIndex", true},
                                                {"EnableStorage", false},
                                                {"Host", login.host},
                                                {"Port", login.port},
                                                {"Database", login.database},
                                                {"Username", login.user},
                                                {"Password", login.password},
                                                {"Lock", false},
                                                {"IndexConnectionsCount", connections}});
    }

    bool fail(const QString& message) {
        m_error = message;
        // Qt Test cuts long messages: the whole log goes to stderr.
        qWarning("%s", qPrintable(message));
        return false;
    }

    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_httpPort = 0, m_dicomPort = 0, m_scuPort = 0;
    QString m_user = QStringLiteral("tgc");
    QString m_password =
        QStringLiteral("pw-") + QString::number(QCoreApplication::applicationPid());
    QString m_error;
};

} // namespace tgc::test

// A real PostgreSQL for the suites that run several Orthanc servers on one
// index: a fresh cluster made by initdb in a temporary folder, listening on
// 127.0.0.1 only at a free port (its unix socket in the same folder), with a
// database and a password login for Orthanc; stopped and removed at the end,
// and taken down with the suite if the suite dies.
//
// PostgreSQL refuses to run as root, and CI runs the tests as root: then
// initdb, postgres and psql run as the `postgres` system account (made by
// Debian's postgresql package) with the temporary folder handed to it. As
// any other user they run as that user.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <csignal>
#include <grp.h>
#include <memory>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace tgc::test {

// Where and how Orthanc logs in to its index.
struct PostgresLogin {
    QString host;
    int port = 0;
    QString database, user, password;
};

class PostgresServer {
public:
    static QString binDir() { return QStringLiteral("/usr/lib/postgresql/15/bin"); }
    // Empty when it can run, else why not.
    static QString missing() {
        for (const char* tool : {"initdb", "postgres", "psql", "pg_isready"})
            if (!QFile::exists(binDir() + "/" + tool))
                return QStringLiteral("PostgreSQL 15 is not installed (%1/%2 is missing): run "
                                      "scripts/setup-deps")
                    .arg(binDir(), tool);
        if (geteuid() == 0 && !getpwnam("postgres"))
            return QStringLiteral("running as root, PostgreSQL needs the postgres system account "
                                  "(made by the postgresql package): run scripts/setup-deps");
        return {};
    }

    PostgresServer() = default;
    ~PostgresServer() { stop(); }
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // initdb, start, create Orthanc's login and database; false with error().
    bool start() {
        if (const QString why = missing(); !why.isEmpty())
            return fail(why);
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary folder"));
        if (geteuid() == 0) {
            const passwd* account = getpwnam("postgres");
            m_uid = account->pw_uid;
            m_gid = account->pw_gid;
            if (chown(QFile::encodeName(m_dir.path()).constData(), m_uid, m_gid) != 0)
                return fail(
                    QStringLiteral("cannot hand %1 to the postgres account").arg(m_dir.path()));
        }
        const QString data = m_dir.filePath("data");
        // --no-sync and fsync=off below: a test cluster needs no crash safety;
        // the transactions and their isolation are the same.
        if (!runTool("initdb", {"-D", data, "-U", admin(), "-A", "trust", "--locale=C", "-E",
                                "UTF8", "--no-sync"}))
            return false;
        // The administrator only through the socket in our folder, Orthanc
        // over TCP with its password.
        QFile hba(data + "/pg_hba.conf");
        if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            hba.write("local all all trust\n"
                      "host all all 127.0.0.1/32 scram-sha-256\n") < 0)
            return fail(QStringLiteral("cannot write %1").arg(hba.fileName()));
        hba.close();
        if (m_uid != uid_t(-1) &&
            chown(QFile::encodeName(hba.fileName()).constData(), m_uid, m_gid) != 0)
            return fail(
                QStringLiteral("cannot hand %1 to the postgres account").arg(hba.fileName()));

        m_login.host = QStringLiteral("127.0.0.1");
        m_login.port = freePort();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(m_dir.filePath("postgres.log"));
        // A suite that dies takes its database with it: SIGINT is the fast
        // shutdown (SIGTERM would wait for Orthanc's connections to close).
        m_process->setChildProcessModifier(childSetup(SIGINT));
        m_process->start(binDir() + "/postgres",
                         {"-D", data, "-p", QString::number(m_login.port), "-k", m_dir.path(), "-h",
                          m_login.host, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                          "full_page_writes=off", "-c", "max_connections=200"});
        if (!m_process->waitForStarted(10000))
            return fail(QStringLiteral("postgres did not start: %1").arg(m_process->errorString()));
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            if (m_process->state() != QProcess::Running)
                return fail(QStringLiteral("postgres exited at start (code %1):\n")
                                .arg(m_process->exitCode()) +
                            log());
            if (runTool("pg_isready",
                        {"-q", "-h", m_dir.path(), "-p", QString::number(m_login.port)},
                        /*quiet=*/true))
                break;
            if (waited.elapsed() > 30000)
                return fail(QStringLiteral("postgres did not accept connections within 30 s:\n") +
                            log());
            QThread::msleep(100);
        }
        m_login.database = QStringLiteral("orthanc");
        m_login.user = QStringLiteral("orthanc");
        m_login.password =
            QStringLiteral("pg-") + QString::number(QCoreApplication::applicationPid());
        return sql(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'")
                       .arg(m_login.user, m_login.password)) &&
               sql(QStringLiteral("CREATE DATABASE %1 OWNER %2")
                       .arg(m_login.database, m_login.user));
    }

    void stop() {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(m_process->processId()), SIGINT);
        if (!m_process->waitForFinished(15000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }

    // One statement as the administrator, through the socket; its rows (psql
    // -At) in *rows. False with error() naming the statement.
    bool sql(const QString& statement, QString* rows = nullptr,
             const QString& database = QStringLiteral("postgres")) {
        return runTool("psql",
                       {"-X", "-h", m_dir.path(), "-p", QString::number(m_login.port), "-U",
                        admin(), "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement},
                       false, rows);
    }

    const PostgresLogin& login() const { return m_login; }
    const QString& error() const { return m_error; }
    QString log() const {
        QFile f(m_dir.filePath("postgres.log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(6000)) : QString();
    }

private:
    static QString admin() { return QStringLiteral("tgc_admin"); }

    static int freePort() {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    // Runs in the child between fork and exec: drop to the postgres account
    // where we are root, then ask for a signal when the suite dies (after
    // the user change, which would clear it).
    std::function<void()> childSetup(int deathSignal) const {
        const uid_t uid = m_uid;
        const gid_t gid = m_gid;
        return [uid, gid, deathSignal] {
            if (uid != uid_t(-1) &&
                (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0))
                _exit(126);
            prctl(PR_SET_PDEATHSIG, deathSignal);
        };
    }

    bool runTool(const QString& tool, const QStringList& arguments, bool quiet = false,
                 QString* output = nullptr) {
        QProcess process;
        process.setChildProcessModifier(childSetup(SIGKILL));
        process.setWorkingDirectory(m_dir.path());
        process.start(binDir() + "/" + tool, arguments);
        const bool done = process.waitForFinished(60000);
        const QByteArray out = process.readAllStandardOutput();
        if (done && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0) {
            if (output)
                *output = QString::fromUtf8(out).trimmed();
            return true;
        }
        if (!done)
            process.kill();
        if (quiet)
            return false;
        return fail(QStringLiteral("%1 %2 failed (exit code %3): %4%5")
                        .arg(tool, arguments.join(' '))
                        .arg(process.exitCode())
                        .arg(QString::fromUtf8(out + process.readAllStandardError()).trimmed(),
                             process.exitCode() == 126 ? QStringLiteral(" (could not become the "
                                                                        "postgres account)")
                                                       : QString()));
    }

    bool fail(const QString& message) {
        m_error = message;
        qWarning("%s", qPrintable(message));
        return false;
    }

    // As root under /tmp whatever TMPDIR says: the postgres account must be
    // able to reach the folder (a TMPDIR under /root it cannot).
    QTemporaryDir m_dir{(geteuid() == 0 ? QStringLiteral("/tmp") : QDir::tempPath()) +
                        QStringLiteral("/tgc-pg-XXXXXX")};
    std::unique_ptr<QProcess> m_process;
    uid_t m_uid = uid_t(-1);
    gid_t m_gid = gid_t(-1);
    PostgresLogin m_login;
    QString m_error;
};

} // namespace tgc::test

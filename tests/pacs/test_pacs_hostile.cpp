// A broken or hostile server cannot crash the client or make it write
// outside the project: a small fake DICOMweb server inside the test answers
// with the wrong content type, a truncated multipart, a part that never
// ends, a Content-Length of 10 GB, JSON that is not what QIDO promises, UIDs
// like "../", 100,000 results, an answer faster than it is read. Every
// failure names the server.
#include "dicomweb_client.h"
#include "pacs_error.h"
#include "pacs_pull.h"
#include "store/project.h"

#include <QDirIterator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <functional>
#include <vector>

using namespace tgc;
using namespace tgc::pacs;

namespace {

constexpr const char* kStudy = "1.2.3";
constexpr const char* kSeries = "1.2.3.4";

// Answers each request with whatever the test's handler writes for its path.
class FakeServer : public QTcpServer {
public:
    std::function<void(QTcpSocket*, const QByteArray& path)> handler;

    QString url() const {
        return QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(serverPort());
    }

protected:
    void incomingConnection(qintptr handle) override {
        auto* socket = new QTcpSocket(this);
        socket->setSocketDescriptor(handle);
        auto request = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request] {
            request->append(socket->readAll());
            const qsizetype end = request->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray path = request->split(' ').value(1);
            request->clear();
            handler(socket, path);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
};

void respond(QTcpSocket* s, const QByteArray& type, const QByteArray& body, int status = 200,
             const QByteArray& extraHeaders = {}) {
    s->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + type +
             "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraHeaders +
             "\r\n" + body);
}

// A small valid DICOM file with the given SOP Instance UID (any text).
QByteArray dicomBytes(const QString& sopUid, const QString& dir, int pixelBytes = 0) {
    DcmFileFormat file;
    DcmDataset* d = file.getDataset();
    if (pixelBytes > 0) {
        std::vector<Uint8> pixels(static_cast<std::size_t>(pixelBytes));
        for (std::size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = Uint8(i * 31 + sopUid.size());
        d->putAndInsertUint8Array(DCM_PixelData, pixels.data(), pixels.size());
    }
    d->putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    d->putAndInsertString(DCM_SOPInstanceUID, sopUid.toLatin1().constData());
    d->putAndInsertString(DCM_StudyInstanceUID, kStudy);
    d->putAndInsertString(DCM_SeriesInstanceUID, kSeries);
    d->putAndInsertString(DCM_Modality, "OT");
    const QString path = dir + "/one.dcm";
    file.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit);
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    const QByteArray bytes = f.readAll();
    f.remove();
    return bytes;
}

QByteArray instanceJson(const QStringList& uids) {
    QByteArray out = "[";
    for (const QString& uid : uids)
        out += "{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"" + uid.toUtf8() + "\"]}},";
    out.back() = ']';
    return out;
}

QString failureOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const PacsError& e) {
        return e.message();
    }
    return QStringLiteral("(no failure)");
}

// Every file below dir, relative.
QStringList filesUnder(const QString& dir) {
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    return out;
}

} // namespace

class TestPacsHostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void qidoAnswersThatAreNotQido_data();
    void qidoAnswersThatAreNotQido();
    void retrievalsThatBreak_data();
    void retrievalsThatBreak();
    void uidsLikePathsNeverLeaveTheProject();
    void stalledAnswerTimesOut();
    void answerLargerThanTheReadBuffer();

private:
    PacsServer server(int timeoutMs = 10000) const {
        QString error;
        PacsServer s = *parseServer(m_server->url(), &error);
        s.timeoutMs = timeoutMs;
        return s;
    }
    std::unique_ptr<FakeServer> m_server;
    QTemporaryDir m_tmp;
};

void TestPacsHostile::init() {
    m_server = std::make_unique<FakeServer>();
    QVERIFY(m_server->listen(QHostAddress::LocalHost));
}

void TestPacsHostile::qidoAnswersThatAreNotQido_data() {
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expected");
    QTest::newRow("html") << QByteArray("text/html") << QByteArray("<html>log in</html>") << 200
                          << "not JSON";
    QTest::newRow("object") << QByteArray("application/dicom+json") << QByteArray("{\"a\":1}")
                            << 200 << "not a JSON array";
    QTest::newRow("broken json") << QByteArray("application/json") << QByteArray("[{\"0020000D\":")
                                 << 200 << "not JSON";
    QTest::newRow("uid like a path")
        << QByteArray("application/dicom+json")
        << QByteArray(R"([{"0020000D":{"Value":["1.2"]},"0020000E":{"Value":["../../x"]}}])") << 200
        << "not a valid UID";
    QByteArray many = "[";
    for (int i = 0; i < 100000; ++i)
        many += R"({"0020000D":{"Value":["1.2"]},"0020000E":{"Value":["1.2.)" +
                QByteArray::number(i + 1) + "\"]}},";
    many.back() = ']';
    QTest::newRow("100,000 results")
        << QByteArray("application/dicom+json") << many << 200 << "more than";
    QTest::newRow("server error") << QByteArray("text/plain") << QByteArray("boom") << 500
                                  << "HTTP 500";
}

void TestPacsHostile::qidoAnswersThatAreNotQido() {
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, expected);
    m_server->handler = [&](QTcpSocket* s, const QByteArray&) { respond(s, type, body, status); };
    DicomWebClient client(server());
    const QString message = failureOf([&] { wait(client.searchSeries({})); });
    QVERIFY2(message.contains(expected) && message.contains(m_server->url()), qPrintable(message));
}

void TestPacsHostile::retrievalsThatBreak_data() {
    QTest::addColumn<QByteArray>("answer"); // the raw HTTP answer to the series retrieval
    QTest::addColumn<QString>("expected");
    const QByteArray part = dicomBytes("1.2.3.4.5", m_tmp.path());
    const QByteArray good = "--B\r\nContent-Type: application/dicom\r\n\r\n" + part + "\r\n";
    auto http = [](const QByteArray& type, const QByteArray& body, const QByteArray& length = {}) {
        return "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " +
               (length.isEmpty() ? QByteArray::number(body.size()) : length) +
               "\r\nConnection: close\r\n\r\n" + body;
    };
    const QByteArray multipart = "multipart/related; type=\"application/dicom\"; boundary=B";
    QTest::newRow("wrong content type")
        << http("application/json", "[]") << "not multipart/related";
    QTest::newRow("truncated multipart")
        << http(multipart, good + "--B\r\nContent-Type: application/dicom\r\n\r\n" + part.left(100))
        << "truncated";
    QTest::newRow("closing boundary never comes") << http(multipart, good) << "truncated";
    QTest::newRow("10 GB announced") << http(multipart, good, "10737418240") << "";
    QTest::newRow("part that is not DICOM")
        << http(multipart, "--B\r\nContent-Type: text/html\r\n\r\n<html/>\r\n--B--\r\n")
        << "not application/dicom";
    QTest::newRow("endless part headers")
        << http(multipart, "--B\r\nX: " + QByteArray(100000, 'a')) << "headers exceed";
}

void TestPacsHostile::retrievalsThatBreak() {
    QFETCH(QByteArray, answer);
    QFETCH(QString, expected);
    m_server->handler = [&](QTcpSocket* s, const QByteArray& path) {
        if (path.endsWith("/instances"))
            return respond(s, "application/dicom+json", instanceJson({"1.2.3.4.5", "1.2.3.4.6"}));
        s->write(answer);
        s->disconnectFromHost();
    };
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient client(server());
    const QString message =
        failureOf([&] { wait(fetchSeries(client, project.root(), kStudy, kSeries)); });
    if (qEnvironmentVariableIsSet("TGC_SHOW_MESSAGES"))
        qInfo("%s", qPrintable(message));
    QVERIFY2(message.contains(m_server->url()) && message.contains(expected), qPrintable(message));
    QVERIFY(project.cases().empty());
    // Only whole files named by their checked UID stay for a later resume.
    for (const QString& file : filesUnder(dir.path()))
        QVERIFY2(file == "proj/project.json" ||
                     file == QStringLiteral("proj/.pacs-staging/%1/1.2.3.4.5.dcm").arg(kSeries),
                 qPrintable(file));
}

void TestPacsHostile::uidsLikePathsNeverLeaveTheProject() {
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    const QByteArray evil = dicomBytes("../../../evil", m_tmp.path());
    QString instances = "1.2.3.4.5";
    m_server->handler = [&](QTcpSocket* s, const QByteArray& path) {
        if (path.endsWith("/instances"))
            return respond(s, "application/dicom+json", instanceJson({instances}));
        respond(s, "multipart/related; type=\"application/dicom\"; boundary=B",
                "--B\r\nContent-Type: application/dicom\r\n\r\n" + evil + "\r\n--B--\r\n");
    };
    DicomWebClient client(server());
    // A part whose own SOP Instance UID is a path.
    QString message =
        failureOf([&] { wait(fetchSeries(client, project.root(), kStudy, kSeries)); });
    QVERIFY2(message.contains("../../../evil") && message.contains("not a valid UID"),
             qPrintable(message));
    // The server lists a path as an instance (listed when a pull resumes).
    QFile staged(stagingFolder(project.root(), kSeries) + "/1.2.3.4.9.dcm");
    QVERIFY(staged.open(QIODevice::WriteOnly));
    staged.write(dicomBytes("1.2.3.4.9", m_tmp.path()));
    staged.close();
    instances = "../../evil";
    message = failureOf([&] { wait(fetchSeries(client, project.root(), kStudy, kSeries)); });
    QVERIFY2(message.contains("not a valid UID"), qPrintable(message));
    // The user (or a list) names a path as the series.
    message = failureOf([&] { wait(fetchSeries(client, project.root(), kStudy, "../../x")); });
    QVERIFY2(message.contains("not a valid Series Instance UID"), qPrintable(message));
    for (const QString& file : filesUnder(dir.path()))
        QVERIFY2(!file.contains("evil") && file.startsWith("proj/"), qPrintable(file));
    QVERIFY(filesUnder(m_tmp.path()).isEmpty());
    QVERIFY(project.cases().empty());
}

void TestPacsHostile::stalledAnswerTimesOut() {
    // Headers and one part, then silence with the connection open.
    const QByteArray part = dicomBytes("1.2.3.4.5", m_tmp.path());
    m_server->handler = [&](QTcpSocket* s, const QByteArray& path) {
        if (path.endsWith("/instances"))
            return respond(s, "application/dicom+json", instanceJson({"1.2.3.4.5"}));
        s->write("HTTP/1.1 200 OK\r\nContent-Type: multipart/related; boundary=B\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n");
        const QByteArray body = "--B\r\n\r\n" + part;
        s->write(QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n");
    };
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient client(server(1500));
    QElapsedTimer timer;
    timer.start();
    const QString message =
        failureOf([&] { wait(fetchSeries(client, project.root(), kStudy, kSeries)); });
    QVERIFY2(message.contains("no answer within 1.5 s") && message.contains(m_server->url()),
             qPrintable(message));
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY(project.cases().empty());
    for (const QString& file : filesUnder(dir.path()))
        QVERIFY2(!file.contains(".incoming"), qPrintable(file));
}

// Qt holds only a few megabytes of an answer that the event loop has not
// read yet: a series many times that, sent as fast as the socket takes it
// and ended by closing the connection (as Orthanc does), arrives whole.
void TestPacsHostile::answerLargerThanTheReadBuffer() {
    QByteArray body;
    QList<QByteArray> parts;
    for (int i = 0; i < 48; ++i) {
        parts << dicomBytes(QStringLiteral("1.2.3.4.%1").arg(100 + i), m_tmp.path(), 600000);
        body += "--B\r\nContent-Type: application/dicom\r\n\r\n" + parts.last() + "\r\n";
    }
    body += "--B--\r\n";
    m_server->handler = [&](QTcpSocket* s, const QByteArray&) {
        s->write("HTTP/1.1 200 OK\r\nContent-Type: multipart/related; "
                 "type=\"application/dicom\"; boundary=B\r\nConnection: close\r\n\r\n" +
                 body);
        s->disconnectFromHost();
    };
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient client(server());
    StagedSeries staged;
    QString message =
        failureOf([&] { staged = wait(fetchSeries(client, project.root(), kStudy, kSeries)); });
    QCOMPARE(message, QStringLiteral("(no failure)"));
    QCOMPARE(staged.fetched, 48);
    QVERIFY(body.size() > 6 * (4 << 20)); // the bound in DicomWebClient::retrieve
    for (int i = 0; i < 48; ++i) {
        QFile f(QStringLiteral("%1/1.2.3.4.%2.dcm").arg(staged.folder).arg(100 + i));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QVERIFY2(f.readAll() == parts[i], qPrintable(f.fileName()));
    }
}

QTEST_GUILESS_MAIN(TestPacsHostile)
#include "test_pacs_hostile.moc"

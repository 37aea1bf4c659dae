// The PACS client against a real Orthanc started by the suite: DICOMweb
// browse (filters, paging), pull into a project (resume, cancel), push of a
// SEG (twice: one copy), the study's SR as the case's report, DIMSE (echo,
// find, C-GET, C-STORE) and HTTPS with a CA file the test makes.
#include "dicomweb_client.h"
#include "dimse_client.h"
#include "image_writer.h"
#include "pacs_error.h"
#include "pacs_fixture.h"
#include "pacs_pull.h"
#include "pacs_push.h"
#include "store/case_sources.h"
#include "store/importer.h"
#include "store/project.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

using namespace tgc;
using namespace tgc::pacs;
using tgc::test::OrthancServer;

namespace {

PacsServer serverOf(const OrthancServer& orthanc, const QString& password = {}) {
    QString error;
    PacsServer s = *parseServer(orthanc.dicomWebUrl(), &error);
    s.user = orthanc.user();
    s.password = password.isEmpty() ? orthanc.password() : password;
    s.timeoutMs = 60000;
    return s;
}

// Ends TLS with the test's certificate and passes the bytes on to a plain
// HTTP port.
class TlsProxy : public QTcpServer {
public:
    TlsProxy(const QString& key, const QString& certificate, int upstream) : m_upstream(upstream) {
        QFile k(key), c(certificate);
        k.open(QIODevice::ReadOnly);
        c.open(QIODevice::ReadOnly);
        m_key = QSslKey(k.readAll(), QSsl::Rsa);
        m_certificate = QSslCertificate(c.readAll());
    }

protected:
    void incomingConnection(qintptr handle) override {
        auto* tls = new QSslSocket(this);
        tls->setSocketDescriptor(handle);
        tls->setPrivateKey(m_key);
        tls->setLocalCertificate(m_certificate);
        auto* plain = new QTcpSocket(tls);
        plain->connectToHost(QHostAddress::LocalHost, quint16(m_upstream));
        connect(tls, &QSslSocket::readyRead, plain, [tls, plain] { plain->write(tls->readAll()); });
        connect(plain, &QTcpSocket::readyRead, tls, [tls, plain] { tls->write(plain->readAll()); });
        connect(plain, &QTcpSocket::disconnected, tls, &QSslSocket::disconnectFromHost);
        connect(tls, &QSslSocket::disconnected, tls, &QObject::deleteLater);
        // A refused handshake ends the connection; the client reports why.
        connect(tls, &QSslSocket::sslErrors, tls, [tls](const QList<QSslError>&) { tls->abort(); });
        tls->startServerEncryption();
    }

private:
    int m_upstream;
    QSslKey m_key;
    QSslCertificate m_certificate;
};

} // namespace

class TestPacsOrthanc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void echoChecksTheLogin();
    void browseWithFiltersAndPaging();
    void pullMakesACaseWithItsSource();
    void pullResumesAndCancels();
    void pushTwiceLeavesOneCopy();
    // Before the C-MOVE of dimseEchoFindGetStore: after a C-MOVE in the same
    // process, dcmsr refuses the SR that a C-GET then brings (a DCMTK state
    // not yet found), so the report test runs first.
    void dimsePullResumesWhatIsMissing();
    void dimseEchoFindGetStore();
    void httpsWithTheUsersCa();

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<OrthancServer> m_orthanc;
    test::PacsSeries m_chest, m_abdomen;
};

void TestPacsOrthanc::initTestCase() {
    QVERIFY2(OrthancServer::missing().isEmpty(), qPrintable(OrthancServer::missing()));
    m_chest = test::writePhantomSeries(m_tmp.filePath("chest"), 0, "P1", "chest ct");
    m_abdomen = test::writePhantomSeries(m_tmp.filePath("abdomen"), 1, "P2", "abdomen ct");
    const QString sr = test::writeStudyReport(m_tmp.filePath("sr"), m_chest,
                                              "Enlarged spleen. Small cyst in the left kidney.");
    m_orthanc = std::make_unique<OrthancServer>();
    QVERIFY2(m_orthanc->start(), qPrintable(m_orthanc->error()));
    QVERIFY2(m_orthanc->upload(m_chest.files + m_abdomen.files + QStringList{sr}),
             qPrintable(m_orthanc->error()));
}

void TestPacsOrthanc::echoChecksTheLogin() {
    DicomWebClient client(serverOf(*m_orthanc));
    QVERIFY(tgc::test::pacsFailure([&] { waitFinished(client.echo()); }).isEmpty());
    DicomWebClient wrong(serverOf(*m_orthanc, "not-the-password"));
    const QString message = tgc::test::pacsFailure([&] { waitFinished(wrong.echo()); });
    QVERIFY2(message.contains("refused the login") && message.contains(m_orthanc->dicomWebUrl()),
             qPrintable(message));
    QVERIFY2(!message.contains("not-the-password"), qPrintable(message));
    PacsServer nobody = serverOf(*m_orthanc);
    nobody.dicomWeb.setPort(OrthancServer::freePort());
    DicomWebClient down(nobody);
    const QString refused = tgc::test::pacsFailure([&] { waitFinished(down.echo()); });
    QVERIFY2(refused.contains("refused the connection"), qPrintable(refused));
}

void TestPacsOrthanc::browseWithFiltersAndPaging() {
    DicomWebClient client(serverOf(*m_orthanc));
    SeriesQuery ct;
    ct.modality = "CT";
    const auto cts = wait(client.searchSeries(ct));
    QCOMPARE(cts.size(), std::size_t(2));
    QCOMPARE(wait(client.countSeries(ct)), 2);
    SeriesQuery p1;
    p1.patientId = "P1";
    const auto ofP1 = wait(client.searchSeries(p1));
    QCOMPARE(ofP1.size(), std::size_t(2)); // the CT and its study's SR
    SeriesQuery described;
    described.description = "abdomen ct";
    const auto abdomen = wait(client.searchSeries(described));
    QCOMPARE(abdomen.size(), std::size_t(1));
    QCOMPARE(abdomen.front().seriesUid, m_abdomen.seriesUid);
    QCOMPARE(abdomen.front().patientId, QStringLiteral("P2"));
    QCOMPARE(abdomen.front().instances, 10);
    QCOMPARE(abdomen.front().modality, QStringLiteral("CT"));
    // Two pages of one cover both series, in a stable order.
    SeriesQuery page = ct;
    page.limit = 1;
    const auto first = wait(client.searchSeries(page));
    page.offset = 1;
    const auto second = wait(client.searchSeries(page));
    QCOMPARE(first.size(), std::size_t(1));
    QCOMPARE(second.size(), std::size_t(1));
    QVERIFY(first.front().seriesUid != second.front().seriesUid);
    // Several requests in flight at once.
    QList<QFuture<std::vector<SeriesEntry>>> many;
    for (int i = 0; i < 8; ++i)
        many << client.searchSeries(ct);
    for (auto& f : many)
        QCOMPARE(wait(f).size(), std::size_t(2));
    const auto studies = wait(client.searchStudies(p1));
    QCOMPARE(studies.size(), std::size_t(1));
    QCOMPARE(studies.front().studyUid, m_chest.studyUid);
}

void TestPacsOrthanc::pullMakesACaseWithItsSource() {
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient client(serverOf(*m_orthanc));
    const StagedSeries staged = wait(fetchSeries(client, project.root(), {}, m_chest.seriesUid));
    QCOMPARE(staged.files, 10);
    QCOMPARE(staged.fetched, 10);
    QVERIFY(!staged.resumed);
    QCOMPARE(staged.studyUid, m_chest.studyUid);
    QVERIFY(project.cases().empty()); // nothing is a case before adopt
    const auto report = wait(fetchStudyReport(client, project.root(), staged.studyUid));
    QVERIFY(report.has_value());
    const PullResult pulled =
        adoptStagedSeries(project, staged, client.server().display(), "ann", report);
    QCOMPARE(pulled.files, 10);
    QVERIFY(pulled.bytes > 10 * 40 * 36 * 2);
    QCOMPARE(pulled.reportSource, QStringLiteral("from SR 2024-03-01, Dr Jane Doe"));

    const Project reopened = Project::open(project.root());
    QCOMPARE(reopened.cases().size(), std::size_t(1));
    const CaseRecord& c = reopened.cases().front();
    QCOMPARE(c.id, pulled.caseId);
    // Named by its description and the end of its UID, not by the whole UID.
    QCOMPARE(c.id, QStringLiteral("chest-ct-") + m_chest.seriesUid.section('.', -1).right(8));
    QCOMPARE(c.pacs.server, m_orthanc->dicomWebUrl());
    QCOMPARE(c.pacs.studyUid, m_chest.studyUid);
    QCOMPARE(c.pacs.seriesUid, m_chest.seriesUid);
    QCOMPARE(c.pacs.sopInstanceUids.size(), 10);
    QVERIFY(c.pacs.pulled.isValid());
    QCOMPARE(c.report, QStringLiteral("Enlarged spleen. Small cyst in the left kidney."));
    QCOMPARE(c.dims, (std::array<int, 3>{40, 36, 10}));
    QVERIFY(c.sources.front().startsWith(project.root() + "/pacs/"));
    QVERIFY(!QFileInfo::exists(staged.folder));
    // The pulled voxels are the uploaded ones.
    const ImageVolume original = readCaseSources({m_tmp.filePath("chest")});
    const ImageVolume copy = readCaseSources(c.sources);
    QCOMPARE(copy.dims(), original.dims());
    QCOMPARE(copy.byteSize(), original.byteSize());
    QVERIFY(std::memcmp(copy.bytes(), original.bytes(), original.byteSize()) == 0);
}

void TestPacsOrthanc::pullResumesAndCancels() {
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient client(serverOf(*m_orthanc));
    // Cancelled at once: no case, nothing but whole files staged.
    QFuture<StagedSeries> cancelled =
        fetchSeries(client, project.root(), m_abdomen.studyUid, m_abdomen.seriesUid);
    cancelled.cancel();
    QVERIFY(!tgc::test::pacsFailure([&] { wait(cancelled); }).isEmpty());
    QVERIFY(project.cases().empty());
    const QString staging = stagingFolder(project.root(), m_abdomen.seriesUid);
    for (const QString& name : QDir(staging).entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(name.endsWith(".dcm"), qPrintable(name));

    // A broken pull left 4 of 10 files: the next one fetches only the rest.
    StagedSeries whole = wait(fetchSeries(client, project.root(), {}, m_abdomen.seriesUid));
    QCOMPARE(whole.files, 10);
    const QStringList files = QDir(staging).entryList({"*.dcm"}, QDir::Files);
    for (int i = 0; i < 6; ++i)
        QVERIFY(QFile::remove(QDir(staging).filePath(files[i])));
    const QByteArray kept = [&] {
        QFile f(QDir(staging).filePath(files[7]));
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();
    const StagedSeries resumed = wait(fetchSeries(client, project.root(), {}, m_abdomen.seriesUid));
    QVERIFY(resumed.resumed);
    QCOMPARE(resumed.fetched, 6);
    QCOMPARE(resumed.files, 10);
    QFile same(QDir(staging).filePath(files[7]));
    QVERIFY(same.open(QIODevice::ReadOnly));
    QCOMPARE(same.readAll(), kept);
    const PullResult pulled = adoptStagedSeries(project, resumed, client.server().display());
    QCOMPARE(pulled.files, 10);
    QCOMPARE(project.cases().size(), std::size_t(1));
}

void TestPacsOrthanc::pushTwiceLeavesOneCopy() {
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient client(serverOf(*m_orthanc));
    const QString caseId = tgc::test::pulledCaseWithMask(project, client, m_chest.seriesUid,
                                                         m_chest.labels, "DOE^ANN");
    CaseRecord& c = *project.findCase(caseId);

    const PreparedSeg seg = prepareSeg(project, c.id);
    const PushResult first = wait(pushSeg(client, seg));
    QCOMPARE(first.sopInstanceUid, seg.sopInstanceUid);
    // Interrupted and repeated: prepared again from the same saved mask.
    const PreparedSeg again = prepareSeg(project, c.id);
    QCOMPARE(again.sopInstanceUid, seg.sopInstanceUid);
    QCOMPARE(again.seriesUid, seg.seriesUid);
    wait(pushSeg(client, again));
    SeriesQuery segs;
    segs.modality = "SEG";
    auto found = wait(client.searchSeries(segs));
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front().seriesUid, seg.seriesUid);
    QCOMPARE(found.front().studyUid, m_chest.studyUid);
    QCOMPARE(m_orthanc->countInstances(seg.seriesUid), 1);

    // The SEG names its annotator and references the source series.
    QTemporaryDir back;
    const RetrieveResult got =
        wait(client.retrieveSeries(m_chest.studyUid, seg.seriesUid, back.path()));
    QCOMPARE(got.files, 1);
    const QString segPath = back.filePath(seg.sopInstanceUid + ".dcm");
    DcmFileFormat file;
    QVERIFY(file.loadFile(QFile::encodeName(segPath).constData()).good());
    OFString creator, referenced;
    file.getDataset()->findAndGetOFString(DCM_ContentCreatorName, creator);
    QCOMPARE(QString::fromLatin1(creator.c_str()), QStringLiteral("DOE^ANN"));
    file.getDataset()->findAndGetOFString(DCM_SeriesInstanceUID, referenced, 0, true);
    DcmItem* item = nullptr;
    QVERIFY(file.getDataset()->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, item).good());
    item->findAndGetOFString(DCM_SeriesInstanceUID, referenced);
    QCOMPARE(QString::fromLatin1(referenced.c_str()), m_chest.seriesUid);

    // A new saved revision of the mask is a new SEG series.
    LabelMap changed = m_chest.labels;
    changed.data()[0] = 1;
    writeNifti(changed, project.maskPath(c));
    const PreparedSeg revised = prepareSeg(project, c.id);
    QVERIFY(revised.seriesUid != seg.seriesUid);
    wait(pushSeg(client, revised));
    found = wait(client.searchSeries(segs));
    QCOMPARE(found.size(), std::size_t(2));
}

void TestPacsOrthanc::dimseEchoFindGetStore() {
    QString error;
    PacsServer server = *parseServer(m_orthanc->dimseUrl(), &error);
    DimseClient client(server);
    QVERIFY(tgc::test::pacsFailure([&] { client.echo(); }).isEmpty());
    QVERIFY(tgc::test::pacsFailure([&] { waitFinished(echoAsync(client)); }).isEmpty());
    SeriesQuery ct;
    ct.modality = "CT";
    const auto series = wait(findSeriesAsync(client, ct));
    QCOMPARE(series.size(), std::size_t(2));
    SeriesQuery p2;
    p2.patientId = "P2";
    const auto ofP2 = client.findSeries(p2);
    QCOMPARE(ofP2.size(), std::size_t(1));
    QCOMPARE(ofP2.front().seriesUid, m_abdomen.seriesUid);
    QCOMPARE(client.findStudies(p2).size(), std::size_t(1));
    QCOMPARE(client.findInstances(m_abdomen.studyUid, m_abdomen.seriesUid).size(), std::size_t(10));

    QTemporaryDir got;
    const RetrieveResult r = client.getSeries(m_abdomen.studyUid, m_abdomen.seriesUid, got.path());
    QCOMPARE(r.files, 10);
    QCOMPARE(QDir(got.path()).entryList({"*.dcm"}, QDir::Files).size(), 10);
    const ImageVolume original = readCaseSources({m_tmp.filePath("abdomen")});
    const ImageVolume copy = readCaseSources({got.path()});
    QVERIFY(std::memcmp(copy.bytes(), original.bytes(), original.byteSize()) == 0);

    // C-STORE of a SEG, found again by C-FIND.
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    ImportOptions options;
    options.annotator = "DIMSE^ANN";
    const ImportResult imported = importSources(project, {got.path()}, options);
    QCOMPARE(imported.added.size(), 1);
    CaseRecord& c = *project.findCase(imported.added.front());
    QDir().mkpath(project.caseFolder(c.id));
    writeNifti(m_abdomen.labels, project.maskPath(c));
    const PreparedSeg seg = prepareSeg(project, c.id);
    const PushResult pushed = pushSeg(client, seg, dir.path());
    pushSeg(client, seg, dir.path()); // again: still one copy
    QCOMPARE(pushed.sopInstanceUid, seg.sopInstanceUid);
    SeriesQuery segs;
    segs.modality = "SEG";
    segs.studyUid = m_abdomen.studyUid;
    const auto found = client.findSeries(segs);
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(m_orthanc->countInstances(seg.seriesUid), 1);

    // A PACS that refuses C-GET to us: the same series by C-MOVE.
    const QJsonObject noGet{{"AET", "TGC_ANNOTATOR"},
                            {"Host", "127.0.0.1"},
                            {"Port", m_orthanc->scuPort()},
                            {"AllowGet", false}};
    QCOMPARE(
        m_orthanc->rest("PUT", "/modalities/tgc", QJsonDocument(noGet).toJson(), "application/json")
            .status,
        200);
    QTemporaryDir refused;
    QVERIFY(!tgc::test::pacsFailure([&] {
                 client.getSeries(m_abdomen.studyUid, m_abdomen.seriesUid, refused.path());
             }).isEmpty());
    server.movePort = m_orthanc->scuPort();
    QTemporaryDir moved;
    const RetrieveResult m =
        DimseClient(server).retrieveSeries(m_abdomen.studyUid, m_abdomen.seriesUid, moved.path());
    QCOMPARE(m.files, 10);
    const ImageVolume byMove = readCaseSources({moved.path()});
    QVERIFY(std::memcmp(byMove.bytes(), original.bytes(), original.byteSize()) == 0);
    QJsonObject allowed = noGet;
    allowed.insert("AllowGet", true);
    QCOMPARE(
        m_orthanc
            ->rest("PUT", "/modalities/tgc", QJsonDocument(allowed).toJson(), "application/json")
            .status,
        200);

    server.calledAet = "NOT_ORTHANC";
    server.port = OrthancServer::freePort();
    const QString message = tgc::test::pacsFailure([&] { DimseClient(server).echo(); });
    QVERIFY2(message.contains("dicom://NOT_ORTHANC@127.0.0.1"), qPrintable(message));
}

// A DIMSE pull cut off (files missing, one truncated by a killed process)
// fetches only what the staging folder lacks, then becomes a case with the
// study's SR report.
void TestPacsOrthanc::dimsePullResumesWhatIsMissing() {
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DimseClient client(*parseServer(m_orthanc->dimseUrl(), nullptr));
    const StagedSeries first = fetchSeriesDimse(client, project.root(), {}, m_chest.seriesUid);
    QCOMPARE(first.studyUid, m_chest.studyUid);
    QCOMPARE(first.files, int(m_chest.files.size()));
    QCOMPARE(first.fetched, first.files);
    QVERIFY(!first.resumed);

    QStringList staged = QDir(first.folder).entryList({"*.dcm"}, QDir::Files, QDir::Name);
    QVERIFY(staged.size() >= 4);
    QVERIFY(QFile::remove(QDir(first.folder).filePath(staged[0])));
    QVERIFY(QFile::remove(QDir(first.folder).filePath(staged[1])));
    QFile cut(QDir(first.folder).filePath(staged[2]));
    QVERIFY(cut.resize(100));
    const QDateTime untouched = QFileInfo(QDir(first.folder).filePath(staged[3])).lastModified();

    std::atomic_bool cancel{true}; // cancelled before it starts: nothing fetched, nothing lost
    const StagedSeries stopped =
        fetchSeriesDimse(client, project.root(), m_chest.studyUid, m_chest.seriesUid, &cancel);
    QCOMPARE(stopped.fetched, 0);
    QCOMPARE(stopped.files, int(m_chest.files.size()) - 3);

    const StagedSeries resumed =
        fetchSeriesDimse(client, project.root(), m_chest.studyUid, m_chest.seriesUid);
    QVERIFY(resumed.resumed);
    QCOMPARE(resumed.fetched, 3);
    QCOMPARE(resumed.files, int(m_chest.files.size()));
    QCOMPARE(QFileInfo(QDir(first.folder).filePath(staged[3])).lastModified(), untouched);

    const std::optional<SrReport> report =
        fetchStudyReportDimse(client, project.root(), m_chest.studyUid);
    QVERIFY(report);
    QVERIFY(report->text.contains("Enlarged spleen"));
    const PullResult pulled =
        adoptStagedSeries(project, resumed, client.server().display(), "alice", report);
    QCOMPARE(pulled.files, int(m_chest.files.size()));
    QVERIFY(project.findCase(pulled.caseId)->report.contains("Enlarged spleen"));
}

void TestPacsOrthanc::httpsWithTheUsersCa() {
    // A CA and a server certificate for "localhost" only, made here.
    QTemporaryDir certs;
    auto openssl = [&](const QStringList& args) {
        QProcess p;
        p.setWorkingDirectory(certs.path());
        p.start("openssl", args);
        return p.waitForFinished(60000) && p.exitCode() == 0;
    };
    QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                     "ca.pem", "-days", "2", "-subj", "/CN=TGC test CA"}));
    QVERIFY(openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                     "server.csr", "-subj", "/CN=localhost"}));
    QFile ext(certs.filePath("ext.cnf"));
    QVERIFY(ext.open(QIODevice::WriteOnly));
    ext.write("subjectAltName=DNS:localhost\n");
    ext.close();
    QVERIFY(
        openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf"}));

    // Debian's Orthanc 1.10.1 crashes on its first HTTPS request (SslEnabled,
    // checked here): TLS ends in front of it, in the test, and the bytes go on
    // to the real server.
    TlsProxy secure(certs.filePath("server.key"), certs.filePath("server.crt"),
                    m_orthanc->httpPort());
    QVERIFY(secure.listen(QHostAddress::LocalHost));
    auto at = [&](const QString& host, const QString& ca) {
        QString error;
        PacsServer s = *parseServer(
            QStringLiteral("https://%1:%2/dicom-web").arg(host).arg(secure.serverPort()), &error);
        s.user = m_orthanc->user();
        s.password = m_orthanc->password();
        s.caFile = ca;
        return s;
    };
    DicomWebClient trusted(at("localhost", certs.filePath("ca.pem")));
    QVERIFY(tgc::test::pacsFailure([&] { waitFinished(trusted.echo()); }).isEmpty());
    DicomWebClient unknownCa(at("localhost", {}));
    const QString untrusted = tgc::test::pacsFailure([&] { waitFinished(unknownCa.echo()); });
    QVERIFY2(untrusted.contains("certificate") && untrusted.contains("CA file"),
             qPrintable(untrusted));
    DicomWebClient otherName(at("127.0.0.1", certs.filePath("ca.pem")));
    const QString mismatch = tgc::test::pacsFailure([&] { waitFinished(otherName.echo()); });
    QVERIFY2(mismatch.contains("host name") && mismatch.contains("127.0.0.1"),
             qPrintable(mismatch));
    const QString noCa = tgc::test::pacsFailure(
        [&] { DicomWebClient(at("localhost", certs.filePath("nothing.pem"))); });
    QVERIFY2(noCa.contains("nothing.pem"), qPrintable(noCa));
}

QTEST_GUILESS_MAIN(TestPacsOrthanc)
#include "test_pacs_orthanc.moc"

// Two Orthanc servers on one PostgreSQL index and one storage folder, as a
// department runs them behind a load balancer: what one stores the other
// lists (REST, QIDO-RS) and serves (WADO-RS), a SEG stored by STOW-RS
// through either is listed by both, a claim through one is refused through
// the other, a change based on a stale revision is refused through either,
// and a claim whose answer is lost is reported, not counted.
// The race of many annotators is test_pacs_claim_race.
#include "dicomweb_client.h"
#include "image_writer.h"
#include "pacs_fixture.h"
#include "pacs_pull.h"
#include "pacs_push.h"
#include "store/project.h"
#include "team_state.h"
#include "two_servers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <set>

using namespace tgc;
using namespace tgc::pacs;
using tgc::test::OrthancServer;
using tgc::test::TwoServers;

namespace {

// One annotator's connection to one server: its own HTTP client.
struct Annotator {
    Annotator(const OrthancServer& server, int i)
        : client(TwoServers::as(server, i)), team(client) {}
    DicomWebClient client;
    TeamClient team;
};

// Passes HTTP through to a server but cuts the connection when the answer
// to a claim (a PUT of TgcAssignee) starts: the server did the claim, the
// client never hears of it.
class ClaimAnswerCutter : public QTcpServer {
public:
    explicit ClaimAnswerCutter(int upstream) : m_upstream(upstream) {
        listen(QHostAddress::LocalHost, 0);
    }
    int cut() const { return m_cut; }

protected:
    void incomingConnection(qintptr handle) override {
        auto* client = new QTcpSocket(this);
        client->setSocketDescriptor(handle);
        auto* server = new QTcpSocket(client);
        server->connectToHost(QHostAddress::LocalHost, quint16(m_upstream));
        auto cutNext = std::make_shared<bool>(false);
        connect(client, &QTcpSocket::readyRead, server, [client, server, cutNext] {
            const QByteArray bytes = client->readAll();
            if (bytes.startsWith("PUT ") && bytes.contains("/metadata/TgcAssignee"))
                *cutNext = true;
            server->write(bytes);
        });
        QPointer<QTcpSocket> guard(client);
        connect(server, &QTcpSocket::readyRead, this, [this, guard, server, cutNext] {
            if (!guard)
                return;
            const QByteArray bytes = server->readAll();
            if (*cutNext) {
                ++m_cut;
                guard->abort();
                guard->deleteLater();
                return;
            }
            guard->write(bytes);
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }

private:
    int m_upstream;
    int m_cut = 0;
};

} // namespace

class TestPacsScaleout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void seriesStoredThroughOneIsListedByTheOther();
    void segStoredThroughEitherIsListedByBoth();
    void claimThroughOneIsRefusedThroughTheOther();
    void staleStatusIsRefusedThroughEither();
    void lostClaimAnswerIsReportedNotCounted();
    void cleanupTestCase();

private:
    QString seriesId(const OrthancServer& orthanc, const QString& seriesUid) const;

    QTemporaryDir m_tmp;
    TwoServers m_servers;
    test::PacsSeries m_chest;
};

void TestPacsScaleout::initTestCase() {
    QVERIFY2(TwoServers::missing().isEmpty(), qPrintable(TwoServers::missing()));
    QVERIFY2(m_servers.start(2), qPrintable(m_servers.error()));
    m_chest = test::writePhantomSeries(m_tmp.filePath("chest"), 0, "P1", "chest ct");
}

QString TestPacsScaleout::seriesId(const OrthancServer& orthanc, const QString& seriesUid) const {
    const auto a = orthanc.rest("POST", "/tools/lookup", seriesUid.toUtf8(), "text/plain");
    const QJsonArray found = QJsonDocument::fromJson(a.body).array();
    for (const auto& v : found)
        if (v.toObject().value("Type").toString() == "Series")
            return v.toObject().value("ID").toString();
    return {};
}

void TestPacsScaleout::seriesStoredThroughOneIsListedByTheOther() {
    QVERIFY2(m_servers.first().upload(m_chest.files), qPrintable(m_servers.first().error()));
    // REST: the same resource, with all its instances, on the second server.
    const QString id = seriesId(m_servers.second(), m_chest.seriesUid);
    QVERIFY(!id.isEmpty());
    QCOMPARE(id, seriesId(m_servers.first(), m_chest.seriesUid));
    const auto listed = m_servers.second().rest("GET", "/series");
    QCOMPARE(listed.status, 200);
    QVERIFY(QJsonDocument::fromJson(listed.body).array().contains(id));
    QCOMPARE(m_servers.second().countInstances(m_chest.seriesUid), 10);

    // QIDO-RS lists it, WADO-RS serves its files (read from the shared folder).
    DicomWebClient second(TwoServers::as(m_servers.second()));
    SeriesQuery query;
    query.studyUid = m_chest.studyUid;
    const auto found = wait(second.searchSeries(query));
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found.front().seriesUid, m_chest.seriesUid);
    QCOMPARE(found.front().instances, 10);
    QTemporaryDir got;
    const RetrieveResult r =
        wait(second.retrieveSeries(m_chest.studyUid, m_chest.seriesUid, got.path()));
    QCOMPARE(r.files, 10);
}

void TestPacsScaleout::segStoredThroughEitherIsListedByBoth() {
    // A case pulled through the second server, its mask pushed as a SEG by
    // STOW-RS through it, then a revised mask through the first.
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("proj"));
    DicomWebClient first(TwoServers::as(m_servers.first())),
        second(TwoServers::as(m_servers.second()));
    const QString caseId = tgc::test::pulledCaseWithMask(project, second, m_chest.seriesUid,
                                                         m_chest.labels, "DOE^ANN");
    const PreparedSeg seg = prepareSeg(project, caseId);
    wait(pushSeg(second, seg));

    LabelMap revised = m_chest.labels;
    revised.data()[0] = 1;
    writeNifti(revised, project.maskPath(*project.findCase(caseId)));
    const PreparedSeg seg2 = prepareSeg(project, caseId);
    QVERIFY(seg2.seriesUid != seg.seriesUid);
    wait(pushSeg(first, seg2));

    SeriesQuery segs;
    segs.modality = "SEG";
    for (DicomWebClient* client : {&first, &second}) {
        std::set<QString> listed;
        for (const SeriesEntry& e : wait(client->searchSeries(segs)))
            listed.insert(e.seriesUid);
        QCOMPARE(listed, (std::set<QString>{seg.seriesUid, seg2.seriesUid}));
    }
    // Each server serves the SEG the other one stored.
    QTemporaryDir back;
    QCOMPARE(wait(first.retrieveSeries(m_chest.studyUid, seg.seriesUid, back.path())).files, 1);
    QCOMPARE(wait(second.retrieveSeries(m_chest.studyUid, seg2.seriesUid, back.path())).files, 1);
    QVERIFY(QFile::exists(back.filePath(seg.sopInstanceUid + ".dcm")));
    QVERIFY(QFile::exists(back.filePath(seg2.sopInstanceUid + ".dcm")));
}

void TestPacsScaleout::claimThroughOneIsRefusedThroughTheOther() {
    Annotator alice(m_servers.first(), 0), bob(m_servers.second(), 1);
    const ClaimResult won = wait(alice.team.claim(m_chest.seriesUid));
    QVERIFY(won.claimed);
    QCOMPARE(won.heldBy, TwoServers::annotator(0));
    // Through the other server: refused, and the holder is read there.
    const ClaimResult lost = wait(bob.team.claim(m_chest.seriesUid));
    QVERIFY(!lost.claimed);
    QCOMPARE(lost.heldBy, TwoServers::annotator(0));
    QCOMPARE(lost.record.seriesStatus(), SeriesStatus::InProgress);
    QCOMPARE(lost.record.history.size(), 1);

    // The protocol underneath: the second server answers the bare claim
    // (a PUT without If-Match) with 409, and the key's revision is the same
    // through both.
    const QString id = seriesId(m_servers.first(), m_chest.seriesUid);
    const QString path = QStringLiteral("/series/%1/metadata/TgcAssignee").arg(id);
    const auto refused = m_servers.second().restAs(TwoServers::login(1), "PUT", path,
                                                   TwoServers::annotator(1).toUtf8(), "text/plain");
    QCOMPARE(refused.status, 409);
    const auto one = m_servers.first().rest("GET", path);
    const auto two = m_servers.second().rest("GET", path);
    QCOMPARE(two.body, TwoServers::annotator(0).toUtf8());
    QCOMPARE(two.etag, one.etag);
    QVERIFY(!one.etag.isEmpty());
}

void TestPacsScaleout::staleStatusIsRefusedThroughEither() {
    // alice read the series through the first server and submits through
    // the second: the revision is the index's, not one server's.
    Annotator aliceOne(m_servers.first(), 0), aliceTwo(m_servers.second(), 0);
    const TeamRecord seen = wait(aliceOne.team.read(m_chest.seriesUid));
    QCOMPARE(seen.assignee.value, TwoServers::annotator(0));
    const TeamRecord submitted = wait(aliceTwo.team.setStatus(seen, SeriesStatus::Submitted));
    QCOMPARE(submitted.seriesStatus(), SeriesStatus::Submitted);

    // bob reviews from the view alice had before: refused through either
    // server, nothing overwritten, the conflict shows what is there now.
    for (OrthancServer* server : {&m_servers.first(), &m_servers.second()}) {
        Annotator bob(*server, 1);
        try {
            wait(bob.team.setStatus(seen, SeriesStatus::Reviewed));
            QFAIL(qPrintable("a stale change went through " + server->baseUrl()));
        } catch (const RevisionConflict& e) {
            QCOMPARE(e.current().seriesStatus(), SeriesStatus::Submitted);
            QVERIFY2(e.message().contains("status submitted"), qPrintable(e.message()));
        }
    }
    // Underneath: the stale If-Match gets 409 from both servers.
    const QString path = QStringLiteral("/series/%1/metadata/TgcStatus").arg(seen.resourceId);
    QVERIFY(!seen.status.revision.isEmpty());
    for (OrthancServer* server : {&m_servers.first(), &m_servers.second()})
        QCOMPARE(server
                     ->restAs(TwoServers::login(1), "PUT", path, "reviewed", "text/plain",
                              {{"If-Match", seen.status.revision}})
                     .status,
                 409);
    Annotator bob(m_servers.first(), 1);
    QCOMPARE(wait(bob.team.read(m_chest.seriesUid)).seriesStatus(), SeriesStatus::Submitted);
    // From the current revision the review goes through, seen through both.
    const TeamRecord now = wait(bob.team.read(m_chest.seriesUid));
    QCOMPARE(wait(bob.team.setStatus(now, SeriesStatus::Reviewed)).seriesStatus(),
             SeriesStatus::Reviewed);
    const TeamRecord there = wait(aliceTwo.team.read(m_chest.seriesUid));
    QCOMPARE(there.seriesStatus(), SeriesStatus::Reviewed);
    QStringList actions;
    for (const auto& entry : there.history)
        actions << entry.toObject().value("action").toString();
    QCOMPARE(actions, (QStringList{"claim", "submitted", "reviewed"}));
    // And a release based on the stale view is refused too.
    QVERIFY(!tgc::test::pacsFailure([&] { wait(aliceOne.team.release(seen)); }).isEmpty());
}

void TestPacsScaleout::lostClaimAnswerIsReportedNotCounted() {
    const auto series =
        test::writePhantomSeries(m_tmp.filePath("lost"), 3, "P3", "lost answer", {16, 16, 1});
    QVERIFY2(m_servers.second().upload(series.files), qPrintable(m_servers.second().error()));
    ClaimAnswerCutter cutter(m_servers.first().httpPort());
    QString error;
    PacsServer viaCutter = *parseServer(
        QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(cutter.serverPort()), &error);
    viaCutter.user = TwoServers::annotator(0);
    viaCutter.password = TwoServers::password(0);
    viaCutter.timeoutMs = 60000;
    DicomWebClient cutClient(viaCutter);
    TeamClient cutTeam(cutClient);
    // The claim fails with a message naming the server: neither won nor lost.
    const QString message = tgc::test::pacsFailure([&] { wait(cutTeam.claim(series.seriesUid)); });
    QVERIFY2(!message.isEmpty(), "a claim whose answer was cut off answered");
    QVERIFY2(message.contains(QString::number(cutter.serverPort())), qPrintable(message));
    QVERIFY(cutter.cut() >= 1);
    // Yet the server did it: claiming again (through the other server) tells
    // the annotator it holds the series, and bob learns who holds it.
    Annotator alice(m_servers.second(), 0), bob(m_servers.second(), 1);
    const ClaimResult again = wait(alice.team.claim(series.seriesUid));
    QVERIFY(again.claimed);
    QCOMPARE(again.record.seriesStatus(), SeriesStatus::InProgress);
    const ClaimResult lost = wait(bob.team.claim(series.seriesUid));
    QVERIFY(!lost.claimed);
    QCOMPARE(lost.heldBy, TwoServers::annotator(0));
}

void TestPacsScaleout::cleanupTestCase() {
    m_servers.stop();
}

QTEST_GUILESS_MAIN(TestPacsScaleout)
#include "test_pacs_scaleout.moc"

// Two Orthanc servers on one PostgreSQL index and one storage folder, as a
// department runs them behind a load balancer: what one stores the other
// lists (REST, QIDO-RS) and serves (WADO-RS), a claim through one is refused
// through the other, a stale status change is refused through either, and
// twenty annotators racing for fifty series through both servers end with
// one assignee per series, each annotator knowing exactly what it holds.
#include "dicomweb_client.h"
#include "image_writer.h"
#include "pacs_fixture.h"
#include "pacs_pull.h"
#include "pacs_push.h"
#include "racing_annotator.h"
#include "store/project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <functional>
#include <set>

using namespace tgc;
using namespace tgc::pacs;
using tgc::test::OrthancServer;
using tgc::test::PostgresServer;
using tgc::test::RaceAnswer;
using tgc::test::RaceRequest;
using tgc::test::RacingAnnotator;

namespace {

constexpr int kAnnotators = 20;
constexpr int kRaceSeries = 50;

QString annotatorName(int i) {
    return QStringLiteral("annotator%1").arg(i + 1, 2, 10, QLatin1Char('0'));
}

PacsServer serverOf(const OrthancServer& orthanc) {
    QString error;
    PacsServer s = *parseServer(orthanc.dicomWebUrl(), &error);
    s.user = orthanc.user();
    s.password = orthanc.password();
    s.timeoutMs = 60000;
    return s;
}

QString assigneePath(const QString& seriesId) {
    return QStringLiteral("/series/%1/metadata/TgcAssignee").arg(seriesId);
}
QString statusPath(const QString& seriesId) {
    return QStringLiteral("/series/%1/metadata/TgcStatus").arg(seriesId);
}

// What an annotator concludes from one answer to a claim or a change with
// If-Match: 200 it holds, 409 someone else does, anything else it cannot know.
enum class Outcome { Won, Lost, Unsure };
Outcome outcomeOf(const RaceAnswer& a) {
    return a.status == 200 ? Outcome::Won : a.status == 409 ? Outcome::Lost : Outcome::Unsure;
}

} // namespace

class TestPacsScaleout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void seriesStoredThroughOneIsListedByTheOther();
    void segStoredThroughEitherIsListedByBoth();
    void claimThroughOneIsRefusedThroughTheOther();
    void staleStatusIsRefusedThroughEither();
    void twentyAnnotatorsRaceForFiftySeries();
    void cleanupTestCase();

private:
    OrthancServer::Login loginOf(int annotator) const;
    QString seriesId(const OrthancServer& orthanc, const QString& seriesUid) const;
    // Runs one burst: every annotator's requests, all started together.
    double race(std::vector<std::unique_ptr<RacingAnnotator>>& annotators,
                const std::function<std::vector<RaceRequest>(int)>& requestsOf);

    QTemporaryDir m_tmp;
    QTemporaryDir m_storage; // both servers' DICOM files
    PostgresServer m_postgres;
    std::unique_ptr<OrthancServer> m_first, m_second;
    test::PacsSeries m_chest;
};

OrthancServer::Login TestPacsScaleout::loginOf(int annotator) const {
    return {annotatorName(annotator),
            QStringLiteral("pw-%1-%2").arg(annotator).arg(QCoreApplication::applicationPid())};
}

void TestPacsScaleout::initTestCase() {
    QVERIFY2(OrthancServer::missingPostgresIndex().isEmpty(),
             qPrintable(OrthancServer::missingPostgresIndex()));
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    OrthancServer::Options options;
    options.index = m_postgres.login();
    options.storageDirectory = m_storage.path();
    for (int i = 0; i < kAnnotators; ++i)
        options.users.insert(loginOf(i).user, loginOf(i).password);
    // Ten annotators with up to six connections each on one server.
    options.extra.insert("HttpThreadsCount", 80);
    // One after the other: the first creates the index's tables.
    m_first = std::make_unique<OrthancServer>(options);
    QVERIFY2(m_first->start(), qPrintable(m_first->error()));
    m_second = std::make_unique<OrthancServer>(options);
    QVERIFY2(m_second->start(), qPrintable(m_second->error()));
    for (const OrthancServer* server : {m_first.get(), m_second.get()}) {
        const auto system = QJsonDocument::fromJson(server->rest("GET", "/system").body).object();
        QVERIFY2(system.value("DatabaseBackendPlugin").toString().contains("PostgreSQL"),
                 qPrintable(server->log()));
    }
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
    QVERIFY2(m_first->upload(m_chest.files), qPrintable(m_first->error()));
    // REST: the same resource, with all its instances, on the second server.
    const QString id = seriesId(*m_second, m_chest.seriesUid);
    QVERIFY(!id.isEmpty());
    QCOMPARE(id, seriesId(*m_first, m_chest.seriesUid));
    const auto listed = m_second->rest("GET", "/series");
    QCOMPARE(listed.status, 200);
    QVERIFY(QJsonDocument::fromJson(listed.body).array().contains(id));
    QCOMPARE(m_second->countInstances(m_chest.seriesUid), 10);

    // QIDO-RS lists it, WADO-RS serves its files (read from the shared folder).
    DicomWebClient second(serverOf(*m_second));
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
    DicomWebClient first(serverOf(*m_first)), second(serverOf(*m_second));
    const StagedSeries staged = wait(fetchSeries(second, project.root(), {}, m_chest.seriesUid));
    const PullResult pulled = adoptStagedSeries(project, staged, second.server().display(), "ann");
    CaseRecord& c = *project.findCase(pulled.caseId);
    c.annotator = "DOE^ANN";
    QDir().mkpath(project.caseFolder(c.id));
    writeNifti(m_chest.labels, project.maskPath(c));
    project.save();
    const PreparedSeg seg = prepareSeg(project, c.id);
    wait(pushSeg(second, seg));

    LabelMap revised = m_chest.labels;
    revised.data()[0] = 1;
    writeNifti(revised, project.maskPath(c));
    const PreparedSeg seg2 = prepareSeg(project, c.id);
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
    const QString id = seriesId(*m_first, m_chest.seriesUid);
    QVERIFY(!id.isEmpty());
    const auto a = loginOf(0), b = loginOf(1);
    const auto claimed = m_first->restAs(a, "PUT", assigneePath(id), a.user.toUtf8(), "text/plain");
    QCOMPARE(claimed.status, 200);
    QVERIFY(!claimed.etag.isEmpty());
    const auto refused =
        m_second->restAs(b, "PUT", assigneePath(id), b.user.toUtf8(), "text/plain");
    QCOMPARE(refused.status, 409);
    // The refused annotator reads who holds it, through its own server.
    const auto holder = m_second->restAs(b, "GET", assigneePath(id));
    QCOMPARE(holder.status, 200);
    QCOMPARE(QString::fromUtf8(holder.body), a.user);
    QCOMPARE(holder.etag, claimed.etag);
    // Claiming again is refused to the holder too: a claim only creates.
    QCOMPARE(m_first->restAs(a, "PUT", assigneePath(id), a.user.toUtf8(), "text/plain").status,
             409);
}

void TestPacsScaleout::staleStatusIsRefusedThroughEither() {
    const QString id = seriesId(*m_first, m_chest.seriesUid);
    const auto a = loginOf(0), b = loginOf(1);
    const auto started = m_first->restAs(a, "PUT", statusPath(id), "annotating", "text/plain");
    QCOMPARE(started.status, 200);
    const auto submitted = m_second->restAs(a, "PUT", statusPath(id), "submitted", "text/plain",
                                            {{"If-Match", started.etag}});
    QCOMPARE(submitted.status, 200);
    QVERIFY(submitted.etag != started.etag);
    // b still has the first revision: refused through both servers.
    for (const OrthancServer* server : {m_first.get(), m_second.get()}) {
        const auto stale = server->restAs(b, "PUT", statusPath(id), "rejected", "text/plain",
                                          {{"If-Match", started.etag}});
        QCOMPARE(stale.status, 409);
        const auto now = server->restAs(b, "GET", statusPath(id));
        QCOMPARE(now.body, QByteArray("submitted"));
        QCOMPARE(now.etag, submitted.etag);
    }
    // With the current revision the change goes through.
    const auto rejected = m_first->restAs(b, "PUT", statusPath(id), "rejected", "text/plain",
                                          {{"If-Match", submitted.etag}});
    QCOMPARE(rejected.status, 200);
    QCOMPARE(m_second->restAs(a, "GET", statusPath(id)).body, QByteArray("rejected"));
}

double TestPacsScaleout::race(std::vector<std::unique_ptr<RacingAnnotator>>& annotators,
                              const std::function<std::vector<RaceRequest>(int)>& requestsOf) {
    std::promise<void> open;
    const std::shared_future<void> gate = open.get_future().share();
    QSemaphore ready;
    for (std::size_t i = 0; i < annotators.size(); ++i) {
        annotators[i]->prepare(requestsOf(int(i)), gate, &ready);
        annotators[i]->start();
    }
    ready.acquire(int(annotators.size()));
    QElapsedTimer clock;
    clock.start();
    open.set_value();
    for (auto& a : annotators)
        a->wait();
    return clock.elapsed() / 1000.0;
}

void TestPacsScaleout::twentyAnnotatorsRaceForFiftySeries() {
    // Fifty one-slice series, stored through both servers.
    QStringList ids;
    for (int s = 0; s < kRaceSeries; ++s) {
        const auto series = test::writePhantomSeries(m_tmp.filePath(QString("race/%1").arg(s)), s,
                                                     QString("R%1").arg(s), "race", {16, 16, 1});
        OrthancServer& via = s % 2 ? *m_second : *m_first;
        QVERIFY2(via.upload(series.files), qPrintable(via.error()));
        ids << seriesId(via, series.seriesUid);
        QVERIFY(!ids.back().isEmpty());
    }
    // Half the annotators on each server, each with its own login and
    // connections, each claiming all fifty in its own shuffled order.
    std::vector<std::unique_ptr<RacingAnnotator>> annotators;
    for (int i = 0; i < kAnnotators; ++i)
        annotators.push_back(
            std::make_unique<RacingAnnotator>((i % 2 ? m_second : m_first)->baseUrl(), loginOf(i)));
    std::vector<std::vector<int>> order(kAnnotators);
    QRandomGenerator shuffle(7);
    for (auto& o : order) {
        for (int s = 0; s < kRaceSeries; ++s)
            o.push_back(s);
        std::shuffle(o.begin(), o.end(), shuffle);
    }
    const double claimSeconds = race(annotators, [&](int i) {
        std::vector<RaceRequest> r;
        for (int s : order[i])
            r.push_back({"PUT", assigneePath(ids[s]), loginOf(i).user.toUtf8(), {}});
        return r;
    });

    // What each annotator believes; an answer that is neither 200 nor 409
    // (a network error, a server error) leaves it unsure: it reads the
    // assignee back before believing anything.
    std::vector<std::set<int>> believesWon(kAnnotators);
    int wonAnswers = 0, lostAnswers = 0, unsure = 0;
    QStringList unsureDetails;
    for (int i = 0; i < kAnnotators; ++i) {
        const auto& answers = annotators[i]->answers();
        for (std::size_t k = 0; k < answers.size(); ++k) {
            const int s = order[i][k];
            switch (outcomeOf(answers[k])) {
            case Outcome::Won:
                ++wonAnswers;
                believesWon[i].insert(s);
                break;
            case Outcome::Lost:
                ++lostAnswers;
                break;
            case Outcome::Unsure: {
                ++unsure;
                unsureDetails << QString("%1 on %2: HTTP %3 %4 %5")
                                     .arg(loginOf(i).user, ids[s])
                                     .arg(answers[k].status)
                                     .arg(answers[k].networkError,
                                          QString::fromUtf8(answers[k].body.left(200)));
                const OrthancServer& own = i % 2 ? *m_second : *m_first;
                const auto back = own.restAs(loginOf(i), "GET", assigneePath(ids[s]));
                if (back.status == 200 && QString::fromUtf8(back.body) == loginOf(i).user)
                    believesWon[i].insert(s);
                break;
            }
            }
        }
    }
    qInfo("claim race: %d annotators x %d series over 2 servers in %.2f s: %d won, %d refused, "
          "%d unsure (read back)",
          kAnnotators, kRaceSeries, claimSeconds, wonAnswers, lostAnswers, unsure);
    for (const QString& d : unsureDetails)
        qInfo("  unsure: %s", qPrintable(d));
    QCOMPARE(wonAnswers + lostAnswers + unsure, kAnnotators * kRaceSeries);

    // Exactly one assignee per series, the same through both servers, and
    // it is the one annotator that believes it won that series.
    // In the index itself: one assignee row per claimed series.
    QString rows;
    QVERIFY2(m_postgres.sql("SELECT count(*), count(DISTINCT id) FROM metadata WHERE type = 1025",
                            &rows, m_postgres.login().database),
             qPrintable(m_postgres.error()));
    QCOMPARE(rows, QString("%1|%1").arg(kRaceSeries + 1)); // and the chest series
    std::vector<int> holderOf(kRaceSeries, -1);
    for (int s = 0; s < kRaceSeries; ++s) {
        const auto one = m_first->rest("GET", assigneePath(ids[s]));
        const auto two = m_second->rest("GET", assigneePath(ids[s]));
        QCOMPARE(one.status, 200);
        QCOMPARE(two.body, one.body);
        QCOMPARE(two.etag, one.etag);
        for (int i = 0; i < kAnnotators; ++i)
            if (QString::fromUtf8(one.body) == loginOf(i).user)
                holderOf[s] = i;
        QVERIFY2(holderOf[s] >= 0, qPrintable("not an annotator: " + QString(one.body)));
        int believers = 0;
        for (int i = 0; i < kAnnotators; ++i)
            believers += int(believesWon[i].count(s));
        QVERIFY2(believers == 1 && believesWon[holderOf[s]].count(s),
                 qPrintable(QString("series %1: %2 believe they hold it, %3 does")
                                .arg(s)
                                .arg(believers)
                                .arg(loginOf(holderOf[s]).user)));
    }

    // Each holder starts its series; then all twenty change every series'
    // status at once from the revision they all read: one change per series
    // goes through, it is the one stored, and the holder's start is not lost.
    race(annotators, [&](int i) {
        std::vector<RaceRequest> r;
        for (int s = 0; s < kRaceSeries; ++s)
            if (holderOf[s] == i)
                r.push_back(
                    {"PUT", statusPath(ids[s]), "annotating:" + loginOf(i).user.toUtf8(), {}});
        return r;
    });
    std::vector<QByteArray> revision(kRaceSeries);
    for (int s = 0; s < kRaceSeries; ++s) {
        const auto now = m_second->rest("GET", statusPath(ids[s]));
        QCOMPARE(now.body, "annotating:" + loginOf(holderOf[s]).user.toUtf8());
        revision[s] = now.etag;
    }
    const double statusSeconds = race(annotators, [&](int i) {
        std::vector<RaceRequest> r;
        for (int s : order[i])
            r.push_back(
                {"PUT", statusPath(ids[s]), "reviewed:" + loginOf(i).user.toUtf8(), revision[s]});
        return r;
    });
    int changed = 0, refused = 0, statusUnsure = 0;
    std::vector<std::set<int>> believesChanged(kAnnotators);
    for (int i = 0; i < kAnnotators; ++i) {
        const auto& answers = annotators[i]->answers();
        for (std::size_t k = 0; k < answers.size(); ++k) {
            const int s = order[i][k];
            const Outcome o = outcomeOf(answers[k]);
            changed += int(o == Outcome::Won);
            refused += int(o == Outcome::Lost);
            if (o == Outcome::Won)
                believesChanged[i].insert(s);
            if (o == Outcome::Unsure) {
                ++statusUnsure;
                const auto back = m_first->rest("GET", statusPath(ids[s]));
                if (back.body == "reviewed:" + loginOf(i).user.toUtf8())
                    believesChanged[i].insert(s);
            }
        }
    }
    qInfo("status race: %d annotators x %d series in %.2f s: %d changed, %d refused (stale "
          "revision), %d unsure (read back)",
          kAnnotators, kRaceSeries, statusSeconds, changed, refused, statusUnsure);
    for (int s = 0; s < kRaceSeries; ++s) {
        const auto one = m_first->rest("GET", statusPath(ids[s]));
        QCOMPARE(m_second->rest("GET", statusPath(ids[s])).body, one.body);
        int writers = 0;
        for (int i = 0; i < kAnnotators; ++i)
            if (believesChanged[i].count(s)) {
                ++writers;
                QCOMPARE(one.body, "reviewed:" + loginOf(i).user.toUtf8());
            }
        QCOMPARE(writers, 1);
    }
}

void TestPacsScaleout::cleanupTestCase() {
    // The servers before their index.
    m_first.reset();
    m_second.reset();
    m_postgres.stop();
}

QTEST_GUILESS_MAIN(TestPacsScaleout)
#include "test_pacs_scaleout.moc"

// The team's worklist state against a real Orthanc (CheckRevisions on, the
// UserMetadata of resources/pacs/orthanc.json): claims are won by exactly
// one annotator, changes based on a stale view are refused and reloaded,
// release and take-over follow the rules and leave a history, a server
// configured without our keys says so. And tgc-cli pacs claim/status.
#include "../support/cli_run.h"
#include "dicomweb_client.h"
#include "image_writer.h"
#include "mask_metrics.h"
#include "pacs_error.h"
#include "pacs_fixture.h"
#include "pacs_pull.h"
#include "pacs_push.h"
#include "store/project.h"
#include "team_queue.h"
#include "team_state.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tgc;
using namespace tgc::pacs;
using tgc::test::OrthancServer;

namespace {

const QStringList kAnnotators{QStringLiteral("alice"), QStringLiteral("bob"),
                              QStringLiteral("carol")};

QString passwordOf(const QString& user) {
    return user + QStringLiteral("-secret");
}

OrthancServer::Options teamOptions(const QJsonObject& extra = {}) {
    OrthancServer::Options o;
    QJsonObject users{
        {QStringLiteral("tgc"),
         QStringLiteral("pw-") + QString::number(QCoreApplication::applicationPid())}};
    for (const QString& u : kAnnotators)
        users.insert(u, passwordOf(u));
    for (int i = 0; i < 8; ++i)
        users.insert(QStringLiteral("racer%1").arg(i),
                     passwordOf(QStringLiteral("racer%1").arg(i)));
    o.extra = extra;
    o.extra.insert(QStringLiteral("RegisteredUsers"), users);
    return o;
}

PacsServer as(const OrthancServer& orthanc, const QString& user) {
    QString error;
    PacsServer s = *parseServer(orthanc.dicomWebUrl(), &error);
    s.user = user;
    s.password = passwordOf(user);
    s.timeoutMs = 60000;
    return s;
}

// One annotator's connection: its own HTTP client, as that user.
struct Annotator {
    explicit Annotator(const PacsServer& server) : client(server), team(client) {}
    DicomWebClient client;
    TeamClient team;
};

} // namespace

class TestPacsTeam : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void claimIsWonOnce();
    void releaseFollowsTheRules();
    void staleChangeIsRefusedAndReloaded();
    void takeOverRecordsWhomFrom();
    void finalSegMarksReviewed();
    void concurrentClaimsHaveOneWinner();
    void worklistReadsMany();
    void listedSeriesNeedNoLookup();
    void serverWithoutOurKeysSaysSo();
    void cliClaimAndStatus();
    void reviewComparesAnnotatorsAndRecordsTheFinal();
    void offlineChangesWaitAndConflictsAreShown();
    void killedMidClaimAndMidPushLosesNothing();
    void agreedReportTravelsToTheNextAnnotator();

private:
    QString freshSeries(const QString& description);

    QTemporaryDir m_dir;
    std::unique_ptr<OrthancServer> m_orthanc;
    int m_next = 0;
};

void TestPacsTeam::initTestCase() {
    const QString missing = OrthancServer::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
    m_orthanc = std::make_unique<OrthancServer>(teamOptions());
    QVERIFY2(m_orthanc->start(), qPrintable(m_orthanc->error()));
}

// Each test claims its own series: no test depends on another's leftovers.
QString TestPacsTeam::freshSeries(const QString& description) {
    const int index = m_next++;
    const auto s = tgc::test::writePhantomSeries(m_dir.filePath(QString::number(index)), index,
                                                 QStringLiteral("TEAM%1").arg(index), description,
                                                 {12, 12, 2});
    if (!m_orthanc->upload(s.files))
        return {};
    return s.seriesUid;
}

void TestPacsTeam::claimIsWonOnce() {
    const QString series = freshSeries(QStringLiteral("claim"));
    QVERIFY(!series.isEmpty());
    Annotator alice(as(*m_orthanc, "alice")), bob(as(*m_orthanc, "bob"));

    const TeamRecord before = wait(alice.team.read(series));
    QVERIFY(!before.assignee.exists);
    QCOMPARE(before.seriesStatus(), SeriesStatus::Todo);

    const ClaimResult won = wait(alice.team.claim(series));
    QVERIFY(won.claimed);
    QCOMPARE(won.heldBy, QStringLiteral("alice"));
    QCOMPARE(won.record.seriesStatus(), SeriesStatus::InProgress);
    QCOMPARE(won.record.status.value, QStringLiteral("in_progress"));

    const ClaimResult lost = wait(bob.team.claim(series));
    QVERIFY(!lost.claimed);
    QCOMPARE(lost.heldBy, QStringLiteral("alice"));

    // A claim retried after its answer was lost is no error.
    const ClaimResult again = wait(alice.team.claim(series));
    QVERIFY(again.claimed);
    QCOMPARE(wait(bob.team.read(series)).assignee.value, QStringLiteral("alice"));
}

void TestPacsTeam::releaseFollowsTheRules() {
    const QString series = freshSeries(QStringLiteral("release"));
    Annotator alice(as(*m_orthanc, "alice")), bob(as(*m_orthanc, "bob"));
    QVERIFY(wait(alice.team.claim(series)).claimed);

    const TeamRecord seenByBob = wait(bob.team.read(series));
    const QString refused = tgc::test::pacsFailure([&] { wait(bob.team.release(seenByBob)); });
    QVERIFY2(refused.contains("held by alice") && refused.contains("take it over"),
             qPrintable(refused));
    QCOMPARE(wait(bob.team.read(series)).assignee.value, QStringLiteral("alice"));

    const TeamRecord released = wait(alice.team.release(wait(alice.team.read(series))));
    QVERIFY(!released.assignee.exists);
    QCOMPARE(released.seriesStatus(), SeriesStatus::Todo);
    QCOMPARE(released.history.last().toObject().value("action").toString(),
             QStringLiteral("release"));
    // Free again: bob wins it now.
    QVERIFY(wait(bob.team.claim(series)).claimed);
}

void TestPacsTeam::staleChangeIsRefusedAndReloaded() {
    const QString series = freshSeries(QStringLiteral("stale"));
    Annotator alice(as(*m_orthanc, "alice")), carol(as(*m_orthanc, "carol"));
    QVERIFY(wait(alice.team.claim(series)).claimed);
    const TeamRecord seenByCarol = wait(carol.team.read(series));
    QCOMPARE(seenByCarol.seriesStatus(), SeriesStatus::InProgress);

    wait(alice.team.setStatus(wait(alice.team.read(series)), SeriesStatus::Submitted));

    // Carol, looking at the old state, sets todo: refused, shown, not forced.
    try {
        wait(carol.team.setStatus(seenByCarol, SeriesStatus::Todo));
        QFAIL("a change based on a stale revision went through");
    } catch (const RevisionConflict& e) {
        QVERIFY2(e.message().contains("status submitted (was in_progress)"),
                 qPrintable(e.message()));
        QVERIFY2(e.message().contains("nothing overwritten"), qPrintable(e.message()));
        QCOMPARE(e.current().seriesStatus(), SeriesStatus::Submitted);
    }
    QCOMPARE(wait(carol.team.read(series)).status.value, QStringLiteral("submitted"));
}

void TestPacsTeam::takeOverRecordsWhomFrom() {
    const QString series = freshSeries(QStringLiteral("take over"));
    Annotator alice(as(*m_orthanc, "alice")), carol(as(*m_orthanc, "carol"));
    QVERIFY(wait(alice.team.claim(series)).claimed);
    const TeamRecord aliceSaw = wait(alice.team.read(series));

    const TeamRecord taken = wait(carol.team.takeOver(wait(carol.team.read(series))));
    QCOMPARE(taken.assignee.value, QStringLiteral("carol"));
    const QJsonObject last = taken.history.last().toObject();
    QCOMPARE(last.value("action").toString(), QStringLiteral("take_over"));
    QCOMPARE(last.value("user").toString(), QStringLiteral("carol"));
    QCOMPARE(last.value("from").toString(), QStringLiteral("alice"));
    QVERIFY(QDateTime::fromString(last.value("at").toString(), Qt::ISODate).isValid());

    // Alice's own view is stale now: she can no longer submit or release it.
    const QString submit = tgc::test::pacsFailure([&] { wait(alice.team.release(aliceSaw)); });
    QVERIFY2(submit.contains("held by carol"), qPrintable(submit));
    QCOMPARE(wait(alice.team.read(series)).assignee.value, QStringLiteral("carol"));
}

void TestPacsTeam::finalSegMarksReviewed() {
    const QString series = freshSeries(QStringLiteral("final"));
    Annotator carol(as(*m_orthanc, "carol"));
    const TeamRecord done =
        wait(carol.team.setFinal(wait(carol.team.read(series)), QStringLiteral("1.2.3.4.5")));
    QCOMPARE(done.seriesStatus(), SeriesStatus::Reviewed);
    QCOMPARE(done.finalSeg.value, QStringLiteral("1.2.3.4.5"));
    const TeamRecord prompts = wait(carol.team.setPrompts(
        done, QStringLiteral("Segment the liver."), QStringLiteral("liver, right upper")));
    QCOMPARE(prompts.report.value, QStringLiteral("Segment the liver."));
    QCOMPARE(prompts.auxiliaryPrompt.value, QStringLiteral("liver, right upper"));
}

// Eight annotators on their own connections, all claims in flight at once.
void TestPacsTeam::concurrentClaimsHaveOneWinner() {
    const QString series = freshSeries(QStringLiteral("race"));
    std::vector<std::unique_ptr<Annotator>> racers;
    std::vector<QFuture<ClaimResult>> claims;
    for (int i = 0; i < 8; ++i)
        racers.push_back(
            std::make_unique<Annotator>(as(*m_orthanc, QStringLiteral("racer%1").arg(i))));
    for (auto& r : racers)
        claims.push_back(r->team.claim(series));
    int winners = 0;
    QString winner;
    for (std::size_t i = 0; i < claims.size(); ++i) {
        const ClaimResult r = wait(claims[i]);
        if (r.claimed) {
            ++winners;
            winner = racers[i]->team.user();
        }
        QVERIFY(!r.heldBy.isEmpty());
    }
    QCOMPARE(winners, 1);
    QCOMPARE(wait(racers[0]->team.read(series)).assignee.value, winner);
}

void TestPacsTeam::worklistReadsMany() {
    const QString a = freshSeries(QStringLiteral("list a")),
                  b = freshSeries(QStringLiteral("list b"));
    Annotator alice(as(*m_orthanc, "alice"));
    QVERIFY(wait(alice.team.claim(b)).claimed);
    const auto records = wait(alice.team.readAll({a, b}));
    QCOMPARE(records.size(), std::size_t(2));
    QCOMPARE(records[0].seriesUid, a);
    QCOMPARE(records[0].seriesStatus(), SeriesStatus::Todo);
    QCOMPARE(records[1].assignee.value, QStringLiteral("alice"));
    QCOMPARE(records[1].seriesStatus(), SeriesStatus::InProgress);

    const QString missing = tgc::test::pacsFailure([&] {
        wait(alice.team.readAll({a, "1.2.3.999"}));
    });
    QVERIFY2(missing.contains("has no series 1.2.3.999") &&
                 missing.contains(m_orthanc->dicomWebUrl()),
             qPrintable(missing));
}

// A listing's series are read by Orthanc's own id, computed from their UIDs;
// an id the server does not know (a listing that reported another patient
// id) falls back to a lookup, never to an empty record.
void TestPacsTeam::listedSeriesNeedNoLookup() {
    const QString a = freshSeries(QStringLiteral("listed a")),
                  b = freshSeries(QStringLiteral("listed b"));
    Annotator alice(as(*m_orthanc, "alice"));
    QVERIFY(wait(alice.team.claim(a)).claimed);
    QVERIFY(wait(alice.team.claim(b)).claimed);

    SeriesQuery query;
    query.description = QStringLiteral("listed*");
    std::vector<SeriesEntry> listed = wait(alice.client.searchSeries(query));
    QCOMPARE(listed.size(), std::size_t(2));
    QHash<QString, QString> serverIds;
    for (const SeriesEntry& s : listed) {
        const RestAnswer found =
            wait(alice.client.rest("POST", "/tools/lookup", s.seriesUid.toUtf8()));
        const QString id = orthancSeriesId(s.patientId, s.studyUid, s.seriesUid);
        QVERIFY2(found.body.contains(id.toUtf8()), found.body.constData());
        serverIds.insert(s.seriesUid, id);
    }

    Annotator bob(as(*m_orthanc, "bob"));
    listed[1].patientId += QStringLiteral("X"); // its computed id is now wrong
    for (const SeriesEntry& s : listed)
        bob.team.knowListed(s);
    const auto records = wait(bob.team.readAll({listed[0].seriesUid, listed[1].seriesUid}));
    QCOMPARE(records.size(), std::size_t(2));
    for (const TeamRecord& r : records) {
        QCOMPARE(r.assignee.value, QStringLiteral("alice"));
        QCOMPARE(r.seriesStatus(), SeriesStatus::InProgress);
        QCOMPARE(r.resourceId, serverIds.value(r.seriesUid));
    }
    // Once confirmed or looked up, writes use the id the server gave.
    const TeamRecord seen = wait(bob.team.read(listed[1].seriesUid));
    QCOMPARE(seen.resourceId, serverIds.value(listed[1].seriesUid));
    QCOMPARE(wait(bob.team.takeOver(seen)).assignee.value, QStringLiteral("bob"));
}

void TestPacsTeam::serverWithoutOurKeysSaysSo() {
    OrthancServer bare(teamOptions({{"UserMetadata", QJsonObject{}}}));
    QVERIFY2(bare.start(), qPrintable(bare.error()));
    const auto s =
        tgc::test::writePhantomSeries(m_dir.filePath("bare"), 90, "BARE", "bare", {12, 12, 2});
    QVERIFY(bare.upload(s.files));
    Annotator alice(as(bare, "alice"));
    const QString error = tgc::test::pacsFailure([&] { wait(alice.team.claim(s.seriesUid)); });
    QVERIFY2(error.contains("keeps no TgcAssignee") && error.contains("orthanc.json") &&
                 error.contains(bare.dicomWebUrl()),
             qPrintable(error));
}

void TestPacsTeam::cliClaimAndStatus() {
    const QString series = freshSeries(QStringLiteral("cli"));
    auto run = [&](const QString& user, const QStringList& args) {
        qputenv("TGC_PACS_PASSWORD", passwordOf(user).toUtf8());
        return tgc::test::runCli(QStringList{"pacs"} + args +
                                 QStringList{"--server", m_orthanc->dicomWebUrl(), "--user", user,
                                             "--series", series, "--json"});
    };
    const auto won = run("alice", {"claim"});
    QCOMPARE(won.code, 0);
    const QJsonObject w = QJsonDocument::fromJson(won.out).object();
    QCOMPARE(w.value("claimed").toBool(), true);
    QCOMPARE(w.value("assignee").toString(), QStringLiteral("alice"));
    QCOMPARE(w.value("held_by").toString(), QStringLiteral("alice"));
    QCOMPARE(w.value("series_uid").toString(), series);

    const auto lost = run("bob", {"claim"});
    QCOMPARE(lost.code, 3);
    const QJsonObject l = QJsonDocument::fromJson(lost.out).object();
    QCOMPARE(l.value("claimed").toBool(), false);
    QCOMPARE(l.value("held_by").toString(), QStringLiteral("alice"));

    const auto set = run("alice", {"status", "--set", "submitted"});
    QCOMPARE(set.code, 0);
    const QJsonObject st = QJsonDocument::fromJson(set.out).object();
    QCOMPARE(st.value("status").toString(), QStringLiteral("submitted"));
    QCOMPARE(st.value("history").toArray().last().toObject().value("action").toString(),
             QStringLiteral("submitted"));

    const auto bad = run("alice", {"status", "--set", "done"});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains("--set takes todo, in_progress, submitted or reviewed"),
             bad.err.constData());
}

void TestPacsTeam::reviewComparesAnnotatorsAndRecordsTheFinal() {
    const int index = m_next++;
    const auto s = tgc::test::writePhantomSeries(m_dir.filePath("review"), index, "REVIEW",
                                                 "review", {24, 24, 4});
    QVERIFY(m_orthanc->upload(s.files));
    // Alice draws label 1 as the phantom has it; Bob leaves out its leftmost column.
    const auto [alice, bob] = tgc::test::nearlyAgreeingMasks(s.labels, 1, 1);
    const std::size_t n = s.labels.geometry().voxelCount();
    const double expected = dice(countOverlap(alice.data(), bob.data(), n));
    const QString aliceSeg = tgc::test::pushAnnotatorSeg(as(*m_orthanc, "alice"), s.seriesUid,
                                                         alice, m_dir.filePath("pa"), "alice");
    const QString bobSeg = tgc::test::pushAnnotatorSeg(as(*m_orthanc, "bob"), s.seriesUid, bob,
                                                       m_dir.filePath("pb"), "bob");
    QVERIFY(!aliceSeg.isEmpty() && !bobSeg.isEmpty());

    auto review = [&](const QStringList& extra) {
        qputenv("TGC_PACS_PASSWORD", passwordOf("carol").toUtf8());
        return tgc::test::runCli(QStringList{"pacs", "review", "--server", m_orthanc->dicomWebUrl(),
                                             "--user", "carol", "--series", s.seriesUid, "--json"} +
                                 extra);
    };
    // The listing counts the SEGs on their source series and filters by status.
    qputenv("TGC_PACS_PASSWORD", passwordOf("carol").toUtf8());
    const auto listed = tgc::test::runCli({"pacs", "ls", "--server", m_orthanc->dicomWebUrl(),
                                           "--user", "carol", "--status", "todo", "--json"});
    QVERIFY2(listed.code == 0, listed.err.constData());
    bool counted = false;
    for (const QJsonValue& v : listed.json().value("series").toArray()) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o.value("status").toString(), QStringLiteral("todo"));
        if (o.value("series_uid").toString() == s.seriesUid)
            counted = o.value("segs").toInt() == 2 && o.value("assignee").isNull();
    }
    QVERIFY(counted);

    const auto look = review({});
    QVERIFY2(look.code == 0, look.err.constData());
    const QJsonObject seen = look.json();
    QCOMPARE(seen.value("segs").toArray().size(), 2);
    const QJsonArray rows = seen.value("agreement").toArray();
    QCOMPARE(rows.size(), 1); // one label, one pair
    const QJsonObject row = rows.first().toObject();
    QCOMPARE(row.value("a").toString(), QStringLiteral("alice"));
    QCOMPARE(row.value("b").toString(), QStringLiteral("bob"));
    QVERIFY2(std::abs(row.value("dice").toDouble() - expected) < 1e-9,
             qPrintable(QString::number(row.value("dice").toDouble())));
    QVERIFY(expected < 1.0);
    QVERIFY(seen.value("final").isNull());

    const auto wrong = review({"--accept", "1.2.3.4"});
    QCOMPARE(wrong.code, 1);
    QVERIFY2(wrong.err.contains("not the newest SEG of an annotator"), wrong.err.constData());

    // The STAPLE consensus becomes Carol's SEG and the series' final one.
    QTemporaryDir out;
    const auto decided = review({"--consensus", "staple", "--out", out.path()});
    QVERIFY2(decided.code == 0, decided.err.constData());
    const QJsonObject d = decided.json();
    const QString final = d.value("final").toString();
    QVERIFY(!final.isEmpty() && final != aliceSeg && final != bobSeg);
    QCOMPARE(d.value("status").toString(), QStringLiteral("reviewed"));
    QCOMPARE(d.value("consensus").toObject().value("raters").toArray().size(), 2);
    QVERIFY(QFile::exists(out.filePath("review.json")));
    Annotator carol(as(*m_orthanc, "carol"));
    const TeamRecord reviewed = wait(carol.team.read(s.seriesUid));
    QCOMPARE(reviewed.finalSeg.value, final);
    QVERIFY(std::abs(reviewed.agreement.value.toDouble() - expected) < 1e-4);
    const auto segs = wait(carol.client.findSegs(s.studyUid));
    QCOMPARE(segs.size(), std::size_t(3));
    bool carolsSeg = false;
    for (const SegEntry& e : segs)
        carolsSeg |= e.seriesUid == final && e.annotator == QLatin1String("carol") &&
                     e.sourceSeriesUid == s.seriesUid;
    QVERIFY(carolsSeg);

    // Looked at again: the consensus is listed, not compared as a third annotator.
    const auto again = review({});
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(again.json().value("agreement").toArray().size(), 1);
    int consensusListed = 0;
    for (const QJsonValue& v : again.json().value("segs").toArray())
        consensusListed += v.toObject().value("consensus").toBool();
    QCOMPARE(consensusListed, 1);

    // The project's agreement report, from the PACS, into one folder.
    QTemporaryDir report;
    qputenv("TGC_PACS_PASSWORD", passwordOf("carol").toUtf8());
    const auto agreed =
        tgc::test::runCli({"pacs", "agreement", "--server", m_orthanc->dicomWebUrl(), "--user",
                           "carol", "--out", report.path(), "--json"});
    QVERIFY2(agreed.code == 0, agreed.err.constData());
    const QJsonArray lines = agreed.json().value("series").toArray();
    QCOMPARE(lines.size(), 1); // the one reviewed series
    QCOMPARE(lines.first().toObject().value("series_uid").toString(), s.seriesUid);
    QCOMPARE(lines.first().toObject().value("final_mask").toString(), QStringLiteral("STAPLE"));
    QVERIFY(std::abs(lines.first().toObject().value("dice_mean").toDouble() - expected) < 1e-6);
    QCOMPARE(QDir(report.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             (QStringList{"agreement.csv", "report.html", "summary.json"}));
    if (!qEnvironmentVariableIsEmpty("TGC_SHOTS"))
        QFile::copy(report.filePath("report.html"),
                    qEnvironmentVariable("TGC_SHOTS") + "/agreement-report.html");
}

void TestPacsTeam::offlineChangesWaitAndConflictsAreShown() {
    OrthancServer server(teamOptions());
    QVERIFY2(server.start(), qPrintable(server.error()));
    const auto a =
        tgc::test::writePhantomSeries(m_dir.filePath("offA"), 70, "OFFA", "a", {16, 16, 3});
    const auto b =
        tgc::test::writePhantomSeries(m_dir.filePath("offB"), 71, "OFFB", "b", {16, 16, 3});
    QVERIFY(server.upload(a.files + b.files));
    Annotator alice(as(server, "alice"));
    QVERIFY(wait(alice.team.claim(a.seriesUid)).claimed);
    QVERIFY(wait(alice.team.claim(b.seriesUid)).claimed);
    QTemporaryDir dir;
    auto project = std::make_shared<Project>(Project::create(dir.filePath("alice")));
    const QString caseA =
        tgc::test::pulledCaseWithMask(*project, alice.client, a.seriesUid, a.labels, "alice");
    const TeamRecord seenA = wait(alice.team.read(a.seriesUid));

    // The server goes away: the submit fails as unreachable and is queued,
    // with the push of A's mask and the release of B.
    server.kill();
    try {
        wait(alice.team.setStatus(seenA, SeriesStatus::Submitted));
        QFAIL("a change reached a server that is down");
    } catch (const PacsError& e) {
        QVERIFY2(e.unreachable(), qPrintable(e.message()));
    }
    const QString display = alice.client.server().display();
    {
        TeamQueue queue(project->root());
        auto queued = [&](QueuedChange::Action action, const QString& series, const QString& value,
                          const QString& caseId) {
            QueuedChange c;
            c.server = display;
            c.seriesUid = series;
            c.action = action;
            c.value = value;
            c.caseId = caseId;
            c.seenAssignee = "alice";
            c.seenStatus = "in_progress";
            queue.add(c);
        };
        queued(QueuedChange::Action::Push, a.seriesUid, {}, caseA);
        queued(QueuedChange::Action::Status, a.seriesUid, "submitted", {});
        queued(QueuedChange::Action::Release, b.seriesUid, {}, {});
        // Still down: nothing is lost, nothing sent.
        const QueueReport down = wait(sendQueue(queue, alice.team, project));
        QVERIFY(down.unreachable);
        QCOMPARE(down.sent, 0);
        QCOMPARE(queue.changes().size(), std::size_t(3));
    }

    // Back; meanwhile Bob took B over on another workstation.
    QVERIFY2(server.start(), qPrintable(server.error()));
    Annotator bob(as(server, "bob"));
    wait(bob.team.takeOver(wait(bob.team.read(b.seriesUid))));

    TeamQueue queue(project->root()); // as the app finds it after a restart
    QCOMPARE(queue.changes().size(), std::size_t(3));
    const QueueReport back = wait(sendQueue(queue, alice.team, project));
    QVERIFY(!back.unreachable);
    QCOMPARE(back.sent, 2);
    QCOMPARE(back.conflicts, 1);
    QCOMPARE(wait(alice.team.read(a.seriesUid)).status.value, QStringLiteral("submitted"));
    QCOMPARE(wait(alice.client.findSegs(a.studyUid)).size(), std::size_t(1));
    QCOMPARE(wait(alice.team.read(b.seriesUid)).assignee.value, QStringLiteral("bob"));
    QCOMPARE(queue.changes().size(), std::size_t(1));
    const QString why = queue.changes().front().conflict;
    QVERIFY2(why.contains("changed while you were offline") && why.contains("bob"),
             qPrintable(why));
    QVERIFY2(back.said.join('\n').contains("not sent"), qPrintable(back.said.join('\n')));
    // The conflict stays until the annotator has seen it; sending again sends nothing.
    QCOMPARE(wait(sendQueue(queue, alice.team, project)).sent, 0);
    QCOMPARE(TeamQueue(project->root()).conflicts(), std::size_t(1));
    queue.dismissConflicts(b.seriesUid);
    QVERIFY(TeamQueue(project->root()).changes().empty());
}

// The server is killed while a claim and a push are on their way; started
// again, the same claim and push leave one claim and one copy of the SEG.
void TestPacsTeam::killedMidClaimAndMidPushLosesNothing() {
    OrthancServer server(teamOptions());
    QVERIFY2(server.start(), qPrintable(server.error()));
    const auto s =
        tgc::test::writePhantomSeries(m_dir.filePath("kill"), 72, "KILL", "k", {16, 16, 3});
    QVERIFY(server.upload(s.files));
    Annotator alice(as(server, "alice"));
    QTemporaryDir dir;
    Project project = Project::create(dir.filePath("alice"));
    const QString caseId =
        tgc::test::pulledCaseWithMask(project, alice.client, s.seriesUid, s.labels, "alice");
    const PreparedSeg seg = prepareSeg(project, caseId);

    for (int round = 0; round < 3; ++round) {
        auto claim = alice.team.claim(s.seriesUid);
        auto push = pushSeg(alice.client, seg);
        // Cut at a different moment each round.
        QTest::qWait(round * 15);
        server.kill();
        try {
            wait(claim);
        } catch (const PacsError&) {
        }
        try {
            wait(push);
        } catch (const PacsError&) {
        }
        QVERIFY2(server.start(), qPrintable(server.error()));
    }
    const ClaimResult claimed = wait(alice.team.claim(s.seriesUid));
    QVERIFY(claimed.claimed);
    wait(pushSeg(alice.client, seg));
    QCOMPARE(server.countInstances(seg.seriesUid), 1);
    const TeamRecord now = wait(alice.team.read(s.seriesUid));
    QCOMPARE(now.status.value, QStringLiteral("in_progress"));
    int claims = 0;
    for (const QJsonValue& e : now.history)
        claims += e.toObject().value("action").toString() == QLatin1String("claim");
    QCOMPARE(claims, 1);
}

// A study without an SR: the first pushed case's report becomes the series'
// agreed report, and the next annotator's pull starts from it.
void TestPacsTeam::agreedReportTravelsToTheNextAnnotator() {
    const auto s =
        tgc::test::writePhantomSeries(m_dir.filePath("agreed"), 73, "AGREED", "ag", {16, 16, 3});
    QVERIFY(m_orthanc->upload(s.files));
    auto cli = [&](const QString& user, const QStringList& args) {
        qputenv("TGC_PACS_PASSWORD", passwordOf(user).toUtf8());
        return tgc::test::runCli(
            QStringList{"pacs"} + args +
            QStringList{"--server", m_orthanc->dicomWebUrl(), "--user", user, "--json"});
    };
    const QString alice = m_dir.filePath("agreed-alice"), bob = m_dir.filePath("agreed-bob");
    const auto pulled = cli("alice", {"pull", "--series", s.seriesUid, "--project", alice});
    QVERIFY2(pulled.code == 0, pulled.err.constData());
    const QString caseId = pulled.json().value("case").toString();
    {
        Project p = Project::open(alice);
        CaseRecord& c = *p.findCase(caseId);
        QVERIFY(c.report.isEmpty()); // no SR in this study
        c.report = QStringLiteral("Segment the liver.");
        c.aux = QStringLiteral("liver");
        QDir().mkpath(p.caseFolder(c.id));
        writeNifti(s.labels, p.maskPath(c));
        p.save();
    }
    const auto pushed = cli("alice", {"push", "--project", alice, "--case", caseId});
    QVERIFY2(pushed.code == 0, pushed.err.constData());
    QCOMPARE(pushed.json().value("shared_report").toBool(), true);
    const auto again = cli("alice", {"push", "--project", alice, "--case", caseId});
    QCOMPARE(again.json().value("shared_report").toBool(), false); // agreed already

    const auto bobs = cli("bob", {"pull", "--series", s.seriesUid, "--project", bob});
    QVERIFY2(bobs.code == 0, bobs.err.constData());
    QVERIFY2(bobs.json().value("report_source").toString().startsWith("agreed on the PACS"),
             bobs.out.constData());
    QVERIFY(bobs.json().value("report_source").toString().contains("alice"));
    const Project bobsProject = Project::open(bob);
    const CaseRecord* c = bobsProject.findCase(bobs.json().value("case").toString());
    QVERIFY(c);
    QCOMPARE(c->report, QStringLiteral("Segment the liver."));
    QCOMPARE(c->aux, QStringLiteral("liver"));
}

QTEST_MAIN(TestPacsTeam)
#include "test_pacs_team.moc"

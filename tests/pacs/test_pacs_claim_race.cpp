// Twenty annotators, each its own Orthanc user and its own connections, half
// on each of two Orthanc servers that share one PostgreSQL index, claim the
// same fifty series at once through TeamClient. Afterwards every series has
// exactly one assignee (the same through both servers and in the index), the
// series each annotator believes it won are exactly those it holds, and no
// claim's status or history entry is lost. Then all twenty review every
// series at once from the same revision: one review per series goes through.
#include "pacs_fixture.h"
#include "racing_annotator.h"
#include "two_servers.h"

#include <QRandomGenerator>
#include <QTest>
#include <algorithm>
#include <set>

using namespace tgc;
using namespace tgc::pacs;
using tgc::test::OrthancServer;
using tgc::test::RaceOutcome;
using tgc::test::RacingAnnotator;
using tgc::test::TwoServers;

namespace {

constexpr int kAnnotators = 20;
constexpr int kSeries = 50;

// The users who did an action, from a series' history.
QStringList whoDid(const TeamRecord& record, const QString& action) {
    QStringList users;
    for (const auto& entry : record.history)
        if (entry.toObject().value("action").toString() == action)
            users << entry.toObject().value("user").toString();
    return users;
}

} // namespace

class TestPacsClaimRace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twentyAnnotatorsClaimFiftySeries();
    void twentyReviewersOneRevision();
    void cleanupTestCase();

private:
    // One burst: every annotator gets ready, then all start together.
    // Answers the seconds from the gate opening to the last answer.
    double race(RacingAnnotator::Burst burst);
    // Every series as it is now, read through both servers (they must agree).
    std::vector<TeamRecord> readBoth();

    QTemporaryDir m_tmp;
    TwoServers m_servers;
    QStringList m_series;             // series UIDs
    std::vector<QStringList> m_order; // each annotator's order of them
    std::vector<std::unique_ptr<RacingAnnotator>> m_annotators;
    std::vector<std::set<QString>> m_believesWon; // per annotator
};

void TestPacsClaimRace::initTestCase() {
    QVERIFY2(TwoServers::missing().isEmpty(), qPrintable(TwoServers::missing()));
    QVERIFY2(m_servers.start(kAnnotators), qPrintable(m_servers.error()));
    // Fifty one-slice series, stored through both servers.
    for (int s = 0; s < kSeries; ++s) {
        const auto series = test::writePhantomSeries(m_tmp.filePath(QString::number(s)), s,
                                                     QString("R%1").arg(s), "race", {16, 16, 1});
        OrthancServer& via = s % 2 ? m_servers.second() : m_servers.first();
        QVERIFY2(via.upload(series.files), qPrintable(via.error()));
        m_series << series.seriesUid;
    }
    // Half the annotators on each server, each with its own order.
    QRandomGenerator shuffle(7);
    for (int i = 0; i < kAnnotators; ++i) {
        m_annotators.push_back(
            std::make_unique<RacingAnnotator>(TwoServers::as(m_servers.serverOf(i), i)));
        QStringList order = m_series;
        std::shuffle(order.begin(), order.end(), shuffle);
        m_order.push_back(order);
    }
}

double TestPacsClaimRace::race(RacingAnnotator::Burst burst) {
    std::promise<void> open;
    const std::shared_future<void> gate = open.get_future().share();
    QSemaphore ready;
    for (int i = 0; i < kAnnotators; ++i) {
        m_annotators[std::size_t(i)]->prepare(burst, m_order[std::size_t(i)], gate, &ready);
        m_annotators[std::size_t(i)]->start();
    }
    ready.acquire(kAnnotators);
    QElapsedTimer clock;
    clock.start();
    open.set_value();
    for (auto& a : m_annotators)
        a->wait();
    return clock.elapsed() / 1000.0;
}

std::vector<TeamRecord> TestPacsClaimRace::readBoth() {
    DicomWebClient one(TwoServers::as(m_servers.first())), two(TwoServers::as(m_servers.second()));
    TeamClient teamOne(one), teamTwo(two);
    const auto first = wait(teamOne.readAll(m_series));
    const auto second = wait(teamTwo.readAll(m_series));
    bool agree = first.size() == second.size();
    for (std::size_t s = 0; agree && s < first.size(); ++s)
        if (first[s].toJson() != second[s].toJson() ||
            first[s].status.value != second[s].status.value) {
            qWarning("series %s reads differently through the two servers",
                     qPrintable(first[s].seriesUid));
            agree = false;
        }
    return agree ? first : std::vector<TeamRecord>{};
}

void TestPacsClaimRace::twentyAnnotatorsClaimFiftySeries() {
    const double seconds = race(RacingAnnotator::Burst::Claim);

    // What each annotator believes. A claim that ended in an error leaves it
    // unsure: it is reported, and the annotator claims again (a repeated
    // claim of a series one holds answers claimed) before believing anything.
    m_believesWon.assign(kAnnotators, {});
    int won = 0, lost = 0, unsure = 0;
    for (int i = 0; i < kAnnotators; ++i) {
        const auto& outcomes = m_annotators[std::size_t(i)]->outcomes();
        for (int k = 0; k < kSeries; ++k) {
            const RaceOutcome& o = outcomes[std::size_t(k)];
            const QString& series = m_order[std::size_t(i)][k];
            if (o.claim) {
                QCOMPARE(o.claim->claimed, o.claim->heldBy == TwoServers::annotator(i));
                QVERIFY2(!o.claim->heldBy.isEmpty(), qPrintable(series));
                (o.claim->claimed ? won : lost) += 1;
                if (o.claim->claimed)
                    m_believesWon[std::size_t(i)].insert(series);
                continue;
            }
            ++unsure;
            qInfo("unsure: %s claiming %s: %s", qPrintable(TwoServers::annotator(i)),
                  qPrintable(series), qPrintable(o.error));
            DicomWebClient client(TwoServers::as(m_servers.serverOf(i), i));
            TeamClient team(client);
            if (wait(team.claim(series)).claimed)
                m_believesWon[std::size_t(i)].insert(series);
        }
    }
    qInfo("claim race: %d annotators x %d series over 2 servers in %.2f s (%.2f s the slowest "
          "annotator): %d won, %d refused, %d unsure",
          kAnnotators, kSeries, seconds,
          (*std::max_element(m_annotators.begin(), m_annotators.end(),
                             [](auto& a, auto& b) { return a->seconds() < b->seconds(); }))
              ->seconds(),
          won, lost, unsure);
    QCOMPARE(won + lost + unsure, kAnnotators * kSeries);

    // The truth, through both servers: one assignee per series, the one
    // annotator that believes it won it; its claim's status and history
    // entry are there.
    const std::vector<TeamRecord> records = readBoth();
    QCOMPARE(int(records.size()), kSeries);
    for (const TeamRecord& r : records) {
        QVERIFY2(r.assignee.exists, qPrintable(r.seriesUid));
        QStringList believers;
        for (int i = 0; i < kAnnotators; ++i)
            if (m_believesWon[std::size_t(i)].count(r.seriesUid))
                believers << TwoServers::annotator(i);
        QVERIFY2(believers == QStringList{r.assignee.value},
                 qPrintable(QString("%1 held by %2, believed won by %3")
                                .arg(r.seriesUid, r.assignee.value, believers.join(", "))));
        QCOMPARE(r.status.value, QStringLiteral("in_progress"));
        QCOMPARE(whoDid(r, "claim"), QStringList{r.assignee.value});
    }
    // In the index itself: one assignee row per series.
    QString rows;
    QVERIFY2(m_servers.postgres().sql(
                 "SELECT count(*), count(DISTINCT id) FROM metadata WHERE type = 1025", &rows,
                 m_servers.postgres().login().database),
             qPrintable(m_servers.postgres().error()));
    QCOMPARE(rows, QString("%1|%1").arg(kSeries));
}

void TestPacsClaimRace::twentyReviewersOneRevision() {
    if (m_believesWon.empty())
        QSKIP("needs the claim race before it");
    const double seconds = race(RacingAnnotator::Burst::Review);
    std::map<QString, QStringList> believesReviewed;
    int changed = 0, conflicts = 0, unsure = 0;
    for (int i = 0; i < kAnnotators; ++i) {
        const auto& outcomes = m_annotators[std::size_t(i)]->outcomes();
        for (int k = 0; k < kSeries; ++k) {
            const RaceOutcome& o = outcomes[std::size_t(k)];
            const QString& series = m_order[std::size_t(i)][k];
            if (o.changed) {
                ++changed;
                believesReviewed[series] << TwoServers::annotator(i);
            } else if (o.conflict) {
                ++conflicts;
            } else {
                ++unsure;
                qInfo("unsure: %s reviewing %s: %s", qPrintable(TwoServers::annotator(i)),
                      qPrintable(series), qPrintable(o.error));
            }
        }
    }
    qInfo("review race: %d reviewers x %d series from one revision in %.2f s: %d went through, "
          "%d refused as stale, %d unsure",
          kAnnotators, kSeries, seconds, changed, conflicts, unsure);
    QCOMPARE(unsure, 0);
    const std::vector<TeamRecord> records = readBoth();
    QCOMPARE(int(records.size()), kSeries);
    for (const TeamRecord& r : records) {
        QCOMPARE(r.seriesStatus(), SeriesStatus::Reviewed);
        QCOMPARE(believesReviewed[r.seriesUid].size(), 1);
        QCOMPARE(whoDid(r, "reviewed"), believesReviewed[r.seriesUid]);
        QCOMPARE(whoDid(r, "claim"), QStringList{r.assignee.value}); // not lost either
    }
}

void TestPacsClaimRace::cleanupTestCase() {
    m_servers.stop();
}

QTEST_GUILESS_MAIN(TestPacsClaimRace)
#include "test_pacs_claim_race.moc"

// tgc-cli pacs echo|ls|pull|push as a user runs it, against a real Orthanc
// started by the suite, over DICOMweb and DIMSE; the password only ever
// travels in TGC_PACS_PASSWORD.
#include "../support/cli_run.h"
#include "image_writer.h"
#include "pacs_fixture.h"
#include "store/project.h"

#include <QJsonArray>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace tgc;
using tgc::test::OrthancServer;

namespace {

test::CliRun runPacs(const QStringList& args, const QString& password) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("TGC_PACS_PASSWORD", password);
    process.setProcessEnvironment(env);
    process.start(test::cliPath(), QStringList{"pacs"} + args);
    test::CliRun run;
    process.closeWriteChannel();
    if (!process.waitForFinished(300000))
        process.kill();
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestCliPacs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void echo();
    void lsListsSeriesWithReports();
    void pullThenPushTwice();
    void dimseAddresses();
    void reportFiles();

private:
    test::CliRun run(const QStringList& args) { return runPacs(args, m_orthanc->password()); }
    QStringList web() const {
        return {"--server", m_orthanc->dicomWebUrl(), "--user", m_orthanc->user(), "--json"};
    }

    QTemporaryDir m_tmp;
    std::unique_ptr<OrthancServer> m_orthanc;
    test::PacsSeries m_chest, m_abdomen;
};

void TestCliPacs::initTestCase() {
    QVERIFY2(OrthancServer::missing().isEmpty(), qPrintable(OrthancServer::missing()));
    m_chest = test::writePhantomSeries(m_tmp.filePath("chest"), 0, "P1", "chest ct");
    m_abdomen = test::writePhantomSeries(m_tmp.filePath("abdomen"), 1, "P2", "abdomen ct");
    const QString sr = test::writeStudyReport(m_tmp.filePath("sr"), m_chest, "Enlarged spleen.");
    m_orthanc = std::make_unique<OrthancServer>();
    QVERIFY2(m_orthanc->start(), qPrintable(m_orthanc->error()));
    QVERIFY2(m_orthanc->upload(m_chest.files + m_abdomen.files + QStringList{sr}),
             qPrintable(m_orthanc->error()));
}

void TestCliPacs::echo() {
    const test::CliRun ok = run(QStringList{"echo"} + web());
    QVERIFY2(ok.code == 0, ok.err.constData());
    QCOMPARE(ok.json().value("ok").toBool(), true);
    QCOMPARE(ok.json().value("server").toString(), m_orthanc->dicomWebUrl());
    const test::CliRun wrong = runPacs(QStringList{"echo"} + web(), "wrong-password");
    QCOMPARE(wrong.code, 1);
    QVERIFY2(wrong.err.contains("refused the login") &&
                 wrong.err.contains(m_orthanc->dicomWebUrl().toUtf8()),
             wrong.err.constData());
    QVERIFY(wrong.out.isEmpty());
    // No password option: it would show in `ps`.
    const test::CliRun onLine = run(QStringList{"echo", "--password", "x"} + web());
    QCOMPARE(onLine.code, 2);
    const test::CliRun noServer = run({"echo", "--json"});
    QCOMPARE(noServer.code, 2);
    QVERIFY(noServer.err.contains("--server"));
    const test::CliRun noPassword = runPacs(QStringList{"echo"} + web(), "");
    QCOMPARE(noPassword.code, 2);
    QVERIFY2(noPassword.err.contains("TGC_PACS_PASSWORD"), noPassword.err.constData());
}

void TestCliPacs::lsListsSeriesWithReports() {
    const test::CliRun all = run(QStringList{"ls"} + web());
    QVERIFY2(all.code == 0, all.err.constData());
    const QJsonArray series = all.json().value("series").toArray();
    QCOMPARE(series.size(), 3); // two CTs and the SR
    QCOMPARE(all.json().value("total").toInt(), 3);
    for (const QJsonValue& v : series) {
        const QJsonObject s = v.toObject();
        for (const char* key : {"study_uid", "series_uid", "modality", "description", "patient_id",
                                "instances", "report"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
        QCOMPARE(s.value("report").toBool(), s.value("study_uid").toString() == m_chest.studyUid);
        if (s.value("series_uid").toString() == m_abdomen.seriesUid) {
            QCOMPARE(s.value("instances").toInt(), 10);
            QCOMPARE(s.value("patient_id").toString(), QStringLiteral("P2"));
            QCOMPARE(s.value("description").toString(), QStringLiteral("abdomen ct"));
        }
    }
    const test::CliRun page =
        run(QStringList{"ls", "--modality", "CT", "--limit", "1", "--offset", "1"} + web());
    QVERIFY2(page.code == 0, page.err.constData());
    QCOMPARE(page.json().value("series").toArray().size(), 1);
    QCOMPARE(page.json().value("total").toInt(), 2);
    // Unfiltered, the count comes from the server's statistics.
    const test::CliRun first = run(QStringList{"ls", "--limit", "2"} + web());
    QVERIFY2(first.code == 0, first.err.constData());
    QCOMPARE(first.json().value("series").toArray().size(), 2);
    QCOMPARE(first.json().value("total").toInt(), 3);
    const test::CliRun p2 = run(QStringList{"ls", "--patient", "P2"} + web());
    QCOMPARE(p2.json().value("series").toArray().size(), 1);
    QCOMPARE(p2.json().value("series").toArray()[0].toObject().value("series_uid").toString(),
             m_abdomen.seriesUid);
    const test::CliRun study = run(QStringList{"ls", "--study-uid", m_chest.studyUid} + web());
    QCOMPARE(study.json().value("series").toArray().size(), 2);
    // The same listing through QIDO-RS alone (what a server other than Orthanc answers).
    const test::CliRun qido = run(QStringList{"ls", "--rest", "none"} + web());
    QVERIFY2(qido.code == 0, qido.err.constData());
    // The team's columns come from Orthanc's REST API only.
    auto sorted = [](const QJsonArray& list) {
        QStringList out;
        for (const QJsonValue& v : list) {
            QJsonObject o = v.toObject();
            for (const char* team : {"status", "assignee", "segs"})
                o.remove(QLatin1String(team));
            out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        }
        out.sort();
        return out;
    };
    QCOMPARE(sorted(qido.json().value("series").toArray()), sorted(series));
    const test::CliRun qidoPage =
        run(QStringList{"ls", "--rest", "none", "--modality", "CT", "--limit", "1"} + web());
    QCOMPARE(qidoPage.json().value("series").toArray().size(), 1);
    const test::CliRun badLimit = run(QStringList{"ls", "--limit", "0"} + web());
    QCOMPARE(badLimit.code, 1);
}

void TestCliPacs::pullThenPushTwice() {
    const QString project = m_tmp.filePath("proj");
    const test::CliRun pulled =
        run(QStringList{"pull", "--series", m_chest.seriesUid, "--project", project} + web());
    QVERIFY2(pulled.code == 0, pulled.err.constData());
    const QJsonObject p = pulled.json();
    QCOMPARE(p.value("files").toInt(), 10);
    QVERIFY(p.value("bytes").toDouble() > 10 * 40 * 36 * 2);
    QVERIFY(p.value("seconds").toDouble() > 0);
    const QString caseId = p.value("case").toString();
    QVERIFY(!caseId.isEmpty());
    const test::CliRun again =
        run(QStringList{"pull", "--series", m_chest.seriesUid, "--project", project} + web());
    QCOMPARE(again.json().value("case").toString(), caseId);
    QCOMPARE(again.json().value("already_pulled").toBool(), true);

    Project opened = Project::open(project);
    QCOMPARE(opened.cases().size(), std::size_t(1));
    CaseRecord& c = *opened.findCase(caseId);
    QCOMPARE(c.pacs.seriesUid, m_chest.seriesUid);
    QCOMPARE(c.report, QStringLiteral("Enlarged spleen."));
    // No credential in the project.
    QFile manifest(opened.manifestPath());
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    QVERIFY(!manifest.readAll().contains(m_orthanc->password().toUtf8()));

    const test::CliRun noMask =
        run(QStringList{"push", "--project", project, "--case", caseId} + web());
    QCOMPARE(noMask.code, 1);
    QVERIFY2(noMask.err.contains("no saved mask"), noMask.err.constData());
    QDir().mkpath(opened.caseFolder(caseId));
    writeNifti(m_chest.labels, opened.maskPath(c));
    const test::CliRun first =
        run(QStringList{"push", "--project", project, "--case", caseId} + web());
    QVERIFY2(first.code == 0, first.err.constData());
    const test::CliRun second =
        run(QStringList{"push", "--project", project, "--case", caseId} + web());
    QVERIFY2(second.code == 0, second.err.constData());
    QCOMPARE(second.json().value("sop_instance_uid"), first.json().value("sop_instance_uid"));
    QCOMPARE(second.json().value("seg_series_uid"), first.json().value("seg_series_uid"));
    const test::CliRun segs = run(QStringList{"ls", "--modality", "SEG"} + web());
    QCOMPARE(segs.json().value("series").toArray().size(), 1);
    QCOMPARE(segs.json().value("series").toArray()[0].toObject().value("series_uid"),
             first.json().value("seg_series_uid"));
    QCOMPARE(m_orthanc->countInstances(first.json().value("seg_series_uid").toString()), 1);
}

void TestCliPacs::dimseAddresses() {
    const QStringList dimse{"--server", m_orthanc->dimseUrl(), "--json"};
    const test::CliRun echo = run(QStringList{"echo"} + dimse);
    QVERIFY2(echo.code == 0, echo.err.constData());
    const test::CliRun ls = run(QStringList{"ls", "--modality", "CT"} + dimse);
    QVERIFY2(ls.code == 0, ls.err.constData());
    QCOMPARE(ls.json().value("series").toArray().size(), 2);
    // C-FIND has no paging: the second page of one is cut from the whole answer.
    const test::CliRun second =
        run(QStringList{"ls", "--modality", "CT", "--limit", "1", "--offset", "1"} + dimse);
    QVERIFY2(second.code == 0, second.err.constData());
    QCOMPARE(second.json().value("total").toInt(), 2);
    const QJsonArray page = second.json().value("series").toArray();
    QCOMPARE(page.size(), 1);
    QCOMPARE(page[0].toObject().value("series_uid"),
             ls.json().value("series").toArray()[1].toObject().value("series_uid"));
    const QString project = m_tmp.filePath("dimse-proj");
    const test::CliRun pulled =
        run(QStringList{"pull", "--series", m_abdomen.seriesUid, "--project", project} + dimse);
    QVERIFY2(pulled.code == 0, pulled.err.constData());
    QCOMPARE(pulled.json().value("files").toInt(), 10);
    const test::CliRun wrongAet =
        run(QStringList{"echo", "--server",
                        QStringLiteral("dicom://X@127.0.0.1:%1").arg(OrthancServer::freePort())});
    QCOMPARE(wrongAet.code, 1);
    QVERIFY2(wrongAet.err.contains("dicom://X@127.0.0.1"), wrongAet.err.constData());
}

void TestCliPacs::reportFiles() {
    const QString sr = m_tmp.filePath("written-sr.dcm");
    const test::CliRun written =
        run({"report", "--write", sr, "--study-of", m_chest.files.front(), "--text",
             "No focal lesion.", "--author", "ROE^RICHARD^^Dr", "--date", "20240405", "--json"});
    QVERIFY2(written.code == 0, written.err.constData());
    const test::CliRun read = run({"report", "--sr", sr, "--json"});
    QVERIFY2(read.code == 0, read.err.constData());
    QCOMPARE(read.json().value("text").toString(), QStringLiteral("No focal lesion."));
    QCOMPARE(read.json().value("source").toString(),
             QStringLiteral("from SR 2024-04-05, Dr Richard Roe"));
    QCOMPARE(read.json().value("study_uid").toString(), m_chest.studyUid);
    const test::CliRun notSr = run({"report", "--sr", m_chest.files.front(), "--json"});
    QCOMPARE(notSr.code, 1);
    QVERIFY2(notSr.err.contains(m_chest.files.front().toUtf8()), notSr.err.constData());
}

QTEST_GUILESS_MAIN(TestCliPacs)
#include "test_cli_pacs.moc"

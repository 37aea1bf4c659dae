// tgc-cli pacs pull / push: a series into a project as a case, a case's mask
// back to the PACS as a DICOM SEG (see cmd_pacs.cpp for the server options).
#include "cmd_pacs.h"
#include "commands.h"
#include "dicomweb_client.h"
#include "dimse_client.h"
#include "io_error.h"
#include "pacs_error.h"
#include "pacs_pull.h"
#include "pacs_push.h"
#include "pacs_uid.h"
#include "store/project.h"
#include "store/safe_path.h"
#include "team_state.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>
#include <atomic>
#include <csignal>

namespace tgc::cli {

namespace {

std::atomic_bool g_interrupted{false}; // lock-free, so the handler may set it
static_assert(std::atomic_bool::is_always_lock_free);

// Ctrl-C cancels the pull; the files fetched whole stay staged for the next.
void onInterrupt(int) {
    g_interrupted = true;
}

pacs::PullResult pull(const PacsCommand& c, Project& project, QString studyUid,
                      const QString& seriesUid, const QString& annotator) {
    if (c.server.kind == pacs::PacsServer::Kind::Dimse) {
        const pacs::DimseClient client(c.server);
        QElapsedTimer fetching;
        fetching.start();
        std::signal(SIGINT, onInterrupt);
        const pacs::StagedSeries staged =
            pacs::fetchSeriesDimse(client, project.root(), studyUid, seriesUid, &g_interrupted);
        std::signal(SIGINT, SIG_DFL);
        if (g_interrupted)
            throw pacs::PacsError(QStringLiteral("cancelled"));
        const double fetchSeconds = fetching.elapsed() / 1000.0;
        std::optional<pacs::SrReport> report;
        try {
            report = pacs::fetchStudyReportDimse(client, project.root(), staged.studyUid);
        } catch (const pacs::PacsError& e) {
            QTextStream(stderr) << "tgc-cli pacs pull: no report from the study's SR: "
                                << e.message() << "\n";
        }
        pacs::PullResult result =
            pacs::adoptStagedSeries(project, staged, c.server.display(), annotator, report);
        result.fetchSeconds = fetchSeconds;
        return result;
    }
    pacs::DicomWebClient client(c.server);
    QElapsedTimer timer;
    timer.start();
    QFuture<pacs::StagedSeries> fetching =
        pacs::fetchSeries(client, project.root(), studyUid, seriesUid);
    QTimer interrupt;
    QObject::connect(&interrupt, &QTimer::timeout, [&fetching] {
        if (g_interrupted)
            fetching.cancel();
    });
    interrupt.start(100);
    std::signal(SIGINT, onInterrupt);
    const pacs::StagedSeries staged = pacs::wait(fetching);
    std::signal(SIGINT, SIG_DFL);
    const double fetchSeconds = timer.elapsed() / 1000.0;
    // A broken SR costs the case its report, not the pull.
    std::optional<pacs::SrReport> report;
    try {
        report = pacs::wait(pacs::fetchStudyReport(client, project.root(), staged.studyUid));
    } catch (const pacs::PacsError& e) {
        QTextStream(stderr) << "tgc-cli pacs pull: no report from the study's SR: " << e.message()
                            << "\n";
    }
    // No SR: the report the team agreed for the series, where there is one.
    if (!report && !c.server.rest.isEmpty()) {
        try {
            pacs::TeamClient team(client);
            report = pacs::agreedReport(pacs::wait(team.readAll({seriesUid})).front());
        } catch (const pacs::PacsError& e) {
            QTextStream(stderr) << "tgc-cli pacs pull: no agreed report: " << e.message() << "\n";
        }
    }
    pacs::PullResult result =
        pacs::adoptStagedSeries(project, staged, c.server.display(), annotator, report);
    result.fetchSeconds = fetchSeconds;
    return result;
}

} // namespace

int runPacsPull(const QStringList& args) {
    PacsCommand c("pacs pull",
                  "Pulls a series into a project (created when missing) as a case that remembers "
                  "its server and UIDs; the study's SR fills its report. An interrupted pull "
                  "resumes with the files already fetched.");
    CommandLine& cl = c.line();
    const auto series = cl.option("series", "Series Instance UID", "UID");
    const auto study = cl.option("study", "Study Instance UID (found when not given)", "UID");
    const auto project = cl.project();
    const auto annotator = cl.option("annotator", "name stamped on the new case", "NAME");
    if (const auto done = c.setUp(args, {series, project}))
        return *done;
    const QString seriesUid = cl.value(series);
    if (!pacs::isValidUid(seriesUid))
        return cl.fail(QStringLiteral("'%1' is not a valid Series Instance UID").arg(seriesUid));
    QElapsedTimer timer;
    timer.start();
    try {
        Project p = Project::openOrCreate(cl.value(project));
        pacs::PullResult result;
        if (const CaseRecord* earlier = pacs::pulledCase(p, c.server.display(), seriesUid)) {
            result.caseId = earlier->id;
            result.files = int(earlier->pacs.sopInstanceUids.size());
            result.alreadyPulled = true;
            result.reportSource = earlier->pacs.reportSource;
        } else {
            result = pull(c, p, cl.value(study), seriesUid, cl.value(annotator));
        }
        result.seconds = timer.elapsed() / 1000.0;
        if (c.json)
            printJson(result.toJson());
        else
            QTextStream(stdout)
                << (result.alreadyPulled ? "Already pulled as case " : "Pulled case ")
                << result.caseId << " (" << result.files << " files, " << result.bytes << " bytes, "
                << result.seconds << " s)"
                << (result.reportSource.isEmpty() ? QString() : "; report " + result.reportSource)
                << "\n";
        return 0;
    } catch (const pacs::PacsError& e) {
        return cl.fail(e.message(), 1);
    } catch (const IoError& e) {
        return cl.fail(e.message(), 1);
    }
}

int runPacsPush(const QStringList& args) {
    PacsCommand c("pacs push", "Pushes a case's saved mask as a new DICOM SEG series (STOW-RS or "
                               "C-STORE). Pushing the same saved mask again leaves one copy.");
    CommandLine& cl = c.line();
    const auto project = cl.project();
    const auto caseId = cl.option("case", "the case id", "ID");
    if (const auto done = c.setUp(args, {project, caseId}))
        return *done;
    QElapsedTimer timer;
    timer.start();
    try {
        const Project p = Project::open(cl.value(project));
        const pacs::PreparedSeg seg = pacs::prepareSeg(p, cl.value(caseId));
        pacs::PushResult result;
        if (c.server.kind == pacs::PacsServer::Kind::Dimse) {
            const QString scratch = resolveInside(p.root(), QStringLiteral(".pacs-staging"));
            QDir().mkpath(scratch);
            result = pacs::pushSeg(pacs::DimseClient(c.server), seg, scratch);
        } else {
            pacs::DicomWebClient client(c.server);
            result = pacs::wait(pacs::pushSeg(client, seg));
            // The first annotator's report of a study without an SR becomes
            // the team's: the next one who pulls the series starts from it.
            const CaseRecord* record = p.findCase(seg.caseId);
            if (record && record->pacs.isSet() && !c.server.rest.isEmpty()) {
                pacs::TeamClient team(client);
                result.sharedReport =
                    pacs::wait(pacs::shareReportIfNone(team, record->pacs.seriesUid, record->report,
                                                       record->aux, record->pacs.reportSource));
            }
        }
        result.seconds = timer.elapsed() / 1000.0;
        if (c.json)
            printJson(result.toJson());
        else
            QTextStream(stdout) << "Pushed case " << seg.caseId << " as SEG series "
                                << result.segSeriesUid << " (" << result.seconds << " s)\n";
        return 0;
    } catch (const pacs::PacsError& e) {
        return cl.fail(e.message(), 1);
    } catch (const IoError& e) {
        return cl.fail(e.message(), 1);
    }
}

} // namespace tgc::cli

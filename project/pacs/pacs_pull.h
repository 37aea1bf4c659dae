// Pulling a series into a project, in two steps so the network part never
// holds the project: fetch (asynchronous, network only) writes the series'
// files into <project>/.pacs-staging/<series UID>/ and keeps whatever
// arrived whole, so a cancelled or broken pull resumes where it stopped;
// adopt (synchronous, reads the files: run it off the UI thread) moves the
// complete folder to <project>/pacs/<series UID>/ and imports it as a case
// that records its server and UIDs. Until adopt, no case exists.
#pragma once

#include "dicomweb_client.h"
#include "dimse_client.h"
#include "sr_report.h"
#include "store/case_record.h"

#include <QFuture>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <atomic>

namespace tgc {
class Project;
}

namespace tgc::pacs {

struct StagedSeries {
    QString folder; // inside the project
    QString studyUid, seriesUid;
    int files = 0;        // in the folder now
    int fetched = 0;      // of them, fetched by this pull
    qint64 bytes = 0;     // fetched by this pull
    bool resumed = false; // files of an earlier pull were kept
};

struct PullResult {
    QString caseId;
    int files = 0;
    qint64 bytes = 0;
    double seconds = 0.0;
    double fetchSeconds = 0.0; // of them, on the network (the rest: reading the series in)
    bool alreadyPulled = false;
    QString reportSource; // "from SR 2024-03-01, Dr ..." when the study's SR filled the report

    // {"case","files","bytes","seconds","fetch_seconds","already_pulled","report_source"}
    QJsonObject toJson() const;
};

// The staging folder of a series inside a project (created); throws
// PacsError for a UID that is not one and IoError for a path that would
// leave the project.
QString stagingFolder(const QString& projectRoot, const QString& seriesUid);

// The SOP Instance UIDs of the files staged whole in a staging folder.
QSet<QString> stagedUids(const QString& folder);

// The case already pulled from this server for this series, if any.
const CaseRecord* pulledCase(const Project& project, const QString& server,
                             const QString& seriesUid);

// Fetches a series by WADO-RS: the whole series in one stream when nothing is
// staged yet, else only the instances that are missing (listed by QIDO-RS).
// studyUid may be empty: QIDO-RS finds it. Progress: files staged.
QFuture<StagedSeries> fetchSeries(DicomWebClient& client, const QString& projectRoot,
                                  const QString& studyUid, const QString& seriesUid);

// The study's report from its newest text SR, if it has one: the SR is
// fetched into the staging area and read there (dcmsr), then removed.
QFuture<std::optional<SrReport>>
fetchStudyReport(DicomWebClient& client, const QString& projectRoot, const QString& studyUid);

// The same two over DIMSE (pacs_pull_dimse.cpp). They block: run them off
// the UI thread. The fetch C-GETs the whole series when nothing is staged,
// else only the instances C-FIND lists and the folder lacks (a staged file
// that does not read as its instance is fetched again); a server refusing
// C-GET is asked for a C-MOVE where the address names a move port. cancel is
// polled between instances.
// progress is told the files staged so far.
StagedSeries fetchSeriesDimse(const DimseClient& client, const QString& projectRoot,
                              const QString& studyUid, const QString& seriesUid,
                              const std::atomic_bool* cancel = nullptr,
                              const std::function<void(int)>& progress = {});
std::optional<SrReport> fetchStudyReportDimse(const DimseClient& client, const QString& projectRoot,
                                              const QString& studyUid);

// Imports a completely staged series as a case (see above) and saves the
// project. A report fills the case's report when it has none yet (the
// annotator's own text stays). Throws PacsError / IoError naming the folder.
PullResult adoptStagedSeries(Project& project, const StagedSeries& staged, const QString& server,
                             const QString& annotator = {},
                             const std::optional<SrReport>& report = std::nullopt);

} // namespace tgc::pacs

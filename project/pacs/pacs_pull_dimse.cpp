// A pull's network part over DIMSE (pacs_pull.h): the same staging folder
// and the same resumption as over DICOMweb.
#include "pacs_error.h"
#include "pacs_pull.h"
#include "store/safe_path.h"

#include <QDir>
#include <QFile>

namespace tgc::pacs {

namespace {

// A staged file that does not read as the instance it is named after (a
// store cut off by a killed process) is removed, so the resumed pull fetches
// it again.
QSet<QString> wholeStagedUids(const QString& folder) {
    QSet<QString> whole;
    for (const QString& uid : stagedUids(folder)) {
        const QString path = QDir(folder).filePath(uid + QStringLiteral(".dcm"));
        QString error;
        if (readDicomIds(path, &error).sopInstanceUid == uid && error.isEmpty())
            whole.insert(uid);
        else
            QFile::remove(path);
    }
    return whole;
}

} // namespace

StagedSeries fetchSeriesDimse(const DimseClient& client, const QString& projectRoot,
                              const QString& studyUid, const QString& seriesUid,
                              const std::atomic_bool* cancel,
                              const std::function<void(int)>& progress) {
    StagedSeries staged;
    staged.folder = stagingFolder(projectRoot, seriesUid);
    staged.seriesUid = seriesUid;
    staged.studyUid = studyUid;
    if (staged.studyUid.isEmpty()) {
        SeriesQuery q;
        q.seriesUid = seriesUid;
        const std::vector<SeriesEntry> found = client.findSeries(q);
        if (found.empty())
            throw PacsError(QStringLiteral("server %1 has no series %2")
                                .arg(client.server().display(), seriesUid));
        staged.studyUid = found.front().studyUid;
    }
    const QSet<QString> have = wholeStagedUids(staged.folder);
    QStringList missing;
    if (!have.isEmpty()) {
        for (const InstanceEntry& i : client.findInstances(staged.studyUid, seriesUid))
            if (!have.contains(i.sopInstanceUid))
                missing << i.sopInstanceUid;
        staged.resumed = true;
    }
    if (have.isEmpty() || !missing.isEmpty()) {
        const int kept = int(have.size());
        const RetrieveResult got =
            client.retrieveSeries(staged.studyUid, seriesUid, staged.folder, cancel, missing,
                                  [&progress, kept](int files) {
                                      if (progress)
                                          progress(kept + files);
                                  });
        staged.fetched = got.files;
        staged.bytes = got.bytes;
    }
    staged.files = int(stagedUids(staged.folder).size());
    return staged;
}

std::optional<SrReport> fetchStudyReportDimse(const DimseClient& client, const QString& projectRoot,
                                              const QString& studyUid) {
    SeriesQuery q;
    q.studyUid = studyUid;
    q.modality = QStringLiteral("SR");
    const std::vector<SeriesEntry> srs = client.findSeries(q);
    if (srs.empty())
        return std::nullopt;
    const QString folder =
        resolveInside(projectRoot, QStringLiteral(".pacs-staging/report-") + studyUid);
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    const RetrieveResult got = client.retrieveSeries(studyUid, srs.back().seriesUid, folder);
    std::optional<SrReport> newest = newestTextSr(folder, got.sopInstanceUids);
    QDir(folder).removeRecursively();
    return newest;
}

} // namespace tgc::pacs

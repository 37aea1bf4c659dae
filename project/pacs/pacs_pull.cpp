#include "pacs_pull.h"

#include "io_error.h"
#include "pacs_error.h"
#include "pacs_uid.h"
#include "store/importer.h"
#include "store/project.h"
#include "store/safe_path.h"

#include <QDir>
#include <QFutureWatcher>
#include <QPromise>
#include <QSet>
#include <QTimer>
#include <optional>

namespace tgc::pacs {

QSet<QString> stagedUids(const QString& folder) {
    QSet<QString> uids;
    for (const QString& name :
         QDir(folder).entryList({QStringLiteral("*.dcm")}, QDir::Files | QDir::NoSymLinks))
        uids.insert(name.chopped(4));
    return uids;
}

namespace {

// A case id a person can read in the case list: the series' description (or
// its modality) and the end of its UID, which tells series of one description
// apart ("chest-ct-305421" rather than 1.2.276.0.7230010.3....305421).
QString pulledCaseId(const QString& folder, const QString& seriesUid) {
    const QStringList files = QDir(folder).entryList({QStringLiteral("*.dcm")}, QDir::Files);
    QString error;
    const DicomIds ids =
        files.isEmpty() ? DicomIds{} : readDicomIds(QDir(folder).filePath(files.front()), &error);
    QString name;
    for (const QChar c : (ids.seriesDescription.isEmpty() ? ids.modality : ids.seriesDescription)
                             .toLower()
                             .simplified()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            name += c;
        else if (!name.isEmpty() && !name.endsWith(QLatin1Char('-')))
            name += QLatin1Char('-');
    }
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    const QString tail = seriesUid.section(QLatin1Char('.'), -1).right(8);
    return name.isEmpty() ? seriesUid : name.left(40) + QLatin1Char('-') + tail;
}

void requireUid(const QString& uid, const char* what) {
    if (!isValidUid(uid))
        throw PacsError(
            QStringLiteral("'%1' is not a valid %2").arg(uid.left(80), QLatin1String(what)));
}

// One pull's network part: find the study when not given, list the
// instances, then stream the whole series (nothing staged yet) or fetch the
// missing instances a few at a time. Polls the caller's future for a cancel
// and passes it on to the running requests.
class SeriesFetch : public QObject {
public:
    SeriesFetch(DicomWebClient& client, StagedSeries staged)
        : QObject(&client), m_client(client), m_staged(std::move(staged)) {
        m_promise.start();
        auto* timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [this] {
            if (!m_promise.isCanceled())
                return;
            for (QFuture<RetrieveResult>& f : m_running)
                f.cancel();
            if (m_active == 0)
                done();
        });
        timer->start(100);
    }
    QFuture<StagedSeries> future() { return m_promise.future(); }

    void start() {
        if (!m_staged.studyUid.isEmpty())
            return begin();
        SeriesQuery q;
        q.seriesUid = m_staged.seriesUid;
        watch(m_client.searchSeries(q), [this](std::vector<SeriesEntry> found) {
            if (found.empty())
                return fail(QStringLiteral("server %1 has no series %2")
                                .arg(m_client.server().display(), m_staged.seriesUid));
            m_staged.studyUid = found.front().studyUid;
            if (found.front().instances > 0)
                m_promise.setProgressRange(0, found.front().instances);
            begin();
        });
    }

private:
    static constexpr int kInFlight = 4;

    // Runs then(result) when the future is done; a failure ends the pull.
    template <class T, class Then> void watch(QFuture<T> future, Then then) {
        auto* watcher = new QFutureWatcher<T>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
                [this, watcher, future, then]() mutable {
                    watcher->deleteLater();
                    try {
                        future.waitForFinished();
                        if (future.isCanceled() || m_promise.isCanceled())
                            return done();
                        then(future.result());
                    } catch (const PacsError& e) {
                        fail(e.message());
                    }
                });
        watcher->setFuture(future);
    }

    // Nothing staged: the whole series in one stream, at once (listing its
    // instances first costs Orthanc as long as a third of the transfer).
    // Something staged: list the instances and fetch the missing ones.
    void begin() {
        if (!stagedUids(m_staged.folder).isEmpty())
            return listInstances();
        retrieve(m_client.retrieveSeries(m_staged.studyUid, m_staged.seriesUid, m_staged.folder));
    }

    void listInstances() {
        watch(m_client.searchInstances(m_staged.studyUid, m_staged.seriesUid),
              [this](std::vector<InstanceEntry> instances) {
                  const QSet<QString> have = stagedUids(m_staged.folder);
                  for (const InstanceEntry& i : instances)
                      if (!have.contains(i.sopInstanceUid))
                          m_missing << i.sopInstanceUid;
                  m_staged.files = int(have.size());
                  m_staged.resumed = !have.isEmpty();
                  m_promise.setProgressRange(0, int(instances.size()));
                  m_promise.setProgressValue(m_staged.files);
                  if (have.isEmpty() && !m_missing.isEmpty()) {
                      m_missing.clear();
                      retrieve(m_client.retrieveSeries(m_staged.studyUid, m_staged.seriesUid,
                                                       m_staged.folder));
                      return;
                  }
                  for (int i = 0; i < kInFlight; ++i)
                      next();
                  if (m_active == 0)
                      done();
              });
    }

    void next() {
        if (m_missing.isEmpty() || !m_error.isEmpty() || m_promise.isCanceled())
            return;
        const QString uid = m_missing.takeFirst();
        retrieve(
            m_client.retrieveInstance(m_staged.studyUid, m_staged.seriesUid, uid, m_staged.folder));
    }

    void retrieve(QFuture<RetrieveResult> future) {
        ++m_active;
        m_running.append(future);
        auto* watcher = new QFutureWatcher<RetrieveResult>(this);
        connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
                [this](int files) { m_promise.setProgressValue(m_staged.files + files); });
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, future]() mutable {
            watcher->deleteLater();
            --m_active;
            try {
                future.waitForFinished();
                if (!future.isCanceled()) {
                    const RetrieveResult r = future.result();
                    m_staged.fetched += r.files;
                    m_staged.bytes += r.bytes;
                }
            } catch (const PacsError& e) {
                if (m_error.isEmpty())
                    m_error = e.message();
            }
            m_promise.setProgressValue(m_staged.files + m_staged.fetched);
            next();
            if (m_active == 0)
                done();
        });
        watcher->setFuture(future);
    }

    void fail(const QString& message) {
        if (m_error.isEmpty())
            m_error = message;
        if (m_active == 0)
            done();
    }

    void done() {
        if (m_finished)
            return;
        m_finished = true;
        if (!m_error.isEmpty()) {
            m_promise.setException(std::make_exception_ptr(PacsError(m_error)));
        } else if (!m_promise.isCanceled()) {
            m_staged.files = int(stagedUids(m_staged.folder).size());
            m_promise.addResult(m_staged);
        }
        m_promise.finish();
        deleteLater();
    }

    DicomWebClient& m_client;
    StagedSeries m_staged;
    QPromise<StagedSeries> m_promise;
    QStringList m_missing;
    QList<QFuture<RetrieveResult>> m_running;
    int m_active = 0;
    QString m_error;
    bool m_finished = false;
};

} // namespace

QJsonObject PullResult::toJson() const {
    return QJsonObject{{"case", caseId},
                       {"files", files},
                       {"bytes", double(bytes)},
                       {"seconds", seconds},
                       {"fetch_seconds", fetchSeconds},
                       {"already_pulled", alreadyPulled},
                       {"report_source", reportSource}};
}

QString stagingFolder(const QString& projectRoot, const QString& seriesUid) {
    requireUid(seriesUid, "Series Instance UID");
    const QString folder = resolveInside(projectRoot, QStringLiteral(".pacs-staging/") + seriesUid);
    if (!QDir().mkpath(folder))
        throw IoError(folder, QStringLiteral("cannot create the staging folder"));
    return folder;
}

const CaseRecord* pulledCase(const Project& project, const QString& server,
                             const QString& seriesUid) {
    for (const CaseRecord& c : project.cases())
        if (c.pacs.seriesUid == seriesUid && c.pacs.server == server)
            return &c;
    return nullptr;
}

QFuture<StagedSeries> fetchSeries(DicomWebClient& client, const QString& projectRoot,
                                  const QString& studyUid, const QString& seriesUid) {
    requireUid(seriesUid, "Series Instance UID");
    if (!studyUid.isEmpty())
        requireUid(studyUid, "Study Instance UID");
    StagedSeries staged;
    staged.folder = stagingFolder(projectRoot, seriesUid);
    staged.seriesUid = seriesUid;
    staged.studyUid = studyUid;
    auto* fetch = new SeriesFetch(client, staged);
    QFuture<StagedSeries> future = fetch->future();
    fetch->start();
    return future;
}

QFuture<std::optional<SrReport>>
fetchStudyReport(DicomWebClient& client, const QString& projectRoot, const QString& studyUid) {
    if (!isValidUid(studyUid))
        throw PacsError(
            QStringLiteral("'%1' is not a valid Study Instance UID").arg(studyUid.left(80)));
    SeriesQuery q;
    q.studyUid = studyUid;
    q.modality = QStringLiteral("SR");
    DicomWebClient* c = &client;
    return client.searchSeries(q)
        .then([c, projectRoot, studyUid](std::vector<SeriesEntry> srs) {
            if (srs.empty()) {
                QPromise<std::optional<SrReport>> none;
                none.start();
                none.addResult(std::nullopt);
                none.finish();
                return none.future();
            }
            const QString folder =
                resolveInside(projectRoot, QStringLiteral(".pacs-staging/report-") + studyUid);
            QDir(folder).removeRecursively();
            QDir().mkpath(folder);
            return c->retrieveSeries(studyUid, srs.back().seriesUid, folder)
                .then([folder](const RetrieveResult& got) {
                    std::optional<SrReport> newest = newestTextSr(folder, got.sopInstanceUids);
                    QDir(folder).removeRecursively();
                    return newest;
                });
        })
        .unwrap();
}

PullResult adoptStagedSeries(Project& project, const StagedSeries& staged, const QString& server,
                             const QString& annotator, const std::optional<SrReport>& report) {
    requireUid(staged.seriesUid, "Series Instance UID");
    const QSet<QString> uids = stagedUids(staged.folder);
    if (uids.isEmpty())
        throw PacsError(
            QStringLiteral("server %1: series %2 holds no image").arg(server, staged.seriesUid));
    const QString target =
        resolveInside(project.root(), QStringLiteral("pacs/") + staged.seriesUid);
    if (QFileInfo::exists(target) && !QDir(target).removeRecursively())
        throw IoError(target, QStringLiteral("cannot replace an earlier pull's folder"));
    QDir().mkpath(QFileInfo(target).path());
    // Temporary parts of a broken transfer are not part of the series.
    for (const QString& part :
         QDir(staged.folder).entryList({QStringLiteral(".incoming-*")}, QDir::Files | QDir::Hidden))
        QFile::remove(QDir(staged.folder).filePath(part));
    if (!QDir().rename(staged.folder, target))
        throw IoError(staged.folder,
                      QStringLiteral("cannot move the pulled files to %1").arg(target));
    ImportOptions options;
    options.annotator = annotator;
    options.projectOwnFiles = true;
    options.caseId = pulledCaseId(target, staged.seriesUid);
    const ImportResult imported = importSources(project, {target}, options);
    if (imported.added.size() != 1) {
        // Put the files back where a later pull finds them.
        QDir().rename(target, staged.folder);
        QString why = imported.skipped.empty() ? QStringLiteral("it did not read as one series")
                                               : imported.skipped.front().reason;
        if (!imported.duplicates.empty())
            why = QStringLiteral("its images are already case %1")
                      .arg(imported.duplicates.front().existingId);
        throw PacsError(QStringLiteral("server %1: series %2 could not become a case: %3")
                            .arg(server, staged.seriesUid, why));
    }
    CaseRecord& record = *project.findCase(imported.added.front());
    record.pacs.server = server;
    record.pacs.studyUid = staged.studyUid;
    record.pacs.seriesUid = staged.seriesUid;
    record.pacs.sopInstanceUids = QStringList(uids.begin(), uids.end());
    record.pacs.sopInstanceUids.sort();
    record.pacs.pulled = QDateTime::currentDateTimeUtc();
    PullResult result;
    if (report && record.report.isEmpty()) {
        record.report = report->text;
        record.pacs.reportSource = report->source();
        result.reportSource = record.pacs.reportSource;
    }
    if (report && record.aux.isEmpty() && !report->auxiliaryPrompt.isEmpty())
        record.aux = report->auxiliaryPrompt;
    project.save();
    result.caseId = record.id;
    result.files = int(uids.size());
    for (const QFileInfo& file : QDir(target).entryInfoList(QDir::Files))
        result.bytes += file.size();
    return result;
}

} // namespace tgc::pacs

// The PACS browser over DIMSE: every association blocks, so each step runs
// on a worker thread (QtConcurrent) and is watched like a DICOMweb future.
// C-FIND has no paging: a page is cut from the whole answer, whose size is
// the total.
#include "pacs_browser.h"
#include "pacs_error.h"

#include <QPromise>
#include <QSet>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

namespace tgc {

namespace {

struct ListedPage {
    std::vector<pacs::SeriesEntry> series;
    int total = 0;
};

struct PulledSeries {
    pacs::StagedSeries staged;
    std::optional<pacs::SrReport> report;
};

} // namespace

void PacsBrowser::refreshDimse(int serial) {
    const pacs::DimseClient client = *m_dimse;
    pacs::SeriesQuery query = m_query;
    query.limit = query.offset = 0;
    pacs::SeriesQuery page = m_query;
    page.limit = kPageSize;
    page.offset = m_page * kPageSize;
    setBusy(true);
    QFuture<ListedPage> listing = QtConcurrent::run([client, query, page] {
        const std::vector<pacs::SeriesEntry> all = client.findSeries(query);
        ListedPage listed;
        listed.total = int(all.size());
        listed.series = pacs::pageOf(all, page);
        QSet<QString> studies;
        for (const pacs::SeriesEntry& sr : client.findSeries(query.reports()))
            studies.insert(sr.studyUid);
        for (pacs::SeriesEntry& s : listed.series)
            s.report = studies.contains(s.studyUid);
        return listed;
    });
    watch(listing, [this, serial](std::optional<ListedPage> page, const QString& why) {
        if (page && serial == m_listSerial)
            m_total = page->total;
        takePage(serial, page ? std::optional(std::move(page->series)) : std::nullopt, why);
    });
}

void PacsBrowser::pullDimse(const pacs::SeriesEntry& entry, const QString& projectRoot) {
    const pacs::DimseClient client = *m_dimse;
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancelled;
    QFuture<PulledSeries> pulling =
        QtConcurrent::run([client, entry, projectRoot, cancelled](QPromise<PulledSeries>& promise) {
            promise.setProgressRange(0, std::max(0, entry.instances));
            PulledSeries pulled;
            pulled.staged = pacs::fetchSeriesDimse(
                client, projectRoot, entry.studyUid, entry.seriesUid, cancelled.get(),
                [&promise](int files) { promise.setProgressValue(files); });
            if (*cancelled)
                throw pacs::PacsError(QCoreApplication::translate("tgc::PacsBrowser", "cancelled"));
            // The report is a bonus: a study without a readable SR still pulls.
            try {
                pulled.report = pacs::fetchStudyReportDimse(client, projectRoot, entry.studyUid);
            } catch (const pacs::PacsError&) {
            }
            promise.addResult(pulled);
        });
    m_running = QFuture<void>(pulling);
    watch(pulling, [this](std::optional<PulledSeries> pulled, const QString& why) {
        setBusy(false);
        if (!pulled) {
            Q_EMIT failed(why);
            return;
        }
        Q_EMIT staged(pulled->staged, pulled->report);
    });
}

void PacsBrowser::pushDimse(std::shared_ptr<const Project> project, const QString& caseId) {
    const pacs::DimseClient client = *m_dimse;
    QFuture<pacs::PushResult> pushing = QtConcurrent::run([client, project, caseId] {
        const pacs::PreparedSeg seg = pacs::prepareSeg(*project, caseId);
        QTemporaryDir scratch;
        if (!scratch.isValid())
            throw pacs::PacsError(
                QStringLiteral("no temporary folder for the SEG of %1").arg(caseId));
        return pacs::pushSeg(client, seg, scratch.path());
    });
    m_running = QFuture<void>(pushing);
    watch(pushing, [this](std::optional<pacs::PushResult> result, const QString& why) {
        setBusy(false);
        if (!result) {
            Q_EMIT failed(why);
            return;
        }
        Q_EMIT pushed(*result);
    });
}

} // namespace tgc

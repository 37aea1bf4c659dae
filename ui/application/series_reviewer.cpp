#include "series_reviewer.h"

#include "image_reader.h"
#include "pacs_browser.h"
#include "store/project.h"
#include "store/safe_path.h"
#include "team_state.h"
#include "watch_future.h"

#include <QDir>
#include <QtConcurrent/QtConcurrentRun>
#include <set>

namespace tgc {

namespace {

struct ReadReview {
    std::shared_ptr<const ImageVolume> image;
    pacs::ReviewMasks masks;
    std::vector<AgreementRow> rows;
};

ReadReview readAndCompare(const pacs::FetchedReview& fetched) {
    ReadReview r;
    auto image = std::make_shared<ImageVolume>(readImage(fetched.source.folder));
    r.masks = pacs::readReview(fetched, *image);
    r.rows = pacs::agreementOf(r.masks, image->geometry());
    r.image = std::move(image);
    return r;
}

} // namespace

SeriesReviewer::SeriesReviewer(PacsBrowser* browser, QObject* parent)
    : QObject(parent), m_browser(browser) {}

SeriesReviewer::~SeriesReviewer() = default;

void SeriesReviewer::setBusy(bool busy) {
    m_busy = busy;
}

std::vector<std::uint8_t> SeriesReviewer::labels() const {
    std::vector<std::uint8_t> out;
    for (const auto& [id, name] : m_masks.labelNames)
        out.push_back(id);
    return out;
}

bool SeriesReviewer::open(int row, const QString& projectRoot) {
    pacs::DicomWebClient* client = m_browser->client();
    const auto& series = m_browser->series();
    if (!client || m_busy || row < 0 || row >= int(series.size()))
        return false;
    const pacs::SeriesEntry entry = series[std::size_t(row)];
    m_seriesUid = entry.seriesUid;
    m_description = entry.description;
    try {
        m_reviewRoot =
            resolveInside(projectRoot, QStringLiteral(".pacs-review/") + entry.seriesUid);
        Project::openOrCreate(m_reviewRoot);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return false;
    }
    setBusy(true);
    Q_EMIT message(tr("Fetching every SEG of %1…")
                       .arg(entry.description.isEmpty() ? entry.seriesUid : entry.description));
    watchFuture(this, pacs::fetchReview(*client, m_reviewRoot, entry.studyUid, entry.seriesUid),
                [this](std::optional<pacs::FetchedReview> fetched, const QString& why) {
                    if (!fetched) {
                        setBusy(false);
                        return Q_EMIT failed(why);
                    }
                    m_fetched = *fetched;
                    watchFuture(this, QtConcurrent::run(readAndCompare, m_fetched),
                                [this](std::optional<ReadReview> read, const QString& why) {
                                    setBusy(false);
                                    if (!read)
                                        return Q_EMIT failed(why);
                                    m_image = read->image;
                                    m_masks = std::move(read->masks);
                                    m_rows = std::move(read->rows);
                                    Q_EMIT ready();
                                });
                });
    return true;
}

void SeriesReviewer::acceptFinal(int maskIndex) {
    if (m_busy || maskIndex < 0 || maskIndex >= int(m_masks.masks.size()))
        return;
    const pacs::AnnotatorMask& m = m_masks.masks[std::size_t(maskIndex)];
    recordFinal(m.seg.seriesUid, tr("%1's mask").arg(m.seg.annotator));
}

void SeriesReviewer::edit(int maskIndex) {
    if (maskIndex < 0 || maskIndex >= int(m_masks.masks.size()))
        return;
    const pacs::AnnotatorMask& m = m_masks.masks[std::size_t(maskIndex)];
    Q_EMIT editMask(m_seriesUid, std::make_shared<const LabelMap>(m.labels), m.seg.annotator);
}

void SeriesReviewer::pushConsensus(const QString& method) {
    pacs::DicomWebClient* client = m_browser->client();
    if (m_busy || !client || m_masks.masks.size() < 2)
        return;
    setBusy(true);
    Q_EMIT message(tr("Building the %1 consensus and pushing it…").arg(method));
    const QString root = m_reviewRoot, server = client->server().display(),
                  reviewer = client->server().user;
    const pacs::FetchedReview fetched = m_fetched;
    const pacs::ReviewMasks masks = m_masks;
    auto prepare = QtConcurrent::run([root, fetched, masks, method, server, reviewer] {
        Project review = Project::openOrCreate(root);
        const LabelMap consensus = pacs::consensusOf(masks, method, nullptr);
        return pacs::prepareReviewerSeg(review, fetched, consensus, server, reviewer, method);
    });
    watchFuture(this, prepare,
                [this, client, method](std::optional<pacs::PreparedSeg> seg, const QString& why) {
                    if (!seg) {
                        setBusy(false);
                        return Q_EMIT failed(why);
                    }
                    watchFuture(
                        this, pacs::pushSeg(*client, *seg),
                        [this, method](std::optional<pacs::PushResult> pushed, const QString& why) {
                            setBusy(false);
                            if (!pushed)
                                return Q_EMIT failed(why);
                            recordFinal(pushed->segSeriesUid,
                                        method == QLatin1String("staple")
                                            ? tr("the STAPLE consensus")
                                            : tr("the majority-vote consensus"));
                        });
                });
}

// Based on the series as it is now: a reviewer's decision is recorded
// against the latest revision, and a refused one says what changed.
void SeriesReviewer::recordFinal(const QString& segSeriesUid, const QString& what) {
    pacs::DicomWebClient* client = m_browser->client();
    if (!client)
        return;
    setBusy(true);
    auto team = std::make_shared<pacs::TeamClient>(*client);
    watchFuture(
        this, team->read(m_seriesUid),
        [this, team, segSeriesUid, what](std::optional<pacs::TeamRecord> seen, const QString& why) {
            if (!seen) {
                setBusy(false);
                return Q_EMIT failed(why);
            }
            watchFuture(this, team->setFinal(*seen, segSeriesUid, meanDice(m_rows)),
                        [this, team, segSeriesUid, what](std::optional<pacs::TeamRecord> now,
                                                         const QString& why) {
                            setBusy(false);
                            if (!now)
                                return Q_EMIT failed(why);
                            Q_EMIT message(tr("Final: %1 (SEG %2); the series is "
                                              "reviewed.")
                                               .arg(what, segSeriesUid));
                            Q_EMIT finalRecorded(segSeriesUid, what);
                        });
        });
}

} // namespace tgc

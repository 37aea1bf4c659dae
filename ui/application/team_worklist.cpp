#include "team_worklist.h"

#include "pacs_browser.h"
#include "watch_future.h"

#include <QSet>

namespace tgc {

using pacs::SeriesStatus;

namespace {

bool isSource(const pacs::SeriesEntry& s) {
    return s.modality != QLatin1String("SEG") && s.modality != QLatin1String("SR");
}

} // namespace

TeamWorklist::TeamWorklist(PacsBrowser* browser, QObject* parent)
    : QObject(parent), m_browser(browser) {
    // The browser says "changed" for each part of a page (rows, count,
    // reports): read the team state once per new set of rows.
    connect(browser, &PacsBrowser::listChanged, this, [this] {
        QStringList uids;
        for (const pacs::SeriesEntry& s : m_browser->series())
            uids << s.seriesUid;
        const QString key = uids.join(QLatin1Char(','));
        if (key != property("tgc_rows").toString()) {
            setProperty("tgc_rows", key);
            reload();
        }
    });
}

TeamWorklist::~TeamWorklist() = default;

bool TeamWorklist::isAvailable() const {
    pacs::DicomWebClient* client = m_browser->client();
    return client && !client->server().rest.isEmpty();
}

QString TeamWorklist::user() const {
    pacs::DicomWebClient* client = m_browser->client();
    return client ? client->server().user : QString();
}

const pacs::TeamRecord* TeamWorklist::record(const QString& seriesUid) const {
    const auto it = m_records.constFind(seriesUid);
    return it == m_records.constEnd() ? nullptr : &*it;
}

int TeamWorklist::segCount(const QString& seriesUid) const {
    return m_segs.value(seriesUid);
}

QString TeamWorklist::seriesAt(int row) const {
    const auto& series = m_browser->series();
    return row >= 0 && row < int(series.size()) ? series[std::size_t(row)].seriesUid : QString();
}

void TeamWorklist::setFilter(Filter filter) {
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT changed();
}

bool TeamWorklist::shows(int row) const {
    if (m_filter == Filter::All)
        return true;
    const auto& series = m_browser->series();
    if (row < 0 || row >= int(series.size()) || !isSource(series[std::size_t(row)]))
        return false;
    const pacs::TeamRecord* r = record(seriesAt(row));
    if (!r)
        return false;
    switch (m_filter) {
    case Filter::Mine:
        return r->assignee.exists && r->assignee.value == user();
    case Filter::Unclaimed:
        return !r->assignee.exists && r->seriesStatus() == SeriesStatus::Todo;
    case Filter::ToReview:
        return r->seriesStatus() == SeriesStatus::Submitted;
    case Filter::All:
        break;
    }
    return true;
}

bool TeamWorklist::allows(Action action, int row) const {
    const pacs::TeamRecord* r = record(seriesAt(row));
    if (!r || !isAvailable())
        return false;
    const bool mine = r->assignee.exists && r->assignee.value == user();
    switch (action) {
    case Action::Claim:
        return !r->assignee.exists;
    case Action::Release:
        return mine;
    case Action::Submit:
        return mine && r->seriesStatus() == SeriesStatus::InProgress;
    case Action::TakeOver:
        return r->assignee.exists && !mine;
    }
    return false;
}

void TeamWorklist::reload() {
    const int serial = ++m_serial;
    if (!isAvailable()) {
        m_records.clear();
        m_segs.clear();
        Q_EMIT changed();
        return;
    }
    if (!m_team || m_client != m_browser->client()) {
        m_client = m_browser->client();
        m_team = std::make_unique<pacs::TeamClient>(*m_client);
    }
    QStringList sources;
    QSet<QString> studies;
    for (const pacs::SeriesEntry& s : m_browser->series()) {
        if (isSource(s))
            sources << s.seriesUid;
        studies.insert(s.studyUid);
    }
    watchFuture(
        this, m_team->readAll(sources),
        [this, serial](std::optional<std::vector<pacs::TeamRecord>> records, const QString& why) {
            if (serial != m_serial)
                return;
            if (!records) {
                Q_EMIT failed(why);
                return;
            }
            m_records.clear();
            for (pacs::TeamRecord& r : *records)
                m_records.insert(r.seriesUid, std::move(r));
            Q_EMIT changed();
        });
    m_segs.clear();
    for (const QString& study : studies)
        watchFuture(
            this, m_client->findSegs(study),
            [this, serial](std::optional<std::vector<pacs::SegEntry>> segs, const QString&) {
                if (serial != m_serial || !segs)
                    return;
                for (const pacs::SegEntry& e : *segs)
                    ++m_segs[e.sourceSeriesUid];
                Q_EMIT changed();
            });
}

void TeamWorklist::act(Action action, int row) {
    const QString uid = seriesAt(row);
    const pacs::TeamRecord* shown = record(uid);
    if (!shown || !m_team)
        return;
    const pacs::TeamRecord seen = *shown;
    if (action == Action::Claim) {
        watchFuture(this, m_team->claim(uid),
                    [this, uid](std::optional<pacs::ClaimResult> result, const QString& why) {
                        if (!result)
                            return Q_EMIT failed(why);
                        m_records.insert(uid, result->record);
                        Q_EMIT changed();
                        if (result->claimed)
                            Q_EMIT message(tr("You hold this series now."));
                        else
                            Q_EMIT conflict(
                                tr("%1 claimed this series first.").arg(result->heldBy));
                    });
        return;
    }
    // The action is based on what the annotator was shown: read it again
    // (with its revisions) and go on only if nothing changed meanwhile.
    watchFuture(this, m_team->read(uid),
                [this, action, seen](std::optional<pacs::TeamRecord> fresh, const QString& why) {
                    if (!fresh)
                        return Q_EMIT failed(why);
                    const QStringList changes = pacs::differences(seen, *fresh);
                    if (!changes.isEmpty()) {
                        m_records.insert(fresh->seriesUid, *fresh);
                        Q_EMIT changed();
                        return Q_EMIT conflict(
                            tr("This series changed since it was shown: %1. Nothing was "
                               "changed; look again.")
                                .arg(changes.join(QStringLiteral(", "))));
                    }
                    perform(action, *fresh);
                });
}

void TeamWorklist::perform(Action action, const pacs::TeamRecord& fresh) {
    QFuture<pacs::TeamRecord> change;
    QString done;
    switch (action) {
    case Action::Release:
        change = m_team->release(fresh);
        done = tr("Released.");
        break;
    case Action::Submit:
        change = m_team->setStatus(fresh, SeriesStatus::Submitted);
        done = tr("Submitted for review.");
        break;
    case Action::TakeOver:
        change = m_team->takeOver(fresh);
        done = tr("Taken over from %1.").arg(fresh.assignee.value);
        break;
    case Action::Claim:
        return;
    }
    watchFuture(this, change,
                [this, done, uid = fresh.seriesUid](std::optional<pacs::TeamRecord> now,
                                                    const QString& why) {
                    if (!now) {
                        // A refused revision says what changed; the list shows
                        // the series as it is now.
                        reload();
                        return Q_EMIT failed(why);
                    }
                    m_records.insert(uid, *now);
                    Q_EMIT changed();
                    Q_EMIT message(done);
                });
}

} // namespace tgc

// A reviewer's look at one series, without widgets: every annotator's SEG
// of it fetched into a scratch review project inside the open project
// (.pacs-review/<series UID>), read onto the series' grid off the UI thread,
// their pairwise agreement per label; then the decision: one annotator's
// SEG accepted as final, or a consensus (majority vote or STAPLE) pushed as
// the reviewer's own SEG and recorded as final. The review window shows it.
#pragma once

#include "agreement.h"
#include "image_volume.h"
#include "series_review.h"

#include <QObject>
#include <memory>

namespace tgc {

class PacsBrowser;

class SeriesReviewer : public QObject {
    Q_OBJECT
public:
    explicit SeriesReviewer(PacsBrowser* browser, QObject* parent = nullptr);
    ~SeriesReviewer() override;

    // Fetches and reads the series of the browser's row; ready() or failed()
    // follows. False when nothing can start (no connection, busy).
    bool open(int row, const QString& projectRoot);
    bool isBusy() const { return m_busy; }

    QString seriesUid() const { return m_seriesUid; }
    QString description() const { return m_description; }
    std::shared_ptr<const ImageVolume> image() const { return m_image; }
    const pacs::ReviewMasks& masks() const { return m_masks; }
    const std::vector<AgreementRow>& agreement() const { return m_rows; }
    // The label ids any annotator drew, ascending.
    std::vector<std::uint8_t> labels() const;

    // Takes the compared SEG at this index as the series' final one.
    void acceptFinal(int maskIndex);
    // Builds the consensus ("majority" or "staple"), pushes it as the
    // reviewer's SEG and records it as final.
    void pushConsensus(const QString& method);
    // The reviewer starts from this annotator's mask: editMask() hands it to
    // the annotation view; the edited mask goes back as the reviewer's SEG
    // (Push mask) and is accepted as final from the review like any other.
    void edit(int maskIndex);

Q_SIGNALS:
    void ready();
    void finalRecorded(const QString& segSeriesUid, const QString& what);
    void editMask(const QString& seriesUid, std::shared_ptr<const LabelMap> mask,
                  const QString& annotator);
    void message(const QString& text);
    void failed(const QString& text);

private:
    void setBusy(bool busy);
    void recordFinal(const QString& segSeriesUid, const QString& what);

    PacsBrowser* m_browser;
    QString m_seriesUid, m_description, m_reviewRoot;
    pacs::FetchedReview m_fetched;
    std::shared_ptr<const ImageVolume> m_image;
    pacs::ReviewMasks m_masks;
    std::vector<AgreementRow> m_rows;
    bool m_busy = false;
};

} // namespace tgc

// What a reviewer looks at: a source series and every annotator's SEG of it,
// fetched from the PACS into a review project and read onto the series'
// grid. SEG segment numbers are each SEG's own (1, 2, ... in the order its
// annotator's labels came), so the labels are matched across SEGs by their
// Segment Label and renumbered to one shared table.
#pragma once

#include "agreement.h"
#include "dicomweb_client.h"
#include "image_volume.h"
#include "label_map.h"
#include "pacs_pull.h"
#include "pacs_push.h"

#include <QFuture>
#include <QJsonObject>
#include <map>
#include <vector>

namespace tgc::pacs {

struct FetchedReview {
    StagedSeries source;        // staged inside the review project
    std::vector<SegEntry> segs; // every SEG of the study that references the series
    QStringList segFolders;     // where each SEG's files are, in the same order
};

// Fetches the series and its SEGs into projectRoot's staging area (study UID
// may be empty: QIDO-RS finds it).
QFuture<FetchedReview> fetchReview(DicomWebClient& client, const QString& projectRoot,
                                   const QString& studyUid, const QString& seriesUid);

struct AnnotatorMask {
    SegEntry seg;
    LabelMap labels; // on the source grid, in the shared label ids
};

struct ReviewMasks {
    std::vector<AnnotatorMask> masks; // the newest SEG of each annotator, by name
    std::vector<SegEntry> older;      // earlier SEGs of the same annotators (not compared)
    std::vector<SegEntry> consensus;  // reviewers' consensus SEGs (no annotator's own work)
    std::map<std::uint8_t, QString> labelNames; // the shared ids
};

// Reads each SEG onto the source image's grid (blocking: run it off the UI
// thread). An annotator without a name is "unnamed <SEG series UID>".
// Throws IoError naming a SEG that cannot be read or does not fit the grid.
ReviewMasks readReview(const FetchedReview& fetched, const ImageVolume& source);

// Every pair of compared annotators per label (Dice, IoU, HD95, volumes) on
// the series' grid.
std::vector<AgreementRow> agreementOf(const ReviewMasks& review, const VolumeGeometry& grid);

// The consensus of the compared masks: "majority" (per-voxel strict
// majority) or "staple" (per label); report: {"method","raters":[{"annotator",
// "label","sensitivity","specificity","converged"}]} (STAPLE's estimates).
// Throws PacsError for another method or fewer than two masks.
LabelMap consensusOf(const ReviewMasks& review, const QString& method, QJsonObject* report);

// The reviewer's SEG of a mask of the reviewed series (a consensus, or an
// annotator's mask edited): the series becomes a case of the scratch review
// project, the mask its mask, the reviewer its annotator. Blocking.
// method names a consensus (its Series Description then says so, and later
// reviews leave it out of the annotators compared); empty: an annotator's
// mask taken and edited.
PreparedSeg prepareReviewerSeg(Project& review, const FetchedReview& fetched, const LabelMap& mask,
                               const QString& server, const QString& reviewer,
                               const QString& method = {});

} // namespace tgc::pacs

#include "series_review.h"

#include "consensus.h"
#include "dicom_seg_reader.h"
#include "image_writer.h"
#include "io_error.h"
#include "label_io.h"
#include "pacs_error.h"
#include "store/project.h"
#include "store/safe_path.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <algorithm>

namespace tgc::pacs {

QFuture<FetchedReview> fetchReview(DicomWebClient& client, const QString& projectRoot,
                                   const QString& studyUid, const QString& seriesUid) {
    DicomWebClient* c = &client;
    return fetchSeries(client, projectRoot, studyUid, seriesUid)
        .then([c, projectRoot, seriesUid](const StagedSeries& staged) {
            return c->findSegs(staged.studyUid)
                .then([c, projectRoot, seriesUid, staged](const std::vector<SegEntry>& all) {
                    auto fetched = std::make_shared<FetchedReview>();
                    fetched->source = staged;
                    QList<QFuture<RetrieveResult>> retrievals;
                    for (const SegEntry& seg : all) {
                        if (seg.sourceSeriesUid != seriesUid)
                            continue;
                        // SEGs never change once stored: a folder left by an
                        // earlier review may be partial, so start afresh.
                        const QString folder = resolveInside(
                            projectRoot, QStringLiteral(".pacs-staging/seg-") + seg.seriesUid);
                        QDir(folder).removeRecursively();
                        QDir().mkpath(folder);
                        fetched->segs.push_back(seg);
                        fetched->segFolders << folder;
                        retrievals << c->retrieveSeries(seg.studyUid, seg.seriesUid, folder);
                    }
                    return QtFuture::whenAll(retrievals.begin(), retrievals.end())
                        .then([fetched](const QList<QFuture<RetrieveResult>>& done) {
                            for (QFuture<RetrieveResult> f : done)
                                f.waitForFinished(); // rethrows a failed retrieval
                            return *fetched;
                        });
                })
                .unwrap();
        })
        .unwrap();
}

namespace {

QString annotatorOf(const SegEntry& seg) {
    return seg.annotator.isEmpty() ? QStringLiteral("unnamed ") + seg.seriesUid : seg.annotator;
}

QString firstDicomFile(const QString& folder) {
    const QFileInfoList files =
        QDir(folder).entryInfoList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        throw IoError(folder, QStringLiteral("the SEG series arrived without a file"));
    return files.first().filePath();
}

} // namespace

ReviewMasks readReview(const FetchedReview& fetched, const ImageVolume& source) {
    // The newest SEG of each annotator; the rest are listed, not compared.
    QHash<QString, std::size_t> newest;
    auto isConsensus = [](const SegEntry& e) {
        return e.description.startsWith(QLatin1String(kConsensusDescription));
    };
    for (std::size_t i = 0; i < fetched.segs.size(); ++i) {
        if (isConsensus(fetched.segs[i]))
            continue;
        const QString who = annotatorOf(fetched.segs[i]);
        const auto it = newest.constFind(who);
        if (it == newest.constEnd() || fetched.segs[i].created > fetched.segs[*it].created)
            newest.insert(who, i);
    }
    ReviewMasks review;
    QHash<QString, std::uint8_t> ids; // Segment Label -> shared id
    for (std::size_t i = 0; i < fetched.segs.size(); ++i) {
        const SegEntry& entry = fetched.segs[i];
        if (isConsensus(entry)) {
            review.consensus.push_back(entry);
            continue;
        }
        if (newest.value(annotatorOf(entry)) != i) {
            review.older.push_back(entry);
            continue;
        }
        const QString path = firstDicomFile(fetched.segFolders[qsizetype(i)]);
        const DicomSegmentation seg = readDicomSeg(path, &source);
        if (!seg.onSourceGrid)
            throw IoError(path, QStringLiteral("the SEG does not lie on its source series' grid"));
        AnnotatorMask mask;
        mask.seg = entry;
        mask.seg.annotator = annotatorOf(entry);
        mask.labels = LabelMap(source.geometry());
        std::array<std::uint8_t, 256> remap{};
        for (const DicomSegment& segment : seg.segments) {
            const QString name = segment.label.isEmpty()
                                     ? QStringLiteral("segment %1").arg(segment.number)
                                     : segment.label;
            auto id = ids.constFind(name);
            if (id == ids.constEnd()) {
                if (ids.size() >= 255)
                    throw IoError(path, QStringLiteral("more than 255 labels across the SEGs"));
                id = ids.insert(name, std::uint8_t(ids.size() + 1));
                review.labelNames.emplace(*id, name);
            }
            remap[std::size_t(segment.number & 0xff)] = *id;
        }
        const std::uint8_t* from = seg.labels.data();
        std::uint8_t* to = mask.labels.data();
        for (std::size_t v = 0, n = source.geometry().voxelCount(); v < n; ++v)
            to[v] = remap[from[v]];
        for (const auto& [id, name] : review.labelNames)
            mask.labels.labels().push_back(Label{id, name, defaultLabelColour(id), true});
        review.masks.push_back(std::move(mask));
    }
    // The PACS lists SEGs in no set order: tables and colours follow names.
    std::sort(review.masks.begin(), review.masks.end(),
              [](const AnnotatorMask& a, const AnnotatorMask& b) {
                  return a.seg.annotator < b.seg.annotator;
              });
    return review;
}

std::vector<AgreementRow> agreementOf(const ReviewMasks& review, const VolumeGeometry& grid) {
    std::vector<AnnotatorLabels> annotators;
    for (const AnnotatorMask& m : review.masks)
        annotators.push_back({m.seg.annotator, m.labels.data()});
    return pairwiseAgreement(annotators, grid.dims, grid.spacing, review.labelNames);
}

LabelMap consensusOf(const ReviewMasks& review, const QString& method, QJsonObject* report) {
    if (review.masks.size() < 2)
        throw PacsError(QStringLiteral("a consensus needs the masks of two or more annotators, "
                                       "not %1")
                            .arg(review.masks.size()));
    RaterLabels raters;
    for (const AnnotatorMask& m : review.masks)
        raters.push_back(m.labels.data());
    const VolumeGeometry& grid = review.masks.front().labels.geometry();
    const std::size_t voxels = grid.voxelCount();
    LabelMap consensus(grid);
    QJsonArray performance;
    if (method == QLatin1String("majority")) {
        const std::vector<std::uint8_t> voted = majorityVote(raters, voxels);
        std::copy(voted.begin(), voted.end(), consensus.data());
    } else if (method == QLatin1String("staple")) {
        const MultiLabelStaple s = stapleLabels(raters, voxels);
        std::copy(s.labels.begin(), s.labels.end(), consensus.data());
        for (const LabelStaple& label : s.perLabel)
            for (std::size_t j = 0; j < label.raters.size(); ++j) {
                const auto name = review.labelNames.find(label.label);
                performance.append(QJsonObject{{"annotator", review.masks[j].seg.annotator},
                                               {"label", name != review.labelNames.end()
                                                             ? name->second
                                                             : QString::number(label.label)},
                                               {"sensitivity", label.raters[j].sensitivity},
                                               {"specificity", label.raters[j].specificity},
                                               {"converged", label.converged}});
            }
    } else {
        throw PacsError(
            QStringLiteral("the consensus is majority or staple, not '%1'").arg(method));
    }
    for (const auto& [id, name] : review.labelNames)
        consensus.labels().push_back(Label{id, name, defaultLabelColour(id), true});
    if (report)
        *report = {{"method", method}, {"raters", performance}};
    return consensus;
}

PreparedSeg prepareReviewerSeg(Project& review, const FetchedReview& fetched, const LabelMap& mask,
                               const QString& server, const QString& reviewer,
                               const QString& method) {
    const PullResult adopted = adoptStagedSeries(review, fetched.source, server, reviewer);
    CaseRecord& record = *review.findCase(adopted.caseId);
    record.annotator = reviewer;
    QDir().mkpath(review.caseFolder(record.id));
    writeNifti(mask, review.maskPath(record));
    review.save();
    return prepareSeg(review, record.id,
                      method.isEmpty() ? QString()
                                       : QStringLiteral("%1 (%2)").arg(
                                             QLatin1String(kConsensusDescription), method));
}

} // namespace tgc::pacs

#include "mask_provenance.h"

#include "image_reader.h"
#include "io_error.h"
#include "label_map.h"
#include "metrics/mask_metrics.h"
#include "store/project.h"

#include <QFileInfo>
#include <QJsonObject>
#include <cmath>
#include <optional>

namespace tgc {

namespace {

// The proposal as foreground where probability x 255 reaches the threshold;
// nullopt when the file is unreadable or on another grid.
std::optional<std::vector<std::uint8_t>> thresholdedProposal(const QString& path, double threshold,
                                                             const LabelMap& finalMask) {
    try {
        const ImageVolume probability = readImage(path);
        if (probability.dims() != finalMask.dims() || probability.components() != 1)
            return std::nullopt;
        const auto& d = finalMask.dims();
        std::vector<std::uint8_t> out(finalMask.geometry().voxelCount());
        const double cut = threshold * 255.0;
        std::size_t i = 0;
        for (int z = 0; z < d[2]; ++z)
            for (int y = 0; y < d[1]; ++y)
                for (int x = 0; x < d[0]; ++x, ++i)
                    out[i] = probability.valueAt(x, y, z) >= cut ? 1 : 0;
        return out;
    } catch (const IoError&) {
        return std::nullopt;
    }
}

} // namespace

QJsonArray maskProvenance(const Project& project, const CaseRecord& record,
                          const LabelMap& finalMask) {
    QJsonArray out;
    for (const ProposalRecord& p : record.proposals) {
        QJsonObject entry{{"model", p.modelId},
                          {"threshold", p.threshold},
                          {"created", p.created.toUTC().toString(Qt::ISODate)},
                          {"accepted", p.accepted},
                          {"clicks", int(p.clicks.size())}};
        if (p.acceptedClicks)
            entry.insert("accepted_clicks", *p.acceptedClicks);
        const QString path = project.proposalPath(record, p.modelId);
        std::optional<std::vector<std::uint8_t>> proposal;
        if (QFileInfo::exists(path) && p.accepted)
            proposal = thresholdedProposal(path, p.threshold, finalMask);
        const bool present = QFileInfo::exists(path) && (!p.accepted || proposal.has_value());
        entry.insert("proposal_file",
                     present ? QStringLiteral("present") : QStringLiteral("missing"));
        if (proposal) {
            const OverlapCounts counts =
                countOverlap(finalMask.data(), proposal->data(), proposal->size());
            entry.insert("dice_vs_final", std::round(dice(counts) * 1e6) / 1e6);
        }
        out.append(entry);
    }
    return out;
}

} // namespace tgc

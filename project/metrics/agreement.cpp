#include "agreement.h"

#include "mask_metrics.h"

#include <QJsonValue>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tgc {

bool AgreementRow::hd95Defined() const {
    return std::isfinite(hd95Mm);
}

QJsonObject AgreementRow::toJson() const {
    QJsonObject o{{QStringLiteral("a"), a},
                  {QStringLiteral("b"), b},
                  {QStringLiteral("label"), int(label)},
                  {QStringLiteral("label_name"), labelName},
                  {QStringLiteral("dice"), dice},
                  {QStringLiteral("iou"), iou},
                  {QStringLiteral("volume_a_ml"), volumeAMl},
                  {QStringLiteral("volume_b_ml"), volumeBMl},
                  {QStringLiteral("volume_diff_ml"), volumeDiffMl}};
    if (hd95Defined()) {
        o.insert(QStringLiteral("hd95_mm"), hd95Mm);
    } else {
        o.insert(QStringLiteral("hd95_mm"), QJsonValue::Null);
        o.insert(QStringLiteral("hd95_note"),
                 QStringLiteral("undefined: one of the two masks is empty, so there is no "
                                "surface to measure to"));
    }
    return o;
}

namespace {

// The box holding every voxel of one label in any annotator's map, grown
// by one voxel where the grid allows: the surfaces and their distances in
// it are those of the whole grid.
struct Box {
    std::array<int, 3> lo{}, hi{}; // inclusive
    std::array<int, 3> dims() const {
        return {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
    }
};

Box labelBox(const std::vector<AnnotatorLabels>& annotators, const std::array<int, 3>& n,
             std::uint8_t label) {
    Box box;
    box.lo = n;
    box.hi = {-1, -1, -1};
    for (const AnnotatorLabels& a : annotators) {
        std::size_t i = 0;
        for (int z = 0; z < n[2]; ++z)
            for (int y = 0; y < n[1]; ++y)
                for (int x = 0; x < n[0]; ++x, ++i) {
                    if (a.labels[i] != label)
                        continue;
                    const int p[3] = {x, y, z};
                    for (int k = 0; k < 3; ++k) {
                        box.lo[std::size_t(k)] = std::min(box.lo[std::size_t(k)], p[k]);
                        box.hi[std::size_t(k)] = std::max(box.hi[std::size_t(k)], p[k]);
                    }
                }
    }
    for (std::size_t k = 0; k < 3; ++k) {
        box.lo[k] = std::max(box.lo[k] - 1, 0);
        box.hi[k] = std::min(box.hi[k] + 1, n[k] - 1);
    }
    return box;
}

std::vector<std::uint8_t> cut(const std::uint8_t* labels, const std::array<int, 3>& n,
                              const Box& box, std::uint8_t label) {
    const auto d = box.dims();
    const std::size_t voxels = std::size_t(d[0]) * d[1] * d[2];
    std::vector<std::uint8_t> out(voxels);
    std::size_t o = 0;
    for (int z = box.lo[2]; z <= box.hi[2]; ++z)
        for (int y = box.lo[1]; y <= box.hi[1]; ++y) {
            const std::uint8_t* row = labels + (std::size_t(z) * n[1] + std::size_t(y)) * n[0];
            for (int x = box.lo[0]; x <= box.hi[0]; ++x)
                out[o++] = row[x] == label;
        }
    return out;
}

} // namespace

std::vector<AgreementRow> pairwiseAgreement(const std::vector<AnnotatorLabels>& annotators,
                                            const std::array<int, 3>& dims,
                                            const std::array<double, 3>& spacing,
                                            const std::map<std::uint8_t, QString>& labelNames) {
    for (const AnnotatorLabels& a : annotators)
        if (!a.labels)
            throw std::invalid_argument("pairwiseAgreement: no label map for annotator " +
                                        a.annotator.toStdString());
    const std::size_t voxels = std::size_t(dims[0]) * dims[1] * dims[2];
    bool used[256] = {};
    for (const AnnotatorLabels& a : annotators)
        for (std::size_t i = 0; i < voxels; ++i)
            used[a.labels[i]] = true;
    const double voxelMl = spacing[0] * spacing[1] * spacing[2] / 1000.0;

    std::vector<AgreementRow> rows;
    for (int id = 1; id < 256; ++id) {
        if (!used[id] || annotators.size() < 2)
            continue;
        const auto label = std::uint8_t(id);
        const Box box = labelBox(annotators, dims, label);
        std::vector<std::vector<std::uint8_t>> masks;
        for (const AnnotatorLabels& a : annotators)
            masks.push_back(cut(a.labels, dims, box, label));
        const auto named = labelNames.find(label);
        const QString name =
            named != labelNames.end() ? named->second : QStringLiteral("label %1").arg(id);
        for (std::size_t i = 0; i < annotators.size(); ++i)
            for (std::size_t j = i + 1; j < annotators.size(); ++j) {
                const OverlapCounts c =
                    countOverlap(masks[i].data(), masks[j].data(), masks[i].size());
                AgreementRow row;
                row.a = annotators[i].annotator;
                row.b = annotators[j].annotator;
                row.label = label;
                row.labelName = name;
                row.dice = dice(c);
                row.iou = iou(c);
                row.hd95Mm = hausdorff95(masks[i].data(), masks[j].data(), box.dims(), spacing);
                row.volumeAMl = double(c.truth) * voxelMl;
                row.volumeBMl = double(c.prediction) * voxelMl;
                row.volumeDiffMl = row.volumeAMl - row.volumeBMl;
                rows.push_back(row);
            }
    }
    return rows;
}

std::optional<double> meanDice(const std::vector<AgreementRow>& rows) {
    if (rows.empty())
        return std::nullopt;
    double sum = 0;
    for (const AgreementRow& r : rows)
        sum += r.dice;
    return sum / double(rows.size());
}

} // namespace tgc

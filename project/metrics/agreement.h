// Agreement between annotators who labelled the same series on one grid:
// per label and per pair of annotators, Dice, IoU, HD95 and the volumes, as
// the review shows them and the agreement report collects them. Qt Core for
// the names and the JSON (library tgc_agreement); the measures are
// mask_metrics.h's.
#pragma once

#include <QJsonObject>
#include <QString>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace tgc {

// One annotator's label map of the series: label ids, 0 = background, x fastest.
struct AnnotatorLabels {
    QString annotator;
    const std::uint8_t* labels = nullptr;
};

struct AgreementRow {
    QString a, b; // the two annotators
    std::uint8_t label = 0;
    QString labelName;
    double dice = 1; // both empty: 1 (they agree the label is absent)
    double iou = 1;
    double hd95Mm = 0; // both empty: 0; exactly one empty: +infinity
    double volumeAMl = 0;
    double volumeBMl = 0;
    double volumeDiffMl = 0; // a minus b

    bool hd95Defined() const;
    // {"a","b","label","label_name","dice","iou","hd95_mm","volume_a_ml",
    // "volume_b_ml","volume_diff_ml"}; where one mask is empty "hd95_mm" is
    // null and "hd95_note" says why (JSON has no infinity).
    QJsonObject toJson() const;
};

// Rows for every label that at least one of the annotators drew (ascending
// ids), and for each of them every pair (a before b in the order given): a
// pair where neither drew a label someone else drew agrees on its absence
// (Dice 1). Labels no one drew get no row. Names come from labelNames,
// else "label <id>". dims (x, y, z) and spacing (mm) are the series grid's.
// HD95 is computed in the box around the label's voxels (plus one voxel),
// which gives the same distances as the whole grid at a fraction of the
// memory. Throws std::invalid_argument for a missing label map.
std::vector<AgreementRow> pairwiseAgreement(const std::vector<AnnotatorLabels>& annotators,
                                            const std::array<int, 3>& dims,
                                            const std::array<double, 3>& spacing,
                                            const std::map<std::uint8_t, QString>& labelNames = {});

// The mean Dice over the rows (every label and pair): one figure of how well
// the annotators of a series agree; nullopt without rows.
std::optional<double> meanDice(const std::vector<AgreementRow>& rows);

} // namespace tgc

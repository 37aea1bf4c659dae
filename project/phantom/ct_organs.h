// The organs of the CT phantoms: label ids (also in labels.json), names and
// the varied clinical phrasings a prompt may use for each.
#pragma once

#include "label_map.h"

#include <QString>
#include <array>
#include <cstdint>
#include <vector>

namespace tgc {

struct CtOrgan {
    std::uint8_t id; // label id in masks and labels.json
    QString key;     // file-name suffix: masks/<id>_<key>.png
    QString name;    // plain name for the label table
    std::array<std::uint8_t, 3> colour;
    std::vector<QString> phrasings; // prompts naming this organ and nothing else
};

// Liver 1, spleen 2, right kidney 3, left kidney 4, stomach 5, aorta 6, vertebra 7.
const std::vector<CtOrgan>& ctOrgans();
std::vector<Label> ctLabelTable();

} // namespace tgc

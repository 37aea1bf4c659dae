#include "label_map.h"

namespace tgc {

LabelMap::LabelMap(const VolumeGeometry& geometry)
    : m_geometry(geometry), m_voxels(geometry.voxelCount(), 0), m_labels(defaultLabels()) {}

const Label* LabelMap::label(std::uint8_t id) const {
    for (const Label& l : m_labels) {
        if (l.id == id)
            return &l;
    }
    return nullptr;
}

std::vector<Label> LabelMap::defaultLabels() {
    return {Label{1, QStringLiteral("lesion"), {230, 60, 60}, true}};
}

} // namespace tgc

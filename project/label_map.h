// Labels on the image's voxel grid: uint8 ids, 0 is background.
#pragma once

#include "volume_geometry.h"

#include <QString>
#include <array>
#include <cstdint>
#include <vector>

namespace tgc {

struct Label {
    std::uint8_t id = 1;
    QString name;
    std::array<std::uint8_t, 3> colour{255, 0, 0};
    bool visible = true;
};

class LabelMap {
public:
    LabelMap() = default;
    explicit LabelMap(const VolumeGeometry& geometry);

    bool isEmpty() const { return m_voxels.empty(); }
    const VolumeGeometry& geometry() const { return m_geometry; }
    const std::array<int, 3>& dims() const { return m_geometry.dims; }

    std::uint8_t* data() { return m_voxels.data(); }
    const std::uint8_t* data() const { return m_voxels.data(); }
    std::uint8_t* slice(int z) { return m_voxels.data() + std::size_t(z) * m_geometry.sliceVoxelCount(); }
    const std::uint8_t* slice(int z) const {
        return m_voxels.data() + std::size_t(z) * m_geometry.sliceVoxelCount();
    }
    std::uint8_t at(int x, int y, int z) const {
        return m_voxels[(std::size_t(z) * m_geometry.dims[1] + std::size_t(y)) * m_geometry.dims[0] +
                        std::size_t(x)];
    }

    const std::vector<Label>& labels() const { return m_labels; }
    std::vector<Label>& labels() { return m_labels; }
    // The label with this id, or nullptr.
    const Label* label(std::uint8_t id) const;

    // A default table: 1 "lesion" red, used when nothing else is known.
    static std::vector<Label> defaultLabels();

private:
    VolumeGeometry m_geometry;
    std::vector<std::uint8_t> m_voxels;
    std::vector<Label> m_labels;
};

} // namespace tgc

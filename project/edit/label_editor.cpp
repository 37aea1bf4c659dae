#include "label_editor.h"

#include "image_volume.h"

#include <algorithm>

namespace tgc {

LabelEditor::LabelEditor(LabelMap& labels) : m_labels(labels) {}

void LabelEditor::rememberTiles(const VoxelBox& box) {
    const TileGrid grid(m_labels.dims());
    for (int z = box.lo[2]; z < box.hi[2]; ++z) {
        for (int ty = box.lo[1] / kTileSize; ty <= (box.hi[1] - 1) / kTileSize; ++ty) {
            for (int tx = box.lo[0] / kTileSize; tx <= (box.hi[0] - 1) / kTileSize; ++tx) {
                const std::int64_t key = grid.key(tx, ty, z);
                if (m_before.find(key) == m_before.end())
                    readTile(m_labels, key, m_before[key]);
            }
        }
    }
}

std::size_t LabelEditor::apply(const Footprint& footprint, const PaintRule& rule) {
    const VoxelBox box = footprint.box.clippedTo(m_labels.dims());
    if (box.isEmpty())
        return 0;
    rememberTiles(box);
    const int width = m_labels.dims()[0];
    const bool limited = rule.intensity != nullptr;
    std::size_t changed = 0;
    for (int z = box.lo[2]; z < box.hi[2]; ++z) {
        std::uint8_t* slice = m_labels.slice(z);
        for (int y = box.lo[1]; y < box.hi[1]; ++y) {
            std::uint8_t* row = slice + std::size_t(y) * width;
            for (int x = box.lo[0]; x < box.hi[0]; ++x) {
                if (!footprint.touches(x, y, z))
                    continue;
                std::uint8_t& voxel = row[x];
                std::uint8_t next = voxel;
                if (rule.mode == PaintMode::Paint) {
                    if (rule.protectOtherLabels && voxel != 0 && voxel != rule.label)
                        continue;
                    next = rule.label;
                } else if (!rule.eraseActiveLabelOnly || voxel == rule.label) {
                    next = 0;
                }
                if (next == voxel)
                    continue;
                if (limited) {
                    const double v = rule.intensity->valueAt(x, y, z);
                    if (v < rule.low || v > rule.high)
                        continue;
                }
                voxel = next;
                ++changed;
            }
        }
    }
    return changed;
}

std::size_t LabelEditor::assign(const VoxelBox& requested, const std::uint8_t* values,
                                const std::uint8_t* where) {
    const VoxelBox box = requested.clippedTo(m_labels.dims());
    if (box.isEmpty())
        return 0;
    rememberTiles(box);
    const int width = m_labels.dims()[0];
    std::size_t changed = 0;
    for (int z = box.lo[2]; z < box.hi[2]; ++z) {
        for (int y = box.lo[1]; y < box.hi[1]; ++y) {
            std::uint8_t* row = m_labels.slice(z) + std::size_t(y) * width;
            const std::size_t base = (std::size_t(z - requested.lo[2]) * requested.size(1) +
                                      std::size_t(y - requested.lo[1])) *
                                     requested.size(0);
            for (int x = box.lo[0]; x < box.hi[0]; ++x) {
                const std::size_t i = base + std::size_t(x - requested.lo[0]);
                if (where && !where[i])
                    continue;
                if (row[x] != values[i]) {
                    row[x] = values[i];
                    ++changed;
                }
            }
        }
    }
    return changed;
}

std::unique_ptr<LabelChange> LabelEditor::commit(const QString& description) {
    std::vector<std::int64_t> keys;
    std::vector<std::vector<std::uint8_t>> before;
    std::vector<std::vector<std::uint8_t>> after;
    std::vector<std::uint8_t> current;
    std::vector<std::int64_t> ordered;
    ordered.reserve(m_before.size());
    for (const auto& entry : m_before)
        ordered.push_back(entry.first);
    std::sort(ordered.begin(), ordered.end());
    for (std::int64_t key : ordered) {
        readTile(m_labels, key, current);
        auto& original = m_before[key];
        if (current == original)
            continue; // touched but unchanged (e.g. painting over the same label)
        keys.push_back(key);
        before.push_back(std::move(original));
        after.push_back(current);
    }
    m_before.clear();
    if (keys.empty())
        return nullptr;
    return std::make_unique<LabelChange>(m_labels, description, std::move(keys), before, after);
}

void LabelEditor::cancel() {
    for (const auto& [key, voxels] : m_before)
        writeTile(m_labels, key, voxels.data());
    m_before.clear();
}

} // namespace tgc

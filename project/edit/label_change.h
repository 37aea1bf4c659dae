// One undo step of a label map: the tiles a stroke changed, before and after,
// zlib-compressed. A stroke of a 15 px brush costs a few hundred bytes, not a
// copy of the volume.
#pragma once

#include "label_map.h"

#include <QByteArray>
#include <QUndoCommand>
#include <cstdint>
#include <vector>

namespace tgc {

// Label maps are cut into tiles of kTileSize x kTileSize voxels per slice;
// undo records store whole tiles.
constexpr int kTileSize = 64;

struct TileGrid {
    int tilesX = 0;
    int tilesY = 0;
    explicit TileGrid(const std::array<int, 3>& dims)
        : tilesX((dims[0] + kTileSize - 1) / kTileSize),
          tilesY((dims[1] + kTileSize - 1) / kTileSize) {}
    std::int64_t key(int tx, int ty, int z) const {
        return (std::int64_t(z) * tilesY + ty) * tilesX + tx;
    }
};

// Copies one tile of a label map out to `out` (resized) or back in from `in`.
void readTile(const LabelMap& labels, std::int64_t key, std::vector<std::uint8_t>& out);
void writeTile(LabelMap& labels, std::int64_t key, const std::uint8_t* in);
// Writes tiles packed by LabelChange (zlib of the tiles' voxels in key order);
// false when the data does not fit the keys (a damaged journal record).
bool writePackedTiles(LabelMap& labels, const std::vector<std::int64_t>& keys,
                      const QByteArray& packed);

class LabelChange : public QUndoCommand {
public:
    // keys[i] names the tile whose voxels are before[i] / after[i].
    LabelChange(LabelMap& labels, const QString& text, std::vector<std::int64_t> keys,
                const std::vector<std::vector<std::uint8_t>>& before,
                const std::vector<std::vector<std::uint8_t>>& after);

    void undo() override;
    void redo() override;

    std::size_t byteSize() const { return std::size_t(m_before.size() + m_after.size()); }
    std::size_t tileCount() const { return m_keys.size(); }
    // Drops the stored voxels to keep history within its memory budget; the
    // step can no longer be undone and the stack discards it when reached.
    void releasePayload();
    bool hasPayload() const { return !m_released; }
    // What the step wrote, for the autosave journal.
    const std::vector<std::int64_t>& keys() const { return m_keys; }
    const QByteArray& packedAfter() const { return m_after; }
    const QByteArray& packedBefore() const { return m_before; }

private:
    LabelMap& m_labels;
    std::vector<std::int64_t> m_keys;
    QByteArray m_before;
    QByteArray m_after;
    bool m_applied = true; // the stroke was applied live, so the first redo() is a no-op
    bool m_released = false;
};

} // namespace tgc

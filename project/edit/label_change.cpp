#include "label_change.h"

#include <algorithm>
#include <cstring>

namespace tgc {

namespace {

struct TileRect {
    int x0, y0, z, width, height;
};

TileRect tileRect(const LabelMap& labels, std::int64_t key) {
    const TileGrid grid(labels.dims());
    const std::int64_t perSlice = std::int64_t(grid.tilesX) * grid.tilesY;
    const int z = int(key / perSlice);
    const int rest = int(key % perSlice);
    const int tx = rest % grid.tilesX;
    const int ty = rest / grid.tilesX;
    const int x0 = tx * kTileSize;
    const int y0 = ty * kTileSize;
    return {x0, y0, z, std::min(kTileSize, labels.dims()[0] - x0),
            std::min(kTileSize, labels.dims()[1] - y0)};
}

QByteArray pack(const std::vector<std::vector<std::uint8_t>>& tiles) {
    QByteArray raw;
    std::size_t total = 0;
    for (const auto& t : tiles)
        total += t.size();
    raw.reserve(qsizetype(total));
    for (const auto& t : tiles)
        raw.append(reinterpret_cast<const char*>(t.data()), qsizetype(t.size()));
    return qCompress(raw, 1);
}

} // namespace

void readTile(const LabelMap& labels, std::int64_t key, std::vector<std::uint8_t>& out) {
    const TileRect r = tileRect(labels, key);
    out.resize(std::size_t(r.width) * std::size_t(r.height));
    const std::uint8_t* slice = labels.slice(r.z);
    for (int y = 0; y < r.height; ++y) {
        std::memcpy(out.data() + std::size_t(y) * r.width,
                    slice + std::size_t(r.y0 + y) * labels.dims()[0] + r.x0, std::size_t(r.width));
    }
}

void writeTile(LabelMap& labels, std::int64_t key, const std::uint8_t* in) {
    const TileRect r = tileRect(labels, key);
    std::uint8_t* slice = labels.slice(r.z);
    for (int y = 0; y < r.height; ++y) {
        std::memcpy(slice + std::size_t(r.y0 + y) * labels.dims()[0] + r.x0,
                    in + std::size_t(y) * r.width, std::size_t(r.width));
    }
}

bool writePackedTiles(LabelMap& labels, const std::vector<std::int64_t>& keys,
                      const QByteArray& packed) {
    const QByteArray raw = qUncompress(packed);
    const TileGrid grid(labels.dims());
    const std::int64_t tileCount = std::int64_t(grid.tilesX) * grid.tilesY * labels.dims()[2];
    std::size_t needed = 0;
    for (std::int64_t key : keys) {
        if (key < 0 || key >= tileCount)
            return false;
        const TileRect r = tileRect(labels, key);
        needed += std::size_t(r.width) * std::size_t(r.height);
    }
    if (needed != std::size_t(raw.size()))
        return false;
    std::size_t offset = 0;
    for (std::int64_t key : keys) {
        const TileRect r = tileRect(labels, key);
        writeTile(labels, key, reinterpret_cast<const std::uint8_t*>(raw.constData()) + offset);
        offset += std::size_t(r.width) * std::size_t(r.height);
    }
    return true;
}

LabelChange::LabelChange(LabelMap& labels, const QString& text, std::vector<std::int64_t> keys,
                         const std::vector<std::vector<std::uint8_t>>& before,
                         const std::vector<std::vector<std::uint8_t>>& after)
    : QUndoCommand(text), m_labels(labels), m_keys(std::move(keys)), m_before(pack(before)),
      m_after(pack(after)) {}

void LabelChange::undo() {
    if (m_released)
        return;
    writePackedTiles(m_labels, m_keys, m_before);
    m_applied = false;
}

void LabelChange::redo() {
    if (m_applied || m_released)
        return;
    writePackedTiles(m_labels, m_keys, m_after);
    m_applied = true;
}

void LabelChange::releasePayload() {
    m_before.clear();
    m_before.squeeze();
    m_after.clear();
    m_after.squeeze();
    m_released = true;
    setObsolete(true);
}

} // namespace tgc

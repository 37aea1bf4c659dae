#include "take_mask.h"

#include "store/case_sources.h"

#include <array>

namespace tgc {

std::size_t takeMask(LabelEditor& editor, std::vector<Label>& table, const LabelMap& mask) {
    LabelMap& target = editor.labels();
    if (target.geometry().dims != mask.geometry().dims)
        return 0;
    std::array<std::uint8_t, 256> ids{};
    for (const Label& l : mask.labels())
        ids[l.id] = labelIdFor(table, l.name, l.id, l.colour, QStringLiteral("the reviewed mask"));
    const auto& d = mask.geometry().dims;
    std::vector<std::uint8_t> values(mask.geometry().voxelCount());
    const std::uint8_t* from = mask.data();
    for (std::size_t v = 0; v < values.size(); ++v)
        values[v] = from[v] && ids[from[v]] ? ids[from[v]] : 0;
    return editor.assign(VoxelBox{{0, 0, 0}, {d[0], d[1], d[2]}}, values.data());
}

} // namespace tgc

#include "proposal_merge.h"

#include <algorithm>
#include <array>

namespace tgc {

namespace {

// Only the box around what can change (the proposal, and with Replace the
// label): a whole-volume accept of one organ stays small in memory and in
// its undo record.
VoxelBox changedBox(const LabelMap& labels, const std::vector<std::uint8_t>& mask,
                    std::uint8_t label, ProposalMerge merge, const VoxelBox& limit) {
    const auto& dims = labels.dims();
    VoxelBox box{dims, {0, 0, 0}};
    for (int z = limit.lo[2]; z < limit.hi[2]; ++z) {
        for (int y = limit.lo[1]; y < limit.hi[1]; ++y) {
            const std::size_t row = (std::size_t(z) * dims[1] + std::size_t(y)) * dims[0];
            const std::uint8_t* m = mask.data() + row;
            const std::uint8_t* l = labels.data() + row;
            for (int x = limit.lo[0]; x < limit.hi[0]; ++x) {
                if (m[x] || (merge == ProposalMerge::Replace && l[x] == label)) {
                    const std::array<int, 3> p{x, y, z};
                    for (std::size_t a = 0; a < 3; ++a) {
                        box.lo[a] = std::min(box.lo[a], p[a]);
                        box.hi[a] = std::max(box.hi[a], p[a] + 1);
                    }
                }
            }
        }
    }
    return box;
}

} // namespace

std::size_t mergeProposal(LabelEditor& editor, const std::vector<std::uint8_t>& mask,
                          const PaintRule& rule, ProposalMerge merge, const VoxelBox* region) {
    const LabelMap& labels = editor.labels();
    if (mask.size() != labels.geometry().voxelCount())
        return 0;
    const auto& dims = labels.dims();
    const VoxelBox limit = (region ? *region : VoxelBox::whole(dims)).clippedTo(dims);
    const VoxelBox box = changedBox(labels, mask, rule.label, merge, limit);
    if (box.isEmpty())
        return 0;
    // The mask's bytes inside the box, and (Replace) their complement.
    Footprint paint{box, std::vector<std::uint8_t>(box.voxelCount(), 0)};
    Footprint erase{box, {}};
    if (merge == ProposalMerge::Replace)
        erase.inside.assign(box.voxelCount(), 0);
    std::size_t i = 0;
    for (int z = box.lo[2]; z < box.hi[2]; ++z) {
        for (int y = box.lo[1]; y < box.hi[1]; ++y) {
            const std::uint8_t* row =
                mask.data() + (std::size_t(z) * dims[1] + std::size_t(y)) * dims[0];
            for (int x = box.lo[0]; x < box.hi[0]; ++x, ++i) {
                const bool in = row[x] != 0;
                paint.inside[i] = in;
                if (merge == ProposalMerge::Replace)
                    erase.inside[i] = !in;
            }
        }
    }
    PaintRule r = rule;
    r.intensity = nullptr;
    std::size_t n = 0;
    if (merge == ProposalMerge::Replace) {
        r.mode = PaintMode::Erase;
        r.eraseActiveLabelOnly = true; // other labels are not the proposal's business
        n += editor.apply(erase, r);
    }
    r.mode = PaintMode::Paint;
    n += editor.apply(paint, r);
    return n;
}

} // namespace tgc

// Accepting a model proposal into a label map: the proposal's mask (one byte
// per voxel of the map, x fastest, non-zero = proposed) becomes the label,
// added to what it has, or replacing it (the label's voxels outside the
// proposal are cleared). It writes through the LabelEditor like every other
// edit, so the caller commits it as one undo step.
#pragma once

#include "label_editor.h"

#include <cstdint>
#include <vector>

namespace tgc {

enum class ProposalMerge { Add, Replace };

// rule: the label and the protection of other labels to paint with (its
// intensity range and mode are ignored: the model's mask is taken as it is).
// Only inside `region` (e.g. one slice) when given. Returns the voxels
// changed; 0 when the mask does not fit the map.
std::size_t mergeProposal(LabelEditor& editor, const std::vector<std::uint8_t>& mask,
                          const PaintRule& rule, ProposalMerge merge,
                          const VoxelBox* region = nullptr);

} // namespace tgc

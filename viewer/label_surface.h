// Meshes of the label map for the 3D view: a copy of the labelled part of
// the map is taken on the UI thread (cheap, and painting may continue), then
// meshed on a worker: discrete flying edges per visible label, windowed-sinc
// smoothing, normals, and a colour per point from the label table.
#pragma once

#include "label_map.h"

#include <array>
#include <cstdint>
#include <vector>
#include <vtkSmartPointer.h>

class vtkPolyData;

namespace tgc {

struct LabelSnapshot {
    std::vector<std::uint8_t> voxels; // the box's voxels, x fastest
    std::array<int, 3> dims{0, 0, 0};
    std::array<double, 3> spacing{1.0, 1.0, 1.0};
    std::array<double, 3> origin{0.0, 0.0, 0.0}; // mm of the box's first voxel
    std::vector<Label> labels;                   // visible labels only
};

// The box around every labelled voxel with one voxel of background around it
// (so surfaces close at the grid's edge); empty when nothing is labelled.
LabelSnapshot snapshotLabels(const LabelMap& labels);

// Surfaces of every label in the snapshot with an unsigned char RGB point
// array named "colour"; an empty mesh for an empty snapshot. Thread-safe.
vtkSmartPointer<vtkPolyData> meshLabels(const LabelSnapshot& snapshot);

} // namespace tgc

#include "label_surface.h"

#include <algorithm>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

namespace tgc {

LabelSnapshot snapshotLabels(const LabelMap& labels) {
    LabelSnapshot s;
    const auto& d = labels.dims();
    for (const Label& l : labels.labels())
        if (l.visible)
            s.labels.push_back(l);
    std::array<int, 3> lo{d[0], d[1], d[2]}, hi{-1, -1, -1};
    for (int z = 0; z < d[2]; ++z) {
        const std::uint8_t* slice = labels.slice(z);
        for (int y = 0; y < d[1]; ++y) {
            const std::uint8_t* row = slice + std::size_t(y) * d[0];
            const auto* first = std::find_if(row, row + d[0], [](std::uint8_t v) { return v; });
            if (first == row + d[0])
                continue;
            int last = d[0] - 1;
            while (!row[last])
                --last;
            lo = {std::min(lo[0], int(first - row)), std::min(lo[1], y), std::min(lo[2], z)};
            hi = {std::max(hi[0], last), std::max(hi[1], y), std::max(hi[2], z)};
        }
    }
    if (hi[0] < 0 || s.labels.empty())
        return s;
    // One voxel of margin; outside the grid it is background we add.
    for (int a = 0; a < 3; ++a) {
        const std::size_t i = std::size_t(a);
        lo[i] -= 1;
        hi[i] += 1;
        s.dims[i] = hi[i] - lo[i] + 1;
        s.spacing[i] = labels.geometry().spacing[i];
        s.origin[i] = lo[i] * s.spacing[i];
    }
    s.voxels.assign(std::size_t(s.dims[0]) * s.dims[1] * s.dims[2], 0);
    std::size_t n = 0;
    for (int z = lo[2]; z <= hi[2]; ++z)
        for (int y = lo[1]; y <= hi[1]; ++y, n += std::size_t(s.dims[0])) {
            if (z < 0 || z >= d[2] || y < 0 || y >= d[1])
                continue;
            const int x0 = std::max(lo[0], 0), x1 = std::min(hi[0], d[0] - 1);
            std::copy(labels.slice(z) + std::size_t(y) * d[0] + x0,
                      labels.slice(z) + std::size_t(y) * d[0] + x1 + 1,
                      s.voxels.begin() + std::ptrdiff_t(n + std::size_t(x0 - lo[0])));
        }
    return s;
}

vtkSmartPointer<vtkPolyData> meshLabels(const LabelSnapshot& s) {
    auto empty = vtkSmartPointer<vtkPolyData>::New();
    if (s.voxels.empty())
        return empty;
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(s.dims[0], s.dims[1], s.dims[2]);
    image->SetSpacing(s.spacing[0], s.spacing[1], s.spacing[2]);
    image->SetOrigin(s.origin[0], s.origin[1], s.origin[2]);
    auto scalars = vtkSmartPointer<vtkUnsignedCharArray>::New();
    // Borrowed, not copied: the snapshot outlives this function's pipeline.
    scalars->SetArray(const_cast<std::uint8_t*>(s.voxels.data()), vtkIdType(s.voxels.size()), 1);
    image->GetPointData()->SetScalars(scalars);

    auto contour = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
    contour->SetInputData(image);
    contour->SetNumberOfContours(int(s.labels.size()));
    for (std::size_t i = 0; i < s.labels.size(); ++i)
        contour->SetValue(int(i), s.labels[i].id);
    contour->ComputeScalarsOn();
    contour->ComputeNormalsOff();
    contour->ComputeGradientsOff();

    // Smooth away the voxel staircase without shrinking thin structures.
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputConnection(contour->GetOutputPort());
    smooth->SetNumberOfIterations(15);
    smooth->SetPassBand(0.1);
    smooth->NormalizeCoordinatesOn();
    smooth->NonManifoldSmoothingOn();
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();

    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
    normals->SetInputConnection(smooth->GetOutputPort());
    normals->SplittingOff();
    normals->ConsistencyOff(); // flying edges already orients its triangles
    normals->Update();

    auto mesh = vtkSmartPointer<vtkPolyData>::New();
    mesh->DeepCopy(normals->GetOutput());
    vtkDataArray* ids = mesh->GetPointData()->GetScalars();
    if (!ids)
        return mesh;
    std::array<std::array<std::uint8_t, 3>, 256> table{};
    for (const Label& l : s.labels)
        table[l.id] = l.colour;
    auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
    colours->SetName("colour");
    colours->SetNumberOfComponents(3);
    colours->SetNumberOfTuples(ids->GetNumberOfTuples());
    for (vtkIdType p = 0; p < ids->GetNumberOfTuples(); ++p) {
        const auto& c = table[std::size_t(std::clamp(int(ids->GetTuple1(p)), 0, 255))];
        colours->SetTypedTuple(p, c.data());
    }
    mesh->GetPointData()->AddArray(colours);
    return mesh;
}

} // namespace tgc

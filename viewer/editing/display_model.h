// What the views of one image share: the image, its label map, the window,
// the overlay opacity and the cursor voxel (which sets each view's slice and
// the linked cross-hair). No widgets: views and panels observe its signals.
#pragma once

#include "image_volume.h"
#include "label_map.h"
#include "slice_geometry.h"
#include "window_level.h"

#include <QObject>
#include <QString>
#include <array>
#include <memory>
#include <vector>

namespace tgc {

// Compare mode: one model's mask drawn as an outline in its own colour over
// the image and the annotation, so several models can be told apart.
struct OutlineLayer {
    QString name;                         // the model, for legends
    std::shared_ptr<const LabelMap> mask; // probability x 255 on the image's grid
    int cutoff = 128;                     // byte value a voxel must reach to count
    std::array<std::uint8_t, 3> colour{255, 255, 0};
    bool visible = true;
};

class DisplayModel : public QObject {
    Q_OBJECT
public:
    explicit DisplayModel(QObject* parent = nullptr);

    // Shows an image; labels may be null (an empty map on the same grid is
    // made so tools always have a buffer to edit). Resets window and cursor.
    void setImage(std::shared_ptr<const ImageVolume> image, std::shared_ptr<LabelMap> labels = {});
    void clear();

    bool hasImage() const { return m_image != nullptr; }
    const ImageVolume* image() const { return m_image.get(); }
    std::shared_ptr<const ImageVolume> sharedImage() const { return m_image; }
    LabelMap* labels() const { return m_labels.get(); }
    std::shared_ptr<LabelMap> sharedLabels() const { return m_labels; }
    // More than one slice: three views and a cross-hair.
    bool isVolume() const;

    WindowLevel window() const { return m_window; }
    void setWindow(const WindowLevel& window);
    void applyPreset(WindowPreset preset);
    // Max - min of the image values: scales right-drag window changes.
    double valueSpan() const { return m_valueSpan; }

    double overlayOpacity() const { return m_opacity; }
    void setOverlayOpacity(double opacity);

    std::array<int, 3> cursor() const { return m_cursor; }
    // Clamped to the grid.
    void setCursor(const std::array<int, 3>& voxel);
    int sliceIndex(Orientation orientation) const;
    void setSliceIndex(Orientation orientation, int slice);
    // The view the pointer was last in (the views set it): slice operations
    // such as Accept on this slice act on its slices.
    Orientation activeOrientation() const { return m_activeOrientation; }
    void setActiveOrientation(Orientation orientation) { m_activeOrientation = orientation; }

    // Interaction tools call this after changing label voxels.
    void notifyLabelsChanged();

    // A model's proposal, its own layer over the labels: probability x 255
    // per voxel on the image's grid (null: none). Cleared with each new
    // image. The owner may write more slices into it and then call
    // notifyProposalChanged() (whole-volume inference fills it as it goes).
    void setProposal(std::shared_ptr<const LabelMap> probabilities);
    const LabelMap* proposal() const { return m_proposal.get(); }
    std::shared_ptr<const LabelMap> sharedProposal() const { return m_proposal; }
    // Voxels with probability >= threshold (0..1) form the proposed mask.
    double proposalThreshold() const { return m_proposalThreshold; }
    void setProposalThreshold(double threshold);
    // The byte value a voxel must reach: ceil(threshold x 255), at least 1.
    int proposalCutoff() const;
    void notifyProposalChanged();

    // Compare mode's outlines (layers not of this image's grid are left
    // out). Cleared with each new image, like the proposal.
    void setOutlineLayers(std::vector<OutlineLayer> layers);
    const std::vector<OutlineLayer>& outlineLayers() const { return m_outlines; }
    void setOutlineVisible(std::size_t index, bool visible);
    // The owner wrote more slices into a layer's mask.
    void notifyOutlinesChanged();

    // "−650 HU", "812", "(12, 200, 31)" for RGB; empty outside the grid.
    QString valueText(const std::array<int, 3>& voxel) const;
    bool contains(const std::array<int, 3>& voxel) const;

Q_SIGNALS:
    void imageChanged();
    void windowChanged();
    void overlayChanged();
    void cursorChanged();
    void proposalChanged();
    void outlinesChanged();

private:
    std::shared_ptr<const ImageVolume> m_image;
    std::shared_ptr<LabelMap> m_labels;
    WindowLevel m_window{40.0, 400.0};
    double m_valueSpan = 1.0;
    double m_opacity = 0.5;
    std::array<int, 3> m_cursor{0, 0, 0};
    Orientation m_activeOrientation = Orientation::Axial;
    std::shared_ptr<const LabelMap> m_proposal;
    double m_proposalThreshold = 0.5;
    std::vector<OutlineLayer> m_outlines;
};

} // namespace tgc

#include "display_model.h"

#include <algorithm>
#include <cmath>

namespace tgc {

DisplayModel::DisplayModel(QObject* parent) : QObject(parent) {}

void DisplayModel::setImage(std::shared_ptr<const ImageVolume> image,
                            std::shared_ptr<LabelMap> labels) {
    m_image = std::move(image);
    m_labels = std::move(labels);
    m_proposal.reset(); // it belonged to the image before
    m_outlines.clear();
    if (m_image && (!m_labels || !m_labels->geometry().sameGrid(m_image->geometry())))
        m_labels = std::make_shared<LabelMap>(m_image->geometry());
    if (m_image) {
        const auto [lo, hi] = m_image->valueRange();
        m_valueSpan = std::max(1.0, hi - lo);
        m_window = m_image->defaultWindow();
        const auto& d = m_image->dims();
        m_cursor = {d[0] / 2, d[1] / 2, d[2] / 2};
    }
    Q_EMIT imageChanged();
    Q_EMIT windowChanged();
    Q_EMIT cursorChanged();
    Q_EMIT overlayChanged();
    Q_EMIT proposalChanged();
}

void DisplayModel::clear() {
    setImage(nullptr, nullptr);
}

bool DisplayModel::isVolume() const {
    return m_image && m_image->dims()[2] > 1;
}

void DisplayModel::setWindow(const WindowLevel& window) {
    WindowLevel w = window;
    w.width = std::max(1.0, w.width);
    if (w.center == m_window.center && w.width == m_window.width)
        return;
    m_window = w;
    Q_EMIT windowChanged();
}

void DisplayModel::applyPreset(WindowPreset preset) {
    if (const auto w = presetWindow(preset))
        setWindow(*w);
    else if (m_image)
        setWindow(m_image->defaultWindow());
}

void DisplayModel::setOverlayOpacity(double opacity) {
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == m_opacity)
        return;
    m_opacity = opacity;
    Q_EMIT overlayChanged();
}

void DisplayModel::setCursor(const std::array<int, 3>& voxel) {
    if (!m_image)
        return;
    std::array<int, 3> c{};
    for (int a = 0; a < 3; ++a)
        c[a] = std::clamp(voxel[a], 0, m_image->dims()[a] - 1);
    if (c == m_cursor)
        return;
    m_cursor = c;
    Q_EMIT cursorChanged();
}

int DisplayModel::sliceIndex(Orientation orientation) const {
    if (!m_image)
        return 0;
    const SliceGeometry g(m_image->geometry(), orientation);
    return m_cursor[std::size_t(g.sliceAxis())];
}

void DisplayModel::setSliceIndex(Orientation orientation, int slice) {
    if (!m_image)
        return;
    const SliceGeometry g(m_image->geometry(), orientation);
    auto c = m_cursor;
    c[std::size_t(g.sliceAxis())] = slice;
    setCursor(c);
}

void DisplayModel::notifyLabelsChanged() {
    Q_EMIT overlayChanged();
}

void DisplayModel::setProposal(std::shared_ptr<const LabelMap> probabilities) {
    if (probabilities && (!m_image || !probabilities->geometry().sameGrid(m_image->geometry())))
        probabilities.reset(); // not of this image
    m_proposal = std::move(probabilities);
    Q_EMIT proposalChanged();
}

void DisplayModel::setProposalThreshold(double threshold) {
    threshold = std::clamp(threshold, 0.0, 1.0);
    if (threshold == m_proposalThreshold)
        return;
    m_proposalThreshold = threshold;
    Q_EMIT proposalChanged();
}

int DisplayModel::proposalCutoff() const {
    return std::clamp(int(std::ceil(m_proposalThreshold * 255.0 - 1e-9)), 1, 255);
}

void DisplayModel::notifyProposalChanged() {
    Q_EMIT proposalChanged();
}

void DisplayModel::setOutlineLayers(std::vector<OutlineLayer> layers) {
    std::vector<OutlineLayer> kept;
    for (auto& layer : layers)
        if (layer.mask && m_image && layer.mask->geometry().sameGrid(m_image->geometry()))
            kept.push_back(std::move(layer));
    m_outlines = std::move(kept);
    Q_EMIT outlinesChanged();
}

void DisplayModel::setOutlineVisible(std::size_t index, bool visible) {
    if (index >= m_outlines.size() || m_outlines[index].visible == visible)
        return;
    m_outlines[index].visible = visible;
    Q_EMIT outlinesChanged();
}

void DisplayModel::notifyOutlinesChanged() {
    Q_EMIT outlinesChanged();
}

bool DisplayModel::contains(const std::array<int, 3>& voxel) const {
    if (!m_image)
        return false;
    for (int a = 0; a < 3; ++a) {
        if (voxel[a] < 0 || voxel[a] >= m_image->dims()[a])
            return false;
    }
    return true;
}

QString DisplayModel::valueText(const std::array<int, 3>& voxel) const {
    if (!contains(voxel))
        return {};
    auto number = [this](double v) {
        return m_image->voxelType() == VoxelType::Float32 ? QString::number(v, 'g', 5)
                                                          : QString::number(std::lround(v));
    };
    if (m_image->components() == 3) {
        return QStringLiteral("(%1, %2, %3)")
            .arg(number(m_image->valueAt(voxel[0], voxel[1], voxel[2], 0)),
                 number(m_image->valueAt(voxel[0], voxel[1], voxel[2], 1)),
                 number(m_image->valueAt(voxel[0], voxel[1], voxel[2], 2)));
    }
    const QString value = number(m_image->valueAt(voxel[0], voxel[1], voxel[2]));
    return m_image->modality == QLatin1String("CT") ? value + QStringLiteral(" HU") : value;
}

} // namespace tgc

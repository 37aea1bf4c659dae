#include "tools_panel.h"

#include "named_widget.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

namespace tgc {

ToolsPanel::ToolsPanel(DisplayModel* model, QWidget* parent) : QWidget(parent), m_model(model) {
    auto* layout = new QVBoxLayout(this);

    auto* windowBox = new QGroupBox(tr("Window"));
    auto* grid = new QGridLayout(windowBox);
    struct PresetButton {
        WindowPreset preset;
        QString text;
        QString tip;
    };
    const PresetButton presets[] = {
        {WindowPreset::Lung, tr("Lung"), tr("W 1500 / L -600 (key 1)")},
        {WindowPreset::Abdomen, tr("Abdomen"), tr("W 400 / L 40 (key 2)")},
        {WindowPreset::Bone, tr("Bone"), tr("W 1800 / L 400 (key 3)")},
        {WindowPreset::Brain, tr("Brain"), tr("W 80 / L 40 (key 4)")},
        {WindowPreset::FileDefault, tr("File"), tr("The image's own window (key 5)")},
    };
    int n = 0;
    for (const PresetButton& p : presets) {
        auto* button = new QPushButton(QStringLiteral("%1  %2").arg(n + 1).arg(p.text));
        button->setToolTip(p.tip);
        button->setFocusPolicy(Qt::NoFocus); // keys stay with the views
        button->setObjectName(QStringLiteral("preset_%1").arg(n + 1));
        connect(button, &QPushButton::clicked, this,
                [this, preset = p.preset] { m_model->applyPreset(preset); });
        grid->addWidget(button, n / 2, n % 2);
        ++n;
    }
    m_windowLabel = named(new QLabel, "windowLabel");
    grid->addWidget(m_windowLabel, 3, 0, 1, 2);
    layout->addWidget(windowBox);

    auto* overlayBox = new QGroupBox(tr("Overlay"));
    auto* overlayLayout = new QHBoxLayout(overlayBox);
    overlayLayout->addWidget(new QLabel(tr("Opacity")));
    m_opacity = named(new QSlider(Qt::Horizontal), "opacitySlider");
    m_opacity->setRange(0, 100);
    m_opacity->setToolTip(tr("Opacity of the label overlay"));
    overlayLayout->addWidget(m_opacity, 1);
    m_opacityLabel = new QLabel;
    m_opacityLabel->setMinimumWidth(
        m_opacityLabel->fontMetrics().horizontalAdvance(QStringLiteral("100 %")));
    overlayLayout->addWidget(m_opacityLabel);
    connect(m_opacity, &QSlider::valueChanged, this,
            [this](int v) { m_model->setOverlayOpacity(v / 100.0); });
    layout->addWidget(overlayBox);

    auto* viewBox = new QGroupBox(tr("View"));
    auto* viewLayout = new QHBoxLayout(viewBox);
    auto* fit = new QPushButton(tr("Fit"));
    fit->setToolTip(tr("Show the whole slice in every view"));
    auto* one = new QPushButton(tr("1:1"));
    fit->setFocusPolicy(Qt::NoFocus);
    one->setFocusPolicy(Qt::NoFocus);
    one->setToolTip(tr("One image pixel per screen pixel"));
    connect(fit, &QPushButton::clicked, this, &ToolsPanel::fitRequested);
    connect(one, &QPushButton::clicked, this, &ToolsPanel::oneToOneRequested);
    viewLayout->addWidget(fit);
    viewLayout->addWidget(one);
    layout->addWidget(viewBox);

    auto* help = new QLabel(tr("Wheel or arrow keys: slice\nCtrl+wheel: zoom\nMiddle drag: pan\n"
                               "Right drag: window/level\nLeft click: cross-hair"));
    help->setObjectName(QStringLiteral("mouseHelp"));
    help->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(help);
    layout->addStretch(1);

    connect(model, &DisplayModel::windowChanged, this, &ToolsPanel::showWindow);
    connect(model, &DisplayModel::overlayChanged, this, &ToolsPanel::showOpacity);
    showWindow();
    showOpacity();
}

void ToolsPanel::showWindow() {
    const WindowLevel w = m_model->window();
    m_windowLabel->setText(
        tr("Width %1, level %2").arg(std::lround(w.width)).arg(std::lround(w.center)));
}

void ToolsPanel::showOpacity() {
    const int percent = int(std::lround(m_model->overlayOpacity() * 100.0));
    if (m_opacity->value() != percent)
        m_opacity->setValue(percent);
    m_opacityLabel->setText(QStringLiteral("%1 %").arg(percent));
}

} // namespace tgc

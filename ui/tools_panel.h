// The tools dock: window presets, the current window, overlay opacity, Fit and 1:1.
#pragma once

#include "display_model.h"

#include <QWidget>

class QLabel;
class QSlider;

namespace tgc {

class ToolsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ToolsPanel(DisplayModel* model, QWidget* parent = nullptr);

    QSlider* opacitySlider() const { return m_opacity; }

Q_SIGNALS:
    void fitRequested();
    void oneToOneRequested();

private:
    void showWindow();
    void showOpacity();

    DisplayModel* m_model;
    QLabel* m_windowLabel = nullptr;
    QSlider* m_opacity = nullptr;
    QLabel* m_opacityLabel = nullptr;
};

} // namespace tgc

// The pictures of a comparison report, drawn with QPainter into images
// (needs a QGuiApplication for fonts; QT_QPA_PLATFORM=offscreen will do).
#pragma once

#include "comparison_cases.h"

#include <QColor>
#include <QImage>
#include <QStringList>
#include <vector>

namespace tgc {

// Colour of model k in montages and the box plot (the annotation is green).
QColor modelColour(int k);

// One row of panels: the image, the annotation over it, then each model's
// mask over it, each labelled (model names, and Dice where there is a
// reference). A volume shows the slice with the most annotated voxels (the
// most predicted voxels when there is no annotation).
QImage renderMontage(const ComparisonCase& c, const std::vector<std::vector<std::uint8_t>>& masks,
                     const QStringList& modelNames, const std::vector<double>& dice);

// Tukey box plot of Dice per model: box from the first to the third
// quartile (linear interpolation between order statistics), the median as a
// line, whiskers to the furthest value within 1.5 IQR, points beyond drawn
// one by one; the y axis is Dice 0..1.
QImage renderDiceBoxPlot(const QStringList& modelNames,
                         const std::vector<std::vector<double>>& dicePerModel);

// The slice a montage shows (see renderMontage).
int montageSlice(const ComparisonCase& c, const std::vector<std::vector<std::uint8_t>>& masks);

} // namespace tgc

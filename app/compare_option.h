// tgc-annotator --compare A,B[,C,D]: once the image has loaded, compare mode
// runs these models on the current slice (each a model id of the Models
// menu, "demo" for the bundled one, or a checkpoint file, added to the menu)
// and reports through `then` when the legend and metrics are shown. mode
// "probe" or "ablation" runs the first model with the prompt variants instead.
#pragma once

#include <QStringList>
#include <functional>

namespace tgc {

class MainWindow;

void compareOnceLoaded(MainWindow& window, const QStringList& models, const QString& mode,
                       const std::function<void(bool)>& then);

} // namespace tgc

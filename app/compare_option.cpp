#include "compare_option.h"

#include "annotator.h"
#include "compare_controller.h"
#include "main_window.h"
#include "model_manager.h"

#include <QFileInfo>
#include <cstdio>

namespace tgc {

void compareOnceLoaded(MainWindow& window, const QStringList& models, const QString& mode,
                       const std::function<void(bool)>& then) {
    Annotator* app = window.app();
    ModelManager* manager = app->models();
    const QString active = manager->selectedId();
    QStringList ids;
    for (const QString& entry : models) {
        if (entry == QLatin1String("demo")) {
            ids << ModelManager::demoModel().id;
            continue;
        }
        const auto all = manager->models();
        const bool known = std::any_of(all.begin(), all.end(),
                                       [&entry](const ModelSpec& m) { return m.id == entry; });
        ids << (known || !QFileInfo(entry).isFile() ? entry
                                                    : manager->addCheckpoint(entry, QString()));
    }
    if (!active.isEmpty())
        manager->select(active); // adding a checkpoint selects it; Generate keeps its model
    window.showCompareDock();    // the dock shows the run: its models, legend and metrics
    CompareController* compare = app->compare();
    CompareSession* session = compare->session();
    QObject::connect(
        session, &CompareSession::finished, &window, [then] { then(true); },
        Qt::SingleShotConnection);
    QObject::connect(
        session, &CompareSession::error, &window,
        [then](const QString& text) {
            std::fprintf(stderr, "tgc-annotator: %s\n", qPrintable(text));
            then(false);
        },
        Qt::SingleShotConnection);
    const auto scope = CompareSession::Scope::Slice;
    if (mode == QLatin1String("probe"))
        compare->runProbe(ids.value(0), scope);
    else if (mode == QLatin1String("ablation"))
        compare->runAblation(ids.value(0), QString(), scope);
    else
        compare->run(ids, scope);
}

} // namespace tgc

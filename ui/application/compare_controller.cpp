#include "compare_controller.h"

#include "case_prompts.h"
#include "display_model.h"
#include "model_manager.h"
#include "project_controller.h"

namespace tgc {

CompareController::CompareController(DisplayModel* display, CasePrompts* prompts,
                                     ModelManager* models, ProjectController* project,
                                     QObject* parent)
    : QObject(parent), m_display(display), m_prompts(prompts), m_models(models), m_project(project),
      m_session(new CompareSession(models->newClient(), this)) {
    // Before anyone shows the new image's data: a run for the image left is dropped.
    connect(m_display, &DisplayModel::imageChanged, this,
            [this] { m_session->imageShown(m_display->image()); });
    connect(m_session, &CompareSession::started, this, &CompareController::showLayers);
    connect(m_session, &CompareSession::progress, m_display, &DisplayModel::notifyOutlinesChanged);
    connect(m_session, &CompareSession::stateChanged, this, &CompareController::changed);
    connect(m_session, &CompareSession::modelDone, this, &CompareController::changed);
}

std::vector<ModelSpec> CompareController::availableModels() const {
    return m_models->models();
}

CompareSession::Request CompareController::request(CompareSession::Scope scope) const {
    CompareSession::Request r;
    r.caseId = m_project ? m_project->currentCaseId() : QString();
    r.image = m_display->sharedImage();
    r.annotation = m_display->sharedLabels();
    r.report = m_prompts->report().trimmed();
    r.aux = m_prompts->aux().trimmed();
    r.scope = scope;
    r.slice = m_display->sliceIndex(Orientation::Axial);
    r.threshold = m_display->proposalThreshold();
    return r;
}

ModelSpec CompareController::model(const QString& id) const {
    for (const ModelSpec& spec : availableModels())
        if (spec.id == id)
            return spec;
    return {};
}

void CompareController::setChoice(const QStringList& modelIds, Mode mode) {
    if (modelIds == m_chosen && mode == m_mode)
        return;
    m_chosen = modelIds;
    m_mode = mode;
    Q_EMIT choiceChanged();
}

bool CompareController::run(const QStringList& modelIds, CompareSession::Scope scope) {
    setChoice(modelIds, Mode::Models);
    std::vector<ModelSpec> chosen;
    for (const QString& id : modelIds)
        if (const ModelSpec spec = model(id); !spec.id.isEmpty())
            chosen.push_back(spec);
    m_session->setDeviceChoice(m_models->deviceChoice());
    return m_session->start(chosen, request(scope));
}

bool CompareController::runAblation(const QString& modelId, const QString& edited,
                                    CompareSession::Scope scope) {
    // The dock's other checked models stay its choice: the variants run the first.
    setChoice(m_chosen.value(0) == modelId ? m_chosen : QStringList{modelId}, Mode::Ablation);
    CompareSession::Request r = request(scope);
    // Before r is moved from (argument order is unspecified).
    const auto variants = ablationVariants(r.report, r.aux, edited);
    m_session->setDeviceChoice(m_models->deviceChoice());
    return m_session->startVariants(model(modelId), variants, std::move(r));
}

bool CompareController::runProbe(const QString& modelId, CompareSession::Scope scope) {
    setChoice(m_chosen.value(0) == modelId ? m_chosen : QStringList{modelId}, Mode::Probe);
    CompareSession::Request r = request(scope);
    const auto variants = probeVariants(r.report, r.aux);
    m_session->setDeviceChoice(m_models->deviceChoice());
    return m_session->startVariants(model(modelId), variants, std::move(r));
}

void CompareController::showLayers() {
    std::vector<OutlineLayer> layers;
    for (const auto& run : m_session->runs()) {
        OutlineLayer layer;
        layer.name = run.label;
        layer.mask = run.probabilities;
        layer.cutoff = m_session->cutoff();
        const QColor c = run.colour;
        layer.colour = {std::uint8_t(c.red()), std::uint8_t(c.green()), std::uint8_t(c.blue())};
        layers.push_back(std::move(layer));
    }
    m_display->setOutlineLayers(std::move(layers));
}

void CompareController::clear() {
    m_session->clear();
    m_display->setOutlineLayers({});
}

void CompareController::setModelVisible(int index, bool visible) {
    // No changed(): the legend's own check box made this call.
    m_display->setOutlineVisible(std::size_t(index), visible);
}

bool CompareController::isModelVisible(int index) const {
    const auto& layers = m_display->outlineLayers();
    return index >= 0 && std::size_t(index) < layers.size() && layers[std::size_t(index)].visible;
}

} // namespace tgc

// Compare mode (no widgets): which models of the model list (the Models
// menu's) to compare, the shown case's image, annotation and prompts handed to
// the CompareSession, and each model's mask shown as an outline layer of
// the views as its slices arrive; a new image drops the run (the session
// sees it first). The compare dock only displays what this holds.
#pragma once

#include "compare_session.h"

#include <QObject>
#include <QStringList>

namespace tgc {

class DisplayModel;
class ModelManager;
class ProjectController;
class CasePrompts;

class CompareController : public QObject {
    Q_OBJECT
public:
    CompareController(DisplayModel* display, CasePrompts* prompts, ModelManager* models,
                      ProjectController* project, QObject* parent = nullptr);

    // Models with the same prompts, or one model with the prompt ablation or
    // the robustness probe.
    enum class Mode { Models, Ablation, Probe };

    CompareSession* session() const { return m_session; }
    DisplayModel* display() const { return m_display; }
    // The models one may compare: the Models menu's list.
    std::vector<ModelSpec> availableModels() const;

    // Runs the models (ids of availableModels(), in the order given) on the
    // shown image with the report panel's prompts. False (and the
    // session's error()) when they cannot run.
    bool run(const QStringList& modelIds, CompareSession::Scope scope);
    // One model with the prompt variants (prompt_variants.h) of the report
    // panel's prompts: the ablation (report only, + aux, the edited prompt)
    // or the robustness probe.
    bool runAblation(const QString& modelId, const QString& edited, CompareSession::Scope scope);
    bool runProbe(const QString& modelId, CompareSession::Scope scope);
    void cancel() { m_session->cancel(); }
    // What the last run compared, wherever it was started (the dock, the
    // command line): the dock shows it as its choice.
    const QStringList& chosenModels() const { return m_chosen; }
    Mode mode() const { return m_mode; }
    // Leaves compare mode: results and outlines go.
    void clear();

    // Legend toggles: shows or hides one model's outline.
    void setModelVisible(int index, bool visible);
    bool isModelVisible(int index) const;

Q_SIGNALS:
    // The legend or the metrics may read differently.
    void changed();
    // A run started with other models or another mode.
    void choiceChanged();

private:
    void setChoice(const QStringList& modelIds, Mode mode);
    void showLayers();
    CompareSession::Request request(CompareSession::Scope scope) const;
    ModelSpec model(const QString& id) const;

    DisplayModel* m_display;
    CasePrompts* m_prompts;
    ModelManager* m_models;
    ProjectController* m_project;
    CompareSession* m_session;
    QStringList m_chosen;
    Mode m_mode = Mode::Models;
};

} // namespace tgc

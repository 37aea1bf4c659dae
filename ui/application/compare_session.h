// Compare mode's model (no widgets, so tests drive it without a window):
// two to four checkpoints run one after another on the shown case with the
// same prompts, through the GUI's model host (a model the Models menu has
// loaded for Generate is used as it is, not loaded again), each model's probability map
// filled as its slices arrive; then every mask is scored against the
// annotation (when the case has one) and against the other models, off the
// UI thread. A new start, cancel() or imageShown() drops whatever of the
// run before is still on its way.
#pragma once

#include "inference_types.h"
#include "label_map.h"
#include "prompt_variants.h"

#include <QColor>
#include <QElapsedTimer>
#include <QObject>
#include <memory>
#include <vector>

namespace tgc {

class InferenceClient;
class ModelHost;

class CompareSession : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinModels = 2;
    static constexpr int kMaxModels = 4;
    static constexpr int kMaxVariants = 5; // the probe: original and four rewrites
    // Dice to the original at or above which a mask "did not move".
    static constexpr double kStillDice = 0.9;
    enum class Scope { Slice, Volume };

    struct Request {
        QString caseId; // empty: a loose image
        std::shared_ptr<const ImageVolume> image;
        // The annotation as it stood when the run started (copied by
        // start()); null or all background: the case has no reference.
        std::shared_ptr<const LabelMap> annotation;
        QString report;
        QString aux;
        Scope scope = Scope::Slice;
        int slice = 0;          // axial slice for Scope::Slice
        double threshold = 0.5; // probability -> mask
    };

    // Agreement of two masks over the compared region (the slice or the volume).
    struct Score {
        double dice = 0.0;
        double iou = 0.0;
        double hd95 = 0.0; // mm; +inf when exactly one mask is empty
    };

    struct ModelRun {
        ModelRun(ModelSpec spec, QString label, QString report, QString aux,
                 bool shouldMove = false)
            : spec(std::move(spec)), label(std::move(label)), report(std::move(report)),
              aux(std::move(aux)), shouldMove(shouldMove) {}
        ModelSpec spec;
        QString label;           // the model's name, or the prompt variant's
        QString report, aux;     // what it was prompted with
        bool shouldMove = false; // a variant naming another side or organ
        QColor colour;
        std::shared_ptr<LabelMap> probabilities; // x 255 on the image grid
        double ms = 0.0;                         // the worker's time for the request
        std::size_t voxels = 0;                  // at or above the threshold, in the region
        bool done = false;
    };

    struct Metrics {
        bool hasReference = false;
        std::vector<Score> vsReference;        // one per model (when hasReference)
        std::vector<std::vector<Score>> pairs; // models x models
    };

    // client: one of the model host's (ModelManager::newClient), taken over.
    explicit CompareSession(InferenceClient* client, QObject* parent = nullptr);
    ~CompareSession() override;

    void setDeviceChoice(const DeviceChoice& choice) { m_choice = choice; }

    // Starts a run (dropping one still going); false, with error(), for
    // fewer than two or more than four models, no image or no report.
    bool start(const std::vector<ModelSpec>& models, Request request);
    // One model with several prompts (prompt_variants.h): the first is the
    // one the others are measured against. The request's prompts are not used.
    bool startVariants(const ModelSpec& model, const std::vector<PromptVariant>& variants,
                       Request request);
    // Stops the model running; the models done so far stay, no metrics.
    void cancel();
    // The views now show this image (null: none). Unless it is the image
    // compared, the run is dropped and its results cleared, so nothing of
    // it lands on the case the user moved to.
    void imageShown(const ImageVolume* image);
    // Leaves compare mode: the run (if any) is dropped and the results cleared.
    void clear();

    bool isRunning() const { return m_running; }
    bool hasResults() const { return m_metricsReady; }
    const Request& request() const { return m_request; }
    const std::vector<ModelRun>& runs() const { return m_runs; }
    const Metrics& metrics() const { return m_metrics; }
    int cutoff() const;
    // The last run was startVariants (pairs[0] is each variant against the original).
    bool comparesPrompts() const { return m_variants; }
    // A variant naming another side or organ whose mask stayed where the
    // original's is (Dice >= kStillDice): the model ignores that part of the text.
    bool stillWhereItShouldMove(std::size_t index) const;

    // The colour of the model at this position (legend and outline).
    static QColor colourFor(int index);
    // Scores masks (0 / non-zero bytes, one grid of dims and spacing each):
    // each against the reference when there is one, and each pair.
    static Metrics score(const std::vector<std::vector<std::uint8_t>>& masks,
                         const std::vector<std::uint8_t>& reference, const std::array<int, 3>& dims,
                         const std::array<double, 3>& spacing);
    // The compared region of a map as 0 / 1 bytes (cutoff on x 255 values).
    static std::vector<std::uint8_t> regionMask(const LabelMap& map, Scope scope, int slice,
                                                int cutoff);

    InferenceClient* client() const { return m_client; }

Q_SIGNALS:
    void started();
    // Slices of the model at `index` arrived (its map was written).
    void progress(int index, int done, int total);
    void modelDone(int index);
    // Every model ran and the metrics are in.
    void finished();
    void cancelled();
    // A run was dropped because the case changed.
    void dropped();
    void error(const QString& text);
    void stateChanged();

private:
    bool startRuns(std::vector<ModelRun> runs, Request request);
    void loadNext();
    void generateCurrent();
    void onLoaded(const ModelInfo& info);
    void onLoadFailed(const ModelSpec& spec, const QString& text);
    void onSlices(const InferenceBatch& batch);
    void onFinished(const InferenceSummary& summary);
    void onFailed(quint64 generation, const QString& text);
    void scoreRuns();
    void stop();

    InferenceClient* m_client = nullptr;
    DeviceChoice m_choice;
    Request m_request;
    QString m_loadedPath; // the checkpoint the worker has loaded last
    bool m_variants = false;
    std::vector<ModelRun> m_runs;
    Metrics m_metrics;
    bool m_metricsReady = false;
    bool m_running = false;
    std::size_t m_current = 0;
    quint64 m_generation = 0;
    int m_loadsPending = 0; // loads queued on the worker; only the last one counts
    int m_serial = 0;       // counts runs: late metrics of an earlier one are dropped
};

} // namespace tgc

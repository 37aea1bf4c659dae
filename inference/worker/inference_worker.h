// The inference worker: a QObject living on the model host's thread
// (model_host.h) that alone owns the loaded models and so alone touches
// torch. It holds every model some client asked for, keyed by its file and
// loaded once however many clients use it (under whatever id each gave it), runs requests in the
// order they were queued, sends each batch of probability maps as it is done, and stops between
// batches when a request's cancel flag is set. The UI never calls it directly: see
// inference_client.h.
#pragma once

#include "engine.h"
#include "inference_types.h"

#include <QObject>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace tgc {

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // On the worker's thread (queued by the clients). The requester holds the
    // model from now on; with `exclusive` it lets go of every other model it
    // held (a client's one active model). A model already held with the same
    // file and device is not loaded again. A model that fails to load is
    // reported (modelFailed, naming the file) and what was held stays.
    void loadModel(const tgc::ModelSpec& spec, const tgc::DeviceChoice& choice, quint64 requester,
                   bool exclusive = true);
    // The requester lets go of a model file (every model when empty); a
    // model nobody holds is unloaded.
    void release(const QString& modelPath, quint64 requester);
    void run(const tgc::InferenceRequest& request);
    // For batch jobs on their own thread (ModelHost::segment): a held model
    // segments slices directly. Throws std::runtime_error when it is not held.
    engine::SegmentationResult segment(const QString& modelPath,
                                       const std::vector<engine::SliceInput>& slices,
                                       const engine::Prompt& prompt,
                                       const std::atomic<bool>* cancel);
    // The files of the loaded models (tests: each is in memory once).
    std::vector<QString> heldModels() const;

    // Tests: replaces the engine's segmentSlices. onGpu says whether the
    // worker believes the model runs on a GPU; simulateGpu makes it believe
    // so on this CPU-only machine (to reach the CPU fallback). Set before
    // the first request, from any thread.
    using SegmentFunction = std::function<std::vector<std::vector<float>>(
        const std::vector<engine::SliceInput>& slices, const engine::Prompt& prompt, bool onGpu)>;
    void setSegmentFunctionForTesting(SegmentFunction function, bool simulateGpu = false);

    // CPU threads when DeviceChoice.threads is 0: every core but one (the
    // UI thread needs one), at least one.
    static int defaultThreads();

Q_SIGNALS:
    void modelLoaded(const tgc::ModelInfo& info, quint64 requester);
    void modelFailed(const tgc::ModelSpec& spec, const QString& error, quint64 requester);
    // The model now runs elsewhere (the CPU, after running out of GPU memory).
    void modelMoved(const tgc::ModelInfo& info);
    void slicesReady(const tgc::InferenceBatch& batch);
    void finished(const tgc::InferenceSummary& summary);
    void failed(quint64 requester, quint64 generation, const QString& caseId, const QString& error);

private:
    struct Held {
        std::unique_ptr<engine::InferenceEngine> engine;
        ModelInfo info;
        DeviceChoice choice;
        std::set<quint64> holders;
    };
    std::unique_ptr<engine::InferenceEngine> load(const ModelSpec& spec, const DeviceChoice& choice,
                                                  ModelInfo& info);
    bool onGpu(const Held* held) const;
    static QString keyOf(const QString& path);

    std::map<QString, Held> m_models; // by keyOf(file)
    SegmentFunction m_segment;
    bool m_simulateGpu = false;
};

} // namespace tgc

// The inference worker: a QObject living on its own QThread (InferenceClient
// starts it) that alone owns the InferenceEngine and so alone touches torch.
// It loads models and runs requests in the order they were queued, sends
// each batch of probability maps as it is done, and stops between batches
// when a request's cancel flag is set. The UI never calls it directly: see
// inference_client.h.
#pragma once

#include "engine.h"
#include "inference_types.h"

#include <QObject>
#include <functional>
#include <memory>

namespace tgc {

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // On the worker's thread (queued by InferenceClient). A model that fails
    // to load is reported (modelFailed, naming the file) and the model loaded
    // before stays active.
    void loadModel(const tgc::ModelSpec& spec, const tgc::DeviceChoice& choice);
    void run(const tgc::InferenceRequest& request);

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
    void modelLoaded(const tgc::ModelInfo& info);
    void modelFailed(const tgc::ModelSpec& spec, const QString& error);
    // The model now runs elsewhere (the CPU, after running out of GPU memory).
    void modelMoved(const tgc::ModelInfo& info);
    void slicesReady(const tgc::InferenceBatch& batch);
    void finished(const tgc::InferenceSummary& summary);
    void failed(quint64 generation, const QString& caseId, const QString& error);

private:
    std::unique_ptr<engine::InferenceEngine> load(const ModelSpec& spec, const DeviceChoice& choice,
                                                  ModelInfo& info);
    bool onGpu() const;

    std::unique_ptr<engine::InferenceEngine> m_engine;
    ModelInfo m_info;
    DeviceChoice m_choice;
    SegmentFunction m_segment;
    bool m_simulateGpu = false;
};

} // namespace tgc

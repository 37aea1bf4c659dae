// The one home of the GUI's models: one thread whose worker holds every
// loaded model, keyed by its file and loaded once however many parts of the
// GUI use it (Generate, the compare dock, comparing models on a project),
// and serves their requests in the order they were queued. Each part talks
// to it through an InferenceClient of its own; a batch job on its own thread
// calls segment(), which waits for its turn on the worker. No torch here.
#pragma once

#include "engine.h"
#include "inference_types.h"

#include <QThread>
#include <atomic>
#include <memory>

namespace tgc {

class InferenceWorker;

class ModelHost {
public:
    ModelHost();
    // Waits for the worker's thread to stop (at most one slice batch: every
    // client has cancelled what it asked for by then).
    ~ModelHost();
    ModelHost(const ModelHost&) = delete;
    ModelHost& operator=(const ModelHost&) = delete;

    // The worker (clients connect to it; tests inject a segment function).
    InferenceWorker* worker() const { return m_worker; }
    // A number of its own for each client, so results reach only their asker.
    quint64 newRequester() { return ++m_requesters; }

    // From a thread that is not the UI's (it blocks until the worker has
    // done it): hold a model for `requester` (false, with `error` naming
    // the file, when it cannot load), segment slices with a held model,
    // let go of what the requester holds.
    bool hold(const ModelSpec& spec, const DeviceChoice& choice, quint64 requester, QString* error,
              ModelInfo* info = nullptr);
    engine::SegmentationResult segment(const QString& modelPath,
                                       const std::vector<engine::SliceInput>& slices,
                                       const engine::Prompt& prompt,
                                       const std::atomic<bool>* cancel);
    void releaseAll(quint64 requester);
    // The files of the models in memory, each once. Blocks the calling
    // thread until the worker answers (tests).
    std::vector<QString> heldModels();

private:
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    std::atomic<quint64> m_requesters{0};
};

} // namespace tgc

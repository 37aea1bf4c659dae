// One part of the UI's handle on the model host (model_host.h): it sends the
// host's worker its model and requests through queued calls, and passes on
// only what is still wanted and was asked by this client. A client has one
// active model, held on the worker while the client lives; clients that
// choose the same model share one copy of it. Every request gets a generation number; a new request
// cancels the one running (the worker stops between slice batches), and
// invalidate() (the case or the prompt changed) drops whatever is running,
// so a late answer never lands on what the user has moved on to. No torch
// here: widgets include it.
#pragma once

#include "inference_types.h"

#include <QObject>
#include <memory>
#include <optional>

namespace tgc {

class InferenceWorker;
class ModelHost;

class InferenceClient : public QObject {
    Q_OBJECT
public:
    // A client of the given host (the GUI's one), or of a host of its own.
    explicit InferenceClient(std::shared_ptr<ModelHost> host = nullptr, QObject* parent = nullptr);
    // Cancels what runs and lets go of its model; the last client of a host
    // waits for the worker's thread to stop (at most one slice batch).
    ~InferenceClient() override;

    // The worker (tests inject a segment function through it).
    InferenceWorker* worker() const;
    const std::shared_ptr<ModelHost>& host() const { return m_host; }

    // Loads on the worker's thread; modelLoaded or modelFailed follows. A
    // failed load leaves the active model as it was.
    void loadModel(const ModelSpec& spec, const DeviceChoice& choice = {});
    bool isLoadingModel() const { return m_loadsPending > 0; }
    // The model requests run with (after the last successful load).
    std::optional<ModelInfo> activeModel() const { return m_active; }

    // Queues a request, cancelling the one before; returns its generation.
    quint64 generate(InferenceRequest request);
    // Stops the current request between batches; finished() follows with
    // cancelled set and the slices done so far delivered.
    void cancel();
    // The case or the prompt changed: the current request is cancelled and
    // nothing more of it is passed on.
    void invalidate();
    // A request was sent and has not finished (or failed) yet.
    bool isBusy() const { return m_outstanding > 0; }
    // The generation whose results are passed on.
    quint64 generation() const { return m_generation; }

Q_SIGNALS:
    void modelLoading(const tgc::ModelSpec& spec);
    void modelLoaded(const tgc::ModelInfo& info);
    void modelFailed(const tgc::ModelSpec& spec, const QString& error);
    // Only for the current generation:
    void slicesReady(const tgc::InferenceBatch& batch);
    void finished(const tgc::InferenceSummary& summary);
    void failed(quint64 generation, const QString& error);
    // A result of an older generation arrived and was dropped.
    void dropped(quint64 generation);
    // isBusy() changed.
    void busyChanged(bool busy);

private:
    void requestEnded();

    std::shared_ptr<ModelHost> m_host;
    quint64 m_requester = 0;
    ModelSpec m_loading; // the model asked for last, while it loads
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_outstanding = 0;
    int m_loadsPending = 0;
    std::optional<ModelInfo> m_active;
};

} // namespace tgc

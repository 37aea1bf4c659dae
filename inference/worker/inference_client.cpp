#include "inference_client.h"

#include "inference_worker.h"
#include "model_host.h"

namespace tgc {

InferenceClient::InferenceClient(std::shared_ptr<ModelHost> host, QObject* parent)
    : QObject(parent), m_host(host ? std::move(host) : std::make_shared<ModelHost>()),
      m_requester(m_host->newRequester()) {
    InferenceWorker* worker = m_host->worker();
    const quint64 me = m_requester;
    connect(worker, &InferenceWorker::modelLoaded, this,
            [this, me](const ModelInfo& info, quint64 r) {
                if (r != me)
                    return;
                m_loadsPending = std::max(0, m_loadsPending - 1);
                m_active = info;
                Q_EMIT modelLoaded(info);
            });
    connect(worker, &InferenceWorker::modelMoved, this, [this](const ModelInfo& info) {
        if (!m_active || m_active->spec.path != info.spec.path)
            return;
        ModelInfo moved = info;
        moved.spec = m_active->spec; // this client's id and name for the file
        m_active = moved;
        Q_EMIT modelLoaded(moved);
    });
    connect(worker, &InferenceWorker::modelFailed, this,
            [this, me](const ModelSpec& spec, const QString& error, quint64 r) {
                if (r != me)
                    return;
                m_loadsPending = std::max(0, m_loadsPending - 1);
                Q_EMIT modelFailed(spec, error);
            });
    connect(worker, &InferenceWorker::slicesReady, this, [this, me](const InferenceBatch& batch) {
        if (batch.requester != me)
            return;
        if (batch.generation != m_generation)
            Q_EMIT dropped(batch.generation);
        else
            Q_EMIT slicesReady(batch);
    });
    connect(worker, &InferenceWorker::finished, this, [this, me](const InferenceSummary& summary) {
        if (summary.requester != me)
            return;
        requestEnded();
        if (summary.generation != m_generation)
            Q_EMIT dropped(summary.generation);
        else
            Q_EMIT finished(summary);
    });
    connect(worker, &InferenceWorker::failed, this,
            [this, me](quint64 r, quint64 generation, const QString&, const QString& error) {
                if (r != me)
                    return;
                requestEnded();
                if (generation != m_generation)
                    Q_EMIT dropped(generation);
                else
                    Q_EMIT failed(generation, error);
            });
}

InferenceClient::~InferenceClient() {
    if (m_cancel)
        m_cancel->store(true);
    InferenceWorker* worker = m_host->worker();
    const quint64 me = m_requester;
    QMetaObject::invokeMethod(
        worker, [worker, me] { worker->release(QString(), me); }, Qt::QueuedConnection);
}

InferenceWorker* InferenceClient::worker() const {
    return m_host->worker();
}

void InferenceClient::loadModel(const ModelSpec& spec, const DeviceChoice& choice) {
    ++m_loadsPending;
    m_loading = spec;
    Q_EMIT modelLoading(spec);
    InferenceWorker* worker = m_host->worker();
    const quint64 me = m_requester;
    QMetaObject::invokeMethod(
        worker, [worker, spec, choice, me] { worker->loadModel(spec, choice, me); },
        Qt::QueuedConnection);
}

quint64 InferenceClient::generate(InferenceRequest request) {
    if (m_cancel)
        m_cancel->store(true); // the request before stops between batches
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    request.generation = ++m_generation;
    request.cancel = m_cancel;
    request.requester = m_requester;
    // A model still loading is queued before this request: it is the one meant.
    if (m_loadsPending > 0)
        request.model = m_loading;
    else if (m_active)
        request.model = m_active->spec;
    const bool wasBusy = isBusy();
    ++m_outstanding;
    InferenceWorker* worker = m_host->worker();
    QMetaObject::invokeMethod(
        worker, [worker, request] { worker->run(request); }, Qt::QueuedConnection);
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    return m_generation;
}

void InferenceClient::cancel() {
    if (m_cancel)
        m_cancel->store(true);
}

void InferenceClient::invalidate() {
    cancel();
    ++m_generation;
}

void InferenceClient::requestEnded() {
    m_outstanding = std::max(0, m_outstanding - 1);
    if (m_outstanding == 0)
        Q_EMIT busyChanged(false);
}

} // namespace tgc

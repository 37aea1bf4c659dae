#include "inference_client.h"

#include "inference_worker.h"

namespace tgc {

InferenceClient::InferenceClient(QObject* parent) : QObject(parent) {
    m_worker = new InferenceWorker; // no parent: it lives on m_thread
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("inference"));
    connect(m_worker, &InferenceWorker::modelLoaded, this, [this](const ModelInfo& info) {
        m_loadsPending = std::max(0, m_loadsPending - 1);
        m_active = info;
        Q_EMIT modelLoaded(info);
    });
    connect(m_worker, &InferenceWorker::modelMoved, this, [this](const ModelInfo& info) {
        m_active = info;
        Q_EMIT modelLoaded(info);
    });
    connect(m_worker, &InferenceWorker::modelFailed, this,
            [this](const ModelSpec& spec, const QString& error) {
                m_loadsPending = std::max(0, m_loadsPending - 1);
                Q_EMIT modelFailed(spec, error);
            });
    connect(m_worker, &InferenceWorker::slicesReady, this, [this](const InferenceBatch& batch) {
        if (batch.generation != m_generation)
            Q_EMIT dropped(batch.generation);
        else
            Q_EMIT slicesReady(batch);
    });
    connect(m_worker, &InferenceWorker::finished, this, [this](const InferenceSummary& summary) {
        requestEnded();
        if (summary.generation != m_generation)
            Q_EMIT dropped(summary.generation);
        else
            Q_EMIT finished(summary);
    });
    connect(m_worker, &InferenceWorker::failed, this,
            [this](quint64 generation, const QString&, const QString& error) {
                requestEnded();
                if (generation != m_generation)
                    Q_EMIT dropped(generation);
                else
                    Q_EMIT failed(generation, error);
            });
    m_thread.start();
}

InferenceClient::~InferenceClient() {
    if (m_cancel)
        m_cancel->store(true);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

void InferenceClient::loadModel(const ModelSpec& spec, const DeviceChoice& choice) {
    ++m_loadsPending;
    Q_EMIT modelLoading(spec);
    InferenceWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, spec, choice] { worker->loadModel(spec, choice); }, Qt::QueuedConnection);
}

quint64 InferenceClient::generate(InferenceRequest request) {
    if (m_cancel)
        m_cancel->store(true); // the request before stops between batches
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    request.generation = ++m_generation;
    request.cancel = m_cancel;
    const bool wasBusy = isBusy();
    ++m_outstanding;
    InferenceWorker* worker = m_worker;
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

#include "model_host.h"

#include "inference_worker.h"

#include <stdexcept>

namespace tgc {

ModelHost::ModelHost() {
    m_worker = new InferenceWorker; // no parent: it lives on m_thread
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("inference"));
    m_thread.start();
}

ModelHost::~ModelHost() {
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

bool ModelHost::hold(const ModelSpec& spec, const DeviceChoice& choice, quint64 requester,
                     QString* error, ModelInfo* info) {
    bool ok = false;
    // Answers for this requester only, on the worker's thread before the call returns.
    auto loaded = QObject::connect(m_worker, &InferenceWorker::modelLoaded, m_worker,
                                   [&](const ModelInfo& i, quint64 r) {
                                       if (r != requester)
                                           return;
                                       ok = true;
                                       if (info)
                                           *info = i;
                                   });
    auto failed = QObject::connect(m_worker, &InferenceWorker::modelFailed, m_worker,
                                   [&](const ModelSpec&, const QString& text, quint64 r) {
                                       if (r == requester && error)
                                           *error = text;
                                   });
    InferenceWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, spec, choice, requester] { worker->loadModel(spec, choice, requester, false); },
        Qt::BlockingQueuedConnection);
    QObject::disconnect(loaded);
    QObject::disconnect(failed);
    return ok;
}

engine::SegmentationResult ModelHost::segment(const QString& modelPath,
                                              const std::vector<engine::SliceInput>& slices,
                                              const engine::Prompt& prompt,
                                              const std::atomic<bool>* cancel) {
    engine::SegmentationResult result;
    std::string problem;
    InferenceWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [&] {
            try {
                result = worker->segment(modelPath, slices, prompt, cancel);
            } catch (const std::exception& e) {
                problem = e.what();
            }
        },
        Qt::BlockingQueuedConnection);
    if (!problem.empty())
        throw std::runtime_error(problem);
    return result;
}

void ModelHost::releaseAll(quint64 requester) {
    InferenceWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, requester] { worker->release(QString(), requester); },
        Qt::BlockingQueuedConnection);
}

std::vector<QString> ModelHost::heldModels() {
    std::vector<QString> ids;
    InferenceWorker* worker = m_worker;
    if (QThread::currentThread() == &m_thread)
        return worker->heldModels();
    QMetaObject::invokeMethod(
        worker, [worker, &ids] { ids = worker->heldModels(); }, Qt::BlockingQueuedConnection);
    return ids;
}

} // namespace tgc

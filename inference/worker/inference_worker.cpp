#include "inference_worker.h"

#include "batch_fallback.h"
#include "model_input.h"
#include "runtime_info.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tgc {

namespace {

QByteArray toBytes(const std::vector<float>& probability) {
    QByteArray bytes(qsizetype(probability.size()), Qt::Uninitialized);
    auto* out = reinterpret_cast<std::uint8_t*>(bytes.data());
    for (std::size_t i = 0; i < probability.size(); ++i) {
        const float p = probability[i];
        out[i] = p <= 0.f ? 0 : p >= 1.f ? 255 : std::uint8_t(std::lround(p * 255.f));
    }
    return bytes;
}

// The request's clicks for slices [first, first + count) of `slices`.
engine::SliceClicks clicksOf(const std::vector<PromptClick>& clicks, const std::vector<int>& slices,
                             int first, int count) {
    engine::SliceClicks out;
    for (int i = 0; i < count; ++i) {
        const int z = slices[std::size_t(first + i)];
        for (const PromptClick& c : clicks) {
            if (c.slice != z)
                continue;
            out.resize(std::size_t(count));
            out[std::size_t(i)].push_back({c.x, c.y, c.positive});
        }
    }
    return out;
}

} // namespace

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent) {
    qRegisterMetaType<tgc::ModelSpec>();
    qRegisterMetaType<tgc::ModelInfo>();
    qRegisterMetaType<tgc::InferenceBatch>();
    qRegisterMetaType<tgc::InferenceSummary>();
}

InferenceWorker::~InferenceWorker() = default;

int InferenceWorker::defaultThreads() {
    return std::max(1, QThread::idealThreadCount() - 1);
}

void InferenceWorker::setSegmentFunctionForTesting(SegmentFunction function, bool simulateGpu) {
    m_segment = std::move(function);
    m_simulateGpu = simulateGpu;
}

bool InferenceWorker::onGpu(const Held* held) const {
    if (m_simulateGpu)
        return true;
    return held && held->engine->isLoaded() && held->engine->device().rfind("cuda", 0) == 0;
}

std::vector<QString> InferenceWorker::heldModels() const {
    std::vector<QString> ids;
    for (const auto& entry : m_models)
        ids.push_back(entry.first);
    return ids;
}

std::unique_ptr<engine::InferenceEngine>
InferenceWorker::load(const ModelSpec& spec, const DeviceChoice& choice, ModelInfo& info) {
    QElapsedTimer clock;
    clock.start();
    if (!QFileInfo(spec.path).isFile())
        throw std::runtime_error(spec.path.toStdString() + ": no such file");
    engine::EngineOptions options;
    options.device = choice.device.toStdString();
    options.threads = choice.threads > 0 ? choice.threads : defaultThreads();
    // The worker hands the engine one batch at a time (runBatches), so the
    // engine's own batching never splits it.
    options.batchSize = std::max({choice.gpuBatch, choice.cpuBatch, 1});
    auto engine = std::make_unique<engine::InferenceEngine>();
    engine->load(spec.path.toStdString(), spec.clipFolder.toStdString(), options);
    // One small forward pass now, so that the first Generate does not pay
    // libtorch's first-call set-up (about a second on this CPU).
    const std::vector<float> blank(64 * 64, 0.f);
    engine->segment({blank.data(), 64, 64, 0.5, 1.0}, {"warm-up", {}});
    info = ModelInfo{};
    info.spec = spec;
    info.device = QString::fromStdString(engine->device());
    const engine::TorchRuntime runtime = engine::torchRuntime();
    info.torchVersion = QString::fromStdString(runtime.torchVersion);
    info.cudaBuild = runtime.cudaCompiled;
    info.threads = engine->threads();
    info.config = QString::fromStdString(engine->configName());
    info.tokenizer = QString::fromStdString(engine->tokenizerKind());
    info.metadataJson = QByteArray::fromStdString(engine->checkpointMetadataJson());
    info.loadMs = double(clock.nsecsElapsed()) / 1e6;
    return engine;
}

QString InferenceWorker::keyOf(const QString& path) {
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QFileInfo(path).absoluteFilePath() : canonical;
}

void InferenceWorker::loadModel(const ModelSpec& spec, const DeviceChoice& choice,
                                quint64 requester, bool exclusive) {
    const QString key = keyOf(spec.path);
    auto it = m_models.find(key);
    const bool same = it != m_models.end() && it->second.choice.device == choice.device &&
                      it->second.choice.threads == choice.threads;
    if (!same) {
        ModelInfo info;
        try {
            auto engine = load(spec, choice, info);
            Held& held = m_models[key]; // on another device before: replaced for every holder
            held.engine = std::move(engine);
            held.info = info;
            held.choice = choice;
        } catch (const std::exception& e) {
            QString message = QString::fromStdString(e.what());
            if (!message.contains(spec.path) && !message.contains(QFileInfo(spec.path).fileName()))
                message = spec.path + QStringLiteral(": ") + message;
            Q_EMIT modelFailed(spec, message, requester); // what was held stays
            return;
        }
        it = m_models.find(key);
    }
    if (exclusive) {
        std::vector<QString> others;
        for (const auto& entry : m_models)
            if (entry.first != key && entry.second.holders.count(requester))
                others.push_back(entry.first);
        for (const QString& other : others)
            release(other, requester);
    }
    it->second.holders.insert(requester);
    ModelInfo info = it->second.info;
    info.spec = spec; // the requester's id and name for the same file
    Q_EMIT modelLoaded(info, requester);
}

void InferenceWorker::release(const QString& modelPath, quint64 requester) {
    const QString key = modelPath.isEmpty() ? QString() : keyOf(modelPath);
    for (auto it = m_models.begin(); it != m_models.end();) {
        if (!key.isEmpty() && it->first != key) {
            ++it;
            continue;
        }
        it->second.holders.erase(requester);
        it = it->second.holders.empty() ? m_models.erase(it) : std::next(it);
    }
}

engine::SegmentationResult InferenceWorker::segment(const QString& modelPath,
                                                    const std::vector<engine::SliceInput>& slices,
                                                    const engine::Prompt& prompt,
                                                    const std::atomic<bool>* cancel) {
    const auto it = m_models.find(keyOf(modelPath));
    if (it == m_models.end())
        throw std::runtime_error(modelPath.toStdString() + ": the model is not loaded");
    return it->second.engine->segmentSlices(slices, prompt, {}, cancel);
}

void InferenceWorker::run(const InferenceRequest& request) {
    QElapsedTimer clock;
    clock.start();
    InferenceSummary summary;
    summary.caseId = request.caseId;
    summary.requester = request.requester;
    summary.generation = request.generation;
    auto fail = [&](const QString& message) {
        Q_EMIT failed(request.requester, request.generation, request.caseId, message);
    };
    const auto found =
        request.model.path.isEmpty() ? m_models.end() : m_models.find(keyOf(request.model.path));
    Held* held = found != m_models.end() ? &found->second : nullptr;
    const bool loaded = held && held->engine->isLoaded();
    if (!loaded && !m_segment)
        return fail(request.model.path.isEmpty()
                        ? tr("no model is loaded")
                        : tr("the model %1 is not loaded").arg(request.model.name));
    if (!request.image || request.image->isEmpty())
        return fail(tr("no image to segment"));
    if (request.report.trimmed().isEmpty())
        return fail(tr("the report (prompt) is empty: type what to segment"));
    const ImageVolume& image = *request.image;
    const auto& dims = image.dims();
    std::vector<int> slices = request.slices;
    if (slices.empty()) {
        for (int z = 0; z < dims[2]; ++z)
            slices.push_back(z);
    }
    for (int z : slices) {
        if (z < 0 || z >= dims[2])
            return fail(tr("slice %1 is outside the image (%2 slices)").arg(z).arg(dims[2]));
    }
    const ModelInfo info = held ? held->info : ModelInfo{};
    const DeviceChoice choice = held ? held->choice : DeviceChoice{};
    summary.modelId = held ? request.model.id : QString();
    summary.modelName = held ? request.model.name : QString();
    summary.total = int(slices.size());
    auto isCancelled = [&request] { return request.cancel && request.cancel->load(); };
    if (isCancelled()) { // superseded while it waited in the queue
        summary.cancelled = true;
        Q_EMIT finished(summary);
        return;
    }
    // The same convention as `tgc-cli infer`: the checkpoint's training.input.
    const WindowLevel window =
        modelInputWindow(image, modelInputConventionFromMetadata(info.metadataJson));
    summary.windowCenter = window.center;
    summary.windowWidth = window.width;
    const engine::Prompt prompt{request.report.trimmed().toStdString(),
                                request.aux.trimmed().toStdString()};
    for (const PromptClick& c : request.clicks)
        summary.clicks += std::find(slices.begin(), slices.end(), c.slice) != slices.end();

    worker::BatchRunHooks hooks;
    hooks.cancelled = isCancelled;
    hooks.note = [&summary](const std::string& note) {
        summary.notes << QString::fromStdString(note);
    };
    hooks.segment = [&](int first, int count) {
        std::vector<std::vector<float>> values;
        std::vector<engine::SliceInput> inputs;
        values.reserve(std::size_t(count));
        // Windowed here as eval and compare do, so the engine's own window
        // (0.5, 1) leaves the intensities as they are: one input path.
        for (int i = first; i < first + count; ++i)
            values.push_back(unitSlice(image, slices[std::size_t(i)], window));
        for (const auto& v : values)
            inputs.push_back({v.data(), dims[0], dims[1], 0.5, 1.0});
        std::vector<std::vector<float>> maps;
        InferenceBatch batch;
        if (m_segment) {
            maps = m_segment(inputs, prompt, onGpu(held));
        } else {
            const engine::SliceClicks clicks = clicksOf(request.clicks, slices, first, count);
            auto result = held->engine->segmentSlices(inputs, prompt, {}, nullptr, clicks);
            summary.msModel += result.msModel;
            summary.reportTruncated = summary.reportTruncated || result.reportTruncated;
            summary.auxTruncated = summary.auxTruncated || result.auxTruncated;
            summary.clicksIgnored = summary.clicksIgnored || result.clicksIgnored;
            if (result.oodThreshold > 0)
                summary.oodThreshold = result.oodThreshold;
            maps = std::move(result.probabilities);
            batch.presence = std::move(result.presence);
            batch.oodScores = std::move(result.oodScores);
        }
        if (int(maps.size()) != count)
            throw std::runtime_error("the model returned " + std::to_string(maps.size()) +
                                     " maps for " + std::to_string(count) + " slices");
        batch.caseId = request.caseId;
        batch.requester = request.requester;
        batch.generation = request.generation;
        const bool knowsPresence = int(batch.presence.size()) == count;
        for (int i = 0; i < count; ++i) {
            batch.slices.push_back(slices[std::size_t(first + i)]);
            auto& map = maps[std::size_t(i)];
            if (knowsPresence && batch.presence[std::size_t(i)] < request.presenceThreshold) {
                std::fill(map.begin(), map.end(), 0.f); // the target is not there
                ++summary.slicesEmptied;
            }
            batch.probabilities.push_back(toBytes(map));
        }
        summary.slices.insert(summary.slices.end(), batch.slices.begin(), batch.slices.end());
        summary.presence.insert(summary.presence.end(), batch.presence.begin(),
                                batch.presence.end());
        summary.oodScores.insert(summary.oodScores.end(), batch.oodScores.begin(),
                                 batch.oodScores.end());
        batch.done = first + count;
        batch.total = summary.total;
        Q_EMIT slicesReady(batch);
    };
    hooks.moveToCpu = [this, &summary, &held] {
        Held* moving = held;
        if (!moving) { // the test hook ran: nothing real to move
            m_simulateGpu = false;
            return;
        }
        DeviceChoice cpu = moving->choice;
        cpu.device = QStringLiteral("cpu");
        ModelInfo info;
        auto engine = load(moving->info.spec, cpu, info);
        moving->engine = std::move(engine);
        moving->choice = cpu;
        m_simulateGpu = false;
        info.note = tr("moved to the CPU after running out of GPU memory");
        moving->info = info;
        summary.notes << info.note;
        Q_EMIT modelMoved(info); // clients match it by file
    };
    const int batchSize = onGpu(held) ? choice.gpuBatch : choice.cpuBatch;
    worker::BatchRunReport report;
    try {
        report = worker::runBatches(summary.total, batchSize, onGpu(held), choice.cpuBatch, hooks);
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    summary.device = m_segment && !loaded ? QStringLiteral("test") : held->info.device;
    summary.slicesDone = report.slicesDone;
    summary.cancelled = report.cancelled;
    summary.batchSize = report.batchSize;
    summary.msTotal = double(clock.nsecsElapsed()) / 1e6;
    engine::SegmentationResult said; // the summaries' one definition is the engine's
    if (summary.presence.size() == summary.slices.size())
        said.presence = summary.presence;
    if (summary.oodScores.size() == summary.slices.size())
        said.oodScores = summary.oodScores;
    summary.presenceOverall = engine::volumePresence(said);
    summary.oodScoreOverall = engine::volumeOodScore(said);
    Q_EMIT finished(summary);
}

} // namespace tgc

#include "compare_session.h"

#include "inference_client.h"
#include "metrics/mask_metrics.h"

#include <QFutureWatcher>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace tgc {

namespace {

bool anyLabel(const LabelMap* map) {
    if (!map || map->isEmpty())
        return false;
    const std::uint8_t* v = map->data();
    return std::any_of(v, v + map->geometry().voxelCount(), [](std::uint8_t x) { return x != 0; });
}

CompareSession::Score scorePair(const std::vector<std::uint8_t>& a,
                                const std::vector<std::uint8_t>& b, const std::array<int, 3>& dims,
                                const std::array<double, 3>& spacing) {
    const OverlapCounts counts = countOverlap(a.data(), b.data(), a.size());
    return {dice(counts), iou(counts), hausdorff95(a.data(), b.data(), dims, spacing)};
}

} // namespace

CompareSession::CompareSession(InferenceClient* client, QObject* parent)
    : QObject(parent), m_client(client) {
    m_client->setParent(this);
    connect(m_client, &InferenceClient::modelLoaded, this, &CompareSession::onLoaded);
    connect(m_client, &InferenceClient::modelFailed, this, &CompareSession::onLoadFailed);
    connect(m_client, &InferenceClient::slicesReady, this, &CompareSession::onSlices);
    connect(m_client, &InferenceClient::finished, this, &CompareSession::onFinished);
    connect(m_client, &InferenceClient::failed, this, &CompareSession::onFailed);
}

CompareSession::~CompareSession() = default;

QColor CompareSession::colourFor(int index) {
    // Outlines only, so bright; apart from the default label colours (the
    // Trubetskoy set: red, green, blue, yellow, purple, cyan, orange) that
    // fill the annotation beneath, from the proposal's magenta, and from
    // grey (no white: bone is white in a CT window).
    static const QColor colours[kMaxVariants] = {QColor(188, 246, 12), QColor(255, 120, 170),
                                                 QColor(170, 140, 255), QColor(255, 190, 110),
                                                 QColor(140, 255, 220)};
    return colours[std::size_t(std::clamp(index, 0, kMaxVariants - 1))];
}

int CompareSession::cutoff() const {
    return std::clamp(int(std::ceil(m_request.threshold * 255.0 - 1e-9)), 1, 255);
}

bool CompareSession::start(const std::vector<ModelSpec>& models, Request request) {
    if (int(models.size()) < kMinModels || int(models.size()) > kMaxModels) {
        Q_EMIT error(tr("Choose two to four models to compare."));
        return false;
    }
    std::vector<ModelRun> runs;
    for (const ModelSpec& spec : models)
        runs.emplace_back(spec, spec.name, request.report, request.aux);
    if (!startRuns(std::move(runs), std::move(request)))
        return false;
    m_variants = false;
    return true;
}

bool CompareSession::startVariants(const ModelSpec& model,
                                   const std::vector<PromptVariant>& variants, Request request) {
    if (int(variants.size()) < 2 || int(variants.size()) > kMaxVariants) {
        Q_EMIT error(tr("There is nothing to compare the prompt with: give an auxiliary or an "
                        "edited prompt."));
        return false;
    }
    std::vector<ModelRun> runs;
    for (const PromptVariant& variant : variants)
        runs.emplace_back(model, variant.label, variant.report, variant.aux, variant.shouldMove);
    request.report = runs.front().report; // checked below like a model comparison's
    if (!startRuns(std::move(runs), std::move(request)))
        return false;
    m_variants = true;
    return true;
}

bool CompareSession::startRuns(std::vector<ModelRun> runs, Request request) {
    if (!request.image) {
        Q_EMIT error(tr("Open an image to compare models on."));
        return false;
    }
    if (request.report.trimmed().isEmpty()) {
        Q_EMIT error(tr("Write the report first: every model is prompted with it."));
        return false;
    }
    stop();
    ++m_serial;
    const auto& dims = request.image->dims();
    request.slice = std::clamp(request.slice, 0, dims[2] - 1);
    // A copy: the annotator may keep drawing while the models run.
    request.annotation = anyLabel(request.annotation.get())
                             ? std::make_shared<const LabelMap>(*request.annotation)
                             : nullptr;
    m_request = std::move(request);
    m_runs = std::move(runs);
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        m_runs[i].colour = colourFor(int(i));
        m_runs[i].probabilities = std::make_shared<LabelMap>(m_request.image->geometry());
    }
    m_metrics = {};
    m_metricsReady = false;
    m_running = true;
    m_current = 0;
    Q_EMIT started();
    loadNext();
    Q_EMIT stateChanged();
    return true;
}

void CompareSession::loadNext() {
    // Prompt variants run one model several times: it is loaded once.
    if (m_loadsPending == 0 && m_runs[m_current].spec.path == m_loadedPath) {
        generateCurrent();
        return;
    }
    ++m_loadsPending;
    m_client->loadModel(m_runs[m_current].spec, m_choice);
}

void CompareSession::onLoaded(const ModelInfo& info) {
    m_loadedPath = info.spec.path;
    // The worker loads in order: only the last load queued is the model wanted.
    if (--m_loadsPending > 0 || !m_running)
        return;
    generateCurrent();
}

void CompareSession::generateCurrent() {
    const ModelRun& run = m_runs[m_current];
    InferenceRequest request;
    request.caseId = m_request.caseId;
    request.image = m_request.image;
    if (m_request.scope == Scope::Slice)
        request.slices = {m_request.slice};
    request.report = run.report;
    request.aux = run.aux;
    m_generation = m_client->generate(std::move(request));
}

bool CompareSession::stillWhereItShouldMove(std::size_t index) const {
    return m_variants && m_metricsReady && index < m_runs.size() && m_runs[index].shouldMove &&
           m_metrics.pairs[0][index].dice >= kStillDice;
}

void CompareSession::onLoadFailed(const ModelSpec& spec, const QString& text) {
    if (--m_loadsPending > 0 || !m_running)
        return;
    stop();
    Q_EMIT error(tr("%1 could not be loaded: %2").arg(spec.name, text));
    Q_EMIT stateChanged();
}

void CompareSession::onSlices(const InferenceBatch& batch) {
    if (!m_running || batch.generation != m_generation)
        return;
    LabelMap& map = *m_runs[m_current].probabilities;
    const std::size_t sliceBytes = map.geometry().sliceVoxelCount();
    for (std::size_t i = 0; i < batch.slices.size(); ++i) {
        const int z = batch.slices[i];
        if (z >= 0 && z < map.dims()[2] && std::size_t(batch.probabilities[i].size()) == sliceBytes)
            std::memcpy(map.slice(z), batch.probabilities[i].constData(), sliceBytes);
    }
    Q_EMIT progress(int(m_current), batch.done, batch.total);
}

void CompareSession::onFinished(const InferenceSummary& summary) {
    if (!m_running || summary.generation != m_generation)
        return;
    if (summary.cancelled) {
        stop();
        Q_EMIT cancelled();
        Q_EMIT stateChanged();
        return;
    }
    ModelRun& run = m_runs[m_current];
    run.ms = summary.msTotal;
    run.done = true;
    const auto mask = regionMask(*run.probabilities, m_request.scope, m_request.slice, cutoff());
    run.voxels = std::size_t(std::count(mask.begin(), mask.end(), 1));
    Q_EMIT modelDone(int(m_current));
    if (++m_current < m_runs.size()) {
        loadNext();
        return;
    }
    scoreRuns();
}

void CompareSession::onFailed(quint64 generation, const QString& text) {
    if (!m_running || generation != m_generation)
        return;
    const QString name = m_runs[m_current].label;
    stop();
    Q_EMIT error(tr("%1 failed: %2").arg(name, text));
    Q_EMIT stateChanged();
}

std::vector<std::uint8_t> CompareSession::regionMask(const LabelMap& map, Scope scope, int slice,
                                                     int cutoff) {
    const std::size_t sliceBytes = map.geometry().sliceVoxelCount();
    const std::uint8_t* begin = scope == Scope::Slice ? map.slice(slice) : map.data();
    const std::size_t count = scope == Scope::Slice ? sliceBytes : map.geometry().voxelCount();
    std::vector<std::uint8_t> out(count);
    for (std::size_t i = 0; i < count; ++i)
        out[i] = begin[i] >= cutoff ? 1 : 0;
    return out;
}

CompareSession::Metrics CompareSession::score(const std::vector<std::vector<std::uint8_t>>& masks,
                                              const std::vector<std::uint8_t>& reference,
                                              const std::array<int, 3>& dims,
                                              const std::array<double, 3>& spacing) {
    Metrics m;
    m.hasReference = !reference.empty();
    if (m.hasReference)
        for (const auto& mask : masks)
            m.vsReference.push_back(scorePair(reference, mask, dims, spacing));
    const std::size_t n = masks.size();
    m.pairs.assign(n, std::vector<Score>(n));
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a; b < n; ++b)
            m.pairs[a][b] = m.pairs[b][a] = scorePair(masks[a], masks[b], dims, spacing);
    return m;
}

void CompareSession::scoreRuns() {
    // HD95 on a volume takes a while: off the UI thread, dropped when stale.
    const auto& g = m_request.image->geometry();
    std::array<int, 3> dims = g.dims;
    if (m_request.scope == Scope::Slice)
        dims[2] = 1;
    std::vector<std::vector<std::uint8_t>> masks;
    for (const ModelRun& run : m_runs)
        masks.push_back(regionMask(*run.probabilities, m_request.scope, m_request.slice, cutoff()));
    std::vector<std::uint8_t> reference;
    if (m_request.annotation)
        reference = regionMask(*m_request.annotation, m_request.scope, m_request.slice, 1);
    const int serial = m_serial;
    auto* watcher = new QFutureWatcher<Metrics>(this);
    connect(watcher, &QFutureWatcher<Metrics>::finished, this, [this, watcher, serial] {
        watcher->deleteLater();
        if (serial != m_serial || !m_running)
            return;
        m_metrics = watcher->result();
        m_metricsReady = true;
        m_running = false;
        Q_EMIT finished();
        Q_EMIT stateChanged();
    });
    watcher->setFuture(QtConcurrent::run(
        [masks = std::move(masks), reference = std::move(reference), dims, spacing = g.spacing] {
            return score(masks, reference, dims, spacing);
        }));
}

void CompareSession::stop() {
    if (m_running)
        m_client->invalidate(); // nothing more of this run is passed on
    m_running = false;
}

void CompareSession::cancel() {
    if (!m_running)
        return;
    stop();
    Q_EMIT cancelled();
    Q_EMIT stateChanged();
}

void CompareSession::imageShown(const ImageVolume* image) {
    if (image != m_request.image.get())
        clear();
}

void CompareSession::clear() {
    if (!m_running && m_runs.empty())
        return;
    const bool wasRunning = m_running;
    stop();
    ++m_serial;
    m_runs.clear();
    m_metrics = {};
    m_metricsReady = false;
    if (wasRunning)
        Q_EMIT dropped();
    Q_EMIT stateChanged();
}

} // namespace tgc

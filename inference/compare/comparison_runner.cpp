#include "comparison_runner.h"

#include "mask_metrics.h"
#include "model_input.h"

#include <QFileInfo>
#include <algorithm>
#include <map>

namespace tgc {

namespace {

class EngineModel : public ComparedModel {
public:
    EngineModel(const QString& path, const ComparisonOptions& options) {
        engine::EngineOptions engineOptions;
        engineOptions.device = options.device.toStdString();
        engineOptions.threads = options.threads;
        m_engine.load(path.toStdString(), options.clipFolder.toStdString(), engineOptions);
        // One untimed pass on a blank slice: the first call pays for thread
        // pools and allocations, which would otherwise count against
        // whichever model runs first.
        const std::vector<float> blank(64 * 64, 0.0f);
        m_engine.segment({blank.data(), 64, 64, 0.5, 1.0}, {"warm-up", {}});
    }
    QByteArray metadataJson() const override {
        return QByteArray::fromStdString(m_engine.checkpointMetadataJson());
    }
    engine::SegmentationResult segmentSlices(const std::vector<engine::SliceInput>& slices,
                                             const engine::Prompt& prompt,
                                             const std::atomic<bool>* cancel) override {
        return m_engine.segmentSlices(slices, prompt, {}, cancel);
    }

private:
    engine::InferenceEngine m_engine;
};

} // namespace

ComparisonRunner::ComparisonRunner(const QStringList& checkpoints, const ComparisonOptions& options)
    : m_names(namesFor(checkpoints)), m_paths(checkpoints), m_options(options) {
    for (const QString& path : checkpoints)
        m_models.push_back(std::make_unique<EngineModel>(path, options));
}

ComparisonRunner::ComparisonRunner(const QStringList& checkpoints,
                                   std::vector<std::unique_ptr<ComparedModel>> models,
                                   const ComparisonOptions& options)
    : m_models(std::move(models)), m_names(namesFor(checkpoints)), m_paths(checkpoints),
      m_options(options) {}

ComparisonRunner::~ComparisonRunner() = default;

QStringList ComparisonRunner::namesFor(const QStringList& checkpoints) {
    QStringList names;
    std::map<QString, int> seen;
    for (const QString& path : checkpoints) {
        QString name = QFileInfo(path).fileName();
        if (name.endsWith(QLatin1String(".safetensors")))
            name.chop(int(qstrlen(".safetensors")));
        const int count = ++seen[name];
        names << (count == 1 ? name : QStringLiteral("%1-%2").arg(name).arg(count));
    }
    return names;
}

ComparisonResult ComparisonRunner::run(const ComparisonCaseSource& cases, const Progress& progress,
                                       const Observer& observer, const std::atomic<bool>* cancel) {
    ComparisonResult result;
    result.modelNames = m_names;
    result.modelPaths = m_paths;
    result.casesDescription = cases.description();
    auto cancelled = [cancel] { return cancel && cancel->load(); };
    for (std::size_t index = 0; index < cases.size() && !cancelled(); ++index) {
        const ComparisonCase c = cases.load(index);
        const VolumeGeometry& grid = c.image.geometry();
        CaseScores comparison;
        comparison.id = c.id;
        std::vector<std::vector<std::uint8_t>> predictions;
        for (const auto& model : m_models) {
            if (cancelled())
                break;
            // Windowed here exactly as eval's reader does, so the engine's
            // own window (0.5, 1) leaves the intensities as they are.
            const WindowLevel window =
                modelInputWindow(c.image, modelInputConventionFromMetadata(model->metadataJson()));
            std::vector<std::vector<float>> unit;
            std::vector<engine::SliceInput> slices;
            for (int z = 0; z < grid.dims[2]; ++z)
                unit.push_back(unitSlice(c.image, z, window));
            for (const auto& values : unit)
                slices.push_back({values.data(), grid.dims[0], grid.dims[1], 0.5, 1.0});
            const engine::SegmentationResult segmented =
                model->segmentSlices(slices, {c.report.toStdString(), c.aux.toStdString()}, cancel);
            if (segmented.cancelled)
                break;
            std::vector<std::uint8_t> mask;
            mask.reserve(grid.voxelCount());
            for (const auto& probability : segmented.probabilities)
                for (float p : probability)
                    mask.push_back(p >= m_options.threshold ? 1 : 0);
            ModelScore score;
            score.ms = segmented.msTotal;
            if (!c.reference.empty()) {
                const OverlapCounts counts =
                    countOverlap(c.reference.data(), mask.data(), mask.size());
                score.hasReference = true;
                score.dice = dice(counts);
                score.iou = iou(counts);
                score.hd95 = hausdorff95(c.reference.data(), mask.data(), grid.dims, grid.spacing);
                score.voxels = counts.prediction;
            } else {
                score.voxels = std::size_t(std::count(mask.begin(), mask.end(), 1));
            }
            comparison.scores.push_back(score);
            predictions.push_back(std::move(mask));
        }
        if (predictions.size() != m_models.size())
            break; // cancelled inside the case: it is not reported half done
        const std::size_t n = predictions.size();
        comparison.pairwiseDice.assign(n, std::vector<double>(n, 1.0));
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = a + 1; b < n; ++b) {
                const double d = dice(countOverlap(predictions[a].data(), predictions[b].data(),
                                                   predictions[a].size()));
                comparison.pairwiseDice[a][b] = comparison.pairwiseDice[b][a] = d;
            }
        if (observer)
            observer(comparison, CaseMasks{&c, &predictions});
        result.cases.push_back(std::move(comparison));
        if (progress)
            progress(index + 1, cases.size(), c.id);
    }
    result.cancelled = result.cases.size() < cases.size();
    return result;
}

} // namespace tgc

// Runs several TGC-Net checkpoints on the same cases and scores them: each
// model against the case's reference (Dice, IoU, HD95 in mm on the case's
// spacing) and the models against each other (pairwise Dice). Every slice of
// a volume is segmented with the case's report and auxiliary prompt, the
// pixels windowed by each checkpoint's own training.input convention, as
// `tgc-cli eval` and `infer` feed it. No widgets: the CLI and the GUI's
// Tools ▸ Compare models share it (the GUI runs it on a QtConcurrent thread).
#pragma once

#include "comparison_cases.h"
#include "engine.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace tgc {

struct ComparisonOptions {
    QString device = QStringLiteral("auto"); // auto | cpu | cuda
    int threads = 0;                         // CPU threads per model; 0 = every core
    QString clipFolder;                      // for checkpoints that need the user's CLIP
    double threshold = 0.5;                  // probability -> mask
};

struct ModelScore {
    bool hasReference = false;
    double dice = 0, iou = 0;
    double hd95 = 0; // mm; +inf when exactly one of the masks is empty
    double ms = 0;   // the engine's whole time for the case (text, slices, post-processing)
    std::size_t voxels = 0;
};

struct CaseScores {
    QString id;
    std::vector<ModelScore> scores;                // one per model
    std::vector<std::vector<double>> pairwiseDice; // models x models, 1 on the diagonal
};

// What a case leaves behind for pictures (montages): its image, the
// reference and each model's mask. Handed to the observer, then dropped.
struct CaseMasks {
    const ComparisonCase* data = nullptr;
    const std::vector<std::vector<std::uint8_t>>* predictions = nullptr; // one per model
};

struct ComparisonResult {
    QStringList modelNames; // unique display names, in the order given
    QStringList modelPaths;
    QString casesDescription;
    std::vector<CaseScores> cases; // in the source's order
    bool cancelled = false;            // stopped early: `cases` holds the finished ones
};

// One checkpoint as the runner uses it: an engine of the runner's own
// (tgc-cli compare), or a model the GUI's model host holds.
class ComparedModel {
public:
    virtual ~ComparedModel() = default;
    // The checkpoint's "tgc" metadata (its training.input convention).
    virtual QByteArray metadataJson() const = 0;
    virtual engine::SegmentationResult segmentSlices(const std::vector<engine::SliceInput>& slices,
                                                     const engine::Prompt& prompt,
                                                     const std::atomic<bool>* cancel) = 0;
};

class ComparisonRunner {
public:
    // Loads every checkpoint into an engine of its own (throws
    // std::runtime_error naming the file).
    ComparisonRunner(const QStringList& checkpoints, const ComparisonOptions& options = {});
    // Runs models someone else loaded, one per checkpoint, in that order.
    ComparisonRunner(const QStringList& checkpoints,
                     std::vector<std::unique_ptr<ComparedModel>> models,
                     const ComparisonOptions& options = {});
    ~ComparisonRunner();

    const QStringList& modelNames() const { return m_names; }

    using Progress = std::function<void(std::size_t done, std::size_t total, const QString& id)>;
    using Observer = std::function<void(const CaseScores&, const CaseMasks&)>;
    // Runs every model on every case, in order. Progress comes after each
    // case; cancel is checked before each model run and between the engine's
    // batches (a case cut short is dropped). Throws IoError for an unreadable
    // case, naming its file.
    ComparisonResult run(const ComparisonCaseSource& cases, const Progress& progress = {},
                         const Observer& observer = {}, const std::atomic<bool>* cancel = nullptr);

    // Display names from checkpoint paths: the file name without
    // .safetensors, with "-2", "-3"... where names repeat.
    static QStringList namesFor(const QStringList& checkpoints);

private:
    std::vector<std::unique_ptr<ComparedModel>> m_models;
    QStringList m_names, m_paths;
    ComparisonOptions m_options;
};

} // namespace tgc

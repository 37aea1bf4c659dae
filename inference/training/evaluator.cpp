#include "evaluator.h"

#include "click_simulation.h"
#include "engine.h"
#include "mask_metrics.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <thread>

namespace tgc::training {

Evaluation scorePredictions(const SampleSource& data,
                            const std::vector<std::vector<std::uint8_t>>& predictions) {
    if (predictions.size() != data.size())
        throw std::invalid_argument("one prediction per row is needed");
    Evaluation e;
    std::map<std::string, std::vector<std::size_t>> byImage;
    // Only the masks are kept: pairs on one image compare a prediction with
    // the other rows' truths.
    std::vector<std::vector<std::uint8_t>> truths;
    truths.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        TrainingSample s = data.sample(i);
        if (predictions[i].size() != s.mask.size())
            throw std::invalid_argument("prediction " + std::to_string(i) +
                                        " is not on its row's grid");
        const OverlapCounts c = countOverlap(s.mask.data(), predictions[i].data(), s.mask.size());
        RowScore row;
        row.imageId = s.imageId;
        row.report = s.report;
        row.dice = dice(c);
        row.iou = iou(c);
        row.truthVoxels = c.truth;
        row.predictedVoxels = row.rawPredictedVoxels = c.prediction;
        e.rows.push_back(std::move(row));
        byImage[s.imageId].push_back(i);
        truths.push_back(std::move(s.mask));
    }
    if (e.rows.empty())
        return e;
    std::vector<double> dices;
    for (const RowScore& r : e.rows) {
        dices.push_back(r.dice);
        e.diceMean += r.dice;
        e.iouMean += r.iou;
    }
    e.diceMean /= double(e.rows.size());
    e.iouMean /= double(e.rows.size());
    std::sort(dices.begin(), dices.end());
    const std::size_t n = dices.size();
    e.diceMedian = n % 2 ? dices[n / 2] : 0.5 * (dices[n / 2 - 1] + dices[n / 2]);

    int passed = 0;
    for (const auto& [id, rows] : byImage) {
        for (std::size_t a : rows) {
            for (std::size_t b : rows) {
                const auto& maskA = truths[a];
                const auto& maskB = truths[b];
                if (a == b || maskA == maskB)
                    continue;
                const OverlapCounts onA =
                    countOverlap(maskA.data(), predictions[a].data(), maskA.size());
                const OverlapCounts onB =
                    countOverlap(maskB.data(), predictions[a].data(), maskB.size());
                if (onA.truth == 0 || onB.truth == 0)
                    continue;
                ++e.textSwapPairs;
                passed += dice(onA) >= 0.85 && dice(onB) <= 0.10;
            }
        }
    }
    if (e.textSwapPairs > 0)
        e.textSwapAccuracy = double(passed) / double(e.textSwapPairs);
    summariseHonesty(e, 64);
    return e;
}

Evaluation evaluate(const std::string& checkpoint, const SampleSource& data,
                    const EvaluateOptions& options,
                    const std::function<void(std::size_t, std::size_t)>& progress) {
    // The app's own path (engine preprocessing and resizing), so the figures
    // are what an annotator gets.
    engine::EngineOptions engineOptions;
    engineOptions.device = options.device;
    engineOptions.batchSize = std::max(1, options.batchSize);
    engineOptions.threads = options.threads;
    engine::InferenceEngine engine;
    engine.load(checkpoint, options.clipFolder, engineOptions);
    std::vector<std::vector<std::uint8_t>> predictions;
    std::vector<double> presence;
    std::vector<std::size_t> rawVoxels;
    std::vector<std::vector<double>> diceAfter(data.size());
    predictions.reserve(data.size());
    const auto binary = [&options](const std::vector<float>& probability) {
        std::vector<std::uint8_t> mask(probability.size());
        for (std::size_t k = 0; k < mask.size(); ++k)
            mask[k] = probability[k] >= options.threshold ? 1 : 0;
        return mask;
    };
    for (std::size_t i = 0; i < data.size(); ++i) {
        const TrainingSample s = data.sample(i);
        engine::SliceInput slice;
        slice.values = s.image.data();
        slice.width = s.width;
        slice.height = s.height;
        slice.windowCenter = 0.5; // samples are already windowed to [0, 1]
        slice.windowWidth = 1.0;
        const auto result = engine.segment(slice, {s.report, s.aux});
        std::vector<std::uint8_t> mask = binary(result.probabilities.at(0));
        const double p = result.presence.empty() ? -1.0 : double(result.presence.front());
        presence.push_back(p);
        rawVoxels.push_back(std::size_t(std::count(mask.begin(), mask.end(), 1)));
        const bool truthPresent = std::find(s.mask.begin(), s.mask.end(), 1) != s.mask.end();
        // Clicks refine the mask as drawn: a user who clicks has seen the
        // target, so the presence gate does not apply to them.
        if (options.clicks > 0 && truthPresent) {
            std::vector<std::uint8_t> current = mask;
            std::vector<engine::SliceClick> clicks;
            diceAfter[i].push_back(
                dice(countOverlap(s.mask.data(), current.data(), current.size())));
            for (int round = 0; round < options.clicks; ++round) {
                const auto click = nextClick(s.mask.data(), current.data(), s.width, s.height);
                if (click) {
                    clicks.push_back({double(click->x), double(click->y), click->positive});
                    current = binary(
                        engine.segment(slice, {s.report, s.aux}, clicks).probabilities.at(0));
                }
                diceAfter[i].push_back(
                    dice(countOverlap(s.mask.data(), current.data(), current.size())));
            }
        }
        if (p >= 0 && p < options.presenceThreshold)
            std::fill(mask.begin(), mask.end(), std::uint8_t(0));
        predictions.push_back(std::move(mask));
        if (progress)
            progress(i + 1, data.size());
    }
    Evaluation e = scorePredictions(data, predictions);
    for (std::size_t i = 0; i < e.rows.size(); ++i) {
        e.rows[i].presence = presence[i];
        e.rows[i].rawPredictedVoxels = rawVoxels[i];
        e.rows[i].diceAfter = std::move(diceAfter[i]);
    }
    summariseHonesty(e, options.absentMaskPixels);
    return e;
}

} // namespace tgc::training

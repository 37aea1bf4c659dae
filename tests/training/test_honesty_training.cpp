// The simulated annotator (next click at the centre of the largest error
// region), the presence and click figures of the evaluator, and a short
// training run with presence, clicks and the feature density.
#include "checkpoint.h"
#include "click_simulation.h"
#include "click_training.h"
#include "evaluator.h"
#include "feature_density.h"
#include "model_test.h"
#include "trainer.h"
#include "training_fixture.h"

#include <filesystem>
#include <random>
#include <unistd.h>

using namespace tgc::training;
using namespace tgc::training::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::uint8_t> unite(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] = a[i] || b[i];
    return a;
}

} // namespace

TGC_TEST(the_next_click_fixes_the_largest_error_at_its_centre) {
    const int n = 40;
    const auto truth = box(n, 5, 5, 25, 25);
    // A miss of 20 x 8 on the truth's lower part and a false positive of 6 x 6 elsewhere.
    auto prediction = box(n, 5, 5, 25, 17);
    prediction = unite(prediction, box(n, 30, 30, 36, 36));
    const auto click = nextClick(truth.data(), prediction.data(), n, n);
    TGC_CHECK(click.has_value());
    TGC_CHECK(click->positive);
    TGC_CHECK_EQ(click->regionPixels, std::size_t(20 * 8));
    TGC_CHECK(click->y >= 20 && click->y <= 21); // the middle rows of 17..24
    TGC_CHECK(click->x >= 12 && click->x <= 17);

    // Once the miss is fixed, the false positive is next: a negative click in it.
    const auto fixed = unite(truth, box(n, 30, 30, 36, 36));
    const auto second = nextClick(truth.data(), fixed.data(), n, n);
    TGC_CHECK(second.has_value());
    TGC_CHECK(!second->positive);
    TGC_CHECK(second->x >= 32 && second->x <= 33 && second->y >= 32 && second->y <= 33);

    TGC_CHECK(!nextClick(truth.data(), truth.data(), n, n).has_value());
}

TGC_TEST(the_click_protocol_is_deterministic_and_breaks_ties_in_reading_order) {
    const int n = 30;
    const std::vector<std::uint8_t> empty(std::size_t(n) * n, 0);
    // Two equal misses: the first in row-major order wins, every time.
    const auto truth = unite(box(n, 2, 2, 8, 8), box(n, 20, 20, 26, 26));
    const auto a = nextClick(truth.data(), empty.data(), n, n);
    const auto b = nextClick(truth.data(), empty.data(), n, n);
    TGC_CHECK(a && b);
    TGC_CHECK_EQ(a->x, b->x);
    TGC_CHECK_EQ(a->y, b->y);
    TGC_CHECK(a->x < 10 && a->y < 10);

    // Simulated rounds on a network: the same seed gives the same clicks.
    const auto clicksFor = [](std::uint64_t seed) {
        torch::manual_seed(seed);
        auto config = tgc::model::tgcNetConfig("tiny");
        config.vision.imageSize = 64;
        config.cnnImageSize = 64;
        tgc::model::TgcNet net(config);
        const auto images = torch::rand({2, 3, 64, 64});
        const auto text = net->encodeText(torch::randint(1, 200, {2, 77}, torch::kLong));
        auto masks = torch::zeros({2, 1, 64, 64});
        masks.index_put_({0, 0, torch::indexing::Slice(10, 30), torch::indexing::Slice(10, 30)}, 1);
        std::vector<std::vector<tgc::model::Click>> clicks;
        simulateClickRounds(net, images, images, text, masks, 3, clicks);
        return clicks;
    };
    const auto first = clicksFor(3), again = clicksFor(3);
    TGC_CHECK_EQ(first.size(), std::size_t(2));
    TGC_CHECK(!first[0].empty());
    for (std::size_t s = 0; s < first.size(); ++s) {
        TGC_CHECK_EQ(first[s].size(), again[s].size());
        for (std::size_t k = 0; k < first[s].size(); ++k) {
            TGC_CHECK_EQ(first[s][k].x, again[s][k].x);
            TGC_CHECK_EQ(first[s][k].y, again[s][k].y);
            TGC_CHECK_EQ(first[s][k].positive, again[s][k].positive);
        }
    }
}

TGC_TEST(clicks_to_reach_and_roc_auc_on_hand_made_numbers) {
    TGC_CHECK_EQ(clicksToReach({0.5, 0.8, 0.95, 0.97}, 0.9).clicks, 2);
    TGC_CHECK(clicksToReach({0.95}, 0.9).reached);
    TGC_CHECK_EQ(clicksToReach({0.95}, 0.9).clicks, 0);
    const ClicksToReach never = clicksToReach({0.1, 0.2, 0.3}, 0.9);
    TGC_CHECK(!never.reached);
    TGC_CHECK_EQ(never.clicks, 2);

    TGC_CHECK_CLOSE(rocAuc({0.1, 0.2, 0.8, 0.9}, {false, false, true, true}), 1.0, 1e-12);
    TGC_CHECK_CLOSE(rocAuc({0.9, 0.8, 0.2, 0.1}, {false, false, true, true}), 0.0, 1e-12);
    // One of four (positive, negative) pairs misordered, one pair tied.
    TGC_CHECK_CLOSE(rocAuc({0.1, 0.5, 0.5, 0.9, 0.3}, {false, false, true, true, true}),
                    (1.0 + 0.5 + 1.0 + 1.0 + 0.0 + 1.0) / 6.0, 1e-12);
    TGC_CHECK(rocAuc({0.1, 0.2}, {true, true}) < 0);
}

TGC_TEST(presence_and_false_masks_summarise_from_the_rows) {
    Evaluation e;
    const auto row = [](std::size_t truth, std::size_t shown, std::size_t drawn, double p) {
        RowScore r;
        r.truthVoxels = truth;
        r.predictedVoxels = shown;
        r.rawPredictedVoxels = drawn;
        r.presence = p;
        r.dice = truth ? 0.9 : (shown ? 0.0 : 1.0);
        return r;
    };
    e.rows = {row(100, 90, 90, 0.9), row(80, 70, 70, 0.7),
              row(0, 0, 500, 0.2),  // drawn, hidden by the gate
              row(0, 64, 64, 0.6),  // shown at exactly the stated size
              row(0, 63, 63, 0.1)}; // below the size
    summariseHonesty(e, 64);
    TGC_CHECK_EQ(e.presentRows, 2);
    TGC_CHECK_EQ(e.absentRows, 3);
    TGC_CHECK_CLOSE(e.diceMeanPresent, 0.9, 1e-12);
    TGC_CHECK_CLOSE(e.presenceAuroc, 1.0, 1e-12);
    TGC_CHECK_CLOSE(e.absentFalseMaskRate, 1.0 / 3.0, 1e-12);
    TGC_CHECK_CLOSE(e.absentFalseMaskRateUngated, 2.0 / 3.0, 1e-12);
    TGC_CHECK(e.clickDiceAfter.empty());
    TGC_CHECK(e.noc90 < 0);

    // Unknown presence anywhere: no AUROC rather than a made-up one.
    e.rows[1].presence = -1;
    e.rows[0].diceAfter = {0.8, 0.92, 0.95};
    e.rows[1].diceAfter = {0.5, 0.6, 0.7};
    summariseHonesty(e, 64);
    TGC_CHECK(e.presenceAuroc < 0);
    TGC_CHECK_EQ(e.clickDiceAfter.size(), std::size_t(3));
    TGC_CHECK_CLOSE(e.clickDiceAfter[1], (0.92 + 0.6) / 2, 1e-12);
    TGC_CHECK_CLOSE(e.noc90, (1.0 + 2.0) / 2, 1e-12);
    TGC_CHECK_CLOSE(e.noc90NeverReached, 0.5, 1e-12);
}

TGC_TEST(training_with_presence_and_clicks_writes_abilities_and_a_density) {
    const MemorySampleSource data = diskData(16, 48, 9, /*everyOtherAbsent=*/true);
    TrainOptions options = shortRun(6, 2);
    options.learningRate = 2e-3;
    options.warmupSteps = 1;
    options.presenceWeight = 1.0;
    options.clickShare = 1.0;
    options.clickRounds = 2;
    options.output = tempPath("honest.safetensors");
    int clickSteps = 0;
    bool presenceLoss = true;
    train(options, data, [&](const TrainProgress& p) {
        clickSteps += p.clickRounds > 0;
        presenceLoss = presenceLoss && p.presenceLoss > 0;
    });
    TGC_CHECK_EQ(clickSteps, 6);
    TGC_CHECK(presenceLoss);
    const auto loaded = tgc::model::loadCheckpoint(options.output);
    TGC_CHECK(loaded.metadata.presenceTrained);
    TGC_CHECK(loaded.metadata.clicksTrained);
    TGC_CHECK(!loaded.metadata.featureDensity.isNull());
    const auto density = tgc::model::densityFromJson(loaded.metadata.featureDensity);
    TGC_CHECK(density.samples >= 2);

    // A run without them says so, and --init from the honest one keeps them.
    TrainOptions plain = options;
    plain.presenceWeight = 0;
    plain.clickShare = 0;
    plain.densityImages = 0;
    plain.output = tempPath("plain.safetensors");
    train(plain, data);
    const auto plainMeta = tgc::model::readCheckpointMetadata(plain.output);
    TGC_CHECK(!plainMeta.presenceTrained);
    TGC_CHECK(!plainMeta.clicksTrained);
    TGC_CHECK(plainMeta.featureDensity.isNull());
    TrainOptions further = plain;
    further.configJson.clear();
    further.init = options.output;
    further.steps = 2;
    further.output = tempPath("further.safetensors");
    train(further, data);
    TGC_CHECK(tgc::model::readCheckpointMetadata(further.output).presenceTrained);

    // The evaluator reports the new figures through the engine.
    EvaluateOptions evalOptions;
    evalOptions.device = "cpu";
    evalOptions.clicks = 2;
    const Evaluation e = evaluate(options.output, data, evalOptions);
    TGC_CHECK_EQ(e.presentRows, 8);
    TGC_CHECK_EQ(e.absentRows, 8);
    TGC_CHECK(e.presenceAuroc >= 0.0 && e.presenceAuroc <= 1.0);
    TGC_CHECK(e.absentFalseMaskRate >= 0.0 && e.absentFalseMaskRate <= 1.0);
    TGC_CHECK_EQ(e.clickDiceAfter.size(), std::size_t(3));
    TGC_CHECK(e.noc90 >= 0.0 && e.noc90 <= 2.0);
    const Evaluation unknown = evaluate(plain.output, data, evalOptions);
    TGC_CHECK(unknown.presenceAuroc < 0);
}

TGC_TEST(init_with_presence_strips_grows_them_and_a_resume_keeps_them) {
    const MemorySampleSource data = diskData(8, 48, 12, /*everyOtherAbsent=*/true);
    TrainOptions options = shortRun(2, 2);
    options.densityImages = 0;
    options.presenceWeight = 1.0;
    options.output = tempPath("before-strips.safetensors");
    train(options, data);
    TGC_CHECK_EQ(tgc::model::readCheckpointMetadata(options.output).config.presenceStrips, 0);

    TrainOptions grown = options;
    grown.configJson.clear();
    grown.init = options.output;
    grown.presenceStrips = 2;
    grown.steps = 3;
    grown.output = tempPath("strips.safetensors");
    train(grown, data);
    const auto loaded = tgc::model::loadCheckpoint(grown.output);
    TGC_CHECK_EQ(loaded.metadata.config.presenceStrips, 2);
    TGC_CHECK(loaded.net->presence_strips);
    // Three steps of the presence loss moved the term off its zero start.
    TGC_CHECK(loaded.net->presence_strips->where->weight.abs().sum().item<double>() > 0);
    const tgc::model::Json* training = loaded.metadata.json.find("training");
    TGC_CHECK(training && training->find("presence_strips") &&
              training->find("presence_strips")->asInt() == 2);

    // The presence group's own rate: at scale 0 the head and strips hold
    // still while the rest trains.
    TrainOptions still = grown;
    still.init = grown.output;
    still.presenceStrips = -1;
    still.presenceLrScale = 0.0;
    still.output = tempPath("strips-still.safetensors");
    train(still, data);
    const auto held = tgc::model::loadCheckpoint(still.output);
    TGC_CHECK(torch::equal(held.net->presence_strips->where->weight,
                           loaded.net->presence_strips->where->weight));
    TGC_CHECK(
        torch::equal(held.net->presence->hidden->weight, loaded.net->presence->hidden->weight));
    TGC_CHECK(!torch::equal(held.net->decoder->parameters().front(),
                            loaded.net->decoder->parameters().front()));

    TrainOptions resumed = grown;
    resumed.init.clear();
    resumed.resume = grown.output;
    resumed.steps = 4;
    resumed.presenceStrips = 3;
    resumed.output = tempPath("strips-resumed.safetensors");
    TGC_CHECK_THROWS_WITH(train(resumed, data), "presence strips");
}

int main(int argc, char** argv) {
    const int rc = tgc::test::runAll(argc, argv);
    fs::remove_all(tempFolder());
    return rc;
}

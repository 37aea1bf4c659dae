// The trainer and evaluator of TGC-Net: schedule, side-aware augmentation,
// split by image, loss, eval arithmetic on hand-made masks, and short real
// training runs (loss falls, checkpoint loads, resume continues the count).
#include "augment.h"
#include "checkpoint.h"
#include "cost_decoder.h"
#include "evaluator.h"
#include "losses.h"
#include "model_test.h"
#include "row_schedule.h"
#include "schedule.h"
#include "split.h"
#include "trainer.h"
#include "training_fixture.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <unistd.h>

using namespace tgc::training;
using namespace tgc::training::test;
namespace fs = std::filesystem;

namespace {

TrainingSample makeSample(const std::string& id, int size, const std::vector<std::uint8_t>& mask,
                          const std::string& report) {
    TrainingSample s;
    s.imageId = id;
    s.width = s.height = size;
    s.mask = mask;
    s.image.assign(mask.size(), 0.2f);
    s.report = report;
    return s;
}

} // namespace

TGC_TEST(schedule_warms_up_linearly_then_decays_to_the_floor) {
    TGC_CHECK_CLOSE(learningRateAt(0, 100, 10, 1.0), 0.1, 1e-12);
    TGC_CHECK_CLOSE(learningRateAt(9, 100, 10, 1.0), 1.0, 1e-12);
    TGC_CHECK_CLOSE(learningRateAt(10, 100, 10, 1.0), 1.0, 1e-12);
    TGC_CHECK_CLOSE(learningRateAt(55, 100, 10, 1.0), 0.02 + 0.98 * 0.5, 1e-12);
    TGC_CHECK_CLOSE(learningRateAt(100, 100, 10, 1.0), 0.02, 1e-12);
    TGC_CHECK(learningRateAt(30, 100, 10, 1.0) > learningRateAt(31, 100, 10, 1.0));
}

TGC_TEST(side_words_block_flips_but_lookalikes_do_not) {
    TGC_CHECK(textNamesSide("Upper left lung"));
    TGC_CHECK(textNamesSide("the RIGHT kidney"));
    TGC_CHECK(textNamesSide("ren dexter"));
    TGC_CHECK(textNamesSide("ren sinister"));
    TGC_CHECK(textNamesSide("Right-sided effusion"));
    TGC_CHECK(!textNamesSide("Bilateral pulmonary infection"));
    TGC_CHECK(!textNamesSide("a bright opacity"));
    TGC_CHECK(!textNamesSide("upright film, no infection"));
    TGC_CHECK(!textNamesSide("the splenic parenchyma"));
}

TGC_TEST(side_swap_turns_left_and_right_whole_words_in_their_case) {
    TGC_CHECK(swapSides("Upper left lung, RIGHT kidney") == "Upper right lung, LEFT kidney");
    TGC_CHECK(swapSides("Left-sided effusion; right.") == "Right-sided effusion; left.");
    TGC_CHECK(swapSides("a bright, leftward upright film") == "a bright, leftward upright film");
    TGC_CHECK(swapSides(swapSides("left right Left")) == "left right Left");
    TGC_CHECK(swapSides("") == "");
    TGC_CHECK(sidesSwappable("Upper left lung"));
    TGC_CHECK(sidesSwappable("no side at all"));
    TGC_CHECK(!sidesSwappable("ren dexter"));
    TGC_CHECK(!sidesSwappable("left kidney, ren sinister"));
}

TGC_TEST(augment_flips_image_and_mask_together_only_when_allowed) {
    AugmentOptions none;
    none.flipProbability = 1.0;
    none.maxRotationDegrees = none.maxScale = none.maxShift = none.maxGamma = none.maxContrast =
        0.0;
    auto image = torch::zeros({1, 8, 8});
    image.index_put_({0, torch::indexing::Slice(), torch::indexing::Slice(0, 2)}, 1.0);
    auto mask = (image > 0.5).to(torch::kFloat32);
    auto generator = at::detail::createCPUGenerator(3);

    auto keptImage = image.clone(), keptMask = mask.clone();
    TGC_CHECK(!augmentSample(keptImage, keptMask, /*mayFlip=*/false, none, generator));
    TGC_CHECK(torch::allclose(keptImage, image, 1e-5, 1e-5));
    TGC_CHECK(torch::equal(keptMask, mask));

    auto flippedImage = image.clone(), flippedMask = mask.clone();
    TGC_CHECK(augmentSample(flippedImage, flippedMask, /*mayFlip=*/true, none, generator));
    TGC_CHECK(torch::allclose(flippedImage, image.flip({2}), 1e-5, 1e-5));
    TGC_CHECK(torch::equal(flippedMask, mask.flip({2})));
}

TGC_TEST(augment_keeps_the_mask_on_the_image_under_affine_and_jitter) {
    auto image = torch::full({1, 64, 64}, 0.2);
    image.index_put_({0, torch::indexing::Slice(20, 40), torch::indexing::Slice(10, 30)}, 0.9);
    auto mask = (image > 0.5).to(torch::kFloat32);
    auto generator = at::detail::createCPUGenerator(11);
    augmentSample(image, mask, true, AugmentOptions{}, generator);
    TGC_CHECK(image.min().item<double>() >= 0.0 && image.max().item<double>() <= 1.0);
    const auto unique = std::get<0>(torch::_unique(mask));
    TGC_CHECK(unique.numel() <= 2);
    // Bright pixels and mask pixels still coincide almost everywhere.
    const auto bright = image > image.mean();
    const double agree = (bright == (mask > 0.5)).to(torch::kFloat32).mean().item<double>();
    TGC_CHECK(agree > 0.97);
}

TGC_TEST(split_keeps_every_prompt_of_an_image_on_one_side) {
    std::vector<TrainingSample> rows;
    for (int image = 0; image < 20; ++image)
        for (int prompt = 0; prompt < 3; ++prompt)
            rows.push_back(makeSample("img" + std::to_string(image), 2, {0, 0, 0, 0}, "p"));
    const MemorySampleSource data(rows);
    const Split a = splitByImage(data, 0.2, 5), b = splitByImage(data, 0.2, 5);
    TGC_CHECK(a.train == b.train && a.validation == b.validation);
    TGC_CHECK_EQ(a.validation.size(), std::size_t(12)); // 4 images x 3 prompts
    TGC_CHECK_EQ(a.train.size() + a.validation.size(), rows.size());
    for (std::size_t v : a.validation)
        for (std::size_t t : a.train)
            TGC_CHECK(data.imageId(v) != data.imageId(t));
    const Split other = splitByImage(data, 0.2, 6);
    TGC_CHECK(other.validation != a.validation);
}

TGC_TEST(row_schedule_groups_prompts_of_one_image_and_is_a_function_of_the_step) {
    std::vector<TrainingSample> rows;
    for (int image = 0; image < 6; ++image)
        for (int prompt = 0; prompt < (image % 2 ? 5 : 1); ++prompt)
            rows.push_back(makeSample("img" + std::to_string(image), 2, {0, 0, 0, 0}, "p"));
    const MemorySampleSource data(rows);
    std::vector<std::size_t> all(rows.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const RowSchedule grouped(data, all, 3, 4);
    TGC_CHECK_EQ(grouped.epochLength(), std::size_t(3 * 1 + 3 * 3));
    // One epoch: every image once, up to three of its prompts side by side.
    std::vector<std::size_t> epoch;
    for (int step = 0; step < 3; ++step)
        for (std::size_t row : grouped.rowsForStep(step, 4))
            epoch.push_back(row);
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < epoch.size(); ++i) {
        const std::string id = data.imageId(epoch[i]);
        if (i == 0 || data.imageId(epoch[i - 1]) != id)
            TGC_CHECK(seen.count(id) == 0); // an image's rows are contiguous
        ++seen[id];
    }
    TGC_CHECK_EQ(seen.size(), std::size_t(6));
    for (const auto& [id, count] : seen)
        TGC_CHECK_EQ(count, (id == "img1" || id == "img3" || id == "img5") ? 3 : 1);
    // A resumed run (a fresh schedule) continues the same sequence.
    const RowSchedule again(data, all, 3, 4);
    TGC_CHECK(again.rowsForStep(7, 4) == grouped.rowsForStep(7, 4));
    // Without grouping, an epoch is every row once.
    const RowSchedule plain(data, all, 0, 4);
    std::vector<std::size_t> rowsSeen = plain.rowsForStep(0, int(all.size()));
    std::sort(rowsSeen.begin(), rowsSeen.end());
    TGC_CHECK(rowsSeen == all);
}

TGC_TEST(row_schedule_gives_absent_rows_their_share_of_slots_and_repeats_itself) {
    std::vector<TrainingSample> rows;
    for (int image = 0; image < 50; ++image)
        for (int prompt = 0; prompt < 4; ++prompt)
            rows.push_back(makeSample("img" + std::to_string(image), 2, {0, 0, 0, 0}, "p"));
    const MemorySampleSource data(rows);
    std::vector<std::size_t> all(rows.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const std::vector<std::size_t> absent = {3, 77, 150}; // under 2% of the rows
    const RowSchedule balanced(data, all, 4, 9, absent, 0.3);
    const RowSchedule plain(data, all, 4, 9);
    int absentSlots = 0, slots = 0, replaced = 0;
    for (int step = 0; step < 500; ++step) {
        const auto drawn = balanced.rowsForStep(step, 4);
        const auto ordinary = plain.rowsForStep(step, 4);
        for (std::size_t k = 0; k < drawn.size(); ++k) {
            ++slots;
            absentSlots += std::count(absent.begin(), absent.end(), drawn[k]) > 0;
            replaced += drawn[k] != ordinary[k];
        }
    }
    const double share = double(absentSlots) / slots;
    TGC_CHECK(share > 0.27 && share < 0.33);
    TGC_CHECK(replaced > 0 && double(replaced) / slots < 0.31); // the rest: the plain sequence
    const RowSchedule again(data, all, 4, 9, absent, 0.3);
    TGC_CHECK(again.rowsForStep(123, 4) == balanced.rowsForStep(123, 4));
    // No absent rows: the plain sequence.
    const RowSchedule none(data, all, 4, 9, {}, 0.3);
    TGC_CHECK(none.rowsForStep(5, 4) == plain.rowsForStep(5, 4));
}

TGC_TEST(loss_is_low_for_a_confident_right_answer_and_high_for_a_wrong_one) {
    auto target = torch::zeros({2, 1, 8, 8});
    target.index_put_({0, 0, torch::indexing::Slice(2, 6), torch::indexing::Slice(2, 6)}, 1.0);
    const auto right = segmentationLoss((target * 2 - 1) * 20, target);
    const auto wrong = segmentationLoss((1 - target * 2) * 20, target);
    TGC_CHECK(right.total.item<double>() < 0.01);
    TGC_CHECK(right.dice.item<double>() < 0.01); // sample 1: empty truth, empty prediction
    TGC_CHECK(wrong.total.item<double>() > 1.5);
}

TGC_TEST(cost_map_loss_rewards_a_cost_map_that_marks_the_mask) {
    auto target = torch::zeros({1, 1, 16, 16});
    target.index_put_({0, 0, torch::indexing::Slice(0, 8), torch::indexing::Slice(0, 8)}, 1.0);
    const auto pooled = torch::zeros({1, 1, 4, 4});
    auto marks = pooled.clone();
    marks.index_put_({0, 0, torch::indexing::Slice(0, 2), torch::indexing::Slice(0, 2)}, 1.0);
    const double right = costMapLoss(marks * 2 - 1, target).item<double>();
    const double wrong = costMapLoss(1 - marks * 2, target).item<double>();
    TGC_CHECK(right < 0.01);
    TGC_CHECK(wrong > 5.0);
}

TGC_TEST(eval_arithmetic_on_hand_made_masks) {
    const int n = 10;
    const auto left = box(n, 0, 0, 5, 10), right = box(n, 5, 0, 10, 10), empty = box(n, 0, 0, 0, 0);
    const MemorySampleSource data({makeSample("a", n, left, "left half"),
                                   makeSample("a", n, right, "right half"),
                                   makeSample("b", n, empty, "nothing")});
    // Row 0 exact, row 1 half right (25 of the 50 right voxels, nothing else),
    // row 2 empty on empty.
    const auto half = box(n, 5, 0, 10, 5);
    const Evaluation e = scorePredictions(data, {left, half, empty});
    TGC_CHECK_EQ(e.rows.size(), std::size_t(3));
    TGC_CHECK_CLOSE(e.rows[0].dice, 1.0, 1e-12);
    TGC_CHECK_CLOSE(e.rows[1].dice, 2.0 * 25 / (50 + 25), 1e-12);
    TGC_CHECK_CLOSE(e.rows[1].iou, 25.0 / 50.0, 1e-12);
    TGC_CHECK_CLOSE(e.rows[2].dice, 1.0, 1e-12); // empty prediction on empty truth
    TGC_CHECK_CLOSE(e.diceMean, (1.0 + 2.0 / 3.0 + 1.0) / 3.0, 1e-12);
    TGC_CHECK_CLOSE(e.diceMedian, 1.0, 1e-12);
    // Pairs on image a: (0 vs 1) passes, (1 vs 0) fails (Dice 0.67 < 0.85).
    TGC_CHECK_EQ(e.textSwapPairs, 2);
    TGC_CHECK_CLOSE(e.textSwapAccuracy, 0.5, 1e-12);
    // A model that ignores the text and always answers "left" fails the swap.
    const Evaluation blind = scorePredictions(data, {left, left, empty});
    TGC_CHECK_CLOSE(blind.textSwapAccuracy, 0.5, 1e-12);
    const Evaluation noPairs = scorePredictions(MemorySampleSource({data.sample(2)}), {empty});
    TGC_CHECK(noPairs.textSwapAccuracy < 0);
    // Something predicted where nothing is: Dice 0.
    const Evaluation falsePositive = scorePredictions(MemorySampleSource({data.sample(2)}), {left});
    TGC_CHECK_CLOSE(falsePositive.rows[0].dice, 0.0, 1e-12);
}

TGC_TEST(thirty_steps_lower_the_loss_write_a_loadable_checkpoint_and_resume) {
    const MemorySampleSource data = diskData(12, 48, 7);
    TrainOptions options = shortRun(30, 2);
    options.learningRate = 2e-3;
    options.warmupSteps = 3;
    options.output = tempPath("run.safetensors");
    std::vector<double> losses;
    int firstStep = -1;
    const TrainResult result = train(options, data, [&](const TrainProgress& p) {
        if (firstStep < 0)
            firstStep = p.step;
        losses.push_back(p.loss);
    });
    TGC_CHECK_EQ(firstStep, 1);
    TGC_CHECK_EQ(result.stepsDone, 30);
    TGC_CHECK_EQ(losses.size(), std::size_t(30));
    double early = 0, late = 0;
    for (int i = 0; i < 5; ++i) {
        early += losses[std::size_t(i)];
        late += losses[losses.size() - 1 - std::size_t(i)];
    }
    std::cout << "  loss: first five " << early / 5 << ", last five " << late / 5 << "\n";
    TGC_CHECK(late < early * 0.8);
    TGC_CHECK(result.validationDice >= 0.0 && result.validationDice <= 1.0);

    const auto loaded = tgc::model::loadCheckpoint(options.output);
    TGC_CHECK_EQ(loaded.metadata.steps, 30);
    TGC_CHECK_EQ(loaded.metadata.config.name, std::string("tiny-test"));
    TGC_CHECK(loaded.metadata.trainingData == "disks");
    TGC_CHECK(loaded.metadata.validationMetrics.find("dice") != nullptr);
    TGC_CHECK(fs::exists(options.output + ".optimizer.pt"));

    TrainOptions more = options;
    more.resume = options.output;
    more.steps = 36;
    more.output = tempPath("resumed.safetensors");
    firstStep = -1;
    const TrainResult resumed = train(more, data, [&](const TrainProgress& p) {
        if (firstStep < 0)
            firstStep = p.step;
    });
    TGC_CHECK_EQ(firstStep, 31);
    TGC_CHECK_EQ(resumed.stepsDone, 36);
    TGC_CHECK_EQ(tgc::model::readCheckpointMetadata(more.output).steps, 36);

    // The evaluator runs the checkpoint through the app's engine.
    EvaluateOptions evalOptions;
    evalOptions.device = "cpu";
    const Evaluation e = evaluate(more.output, data, evalOptions);
    TGC_CHECK_EQ(e.rows.size(), data.size());
    TGC_CHECK(e.diceMean >= 0.0 && e.diceMean <= 1.0);
}

TGC_TEST(an_absent_share_finds_the_empty_masks_and_records_them_in_the_checkpoint) {
    const MemorySampleSource data = diskData(12, 48, 7, /*everyOtherAbsent=*/true);
    TrainOptions options = shortRun(2, 2);
    options.validationFraction = 0.0;
    options.densityImages = 0;
    options.absentShare = 0.5;
    options.swapSides = true;
    options.output = tempPath("absent.safetensors");
    TGC_CHECK_EQ(train(options, data).stepsDone, 2);
    const auto loaded = tgc::model::loadCheckpoint(options.output);
    const tgc::model::Json* training = loaded.metadata.json.find("training");
    TGC_CHECK(training != nullptr);
    const tgc::model::Json* rows = training->find("absent_training_rows");
    const tgc::model::Json* share = training->find("absent_share");
    TGC_CHECK(rows != nullptr && share != nullptr);
    TGC_CHECK_EQ(rows->asDouble(), 6.0); // disks 1, 3, .., 11
    TGC_CHECK_EQ(share->asDouble(), 0.5);
    const tgc::model::Json* swapped = training->find("swap_sides");
    TGC_CHECK(swapped != nullptr && swapped->asBool());
}

TGC_TEST(the_text_tower_holds_still_for_its_frozen_steps) {
    const MemorySampleSource data = diskData(4, 32, 3);
    TrainOptions options = shortRun(3, 1);
    options.warmupSteps = 0;
    options.textTowerFrozenSteps = 3;
    options.output = tempPath("frozen-text.safetensors");
    train(options, data);
    // The trainer seeds before it builds the network: the same seed gives the start.
    torch::manual_seed(options.seed);
    tgc::model::TgcNet start(
        tgc::model::configFromJson(tgc::model::Json::parse(options.configJson)));
    const auto trained = tgc::model::loadCheckpoint(options.output).net;
    const auto before = start->named_parameters();
    int towerSame = 0, towerTotal = 0, restChanged = 0;
    for (const auto& item : trained->named_parameters()) {
        const bool same = torch::equal(item.value(), before[item.key()]);
        if (tgc::model::isClipTensorName(item.key()) &&
            item.key().rfind(tgc::model::kClipTextPrefix, 0) == 0) {
            ++towerTotal;
            towerSame += same;
        } else {
            restChanged += !same;
        }
    }
    TGC_CHECK(towerTotal > 0);
    TGC_CHECK_EQ(towerSame, towerTotal);
    TGC_CHECK(restChanged > 0);
}

TGC_TEST(train_only_grows_a_refinement_on_old_weights_and_holds_the_rest_still) {
    const MemorySampleSource data = diskData(4, 32, 4);
    torch::manual_seed(8);
    tgc::model::TgcNet old(tgc::model::configFromJson(tgc::model::Json::parse(smallTinyConfig())));
    const auto oldPath = tempPath("stride4.safetensors");
    tgc::model::saveCheckpoint(old, oldPath, {});
    TrainOptions options = shortRun(3, 1);
    options.init = oldPath;
    options.maskStride = 2;
    options.trainOnly = {tgc::model::kRefinementPrefix};
    options.warmupSteps = 0;
    options.learningRate = 1e-2;
    options.densityImages = 0;
    options.output = tempPath("refined.safetensors");
    train(options, data);
    const auto loaded = tgc::model::loadCheckpoint(options.output);
    TGC_CHECK_EQ(loaded.metadata.config.maskStride, 2);
    TGC_CHECK(loaded.net->refinement);
    const auto before = old->named_parameters();
    int same = 0, total = 0, refinementChanged = 0;
    for (const auto& item : loaded.net->named_parameters()) {
        if (item.key().rfind(tgc::model::kRefinementPrefix, 0) == 0) {
            // The head starts at zero; any weight of it away from zero was trained.
            refinementChanged += item.key().find("head") != std::string::npos &&
                                 item.value().abs().max().item<double>() > 0;
            continue;
        }
        ++total;
        same += torch::equal(item.value(), before[item.key()]);
    }
    TGC_CHECK(total > 0);
    TGC_CHECK_EQ(same, total);
    TGC_CHECK(refinementChanged > 0);
    // The file counts every parameter of the network as trainable, held or not.
    TGC_CHECK_EQ(loaded.metadata.json.at("trainable_params").asInt(),
                 loaded.net->trainableParameterCount());
    const tgc::model::Json* training = loaded.metadata.json.find("training");
    TGC_CHECK(training != nullptr && training->find("train_only") != nullptr);
    TGC_CHECK_EQ(training->at("mask_stride").asInt(), int64_t(2));

    // A prefix naming nothing is refused with the prefix in the message.
    options.trainOnly = {"refinment."};
    options.output = tempPath("misspelt.safetensors");
    TGC_CHECK_THROWS_WITH(train(options, data), "'refinment.' names no trainable parameter");
}

TGC_TEST(visual_dropout_leaves_the_cost_map_as_the_only_path_in_training) {
    torch::manual_seed(5);
    tgc::model::CostDecoderOptions o;
    o.dim = 16;
    o.fineDim = 8;
    o.clipEmbed = 8;
    o.costDim = 8;
    o.aggChannels = 16;
    o.aggBlocks = 1;
    o.guidanceChannels = 8;
    tgc::model::CostAggregationDecoder decoder(o);
    const auto coarse = torch::randn({2, 16, 4, 4}), dense = torch::randn({2, 8, 4, 4});
    const auto text = torch::randn({2, 16});
    const std::vector<torch::Tensor> a = {torch::randn({2, 8, 16, 16}), torch::randn({2, 16, 8, 8}),
                                          coarse};
    const std::vector<torch::Tensor> b = {torch::randn({2, 8, 16, 16}), torch::randn({2, 16, 8, 8}),
                                          coarse};
    torch::NoGradGuard noGrad;
    decoder->train();
    decoder->setVisualDropout(1.0);
    // Other skip features, same cost: the same mask.
    TGC_CHECK(torch::allclose(decoder(a, dense, text, 64), decoder(b, dense, text, 64)));
    // Off in evaluation, and at share 0: the skips count.
    decoder->eval();
    TGC_CHECK(!torch::allclose(decoder(a, dense, text, 64), decoder(b, dense, text, 64)));
    decoder->train();
    decoder->setVisualDropout(0.0);
    TGC_CHECK(!torch::allclose(decoder(a, dense, text, 64), decoder(b, dense, text, 64)));
}

TGC_TEST(a_stop_request_writes_a_checkpoint_of_the_steps_done) {
    const MemorySampleSource data = diskData(4, 32, 9);
    TrainOptions options = shortRun(100, 1);
    options.output = tempPath("stopped.safetensors");
    std::atomic<bool> stop{false};
    const TrainResult result = train(
        options, data,
        [&](const TrainProgress& p) {
            if (p.step == 4)
                stop = true;
        },
        &stop);
    TGC_CHECK(result.interrupted);
    TGC_CHECK_EQ(result.stepsDone, 4);
    TGC_CHECK_EQ(tgc::model::readCheckpointMetadata(options.output).steps, 4);
}

TGC_TEST(unusable_options_are_refused_with_a_reason) {
    const MemorySampleSource data = diskData(2, 16, 1);
    TrainOptions options;
    options.output = tempPath("never.safetensors");
    options.config = "paper-b16"; // frozen CLIP, no weights given
    bool refused = false;
    try {
        train(options, data);
    } catch (const std::runtime_error& e) {
        refused = std::string(e.what()).find("--clip") != std::string::npos;
    }
    TGC_CHECK(refused);
    options.config = "nonsense";
    refused = false;
    try {
        train(options, data);
    } catch (const std::exception& e) {
        refused = std::string(e.what()).find("nonsense") != std::string::npos;
    }
    TGC_CHECK(refused);
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

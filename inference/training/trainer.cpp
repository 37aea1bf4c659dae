#include "trainer.h"

#include "augment.h"
#include "checkpoint.h"
#include "click_training.h"
#include "device.h"
#include "feature_density.h"
#include "json.h"
#include "losses.h"
#include "mask_metrics.h"
#include "preprocess.h"
#include "row_schedule.h"
#include "schedule.h"
#include "split.h"
#include "tgc_net.h"
#include "tokenizer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>

namespace tgc::training {

namespace {

// One sample at the network's CNN size: image [1, S, S] in [0,1], mask [1, S, S] in {0,1}.
std::pair<torch::Tensor, torch::Tensor> sampleTensors(const TrainingSample& s, int size) {
    if (s.width <= 0 || s.height <= 0 || s.image.size() != std::size_t(s.width) * s.height ||
        s.mask.size() != s.image.size())
        throw std::runtime_error("sample '" + s.imageId + "': image and mask sizes disagree");
    auto image = torch::from_blob(const_cast<float*>(s.image.data()), {1, 1, s.height, s.width},
                                  torch::kFloat32)
                     .clone();
    auto mask = torch::from_blob(const_cast<std::uint8_t*>(s.mask.data()),
                                 {1, 1, s.height, s.width}, torch::kUInt8)
                    .to(torch::kFloat32)
                    .clamp_max(1.0);
    // The same resize the engine applies at inference (antialiased when shrinking).
    image = engine::resizeImage(image, size, size).squeeze(0);
    mask = (engine::resizeImage(mask, size, size) >= 0.5).to(torch::kFloat32).squeeze(0);
    return {image, mask};
}

struct Batch {
    torch::Tensor images;  // [B, 1, S, S]
    torch::Tensor masks;   // [B, 1, S, S]
    torch::Tensor present; // [B]: 1 where the mask is not empty
    torch::Tensor reportIds;
    torch::Tensor auxIds; // undefined when the data has no auxiliary prompts
};

class BatchMaker {
public:
    BatchMaker(const model::TgcNetConfig& config, const model::Tokenizer& tokenizer, bool useAux)
        : m_config(config), m_tokenizer(tokenizer), m_useAux(useAux) {}

    Batch make(const SampleSource& data, const std::vector<std::size_t>& rows, bool augment,
               const AugmentOptions& options, torch::Generator* generator) const {
        std::vector<torch::Tensor> images, masks, reports, auxes;
        for (std::size_t row : rows) {
            TrainingSample s = data.sample(row);
            auto [image, mask] = sampleTensors(s, m_config.cnnImageSize);
            if (augment) {
                const auto flippable = [&options](const std::string& text) {
                    return !textNamesSide(text) || (options.swapSides && sidesSwappable(text));
                };
                const bool mayFlip = flippable(s.report) && flippable(s.aux);
                if (augmentSample(image, mask, mayFlip, options, *generator) && options.swapSides) {
                    s.report = swapSides(s.report);
                    s.aux = swapSides(s.aux);
                }
            }
            images.push_back(image);
            masks.push_back(mask);
            reports.push_back(ids(s.report));
            if (m_useAux)
                auxes.push_back(ids(s.aux));
        }
        Batch b;
        b.images = torch::stack(images);
        b.masks = torch::stack(masks);
        b.present = (b.masks.flatten(1).amax(1) > 0).to(torch::kFloat32);
        b.reportIds = torch::stack(reports);
        if (m_useAux)
            b.auxIds = torch::stack(auxes);
        return b;
    }

private:
    torch::Tensor ids(const std::string& text) const {
        const auto t = m_tokenizer.encode(text, m_config.text.contextLength);
        return torch::tensor(t.ids, torch::kInt64);
    }

    const model::TgcNetConfig& m_config;
    const model::Tokenizer& m_tokenizer;
    bool m_useAux;
};

struct NetInputs {
    torch::Tensor clip, cnn;
    model::TextFeatures text;
};

NetInputs netInputs(model::TgcNet& net, const Batch& b, torch::Device device) {
    const auto images = b.images.to(device);
    NetInputs in;
    in.clip = engine::toModelInput(images, net->config().clipImageSize());
    in.cnn = engine::toModelInput(images, net->config().cnnImageSize);
    in.text = net->encodeText(b.reportIds.to(device),
                              b.auxIds.defined() ? b.auxIds.to(device) : torch::Tensor());
    return in;
}

torch::Tensor runNet(model::TgcNet& net, const Batch& b, torch::Device device) {
    const auto in = netInputs(net, b, device);
    return net->run(in.clip, in.cnn, in.text).logits;
}

// Pooled features of up to `limit` distinct training images (unaugmented,
// as inference sees them), fitted into the checkpoint's feature density.
model::Json trainingDensity(model::TgcNet& net, const SampleSource& data,
                            const std::vector<std::size_t>& rows, int limit, int rank, int size,
                            torch::Device device) {
    std::vector<std::size_t> firstRows;
    std::set<std::string> seen;
    for (std::size_t row : rows)
        if (int(firstRows.size()) < limit && seen.insert(data.imageId(row)).second)
            firstRows.push_back(row);
    if (firstRows.size() < 2)
        return {};
    torch::NoGradGuard noGrad;
    const bool wasTraining = net->is_training();
    net->eval();
    std::vector<torch::Tensor> features;
    for (std::size_t start = 0; start < firstRows.size(); start += 8) {
        std::vector<torch::Tensor> images;
        for (std::size_t i = start; i < std::min(firstRows.size(), start + 8); ++i)
            images.push_back(sampleTensors(data.sample(firstRows[i]), size).first);
        const auto batch = torch::stack(images).to(device);
        features.push_back(
            net->imageFeatures(engine::toModelInput(batch, net->config().clipImageSize()),
                               engine::toModelInput(batch, size))
                .cpu());
    }
    if (wasTraining)
        net->train();
    return model::densityToJson(model::fitFeatureDensity(torch::cat(features), rank));
}

double validationDice(model::TgcNet& net, const BatchMaker& maker, const SampleSource& data,
                      const std::vector<std::size_t>& rows, int batchSize, torch::Device device) {
    if (rows.empty())
        return -1;
    torch::NoGradGuard noGrad;
    net->eval();
    double sum = 0;
    for (std::size_t start = 0; start < rows.size(); start += std::size_t(batchSize)) {
        const std::vector<std::size_t> chunk(
            rows.begin() + std::ptrdiff_t(start),
            rows.begin() + std::ptrdiff_t(std::min(rows.size(), start + std::size_t(batchSize))));
        const Batch b = maker.make(data, chunk, false, {}, nullptr);
        const auto predicted = (runNet(net, b, device) > 0).to(torch::kUInt8).cpu().contiguous();
        const auto truth = b.masks.to(torch::kUInt8).contiguous();
        const std::size_t plane = std::size_t(truth.size(2) * truth.size(3));
        for (int64_t i = 0; i < truth.size(0); ++i) {
            sum += dice(countOverlap(truth[i].data_ptr<std::uint8_t>(),
                                     predicted[i].data_ptr<std::uint8_t>(), plane));
        }
    }
    net->train();
    return sum / double(rows.size());
}

// The config with the modules a run may grow (presence strips, mask stride)
// as the options ask; -1 keeps the config's own.
model::TgcNetConfig withGrownModules(model::TgcNetConfig config, const TrainOptions& options) {
    if (options.presenceStrips >= 0)
        config.presenceStrips = options.presenceStrips;
    if (options.maskStride >= 0)
        config.maskStride = options.maskStride;
    return config;
}

// With prefixes, every trainable parameter whose name starts with none of
// them stops requiring a gradient for the run; returns those. Throws when
// the prefixes name no parameter at all.
std::vector<torch::Tensor> holdStill(model::TgcNet& net, const std::vector<std::string>& prefixes) {
    std::vector<torch::Tensor> held;
    if (prefixes.empty())
        return held;
    bool named = false;
    for (auto& item : net->named_parameters()) {
        if (!item.value().requires_grad())
            continue;
        const bool trained = std::any_of(prefixes.begin(), prefixes.end(), [&](const auto& prefix) {
            return item.key().rfind(prefix, 0) == 0;
        });
        named = named || trained;
        if (!trained) {
            item.value().set_requires_grad(false);
            held.push_back(item.value());
        }
    }
    if (!named) {
        std::string list;
        for (const auto& prefix : prefixes)
            list += (list.empty() ? "'" : ", '") + prefix + "'";
        throw std::runtime_error("--train-only " + list + " names no trainable parameter");
    }
    return held;
}

} // namespace

TrainResult train(const TrainOptions& options, const SampleSource& data,
                  const std::function<void(const TrainProgress&)>& progress,
                  const std::atomic<bool>* stop) {
    if (data.size() == 0)
        throw std::runtime_error("the training data holds no samples");
    if (options.output.empty())
        throw std::runtime_error("no output checkpoint path given");
    if (options.steps <= 0 || options.batchSize <= 0)
        throw std::runtime_error("steps and batch size must be positive");
    engine::configureThreads(options.threads);
    torch::manual_seed(options.seed);
    const torch::Device device = engine::chooseDevice(options.device);

    int startStep = 0;
    double resumedSeconds = 0; // training time of the run this one continues
    model::TgcNetConfig config;
    model::TgcNet net{nullptr};
    // Abilities the weights already have (from --resume or --init).
    bool hadPresence = false, hadClicks = false;
    if (!options.resume.empty() && !options.init.empty())
        throw std::runtime_error("give --resume or --init, not both");
    if (!options.init.empty()) {
        const model::TgcNetConfig wanted =
            withGrownModules(model::readCheckpointMetadata(options.init).config, options);
        model::LoadedCheckpoint loaded =
            model::loadCheckpointAs(options.init, wanted, options.clipWeights);
        net = loaded.net;
        config = net->config();
        hadPresence = loaded.hasPresence && loaded.metadata.presenceTrained;
        hadClicks = loaded.hasClicks && loaded.metadata.clicksTrained;
    } else if (!options.resume.empty()) {
        model::LoadedCheckpoint loaded = model::loadCheckpoint(options.resume, options.clipWeights);
        net = loaded.net;
        config = net->config();
        startStep = loaded.metadata.steps;
        if (options.presenceStrips >= 0 && options.presenceStrips != config.presenceStrips)
            throw std::runtime_error(options.resume + ": has " +
                                     std::to_string(config.presenceStrips) +
                                     " presence strips; a resumed run keeps them");
        if (options.maskStride >= 0 && options.maskStride != config.maskStride)
            throw std::runtime_error(options.resume + ": has mask stride " +
                                     std::to_string(config.maskStride) +
                                     "; a resumed run keeps it");
        hadPresence = loaded.hasPresence && loaded.metadata.presenceTrained;
        hadClicks = loaded.hasClicks && loaded.metadata.clicksTrained;
        if (const model::Json* before = loaded.metadata.json.find("training")) {
            if (const model::Json* seconds = before->find("seconds"))
                resumedSeconds = seconds->asDouble();
        }
        if (startStep >= options.steps)
            throw std::runtime_error(options.resume + ": already trained for " +
                                     std::to_string(startStep) + " steps; ask for more (--steps)");
    } else {
        config = options.configJson.empty()
                     ? model::tgcNetConfig(options.config)
                     : model::configFromJson(model::Json::parse(options.configJson));
        config = withGrownModules(config, options);
        model::validateConfig(config);
        net = model::TgcNet(config);
        if (config.freezeClip) {
            if (options.clipWeights.empty())
                throw std::runtime_error("config '" + config.name +
                                         "' keeps CLIP frozen: give the CLIP weights (--clip)");
            model::loadClipWeights(net->clip_visual, net->clip_text, options.clipWeights);
        }
    }
    net->to(device);
    net->train();
    const std::vector<torch::Tensor> heldStill = holdStill(net, options.trainOnly);
    net->decoder->setVisualDropout(options.visualDropout);
    std::unique_ptr<model::Tokenizer> tokenizer =
        model::makeTokenizer(config.tokenizer, options.vocabulary);

    const BatchMaker maker(config, *tokenizer, data.hasAuxPrompts());

    Split split = splitByImage(data, options.validationFraction, options.seed);
    if (split.train.empty())
        throw std::runtime_error("no training rows left after the validation split");
    if (split.validation.size() > options.maxValidationSamples)
        split.validation.resize(options.maxValidationSamples);

    // Reading every mask once also fills the source's cache that training reads.
    std::vector<std::size_t> absentRows;
    if (options.absentShare > 0)
        for (std::size_t row : split.train) {
            const auto mask = data.sample(row).mask;
            if (std::all_of(mask.begin(), mask.end(), [](std::uint8_t v) { return v == 0; }))
                absentRows.push_back(row);
        }
    const RowSchedule schedule(data, split.train, options.promptsPerImage, options.seed, absentRows,
                               options.absentShare);

    // Two groups: the text tower has its own learning-rate schedule; with a
    // presence learning-rate scale the presence head and strips are a third.
    const bool presenceGroup = options.presenceLrScale != 1.0;
    std::vector<torch::Tensor> trainable, towerParams, restParams, presenceParams;
    for (auto& item : net->named_parameters()) {
        if (!item.value().requires_grad())
            continue;
        trainable.push_back(item.value());
        const std::string& name = item.key();
        const bool isPresence = name.rfind(model::kPresencePrefix, 0) == 0 ||
                                name.rfind(model::kPresenceStripsPrefix, 0) == 0;
        (name.rfind(model::kClipTextPrefix, 0) == 0 ? towerParams
         : presenceGroup && isPresence              ? presenceParams
                                                    : restParams)
            .push_back(item.value());
    }
    const auto adamw = [&] {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(restParams, adamw());
    groups.emplace_back(towerParams, adamw());
    if (presenceGroup)
        groups.emplace_back(presenceParams, adamw());
    torch::optim::AdamW optimizer(groups, *adamw());
    const std::string optimizerPath = options.output + ".optimizer.pt";
    if (!options.resume.empty() && std::filesystem::exists(options.resume + ".optimizer.pt"))
        torch::load(optimizer, options.resume + ".optimizer.pt");

    torch::Generator generator =
        at::detail::createCPUGenerator(options.seed + 17 * std::uint64_t(startStep));
    AugmentOptions augmentOptions;
    augmentOptions.swapSides = options.swapSides;
    TrainResult result;
    result.device = device.str();
    model::CheckpointInfo record;
    record.trainingData = data.description();
    // Frozen CLIP towers are the user's own weights: the checkpoint leaves them out.
    record.includeClip = !config.freezeClip;
    record.training.set("batch_size", options.batchSize);
    record.training.set("learning_rate", options.learningRate);
    record.training.set("weight_decay", options.weightDecay);
    record.training.set("warmup_steps", options.warmupSteps);
    record.training.set("total_steps", options.steps);
    record.training.set("seed", options.seed);
    record.training.set("augment", options.augment);
    record.training.set("prompts_per_image", options.promptsPerImage);
    record.training.set("text_tower_frozen_steps", options.textTowerFrozenSteps);
    record.training.set("text_tower_lr_scale", options.textTowerLrScale);
    record.training.set("visual_dropout", options.visualDropout);
    record.training.set("cost_supervision", options.costSupervision);
    record.training.set("presence_weight", options.presenceWeight);
    record.training.set("click_share", options.clickShare);
    record.training.set("click_rounds", options.clickRounds);
    record.training.set("absent_share", options.absentShare);
    record.training.set("swap_sides", options.swapSides);
    record.training.set("presence_strips", config.presenceStrips);
    record.training.set("presence_lr_scale", options.presenceLrScale);
    record.training.set("mask_stride", config.maskStride);
    if (!options.trainOnly.empty()) {
        model::Json prefixes = model::Json::array();
        for (const auto& prefix : options.trainOnly)
            prefixes.push_back(prefix);
        record.training.set("train_only", prefixes);
    }
    if (options.absentShare > 0)
        record.training.set("absent_training_rows", int(absentRows.size()));
    if (!options.init.empty())
        record.training.set("init", std::filesystem::path(options.init).filename().string());
    const bool trainsPresence = options.presenceWeight > 0, trainsClicks = options.clickShare > 0;
    record.training.set("device", device.str());
    record.training.set("training_rows", int(split.train.size()));
    if (!options.inputJson.empty())
        record.training.set("input", model::Json::parse(options.inputJson));
    const auto started = std::chrono::steady_clock::now();

    auto save = [&](int stepsDone, double validation) {
        record.steps = stepsDone;
        record.training.set(
            "seconds",
            resumedSeconds +
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        if (validation >= 0)
            record.validationMetrics.set("dice", validation);
        record.validationMetrics.set("validation_rows", int(split.validation.size()));
        record.date.clear();
        model::Json abilities = model::Json::object();
        abilities.set("presence", hadPresence || trainsPresence);
        abilities.set("clicks", hadClicks || trainsClicks);
        record.abilities = abilities;
        // The file counts the held parameters as trainable, as they are.
        for (auto tensor : heldStill)
            tensor.set_requires_grad(true);
        model::saveCheckpoint(net, options.output, record);
        for (auto tensor : heldStill)
            tensor.set_requires_grad(false);
        torch::save(optimizer, optimizerPath);
        result.checkpoint = options.output;
    };

    int step = startStep;
    for (; step < options.steps; ++step) {
        if (stop && stop->load()) {
            result.interrupted = true;
            break;
        }
        const double lr =
            learningRateAt(step, options.steps, options.warmupSteps, options.learningRate);
        auto& groupsNow = optimizer.param_groups();
        static_cast<torch::optim::AdamWOptions&>(groupsNow[0].options()).lr(lr);
        static_cast<torch::optim::AdamWOptions&>(groupsNow[1].options())
            .lr(step < options.textTowerFrozenSteps ? 0.0 : lr * options.textTowerLrScale);
        if (presenceGroup)
            static_cast<torch::optim::AdamWOptions&>(groupsNow[2].options())
                .lr(lr * options.presenceLrScale);
        const Batch batch = maker.make(data, schedule.rowsForStep(step, options.batchSize),
                                       options.augment, augmentOptions, &generator);
        optimizer.zero_grad();
        const auto masks = batch.masks.to(device);
        const NetInputs in = netInputs(net, batch, device);
        torch::Tensor clickMaps;
        int rounds = 0;
        if (trainsClicks &&
            torch::rand({1}, generator, torch::kFloat64).item<double>() < options.clickShare) {
            rounds = 1 + int(torch::randint(std::max(1, options.clickRounds), {1}, generator,
                                            torch::kInt64)
                                 .item<int64_t>());
            std::vector<std::vector<model::Click>> clicks;
            clickMaps = simulateClickRounds(net, in.clip, in.cnn, in.text, masks, rounds, clicks);
        }
        // bf16 on CUDA for the forward pass and the loss; the backward pass
        // runs after the scope ends.
        std::optional<engine::AutocastScope> autocast;
        autocast.emplace(device, options.autocast);
        const model::TgcNetOutput out = net->run(in.clip, in.cnn, in.text, clickMaps);
        const SegmentationLoss loss = segmentationLoss(out.logits.to(torch::kFloat), masks);
        torch::Tensor objective = loss.total;
        torch::Tensor presenceLoss;
        if (trainsPresence) {
            presenceLoss = torch::binary_cross_entropy_with_logits(out.presence.to(torch::kFloat32),
                                                                   batch.present.to(device));
            objective = objective + options.presenceWeight * presenceLoss;
        }
        if (options.costSupervision > 0)
            objective =
                objective + options.costSupervision *
                                costMapLoss(net->decoder->lastCostMap().to(torch::kFloat), masks);
        autocast.reset(); // the backward pass follows the forward's dtypes
        objective.backward();
        torch::nn::utils::clip_grad_norm_(trainable, 1.0);
        optimizer.step();

        TrainProgress p;
        p.step = step + 1;
        p.totalSteps = options.steps;
        p.loss = loss.total.item<double>();
        p.bce = loss.bce.item<double>();
        p.dice = loss.dice.item<double>();
        p.presenceLoss = presenceLoss.defined() ? presenceLoss.item<double>() : 0.0;
        p.clickRounds = rounds;
        p.learningRate = lr;
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        p.secondsPerStep = elapsed / double(step + 1 - startStep);
        p.etaSeconds = p.secondsPerStep * double(options.steps - step - 1);
        result.lastLoss = p.loss;
        const bool last = step + 1 == options.steps;
        if ((options.validateEvery > 0 && (step + 1) % options.validateEvery == 0) || last) {
            p.validationDice =
                validationDice(net, maker, data, split.validation, options.batchSize, device);
            result.validationDice = p.validationDice;
        }
        if (last && options.densityImages > 0)
            record.featureDensity =
                trainingDensity(net, data, split.train, options.densityImages, options.densityRank,
                                config.cnnImageSize, device);
        if ((options.checkpointEvery > 0 && (step + 1) % options.checkpointEvery == 0) || last) {
            save(step + 1, p.validationDice);
            p.checkpointWritten = true;
        }
        if (progress)
            progress(p);
    }
    if (result.interrupted && step > startStep)
        save(step, -1);
    result.stepsDone = step;
    return result;
}

} // namespace tgc::training

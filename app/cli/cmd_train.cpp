// tgc-cli train --data DIR --config NAME [--clip DIR] --steps N --out W [--resume W]
//               [--batch N] [--lr X] [--warmup N] [--val-fraction X] [--val-every N]
//               [--checkpoint-every N] [--seed S] [--device auto|cpu|cuda] [--no-augment]
//               [--ct-window C,W] [--init W] [--presence-weight X] [--click-share X]
//               [--click-rounds N] [--absent-share X] [--swap-sides] [--density-images N]
//               [--presence-strips N] [--presence-lr-scale X] [--mask-stride 4|2]
//               [--train-only PREFIX[,PREFIX...]] [--json]
// Progress (step, loss, learning rate, ETA, validation Dice) goes to stderr;
// Ctrl-C writes a checkpoint of the steps done and stops.
#include "commands.h"
#include "io_error.h"
#include "qata_samples.h"
#include "trainer.h"

#include <QJsonObject>
#include <QTextStream>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace tgc::cli {

namespace {

std::atomic<bool> g_stopRequested{false};

extern "C" void requestStop(int) {
    g_stopRequested = true;
}

QString duration(double seconds) {
    const int s = int(seconds + 0.5);
    return s >= 3600 ? QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10,
                                                                  QLatin1Char('0'))
                     : QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

bool parseDouble(const QString& text, double low, double high, double& out) {
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || value < low || value > high)
        return false;
    out = value;
    return true;
}

} // namespace

int runTrain(const QStringList& args) {
    CommandLine cl("train", "Trains TGC-Net on a qata-layout folder (images/, masks/, text.csv) "
                            "and writes a checkpoint with its tgc metadata. Ctrl-C saves the "
                            "steps done.");
    const auto data = cl.option("data", "qata-layout dataset folder", "DIR");
    const auto config = cl.config();
    const auto clip =
        cl.option("clip", "CLIP folder (weights, BPE vocabulary) for paper configs", "DIR");
    const auto steps = cl.option("steps", "total training steps", "N", "1000");
    const auto out = cl.option("out", "checkpoint to write (.safetensors)", "W");
    const auto resume = cl.option("resume", "checkpoint to continue from", "W");
    const auto batch = cl.option("batch", "samples per step", "N", "4");
    const auto lr = cl.option("lr", "peak learning rate (AdamW)", "X", "0.0005");
    const auto warmup = cl.option("warmup", "warm-up steps", "N", "50");
    const auto valFraction = cl.option("val-fraction", "share of images held out", "X", "0.1");
    const auto valEvery = cl.option("val-every", "validate every N steps", "N", "100");
    const auto checkpointEvery =
        cl.option("checkpoint-every", "checkpoint every N steps", "N", "100");
    const auto seed = cl.seed("seed of the split, order and augmentation");
    const auto device = cl.device();
    const auto noAugment = cl.option("no-augment", "train on the images as they are");
    const auto swapSides = cl.option(
        "swap-sides", "flip images whose prompt names a side too, swapping left and right in it");
    const auto ctWindow =
        cl.option("ct-window", "window for 16-bit (HU+1024) images", "C,W", "50,400");
    const auto prompts =
        cl.option("prompts-per-image",
                  "batch up to N prompts of one image together (0: rows shuffled)", "N", "0");
    const auto textFrozen =
        cl.option("text-frozen-steps", "hold the text tower still for the first N steps", "N", "0");
    const auto textLr = cl.option("text-lr-scale", "text tower learning rate / --lr", "X", "1");
    const auto visualDropout = cl.option(
        "visual-dropout", "share of samples whose decoder sees the cost map alone", "X", "0");
    const auto costSupervision = cl.option(
        "cost-supervision", "weight of a loss on the text-pixel cost map (0: off)", "X", "0");
    const auto threads = cl.threads();
    const auto init = cl.option("init", "start from these weights (step 0, new optimizer)", "W");
    const auto presenceWeight = cl.option(
        "presence-weight", "weight of the loss on 'the target is present' (0: off)", "X", "0");
    const auto clickShare =
        cl.option("click-share", "share of steps trained with simulated clicks (0: off)", "X", "0");
    const auto clickRounds =
        cl.option("click-rounds", "simulated click rounds per click step, at most", "N", "3");
    const auto absentShare = cl.option(
        "absent-share", "share of batch slots given to absent-target rows (empty masks)", "X", "0");
    const auto densityImages =
        cl.option("density-images", "training images described in the checkpoint for OOD (0: none)",
                  "N", "2000");
    const auto presenceStrips = cl.option(
        "presence-strips",
        "pool the presence evidence over N image strips the text weighs (fresh or --init)", "N");
    const auto presenceLr =
        cl.option("presence-lr-scale", "presence head and strips learning rate / --lr", "X", "1");
    const auto maskStride = cl.option(
        "mask-stride", "finest mask stride, 4 or 2 (2 adds the refinement; fresh or --init)", "N");
    const auto trainOnly = cl.option(
        "train-only", "train only parameters whose names start with these (e.g. refinement.)",
        "P[,P...]");
    const auto json = cl.json("print one JSON object at the end");
    if (const auto done = cl.parse(args))
        return *done;
    if (!cl.require({data, out}))
        return kBadArguments;

    training::TrainOptions options;
    options.config = cl.value(config).toStdString();
    options.clipWeights = cl.value(clip).toStdString();
    options.vocabulary = options.clipWeights;
    options.output = cl.value(out).toStdString();
    options.resume = cl.value(resume).toStdString();
    options.device = cl.value(device).toStdString();
    options.init = cl.value(init).toStdString();
    options.augment = !cl.isSet(noAugment);
    options.swapSides = cl.isSet(swapSides);
    int seedValue = 1;
    if (!parsePositive(cl.value(steps), options.steps) ||
        !parsePositive(cl.value(batch), options.batchSize, 4096) ||
        !parsePositive(cl.value(seed), seedValue))
        return cl.fail(QStringLiteral("--steps, --batch and --seed need positive whole numbers"));
    options.seed = std::uint64_t(seedValue);
    if (!cl.positive(threads, options.threads, 1024) ||
        !cl.wholeFromZero(prompts, options.promptsPerImage) ||
        !cl.wholeFromZero(textFrozen, options.textTowerFrozenSteps) ||
        !cl.number(textLr, 0, 10, options.textTowerLrScale) ||
        !cl.number(visualDropout, 0, 1, options.visualDropout) ||
        !cl.number(costSupervision, 0, 10, options.costSupervision) ||
        !cl.number(presenceWeight, 0, 10, options.presenceWeight) ||
        !cl.number(clickShare, 0, 1, options.clickShare))
        return kBadArguments;
    if (!parsePositive(cl.value(clickRounds), options.clickRounds, 20))
        return cl.fail(QStringLiteral("--click-rounds must be a whole number in 1..20"));
    if (!cl.number(absentShare, 0, 1, options.absentShare))
        return kBadArguments;
    bool ok = false;
    if (cl.isSet(presenceStrips)) {
        options.presenceStrips = cl.value(presenceStrips).toInt(&ok);
        if (!ok || options.presenceStrips < 0 || options.presenceStrips > 16)
            return cl.fail(QStringLiteral("--presence-strips must be a whole number in 0..16"));
    }
    if (!cl.number(presenceLr, 0, 100, options.presenceLrScale))
        return kBadArguments;
    if (cl.isSet(maskStride)) {
        options.maskStride = cl.value(maskStride).toInt(&ok);
        if (!ok || (options.maskStride != 4 && options.maskStride != 2))
            return cl.fail(QStringLiteral("--mask-stride must be 4 or 2"));
    }
    if (cl.isSet(trainOnly))
        for (const QString& prefix :
             cl.value(trainOnly).split(QLatin1Char(','), Qt::SkipEmptyParts))
            options.trainOnly.push_back(prefix.trimmed().toStdString());
    options.densityImages = cl.value(densityImages).toInt(&ok);
    if (!ok || options.densityImages < 0)
        return cl.fail(QStringLiteral("--density-images must be a whole number >= 0"));
    if (!parseDouble(cl.value(lr), 1e-8, 1.0, options.learningRate))
        return cl.fail(QStringLiteral("--lr must be a number in (0, 1]"));
    if (!cl.number(valFraction, 0, 0.9, options.validationFraction) ||
        !cl.wholeFromZero(warmup, options.warmupSteps))
        return kBadArguments;
    if (!parsePositive(cl.value(valEvery), options.validateEvery) ||
        !parsePositive(cl.value(checkpointEvery), options.checkpointEvery))
        return cl.fail(QStringLiteral("--val-every and --checkpoint-every need positive whole "
                                      "numbers"));
    ModelInputConvention input;
    const QStringList window = cl.value(ctWindow).split(QLatin1Char(','));
    if (window.size() != 2 || !parseDouble(window[0], -2000, 4000, input.ctWindowCenter) ||
        !parseDouble(window[1], 1, 8000, input.ctWindowWidth))
        return cl.fail(QStringLiteral("--ct-window wants CENTER,WIDTH in HU, e.g. 50,400"));

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTextStream err(stderr);
    training::TrainResult result;
    try {
        const QataSampleSource source(cl.value(data), input);
        options.inputJson = source.inputJson();
        err << "training on " << QString::fromStdString(source.description()) << Qt::endl;
        result = training::train(
            options, source,
            [&err](const training::TrainProgress& p) {
                QString line = QStringLiteral("step %1/%2  loss %3 (bce %4, dice %5)  lr %6  "
                                              "%7 s/step  ETA %8")
                                   .arg(p.step)
                                   .arg(p.totalSteps)
                                   .arg(p.loss, 0, 'f', 4)
                                   .arg(p.bce, 0, 'f', 4)
                                   .arg(p.dice, 0, 'f', 4)
                                   .arg(p.learningRate, 0, 'g', 3)
                                   .arg(p.secondsPerStep, 0, 'f', 2)
                                   .arg(duration(p.etaSeconds));
                if (p.presenceLoss > 0)
                    line += QStringLiteral("  presence %1").arg(p.presenceLoss, 0, 'f', 4);
                if (p.clickRounds > 0)
                    line += QStringLiteral("  clicks %1").arg(p.clickRounds);
                if (p.validationDice >= 0)
                    line += QStringLiteral("  val dice %1").arg(p.validationDice, 0, 'f', 4);
                if (p.checkpointWritten)
                    line += QStringLiteral("  [saved]");
                err << line << Qt::endl;
            },
            &g_stopRequested);
    } catch (const std::exception& e) {
        std::signal(SIGINT, SIG_DFL);
        return cl.fail(QString::fromStdString(e.what()), 1);
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (cl.isSet(json)) {
        QJsonObject object;
        object[QStringLiteral("steps")] = result.stepsDone;
        object[QStringLiteral("loss")] = result.lastLoss;
        object[QStringLiteral("validation_dice")] = result.validationDice;
        object[QStringLiteral("checkpoint")] = QString::fromStdString(result.checkpoint);
        object[QStringLiteral("device")] = QString::fromStdString(result.device);
        object[QStringLiteral("interrupted")] = result.interrupted;
        printJson(object);
    } else {
        QTextStream(stdout) << (result.interrupted ? "stopped" : "done") << " after "
                            << result.stepsDone << " steps; checkpoint "
                            << QString::fromStdString(result.checkpoint) << Qt::endl;
    }
    return result.interrupted ? 130 : 0;
}

} // namespace tgc::cli

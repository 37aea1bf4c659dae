// tgc-cli train --data DIR --config NAME [--clip DIR] --steps N --out W [--resume W]
//               [--batch N] [--lr X] [--warmup N] [--val-fraction X] [--val-every N]
//               [--checkpoint-every N] [--seed S] [--device auto|cpu|cuda] [--no-augment]
//               [--ct-window C,W] [--init W] [--presence-weight X] [--click-share X]
//               [--click-rounds N] [--absent-share X] [--swap-sides] [--density-images N]
//               [--presence-strips N] [--presence-lr-scale X] [--json]
// Progress (step, loss, learning rate, ETA, validation Dice) goes to stderr;
// Ctrl-C writes a checkpoint of the steps done and stops.
#include "commands.h"
#include "io_error.h"
#include "qata_samples.h"
#include "trainer.h"

#include <QCommandLineParser>
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
    const QString command = QStringLiteral("train");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains TGC-Net on a qata-layout folder (images/, masks/, text.csv) and writes a "
        "checkpoint with its tgc metadata. Ctrl-C saves the steps done."));
    parser.addHelpOption();
    auto option = [](const char* name, const char* help, const char* value = nullptr,
                     const char* fallback = nullptr) {
        return value ? QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                          QString::fromLatin1(value),
                                          fallback ? QString::fromLatin1(fallback) : QString())
                     : QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help));
    };
    const auto data = option("data", "qata-layout dataset folder", "DIR");
    const auto config = option("config", "tiny, paper-b16 or paper-l14-336", "NAME", "tiny");
    const auto clip =
        option("clip", "CLIP folder (weights, BPE vocabulary) for paper configs", "DIR");
    const auto steps = option("steps", "total training steps", "N", "1000");
    const auto out = option("out", "checkpoint to write (.safetensors)", "W");
    const auto resume = option("resume", "checkpoint to continue from", "W");
    const auto batch = option("batch", "samples per step", "N", "4");
    const auto lr = option("lr", "peak learning rate (AdamW)", "X", "0.0005");
    const auto warmup = option("warmup", "warm-up steps", "N", "50");
    const auto valFraction = option("val-fraction", "share of images held out", "X", "0.1");
    const auto valEvery = option("val-every", "validate every N steps", "N", "100");
    const auto checkpointEvery = option("checkpoint-every", "checkpoint every N steps", "N", "100");
    const auto seed = option("seed", "seed of the split, order and augmentation", "S", "1");
    const auto device = option("device", "auto, cpu or cuda", "DEVICE", "auto");
    const auto noAugment = option("no-augment", "train on the images as they are");
    const auto swapSides = option(
        "swap-sides", "flip images whose prompt names a side too, swapping left and right in it");
    const auto ctWindow =
        option("ct-window", "window for 16-bit (HU+1024) images", "C,W", "50,400");
    const auto prompts =
        option("prompts-per-image",
               "batch up to N prompts of one image together (0: rows shuffled)", "N", "0");
    const auto textFrozen =
        option("text-frozen-steps", "hold the text tower still for the first N steps", "N", "0");
    const auto textLr = option("text-lr-scale", "text tower learning rate / --lr", "X", "1");
    const auto visualDropout = option(
        "visual-dropout", "share of samples whose decoder sees the cost map alone", "X", "0");
    const auto costSupervision = option(
        "cost-supervision", "weight of a loss on the text-pixel cost map (0: off)", "X", "0");
    const auto threads = option("threads", "CPU threads (default: every core)", "N");
    const auto init = option("init", "start from these weights (step 0, new optimizer)", "W");
    const auto presenceWeight = option(
        "presence-weight", "weight of the loss on 'the target is present' (0: off)", "X", "0");
    const auto clickShare =
        option("click-share", "share of steps trained with simulated clicks (0: off)", "X", "0");
    const auto clickRounds =
        option("click-rounds", "simulated click rounds per click step, at most", "N", "3");
    const auto absentShare = option(
        "absent-share", "share of batch slots given to absent-target rows (empty masks)", "X", "0");
    const auto presenceStrips = option(
        "presence-strips",
        "pool the presence evidence over N image strips the text weighs (fresh or --init)", "N");
    const auto presenceLr =
        option("presence-lr-scale", "presence head and strips learning rate / --lr", "X", "1");
    const auto densityImages =
        option("density-images", "training images described in the checkpoint for OOD (0: none)",
               "N", "2000");
    const auto json = option("json", "print one JSON object at the end");
    parser.addOptions(
        {data,           config,     clip,          steps,           out,           resume,
         batch,          lr,         warmup,        valFraction,     valEvery,      checkpointEvery,
         seed,           device,     noAugment,     swapSides,       ctWindow,      prompts,
         textFrozen,     textLr,     visualDropout, costSupervision, threads,       init,
         presenceWeight, clickShare, clickRounds,   absentShare,     densityImages, presenceStrips,
         presenceLr,     json});
    if (const auto done = parseArguments(parser, args, command))
        return *done;
    if (!parser.isSet(data) || !parser.isSet(out))
        return fail(command, QStringLiteral("--data and --out are required"));

    training::TrainOptions options;
    options.config = parser.value(config).toStdString();
    options.clipWeights = parser.value(clip).toStdString();
    options.vocabulary = options.clipWeights;
    options.output = parser.value(out).toStdString();
    options.resume = parser.value(resume).toStdString();
    options.device = parser.value(device).toStdString();
    options.augment = !parser.isSet(noAugment);
    options.swapSides = parser.isSet(swapSides);
    int seedValue = 1;
    if (!parsePositive(parser.value(steps), options.steps) ||
        !parsePositive(parser.value(batch), options.batchSize, 4096) ||
        !parsePositive(parser.value(seed), seedValue))
        return fail(command,
                    QStringLiteral("--steps, --batch and --seed need positive whole numbers"));
    options.seed = std::uint64_t(seedValue);
    if (parser.isSet(threads) && !parsePositive(parser.value(threads), options.threads, 1024))
        return fail(command, QStringLiteral("--threads needs a positive whole number"));
    bool ok = false;
    options.promptsPerImage = parser.value(prompts).toInt(&ok);
    if (!ok || options.promptsPerImage < 0)
        return fail(command, QStringLiteral("--prompts-per-image needs a whole number >= 0"));
    options.textTowerFrozenSteps = parser.value(textFrozen).toInt(&ok);
    if (!ok || options.textTowerFrozenSteps < 0)
        return fail(command, QStringLiteral("--text-frozen-steps needs a whole number >= 0"));
    if (!parseDouble(parser.value(textLr), 0.0, 10.0, options.textTowerLrScale))
        return fail(command, QStringLiteral("--text-lr-scale must be a number in [0, 10]"));
    if (!parseDouble(parser.value(visualDropout), 0.0, 1.0, options.visualDropout))
        return fail(command, QStringLiteral("--visual-dropout must be a number in [0, 1]"));
    if (!parseDouble(parser.value(costSupervision), 0.0, 10.0, options.costSupervision))
        return fail(command, QStringLiteral("--cost-supervision must be a number in [0, 10]"));
    options.init = parser.value(init).toStdString();
    if (!parseDouble(parser.value(presenceWeight), 0.0, 10.0, options.presenceWeight))
        return fail(command, QStringLiteral("--presence-weight must be a number in [0, 10]"));
    if (!parseDouble(parser.value(clickShare), 0.0, 1.0, options.clickShare))
        return fail(command, QStringLiteral("--click-share must be a number in [0, 1]"));
    if (!parsePositive(parser.value(clickRounds), options.clickRounds, 20))
        return fail(command, QStringLiteral("--click-rounds must be a whole number in 1..20"));
    if (!parseDouble(parser.value(absentShare), 0.0, 1.0, options.absentShare))
        return fail(command, QStringLiteral("--absent-share must be a number in [0, 1]"));
    if (parser.isSet(presenceStrips)) {
        options.presenceStrips = parser.value(presenceStrips).toInt(&ok);
        if (!ok || options.presenceStrips < 0 || options.presenceStrips > 16)
            return fail(command,
                        QStringLiteral("--presence-strips must be a whole number in 0..16"));
    }
    if (!parseDouble(parser.value(presenceLr), 0.0, 100.0, options.presenceLrScale))
        return fail(command, QStringLiteral("--presence-lr-scale must be a number in [0, 100]"));
    options.densityImages = parser.value(densityImages).toInt(&ok);
    if (!ok || options.densityImages < 0)
        return fail(command, QStringLiteral("--density-images must be a whole number >= 0"));
    if (!parseDouble(parser.value(lr), 1e-8, 1.0, options.learningRate))
        return fail(command, QStringLiteral("--lr must be a number in (0, 1]"));
    if (!parseDouble(parser.value(valFraction), 0.0, 0.9, options.validationFraction))
        return fail(command, QStringLiteral("--val-fraction must be a number in [0, 0.9]"));
    options.warmupSteps = parser.value(warmup).toInt(&ok);
    if (!ok || options.warmupSteps < 0)
        return fail(command, QStringLiteral("--warmup needs a whole number >= 0"));
    if (!parsePositive(parser.value(valEvery), options.validateEvery) ||
        !parsePositive(parser.value(checkpointEvery), options.checkpointEvery))
        return fail(command, QStringLiteral("--val-every and --checkpoint-every need positive "
                                            "whole numbers"));
    ModelInputConvention input;
    const QStringList window = parser.value(ctWindow).split(QLatin1Char(','));
    if (window.size() != 2 || !parseDouble(window[0], -2000, 4000, input.ctWindowCenter) ||
        !parseDouble(window[1], 1, 8000, input.ctWindowWidth))
        return fail(command, QStringLiteral("--ct-window wants CENTER,WIDTH in HU, e.g. 50,400"));

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTextStream err(stderr);
    training::TrainResult result;
    try {
        const QataSampleSource source(parser.value(data), input);
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
        return fail(command, QString::fromStdString(e.what()), 1);
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (parser.isSet(json)) {
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

// tgc-cli eval --model W --data DIR [--clip DIR] [--device auto|cpu|cuda]
//              [--threshold X] [--presence-threshold X] [--clicks N] [--ct-window C,W] [--json]
//   -> {"cases","dice_mean","dice_median","iou_mean","text_swap_accuracy","text_swap_pairs",
//       "present_rows","absent_rows","dice_mean_present","presence_auroc",
//       "absent_false_mask_rate","absent_false_mask_rate_ungated","absent_mask_min_pixels",
//       "presence_threshold", "clicks":{"dice_after":[...],"noc90","noc90_never_reached",
//       "rows"} (with --clicks),
//       "per_case":[{"image","report","dice","iou","truth_voxels","predicted_voxels",
//                    "presence"}]}
// Rows with an empty mask are absent-target prompts. Masks whose presence
// probability is below the presence threshold count as empty (what the app
// shows); null figures are unknown (a model without a presence head).
// 16-bit images are windowed as the model was trained (its checkpoint's
// training.input), unless --ct-window says otherwise.
#include "checkpoint.h"
#include "commands.h"
#include "evaluator.h"
#include "model_input.h"
#include "qata_samples.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

namespace tgc::cli {

int runEval(const QStringList& args) {
    CommandLine cl("eval",
                   "Scores a TGC-Net checkpoint on a qata-layout folder: Dice and IoU per row (an "
                   "empty prediction on an empty mask scores 1) and, where an image carries "
                   "several prompts, whether the mask follows the text (text_swap_accuracy).");
    const auto model = cl.model();
    const auto data = cl.option("data", "qata-layout folder", "DIR");
    const auto ctWindow = cl.option("ct-window", "window for 16-bit images, CENTER,WIDTH", "C,W");
    const auto clicks =
        cl.option("clicks", "simulated clicks per present-target row (0: none)", "N", "0");
    const auto presenceThreshold =
        cl.presenceThreshold("masks less likely present than this are not shown (0: all)");
    const auto json = cl.json();
    const ModelRunOptions run = cl.modelRun();
    if (const auto done = cl.parse(args))
        return *done;
    if (!cl.require({model, data}))
        return kBadArguments;
    training::EvaluateOptions options;
    ModelRunSettings settings;
    if (!cl.modelRun(run, settings))
        return kBadArguments;
    options.clipFolder = settings.clip.toStdString();
    options.device = settings.device.toStdString();
    options.threads = settings.threads;
    options.threshold = settings.threshold;
    bool ok = false;
    options.clicks = cl.value(clicks).toInt(&ok);
    if (!ok || options.clicks < 0 || options.clicks > 20)
        return cl.fail(QStringLiteral("--clicks must be a whole number from 0 to 20"));
    if (!cl.number(presenceThreshold, 0, 1, options.presenceThreshold))
        return kBadArguments;

    training::Evaluation e;
    try {
        const std::string checkpoint = cl.value(model).toStdString();
        ModelInputConvention input = modelInputConventionFromMetadata(
            QByteArray::fromStdString(model::readCheckpointMetadata(checkpoint).json.dump()));
        if (cl.isSet(ctWindow)) {
            const QStringList parts = cl.value(ctWindow).split(QLatin1Char(','));
            bool okC = false, okW = false;
            if (parts.size() == 2) {
                input.ctWindowCenter = parts[0].toDouble(&okC);
                input.ctWindowWidth = parts[1].toDouble(&okW);
            }
            if (!okC || !okW || input.ctWindowWidth <= 0)
                return cl.fail(QStringLiteral("--ct-window wants CENTER,WIDTH in HU"));
        }
        const QataSampleSource source(cl.value(data), input);
        QTextStream err(stderr);
        e = training::evaluate(checkpoint, source, options,
                               [&err](std::size_t done, std::size_t total) {
                                   if (done % 50 == 0 || done == total)
                                       err << "evaluated " << done << "/" << total << Qt::endl;
                               });
    } catch (const std::exception& ex) {
        return cl.fail(QString::fromStdString(ex.what()), 1);
    }

    QJsonObject object;
    object[QStringLiteral("cases")] = int(e.rows.size());
    object[QStringLiteral("dice_mean")] = e.diceMean;
    object[QStringLiteral("dice_median")] = e.diceMedian;
    object[QStringLiteral("iou_mean")] = e.iouMean;
    object[QStringLiteral("text_swap_accuracy")] =
        e.textSwapAccuracy >= 0 ? QJsonValue(e.textSwapAccuracy) : QJsonValue();
    object[QStringLiteral("text_swap_pairs")] = e.textSwapPairs;
    const auto known = [](double v) { return v >= 0 ? QJsonValue(v) : QJsonValue(); };
    object[QStringLiteral("present_rows")] = e.presentRows;
    object[QStringLiteral("absent_rows")] = e.absentRows;
    object[QStringLiteral("dice_mean_present")] = known(e.diceMeanPresent);
    object[QStringLiteral("presence_auroc")] = known(e.presenceAuroc);
    object[QStringLiteral("absent_false_mask_rate")] = known(e.absentFalseMaskRate);
    object[QStringLiteral("absent_false_mask_rate_ungated")] = known(e.absentFalseMaskRateUngated);
    object[QStringLiteral("absent_mask_min_pixels")] = qint64(e.absentMaskPixels);
    object[QStringLiteral("presence_threshold")] = options.presenceThreshold;
    if (options.clicks > 0) {
        QJsonObject c;
        QJsonArray after;
        for (double d : e.clickDiceAfter)
            after.append(d);
        c[QStringLiteral("dice_after")] = after;
        c[QStringLiteral("noc90")] = known(e.noc90);
        c[QStringLiteral("noc90_never_reached")] = known(e.noc90NeverReached);
        c[QStringLiteral("rows")] = e.presentRows;
        object[QStringLiteral("clicks")] = c;
    }
    QJsonArray perCase;
    for (const auto& row : e.rows) {
        QJsonObject r;
        r[QStringLiteral("image")] = QString::fromStdString(row.imageId);
        r[QStringLiteral("report")] = QString::fromStdString(row.report);
        r[QStringLiteral("dice")] = row.dice;
        r[QStringLiteral("iou")] = row.iou;
        r[QStringLiteral("truth_voxels")] = qint64(row.truthVoxels);
        r[QStringLiteral("predicted_voxels")] = qint64(row.predictedVoxels);
        r[QStringLiteral("presence")] = known(row.presence);
        perCase.append(r);
    }
    object[QStringLiteral("per_case")] = perCase;
    if (cl.isSet(json)) {
        printJson(object);
    } else {
        QTextStream out(stdout);
        out << e.rows.size() << " rows: Dice mean " << e.diceMean << ", median " << e.diceMedian
            << ", IoU mean " << e.iouMean;
        if (e.textSwapAccuracy >= 0)
            out << ", text swap accuracy " << e.textSwapAccuracy << " (" << e.textSwapPairs
                << " pairs)";
        if (e.presenceAuroc >= 0)
            out << ", presence AUROC " << e.presenceAuroc;
        if (e.absentFalseMaskRate >= 0)
            out << ", false masks on " << e.absentRows << " absent targets "
                << e.absentFalseMaskRate;
        out << Qt::endl;
    }
    return 0;
}

} // namespace tgc::cli

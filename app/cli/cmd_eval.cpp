// tgc-cli eval --model W --data DIR [--clip DIR] [--device auto|cpu|cuda]
//              [--threshold X] [--ct-window C,W] [--json]
//   -> {"cases","dice_mean","dice_median","iou_mean","text_swap_accuracy","text_swap_pairs",
//       "per_case":[{"image","report","dice","iou","truth_voxels","predicted_voxels"}]}
// 16-bit images are windowed as the model was trained (its checkpoint's
// training.input), unless --ct-window says otherwise.
#include "checkpoint.h"
#include "commands.h"
#include "evaluator.h"
#include "model_input.h"
#include "qata_samples.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

namespace tgc::cli {

int runEval(const QStringList& args) {
    const QString command = QStringLiteral("eval");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Scores a TGC-Net checkpoint on a qata-layout folder: Dice and IoU per row (an empty "
        "prediction on an empty mask scores 1) and, where an image carries several prompts, "
        "whether the mask follows the text (text_swap_accuracy)."));
    parser.addHelpOption();
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("checkpoint"),
                                   QStringLiteral("W"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("qata-layout folder"),
                                  QStringLiteral("DIR"));
    const QCommandLineOption ctWindow(QStringLiteral("ct-window"),
                                      QStringLiteral("window for 16-bit images, CENTER,WIDTH"),
                                      QStringLiteral("C,W"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    const ModelRunOptions run;
    parser.addOptions({model, data, ctWindow, json});
    parser.addOptions(run.all());
    if (const auto done = parseArguments(parser, args, command))
        return *done;
    if (!parser.isSet(model) || !parser.isSet(data))
        return fail(command, QStringLiteral("--model and --data are required"));
    training::EvaluateOptions options;
    ModelRunSettings settings;
    if (const auto wrong = readModelRunSettings(parser, run, settings))
        return fail(command, *wrong);
    options.clipFolder = settings.clip.toStdString();
    options.device = settings.device.toStdString();
    options.threads = settings.threads;
    options.threshold = settings.threshold;

    training::Evaluation e;
    try {
        const std::string checkpoint = parser.value(model).toStdString();
        ModelInputConvention input = modelInputConventionFromMetadata(
            QByteArray::fromStdString(model::readCheckpointMetadata(checkpoint).json.dump()));
        if (parser.isSet(ctWindow)) {
            const QStringList parts = parser.value(ctWindow).split(QLatin1Char(','));
            bool okC = false, okW = false;
            if (parts.size() == 2) {
                input.ctWindowCenter = parts[0].toDouble(&okC);
                input.ctWindowWidth = parts[1].toDouble(&okW);
            }
            if (!okC || !okW || input.ctWindowWidth <= 0)
                return fail(command, QStringLiteral("--ct-window wants CENTER,WIDTH in HU"));
        }
        const QataSampleSource source(parser.value(data), input);
        QTextStream err(stderr);
        e = training::evaluate(checkpoint, source, options,
                               [&err](std::size_t done, std::size_t total) {
                                   if (done % 50 == 0 || done == total)
                                       err << "evaluated " << done << "/" << total << Qt::endl;
                               });
    } catch (const std::exception& ex) {
        return fail(command, QString::fromStdString(ex.what()), 1);
    }

    QJsonObject object;
    object[QStringLiteral("cases")] = int(e.rows.size());
    object[QStringLiteral("dice_mean")] = e.diceMean;
    object[QStringLiteral("dice_median")] = e.diceMedian;
    object[QStringLiteral("iou_mean")] = e.iouMean;
    object[QStringLiteral("text_swap_accuracy")] =
        e.textSwapAccuracy >= 0 ? QJsonValue(e.textSwapAccuracy) : QJsonValue();
    object[QStringLiteral("text_swap_pairs")] = e.textSwapPairs;
    QJsonArray perCase;
    for (const auto& row : e.rows) {
        QJsonObject r;
        r[QStringLiteral("image")] = QString::fromStdString(row.imageId);
        r[QStringLiteral("report")] = QString::fromStdString(row.report);
        r[QStringLiteral("dice")] = row.dice;
        r[QStringLiteral("iou")] = row.iou;
        r[QStringLiteral("truth_voxels")] = qint64(row.truthVoxels);
        r[QStringLiteral("predicted_voxels")] = qint64(row.predictedVoxels);
        perCase.append(r);
    }
    object[QStringLiteral("per_case")] = perCase;
    if (parser.isSet(json)) {
        printJson(object);
    } else {
        QTextStream out(stdout);
        out << e.rows.size() << " rows: Dice mean " << e.diceMean << ", median " << e.diceMedian
            << ", IoU mean " << e.iouMean;
        if (e.textSwapAccuracy >= 0)
            out << ", text swap accuracy " << e.textSwapAccuracy << " (" << e.textSwapPairs
                << " pairs)";
        out << Qt::endl;
    }
    return 0;
}

} // namespace tgc::cli

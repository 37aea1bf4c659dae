// tgc-cli infer --model W --image FILE --text T [--aux A] [--device auto|cpu|cuda]
//               [--clip DIR] [--threshold X] [--threads N] --out MASK [--json]
//   -> {"device","ms_total","ms_model","mask_voxels","threshold","slices","window":[c,w],
//       "report_truncated","torch_version","cuda_compiled"}
// FILE is anything `info` reads (DICOM file or folder, NIfTI, MetaImage,
// PNG/JPEG/TIFF); every slice is segmented with the same prompt. MASK is a
// PNG (0/255, 2D only) or NIfTI (.nii, .nii.gz) on the image's grid.
#include "commands.h"
#include "engine.h"
#include "image_reader.h"
#include "image_volume.h"
#include "image_writer.h"
#include "label_map.h"
#include "model_input.h"
#include "runtime_info.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

namespace tgc::cli {

namespace {

bool isNiftiName(const QString& path) {
    return path.endsWith(QLatin1String(".nii"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".nii.gz"), Qt::CaseInsensitive);
}

} // namespace

int runInfer(const QStringList& args) {
    const QString command = QStringLiteral("infer");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Segments what the text describes in an image with a TGC-Net checkpoint "
                       "and writes the mask."));
    parser.addHelpOption();
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("checkpoint"),
                                   QStringLiteral("W"));
    const QCommandLineOption image(QStringLiteral("image"), QStringLiteral("image file or folder"),
                                   QStringLiteral("FILE"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("report (primary prompt)"),
                                  QStringLiteral("T"));
    const QCommandLineOption aux(QStringLiteral("aux"), QStringLiteral("auxiliary prompt"),
                                 QStringLiteral("A"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("mask: .png or .nii[.gz]"),
                                 QStringLiteral("MASK"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    const ModelRunOptions run;
    parser.addOptions({model, image, text, aux, out, json});
    parser.addOptions(run.all());
    if (const auto done = parseArguments(parser, args, command))
        return *done;
    if (!parser.isSet(model) || !parser.isSet(image) || !parser.isSet(out))
        return fail(command, QStringLiteral("--model, --image and --out are required"));
    const QString report = parser.value(text).trimmed();
    if (report.isEmpty())
        return fail(command, QStringLiteral("--text is required: the report describing the mask"));
    const QString outPath = parser.value(out);
    const bool nifti = isNiftiName(outPath);
    if (!nifti && !outPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        return fail(command,
                    QStringLiteral("%1: the mask must be .png, .nii or .nii.gz").arg(outPath));
    ModelRunSettings settings;
    if (const auto wrong = readModelRunSettings(parser, run, settings))
        return fail(command, *wrong);
    const double cut = settings.threshold;
    engine::EngineOptions options;
    options.device = settings.device.toStdString();
    options.threads = settings.threads;

    try {
        const ImageVolume volume = readImage(parser.value(image));
        const auto& dims = volume.dims();
        if (!nifti && dims[2] != 1)
            return fail(command, QStringLiteral("%1: a volume of %2 slices needs a NIfTI mask "
                                                "(.nii or .nii.gz)")
                                     .arg(outPath)
                                     .arg(dims[2]));
        engine::InferenceEngine engine;
        engine.load(parser.value(model).toStdString(), settings.clip.toStdString(), options);
        const WindowLevel window =
            modelInputWindow(volume, modelInputConventionFromMetadata(QByteArray::fromStdString(
                                         engine.checkpointMetadataJson())));

        std::vector<std::vector<float>> values;
        std::vector<engine::SliceInput> slices;
        for (int z = 0; z < dims[2]; ++z)
            values.push_back(greySlice(volume, z));
        for (const auto& v : values)
            slices.push_back({v.data(), dims[0], dims[1], window.center, window.width});
        const auto result = engine.segmentSlices(
            slices, {report.toStdString(), parser.value(aux).trimmed().toStdString()});

        LabelMap mask(volume.geometry());
        std::size_t voxels = 0;
        for (int z = 0; z < dims[2]; ++z) {
            const std::vector<float>& probability = result.probabilities.at(std::size_t(z));
            std::uint8_t* target = mask.slice(z);
            for (std::size_t i = 0; i < probability.size(); ++i) {
                target[i] = probability[i] >= cut ? 1 : 0;
                voxels += target[i];
            }
        }
        if (nifti)
            writeNifti(mask, outPath);
        else
            writePng(mask, outPath, /*binary255=*/true);

        QJsonObject object;
        object[QStringLiteral("device")] = QString::fromStdString(engine.device());
        object[QStringLiteral("ms_total")] = result.msTotal;
        object[QStringLiteral("ms_model")] = result.msModel;
        object[QStringLiteral("mask_voxels")] = qint64(voxels);
        object[QStringLiteral("threshold")] = cut;
        object[QStringLiteral("slices")] = dims[2];
        object[QStringLiteral("window")] = QJsonArray{window.center, window.width};
        object[QStringLiteral("report_truncated")] = result.reportTruncated;
        const auto runtime = engine::torchRuntime();
        object[QStringLiteral("torch_version")] = QString::fromStdString(runtime.torchVersion);
        object[QStringLiteral("cuda_compiled")] = runtime.cudaCompiled;
        if (parser.isSet(json)) {
            printJson(object);
        } else {
            QTextStream(stdout) << "wrote " << outPath << ": " << voxels << " mask voxels on "
                                << dims[2] << " slice(s), " << result.msTotal << " ms on "
                                << QString::fromStdString(engine.device()) << Qt::endl;
        }
    } catch (const std::exception& e) {
        return fail(command, QString::fromStdString(e.what()), 1);
    }
    return 0;
}

} // namespace tgc::cli

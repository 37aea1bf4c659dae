// tgc-cli infer --model W --image FILE --text T [--aux A] [--device auto|cpu|cuda]
//               [--clip DIR] [--threshold X] [--threads N] [--presence-threshold X]
//               [--click X,Y[,Z],pos|neg ...] --out MASK [--json]
//   -> {"device","ms_total","ms_model","mask_voxels","threshold","slices","window":[c,w],
//       "report_truncated","present","present_per_slice","presence_threshold",
//       "not_found_slices","ood_score","ood","ood_threshold","ood_per_slice","clicks",
//       "clicks_ignored","torch_version","cuda_compiled"}
// "present" is the probability that the text's target is in the image (the
// volume: its most convincing slice); a slice below the presence threshold
// gets no mask. "ood" says the image is unlike the model's training images.
// Both are null when the model cannot tell (unknown, not "fine").
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
    CommandLine cl("infer", "Segments what the text describes in an image with a TGC-Net "
                            "checkpoint and writes the mask.");
    const auto model = cl.model();
    const auto image = cl.option("image", "image file or folder", "FILE");
    const auto text = cl.option("text", "report (primary prompt)", "T");
    const auto aux = cl.option("aux", "auxiliary prompt", "A");
    const auto out = cl.option("out", "mask: .png or .nii[.gz]", "MASK");
    const auto presenceThreshold =
        cl.presenceThreshold("slices less likely to show the target get no mask (0: all)");
    const auto click = cl.option(
        "click", "a click refining the mask, pixels X,Y[,slice Z],pos|neg (repeatable)", "CLICK");
    const auto json = cl.json();
    const ModelRunOptions run = cl.modelRun();
    if (const auto done = cl.parse(args))
        return *done;
    if (!cl.require({model, image, out}))
        return kBadArguments;
    const QString report = cl.value(text).trimmed();
    if (report.isEmpty())
        return cl.fail(QStringLiteral("--text is required: the report describing the mask"));
    const QString outPath = cl.value(out);
    const bool nifti = isNiftiName(outPath);
    if (!nifti && !outPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        return cl.fail(QStringLiteral("%1: the mask must be .png, .nii or .nii.gz").arg(outPath));
    ModelRunSettings settings;
    if (!cl.modelRun(run, settings))
        return kBadArguments;
    const double cut = settings.threshold;
    double presenceCut = 0.5;
    if (!cl.number(presenceThreshold, 0, 1, presenceCut))
        return kBadArguments;
    struct ParsedClick {
        engine::SliceClick click;
        int slice = 0;
    };
    std::vector<ParsedClick> clicks;
    for (const QString& value : cl.parser().values(click)) {
        const QStringList parts = value.split(QLatin1Char(','));
        const QString kind = parts.value(parts.size() - 1).trimmed();
        bool okX = false, okY = false, okZ = true;
        ParsedClick c;
        if (parts.size() == 3 || parts.size() == 4) {
            c.click.x = parts[0].toDouble(&okX);
            c.click.y = parts[1].toDouble(&okY);
            if (parts.size() == 4)
                c.slice = parts[2].toInt(&okZ);
        }
        if (!okX || !okY || !okZ || (kind != QLatin1String("pos") && kind != QLatin1String("neg")))
            return cl.fail(QStringLiteral("--click wants X,Y[,Z],pos|neg (got '%1')").arg(value));
        c.click.positive = kind == QLatin1String("pos");
        clicks.push_back(c);
    }
    engine::EngineOptions options;
    options.device = settings.device.toStdString();
    options.threads = settings.threads;

    try {
        const ImageVolume volume = readImage(cl.value(image));
        const auto& dims = volume.dims();
        if (!nifti && dims[2] != 1)
            return cl.fail(QStringLiteral("%1: a volume of %2 slices needs a NIfTI mask "
                                          "(.nii or .nii.gz)")
                               .arg(outPath)
                               .arg(dims[2]));
        engine::InferenceEngine engine;
        engine.load(cl.value(model).toStdString(), settings.clip.toStdString(), options);
        const WindowLevel window =
            modelInputWindow(volume, modelInputConventionFromMetadata(QByteArray::fromStdString(
                                         engine.checkpointMetadataJson())));

        std::vector<std::vector<float>> values;
        std::vector<engine::SliceInput> slices;
        // Windowed here as the worker, eval and compare do: one input path.
        for (int z = 0; z < dims[2]; ++z)
            values.push_back(unitSlice(volume, z, window));
        for (const auto& v : values)
            slices.push_back({v.data(), dims[0], dims[1], 0.5, 1.0});
        engine::SliceClicks sliceClicks(slices.size());
        for (const ParsedClick& c : clicks) {
            if (c.slice < 0 || c.slice >= dims[2] || c.click.x < 0 || c.click.y < 0 ||
                c.click.x >= dims[0] || c.click.y >= dims[1])
                return cl.fail(QStringLiteral("--click %1,%2 on slice %3 lies outside the "
                                              "image (%4 x %5 x %6)")
                                   .arg(c.click.x)
                                   .arg(c.click.y)
                                   .arg(c.slice)
                                   .arg(dims[0])
                                   .arg(dims[1])
                                   .arg(dims[2]));
            sliceClicks[std::size_t(c.slice)].push_back(c.click);
        }
        const auto result = engine.segmentSlices(
            slices, {report.toStdString(), cl.value(aux).trimmed().toStdString()}, {}, nullptr,
            sliceClicks);

        LabelMap mask(volume.geometry());
        std::size_t voxels = 0;
        int notFound = 0;
        for (int z = 0; z < dims[2]; ++z) {
            const std::vector<float>& probability = result.probabilities.at(std::size_t(z));
            std::uint8_t* target = mask.slice(z);
            // A slice the user clicked on keeps its mask: the click says it is there.
            const bool hidden = !result.presence.empty() &&
                                result.presence[std::size_t(z)] < presenceCut &&
                                sliceClicks[std::size_t(z)].empty();
            notFound += hidden;
            for (std::size_t i = 0; i < probability.size(); ++i) {
                target[i] = !hidden && probability[i] >= cut ? 1 : 0;
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
        const auto perSlice = [](const std::vector<float>& values) {
            QJsonArray array;
            for (float v : values)
                array.append(double(v));
            return values.empty() ? QJsonValue() : QJsonValue(array);
        };
        const double present = engine::volumePresence(result);
        object[QStringLiteral("present")] = present >= 0 ? QJsonValue(present) : QJsonValue();
        object[QStringLiteral("present_per_slice")] = perSlice(result.presence);
        object[QStringLiteral("presence_threshold")] = presenceCut;
        object[QStringLiteral("not_found_slices")] = notFound;
        const double ood = engine::volumeOodScore(result);
        object[QStringLiteral("ood_score")] = ood >= 0 ? QJsonValue(ood) : QJsonValue();
        object[QStringLiteral("ood")] =
            ood >= 0 ? QJsonValue(ood > result.oodThreshold) : QJsonValue();
        object[QStringLiteral("ood_threshold")] =
            ood >= 0 ? QJsonValue(result.oodThreshold) : QJsonValue();
        object[QStringLiteral("ood_per_slice")] = perSlice(result.oodScores);
        object[QStringLiteral("clicks")] = int(clicks.size());
        object[QStringLiteral("clicks_ignored")] = result.clicksIgnored;
        const auto runtime = engine::torchRuntime();
        object[QStringLiteral("torch_version")] = QString::fromStdString(runtime.torchVersion);
        object[QStringLiteral("cuda_compiled")] = runtime.cudaCompiled;
        if (cl.isSet(json)) {
            printJson(object);
        } else {
            QTextStream(stdout) << "wrote " << outPath << ": " << voxels << " mask voxels on "
                                << dims[2] << " slice(s), " << result.msTotal << " ms on "
                                << QString::fromStdString(engine.device()) << Qt::endl;
        }
    } catch (const std::exception& e) {
        return cl.fail(QString::fromStdString(e.what()), 1);
    }
    return 0;
}

} // namespace tgc::cli

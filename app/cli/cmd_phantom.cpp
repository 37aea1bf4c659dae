// tgc-cli phantom: synthetic cxr / ct / ct3d datasets in the qata layout.
#include "commands.h"
#include "phantom/phantom_dataset.h"

#include <QDir>
#include <QRegularExpression>
#include <QTextStream>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace tgc::cli {

namespace {

std::optional<PhantomKind> kindFromName(const QString& name) {
    if (name == QLatin1String("cxr"))
        return PhantomKind::Cxr;
    if (name == QLatin1String("ct"))
        return PhantomKind::Ct;
    if (name == QLatin1String("ct3d"))
        return PhantomKind::Ct3d;
    return std::nullopt;
}

} // namespace

int runPhantom(const QStringList& args) {
    CommandLine cl("phantom", "Writes synthetic phantoms with reports and masks as a qata dataset "
                              "folder (images/, masks/, text.csv). Image left is the patient's "
                              "right.");
    const auto kindOption = cl.option("kind", "cxr, ct or ct3d.", "kind");
    const auto countOption =
        cl.option("count", "Number of images or volumes (default 10).", "N", "10");
    const auto seedOption = cl.seed("Random seed (default 1).");
    const auto outOption = cl.option("out", "Output folder.", "DIR");
    const auto dicomOption =
        cl.option("dicom", "ct3d: also write each volume as a DICOM CT series.");
    const auto sizeOption = cl.option("size",
                                      "Image side in pixels (cxr, ct: default 512); ct3d: N or "
                                      "WxHxD (default 128x128x48).",
                                      "PX");
    const auto appendOption = cl.option("append", "Keep the rows of an existing text.csv in DIR.");
    const auto absentOption = cl.option(
        "absent-targets", "cxr, ct: also prompts naming what the image lacks, with empty masks.");
    const auto jsonOption = cl.json("Print one JSON object on stdout.");
    // Qt's own handling: a bad option exits with code 1, as phantom always did.
    cl.parser().process(args);
    if (!cl.positionalArguments().isEmpty())
        return cl.fail(
            QStringLiteral("unexpected argument '%1'").arg(cl.positionalArguments().front()));

    PhantomRunOptions options;
    const auto kind = kindFromName(cl.value(kindOption));
    if (!kind)
        return cl.fail(
            QStringLiteral("--kind must be cxr, ct or ct3d (got '%1')").arg(cl.value(kindOption)));
    options.kind = *kind;
    bool ok = false;
    options.count = cl.value(countOption).toInt(&ok);
    if (!ok || options.count < 1 || options.count > 1000000)
        return cl.fail(QStringLiteral("--count must be a whole number from 1 to 1000000 "
                                      "(got '%1')")
                           .arg(cl.value(countOption)));
    if (!cl.unsignedNumber(seedOption, options.seed))
        return kBadArguments;
    options.outDir = cl.value(outOption);
    if (options.outDir.isEmpty())
        return cl.fail(QStringLiteral("--out DIR is required"));
    options.dicom = cl.isSet(dicomOption);
    if (options.dicom && options.kind != PhantomKind::Ct3d)
        return cl.fail(QStringLiteral("--dicom applies to --kind ct3d only"));
    options.append = cl.isSet(appendOption);
    options.absentTargets = cl.isSet(absentOption);
    if (options.absentTargets && options.kind == PhantomKind::Ct3d)
        return cl.fail(QStringLiteral("--absent-targets applies to --kind cxr and ct"));
    if (cl.isSet(sizeOption)) {
        const QString size = cl.value(sizeOption);
        static const QRegularExpression grid(QStringLiteral("^(\\d+)x(\\d+)x(\\d+)$"));
        const QRegularExpressionMatch match = grid.match(size);
        const int side = size.toInt(&ok);
        if (options.kind == PhantomKind::Ct3d && match.hasMatch()) {
            options.volumeDims = std::array<int, 3>{
                match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt()};
        } else if (ok && options.kind == PhantomKind::Ct3d) {
            options.volumeDims = std::array<int, 3>{side, side, 48};
        } else if (ok) {
            options.size = side;
        } else {
            return cl.fail(QStringLiteral("--size must be a number of pixels%1 (got '%2')")
                               .arg(options.kind == PhantomKind::Ct3d ? QStringLiteral(" or WxHxD")
                                                                      : QString(),
                                    size));
        }
        const auto inRange = [](int v, int lo) { return v >= lo && v <= 4096; };
        const bool valid = options.volumeDims ? inRange((*options.volumeDims)[0], 32) &&
                                                    inRange((*options.volumeDims)[1], 32) &&
                                                    inRange((*options.volumeDims)[2], 1)
                                              : inRange(options.size, 32);
        if (!valid)
            return cl.fail(QStringLiteral("--size '%1' is out of range (32 to 4096 pixels "
                                          "in plane, at least 1 slice)")
                               .arg(size));
    }
    const bool json = cl.isSet(jsonOption);
    if (!json) {
        options.progress = [](int done, int total) {
            QTextStream err(stderr);
            err << "\rphantom " << done << "/" << total;
            if (done == total)
                err << "\n";
            err.flush();
        };
    }

#ifdef __GLIBC__
    // Each case allocates and frees a few dozen image-sized buffers; glibc
    // would hand every one back to the kernel and fault it in again, which
    // took half the run time. Keeping them in the heap halves it.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    PhantomRunSummary summary;
    try {
        summary = writePhantomDataset(options);
    } catch (const std::exception& error) {
        return cl.fail(QString::fromStdString(error.what()));
    }
    const QString out = QDir(options.outDir).absolutePath();
    if (json) {
        printJson(QJsonObject{{"kind", QLatin1String(phantomKindName(options.kind))},
                              {"count", options.count},
                              {"out", out},
                              {"files", summary.files},
                              {"rows", summary.rows},
                              {"seconds", summary.seconds}});
    } else {
        QTextStream text(stdout);
        text << "wrote " << options.count << " " << phantomKindName(options.kind) << " phantoms ("
             << summary.files << " files, " << summary.rows << " rows in text.csv) to " << out
             << " in " << QString::number(summary.seconds, 'f', 2) << " s" << Qt::endl;
    }
    return 0;
}

} // namespace tgc::cli

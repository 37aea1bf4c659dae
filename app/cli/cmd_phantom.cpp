// tgc-cli phantom: synthetic cxr / ct / ct3d datasets in the qata layout.
#include "commands.h"
#include "phantom/phantom_dataset.h"

#include <QCommandLineParser>
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
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes synthetic phantoms with reports and masks as a qata dataset folder "
                       "(images/, masks/, text.csv). Image left is the patient's right."));
    parser.addHelpOption();
    const QCommandLineOption kindOption(QStringLiteral("kind"), QStringLiteral("cxr, ct or ct3d."),
                                        QStringLiteral("kind"));
    const QCommandLineOption countOption(
        QStringLiteral("count"), QStringLiteral("Number of images or volumes (default 10)."),
        QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Random seed (default 1)."),
                                        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Output folder."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption dicomOption(
        QStringLiteral("dicom"),
        QStringLiteral("ct3d: also write each volume as a DICOM CT series."));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"),
        QStringLiteral("Image side in pixels (cxr, ct: default 512); ct3d: N or WxHxD "
                       "(default 128x128x48)."),
        QStringLiteral("PX"));
    const QCommandLineOption appendOption(
        QStringLiteral("append"), QStringLiteral("Keep the rows of an existing text.csv in DIR."));
    const QCommandLineOption absentOption(
        QStringLiteral("absent-targets"),
        QStringLiteral("cxr, ct: also prompts naming what the image lacks, with empty masks."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print one JSON object on stdout."));
    parser.addOptions({kindOption, countOption, seedOption, outOption, dicomOption, sizeOption,
                       appendOption, absentOption, jsonOption});
    parser.process(args);
    if (!parser.positionalArguments().isEmpty())
        return fail(
            "phantom",
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));

    PhantomRunOptions options;
    const auto kind = kindFromName(parser.value(kindOption));
    if (!kind)
        return fail("phantom", QStringLiteral("--kind must be cxr, ct or ct3d (got '%1')")
                                   .arg(parser.value(kindOption)));
    options.kind = *kind;
    bool ok = false;
    options.count = parser.value(countOption).toInt(&ok);
    if (!ok || options.count < 1 || options.count > 1000000)
        return fail("phantom", QStringLiteral("--count must be a whole number from 1 to 1000000 "
                                              "(got '%1')")
                                   .arg(parser.value(countOption)));
    options.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return fail("phantom",
                    QStringLiteral("--seed must be a non-negative whole number (got '%1')")
                        .arg(parser.value(seedOption)));
    options.outDir = parser.value(outOption);
    if (options.outDir.isEmpty())
        return fail("phantom", QStringLiteral("--out DIR is required"));
    options.dicom = parser.isSet(dicomOption);
    if (options.dicom && options.kind != PhantomKind::Ct3d)
        return fail("phantom", QStringLiteral("--dicom applies to --kind ct3d only"));
    options.append = parser.isSet(appendOption);
    options.absentTargets = parser.isSet(absentOption);
    if (options.absentTargets && options.kind == PhantomKind::Ct3d)
        return fail("phantom", QStringLiteral("--absent-targets applies to --kind cxr and ct"));
    if (parser.isSet(sizeOption)) {
        const QString size = parser.value(sizeOption);
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
            return fail("phantom",
                        QStringLiteral("--size must be a number of pixels%1 (got '%2')")
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
            return fail("phantom", QStringLiteral("--size '%1' is out of range (32 to 4096 pixels "
                                                  "in plane, at least 1 slice)")
                                       .arg(size));
    }
    const bool json = parser.isSet(jsonOption);
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
        return fail("phantom", QString::fromStdString(error.what()));
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

// tgc-make-series: writes a synthetic CT series with writeDicomSeries, for
// scripts/bench-load and manual checks.
// Usage: tgc-make-series --out DIR [--slices N] [--size N] [--syntax UID] [--multiframe]
#include "image_writer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <cmath>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes a synthetic CT series (body ellipse, lungs, spine)."));
    parser.addHelpOption();
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("output folder"),
                                 QStringLiteral("dir"));
    const QCommandLineOption slices(QStringLiteral("slices"), QStringLiteral("number of slices"),
                                    QStringLiteral("n"), QStringLiteral("300"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("rows and columns"),
                                  QStringLiteral("n"), QStringLiteral("512"));
    const QCommandLineOption syntax(QStringLiteral("syntax"), QStringLiteral("transfer syntax UID"),
                                    QStringLiteral("uid"));
    const QCommandLineOption multiFrame(QStringLiteral("multiframe"),
                                        QStringLiteral("one multi-frame file"));
    parser.addOptions({out, slices, size, syntax, multiFrame});
    parser.process(app);
    if (!parser.isSet(out)) {
        QTextStream(stderr) << "tgc-make-series: --out DIR is required\n";
        return 2;
    }
    const int n = parser.value(slices).toInt();
    const int s = parser.value(size).toInt();
    if (n < 1 || s < 8) {
        QTextStream(stderr) << "tgc-make-series: --slices must be >= 1 and --size >= 8\n";
        return 2;
    }
    tgc::VolumeGeometry g;
    g.dims = {s, s, n};
    g.spacing = {0.7, 0.7, 1.25};
    g.origin = {-0.35 * s, -0.35 * s, -0.625 * n};
    tgc::ImageVolume volume(tgc::VoxelType::Int16, 1, g);
    volume.modality = QStringLiteral("CT");
    auto* v = volume.data<std::int16_t>();
    for (int z = 0; z < n; ++z)
        for (int y = 0; y < s; ++y)
            for (int x = 0; x < s; ++x) {
                const double u = (x - s / 2.0) / (0.45 * s), w = (y - s / 2.0) / (0.33 * s);
                double hu = -1000;
                if (u * u + w * w < 1) {
                    hu = 40 + 10 * std::sin(0.05 * (x + y + z));
                    const double lx = (std::abs(u) - 0.45) / 0.3, ly = w / 0.6;
                    if (lx * lx + ly * ly < 1)
                        hu = -850;
                    const double bx = u / 0.08, by = (w - 0.7) / 0.1;
                    if (bx * bx + by * by < 1)
                        hu = 700;
                }
                v[(std::size_t(z) * s + y) * s + x] = std::int16_t(hu);
            }
    tgc::DicomSeriesOptions options;
    options.seriesDescription = QStringLiteral("synthetic CT %1x%1x%2").arg(s).arg(n);
    options.transferSyntaxUid = parser.value(syntax);
    options.multiFrame = parser.isSet(multiFrame);
    try {
        const auto files = tgc::writeDicomSeries(volume, parser.value(out), options);
        QTextStream(stdout) << "wrote " << files.size() << " file(s) to " << parser.value(out)
                            << "\n";
    } catch (const tgc::IoError& e) {
        QTextStream(stderr) << "tgc-make-series: " << e.message() << "\n";
        return 1;
    }
    return 0;
}

// Every file of pydicom's and nibabel's test data either reads with the values those
// libraries give (dimensions, min and max after rescale) or is refused with a message that
// names the file and the reason. The expectations are computed at test time by
// corpus_expectations.py with Debian's python3-pydicom and python3-nibabel.
#include "image_reader.h"
#include "image_statistics.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <cmath>

namespace tgc::test {

namespace {

// Debian's interpreter: the packages the expectations need are Debian packages.
const QString kPython = QStringLiteral("/usr/bin/python3");

bool isLossy(const QString& transferSyntax) {
    // JPEG baseline and extended: two IJG-derived decoders may differ by a few levels.
    return transferSyntax == QLatin1String("1.2.840.10008.1.2.4.50") ||
           transferSyntax == QLatin1String("1.2.840.10008.1.2.4.51");
}

struct Outcome {
    bool read = false;
    QString error;
    std::array<int, 3> dims{};
    int components = 1;
    ImageStatistics stats;
};

Outcome readWithProject(const QString& path) {
    Outcome out;
    try {
        const ImageVolume image = readImage(path);
        out.read = true;
        out.dims = image.dims();
        out.components = image.components();
        out.stats = imageStatistics(image);
    } catch (const IoError& e) {
        out.error = e.message();
    } catch (const std::exception& e) {
        out.error = QStringLiteral("(not an IoError) ") + QString::fromLocal8Bit(e.what());
    }
    return out;
}

bool near(double ours, double peer, double tolerance) {
    return std::abs(ours - peer) <= tolerance;
}

} // namespace

class CorpusTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyFileReadsAsThePeerOrIsRefusedByName();

private:
    QJsonArray m_files;
};

void CorpusTest::initTestCase() {
    QProcess python;
    python.start(kPython, {QStringLiteral(TGC_CORPUS_SCRIPT)});
    QVERIFY2(python.waitForFinished(120000), "corpus_expectations.py did not finish");
    QVERIFY2(python.exitCode() == 0,
             qPrintable(QStringLiteral("corpus_expectations.py failed (scripts/setup-deps installs "
                                       "python3-pydicom and python3-nibabel): ") +
                        QString::fromLocal8Bit(python.readAllStandardError())));
    const QJsonDocument doc = QJsonDocument::fromJson(python.readAllStandardOutput());
    m_files = doc.object().value(QStringLiteral("files")).toArray();
    // pydicom's test files alone are about 150; fewer means the walk found the wrong folder.
    QVERIFY2(m_files.size() > 150, qPrintable(QString::number(m_files.size())));
}

void CorpusTest::everyFileReadsAsThePeerOrIsRefusedByName() {
    int peerImages = 0, agree = 0, refusedByBoth = 0, readOnlyByUs = 0;
    QStringList failures, extraReads;
    for (const QJsonValue& value : m_files) {
        const QJsonObject entry = value.toObject();
        const QString path = entry.value(QStringLiteral("path")).toString();
        const QString name = QFileInfo(path).fileName();
        const QString peer = entry.value(QStringLiteral("outcome")).toString();
        const Outcome ours = readWithProject(path);
        if (!ours.read && !(ours.error.contains(name) && ours.error.size() > path.size() + 10)) {
            failures << QStringLiteral("%1: refusal does not name the file and a reason: %2")
                            .arg(path, ours.error);
            if (peer == QLatin1String("image"))
                ++peerImages;
            continue;
        }
        if (peer != QLatin1String("image")) {
            const QString reason = entry.value(QStringLiteral("reason")).toString();
            if (ours.read) {
                // Only where the peer lacks a decoder; nothing may turn a non-image into pixels.
                if (reason == QLatin1String("no pixel data"))
                    failures << QStringLiteral("%1: read, but it holds no pixel data").arg(path);
                else
                    extraReads << QStringLiteral("%1 (peer: %2)").arg(name, reason.left(60));
                ++readOnlyByUs;
            } else {
                ++refusedByBoth;
            }
            continue;
        }
        ++peerImages;
        if (!ours.read) {
            failures
                << QStringLiteral("%1: the peer reads it, we refuse: %2").arg(path, ours.error);
            continue;
        }
        const QJsonArray dims = entry.value(QStringLiteral("dims")).toArray();
        const std::array<int, 3> expectedDims{dims[0].toInt(), dims[1].toInt(), dims[2].toInt()};
        double lo = entry.value(QStringLiteral("min")).toDouble();
        double hi = entry.value(QStringLiteral("max")).toDouble();
        const int samples = entry.value(QStringLiteral("samples")).toInt(1);
        const int bitsStored = entry.value(QStringLiteral("bits_stored")).toInt(8);
        if (samples == 3 && bitsStored > 8) {
            // Colour is kept as 8-bit RGB: the peer's samples scaled to 8 bits.
            lo = std::floor(lo / std::ldexp(1.0, bitsStored - 8));
            hi = std::floor(hi / std::ldexp(1.0, bitsStored - 8));
        }
        const QString syntax = entry.value(QStringLiteral("transfer_syntax")).toString();
        double tolerance = std::max(1e-3, 1e-5 * std::max(std::abs(lo), std::abs(hi)));
        if (samples == 3)
            tolerance = 2.0; // YCbCr to RGB rounding
        if (isLossy(syntax))
            tolerance = std::max(tolerance, 4.0);
        QStringList problems;
        if (ours.dims != expectedDims)
            problems << QStringLiteral("dims %1x%2x%3, peer %4x%5x%6")
                            .arg(ours.dims[0])
                            .arg(ours.dims[1])
                            .arg(ours.dims[2])
                            .arg(expectedDims[0])
                            .arg(expectedDims[1])
                            .arg(expectedDims[2]);
        if (!ours.stats.min || !near(*ours.stats.min, lo, tolerance))
            problems << QStringLiteral("min %1, peer %2")
                            .arg(ours.stats.min ? QString::number(*ours.stats.min) : "null")
                            .arg(lo);
        if (!ours.stats.max || !near(*ours.stats.max, hi, tolerance))
            problems << QStringLiteral("max %1, peer %2")
                            .arg(ours.stats.max ? QString::number(*ours.stats.max) : "null")
                            .arg(hi);
        if (problems.isEmpty())
            ++agree;
        else
            failures << QStringLiteral("%1: %2").arg(path, problems.join(QStringLiteral("; ")));
    }
    qInfo("corpus: %d of %d files the peers decode read with their values; %d refused by both; "
          "%d read where the peer has no decoder",
          agree, peerImages, refusedByBoth, readOnlyByUs);
    for (const QString& e : extraReads)
        qInfo("  read, peer refused: %s", qPrintable(e));
    for (const QString& f : failures)
        qWarning("%s", qPrintable(f));
    QVERIFY2(failures.isEmpty(),
             qPrintable(QStringLiteral("%1 file(s) neither agree nor are refused by name (listed "
                                       "above)")
                            .arg(failures.size())));
}

} // namespace tgc::test

QTEST_GUILESS_MAIN(tgc::test::CorpusTest)
#include "test_corpus.moc"

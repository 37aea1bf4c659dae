// The qata layout's text.csv: CSV quoting both ways, and rows that are
// refused with the file and line named.
#include "phantom_test_support.h"
#include "qata_dataset.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tgc;

namespace {

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x");
}

void writeText(const QString& dir, const QByteArray& text) {
    QFile file(dir + "/text.csv");
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

// The IoError message of reading dir, or an empty string when it reads.
QString readError(const QString& dir) {
    try {
        QataDataset::read(dir);
    } catch (const IoError& error) {
        return error.message();
    }
    return {};
}

} // namespace

class TestQataDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void csvFieldsRoundTrip() {
        const QStringList values = {
            "plain", "with, comma", "say \"hi\"", "two\nlines", "crlf\r\ninside", " leading space",
            "",      "ünïcødé, ☃",  "\"\"",       ",",          "end quote\""};
        QString text;
        for (const QString& v : values)
            text += qata::csvField(v) + ",";
        text += "last\r\n";
        const auto records = qata::parseCsv(text, "mem.csv");
        QCOMPARE(int(records.size()), 1);
        QCOMPARE(records[0].fields, values + QStringList{"last"});
        QCOMPARE(qata::csvField("plain"), QStringLiteral("plain"));
        QCOMPARE(qata::csvField("a,b"), QStringLiteral("\"a,b\""));
        QCOMPARE(qata::csvField("a\"b"), QStringLiteral("\"a\"\"b\""));
    }

    void csvLineNumbersFollowQuotedLineBreaks() {
        const auto records = qata::parseCsv("\xEF\xBB\xBF"
                                            "a,b\n\"x\ny\",1\n\nz,2",
                                            "mem.csv");
        QCOMPARE(int(records.size()), 3);
        QCOMPARE(records[0].fields.front(), QStringLiteral("a")); // byte order mark dropped
        QCOMPARE(records[1].line, 2);
        QCOMPARE(records[1].fields.front(), QStringLiteral("x\ny"));
        QCOMPARE(records[2].line, 5);
    }

    void malformedCsvIsNamed() {
        try {
            qata::parseCsv("a,b\n\"open,1\n", "t.csv");
            QFAIL("an unclosed quote was accepted");
        } catch (const IoError& e) {
            QVERIFY2(e.message().contains("t.csv:2"), qPrintable(e.message()));
        }
        try {
            qata::parseCsv("a,b\nx\"y,1\n", "t.csv");
            QFAIL("a stray quote was accepted");
        } catch (const IoError& e) {
            QVERIFY2(e.message().contains("t.csv:2"), qPrintable(e.message()));
        }
    }

    void writerAndReaderAgree() {
        QTemporaryDir dir;
        QataWriter writer(dir.path());
        touch(writer.imagesDir() + "/a.png");
        touch(writer.imagesDir() + "/b c.png");
        touch(writer.masksDir() + "/a.png");
        touch(writer.masksDir() + "/b_liver.png");
        writer.addRow("a.png",
                      "Bilateral pulmonary infection, two infected areas, upper left lung.",
                      "ground-glass \"opacity\"");
        writer.addRow("b c.png", "the liver,\nsegment it", {}, "b_liver.png");
        writer.write();
        QFile csv(dir.path() + "/text.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readLine().startsWith("Image,Description,Aux,Mask"));

        const QataDataset read = QataDataset::read(dir.path());
        QVERIFY(read.hasAuxColumn() && read.hasMaskColumn());
        QCOMPARE(int(read.rows().size()), 2);
        QCOMPARE(read.rows()[0].description, writer.rows()[0].description);
        QCOMPARE(read.rows()[0].aux, QStringLiteral("ground-glass \"opacity\""));
        QCOMPARE(read.rows()[0].mask, QStringLiteral("a.png"));
        QCOMPARE(read.rows()[1].image, QStringLiteral("b c.png"));
        QCOMPARE(read.rows()[1].description, QStringLiteral("the liver,\nsegment it"));
        QCOMPARE(read.rows()[1].line, 3);
        QCOMPARE(read.maskPath(read.rows()[1]),
                 QDir(dir.path()).absolutePath() + "/masks/b_liver.png");

        QataWriter more(dir.path());
        more.loadExisting();
        more.addRow("a.png", "No infection.");
        more.write();
        QCOMPARE(int(QataDataset::read(dir.path()).rows().size()), 3);
    }

    void plainHeaderDefaultsTheMask() {
        QTemporaryDir dir;
        touch(dir.path() + "/images/x.png");
        touch(dir.path() + "/masks/x.png");
        writeText(dir.path(), "Image,Description\r\nx.png,No infection.\r\n");
        const QataDataset read = QataDataset::read(dir.path());
        QVERIFY(!read.hasMaskColumn() && !read.hasAuxColumn());
        QCOMPARE(read.rows()[0].mask, QStringLiteral("x.png"));
        QCOMPARE(read.rows()[0].description, QStringLiteral("No infection."));
    }

    void badRowsAreNamed_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no Description")
            << QByteArray("Image,Report\nx.png,a\n")
            << QStringLiteral("text.csv:1: the header has no Description");
        QTest::newRow("missing field")
            << QByteArray("Image,Description,Mask\nx.png,a,x.png\nx.png,b\n")
            << QStringLiteral("text.csv:3: expected 3 fields");
        QTest::newRow("missing image") << QByteArray("Image,Description\nx.png,a\ny.png,b\n")
                                       << QStringLiteral("text.csv:3: image");
        QTest::newRow("missing mask") << QByteArray("Image,Description,Mask\nx.png,a,none.png\n")
                                      << QStringLiteral("text.csv:2: mask");
        QTest::newRow("dot dot image")
            << QByteArray("Image,Description\n../x.png,a\n")
            << QStringLiteral("text.csv:2: image name '../x.png' leaves");
        QTest::newRow("dot dot inside") << QByteArray("Image,Description\nsub/../../x.png,a\n")
                                        << QStringLiteral("text.csv:2: image name");
        QTest::newRow("absolute mask")
            << QByteArray("Image,Description,Mask\nx.png,a,/etc/passwd\n")
            << QStringLiteral("text.csv:2: mask name '/etc/passwd' leaves");
        QTest::newRow("drive letter") << QByteArray("Image,Description\nC:\\x.png,a\n")
                                      << QStringLiteral("text.csv:2: image name");
        QTest::newRow("empty image") << QByteArray("Image,Description\n,a\n")
                                     << QStringLiteral("text.csv:2: the Image field is empty");
        QTest::newRow("empty file") << QByteArray("") << QStringLiteral("text.csv: empty");
    }

    void badRowsAreNamed() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        touch(dir.path() + "/images/x.png");
        touch(dir.path() + "/masks/x.png");
        writeText(dir.path(), text);
        const QString error = readError(dir.path());
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void missingTextIsNamed() {
        QTemporaryDir dir;
        QVERIFY(readError(dir.path()).contains("text.csv: missing"));
    }

    void writerRefusesEscapingNames() {
        QTemporaryDir dir;
        QataWriter writer(dir.path());
        QVERIFY_THROWS_EXCEPTION(IoError, writer.addRow("../evil.png", "a"));
        QVERIFY_THROWS_EXCEPTION(IoError, writer.addRow("ok.png", "a", {}, "/abs.png"));
        QCOMPARE(int(writer.rowCount()), 0);
    }

    // 16-bit slices hold HU + 1024; 8-bit chest X-rays stay as they are.
    void ctSlicesBecomeHounsfieldUnits() {
        VolumeGeometry g;
        g.dims = {3, 1, 1};
        ImageVolume raw(VoxelType::UInt16, 1, g);
        const std::uint16_t values[] = {0, 1024, 65535};
        std::copy(values, values + 3, raw.data<std::uint16_t>());
        QVERIFY(qata::adoptCtConvention(raw));
        QCOMPARE(raw.voxelType(), VoxelType::Int16);
        QCOMPARE(raw.modality, QStringLiteral("CT"));
        QCOMPARE(raw.valueAt(0, 0, 0), -1024.0);
        QCOMPARE(raw.valueAt(1, 0, 0), 0.0);
        QCOMPARE(raw.valueAt(2, 0, 0), 32767.0); // clamped, not wrapped
        ImageVolume grey(VoxelType::UInt8, 1, g);
        QVERIFY(!qata::adoptCtConvention(grey));
        QCOMPARE(grey.voxelType(), VoxelType::UInt8);
    }
};

int tgc::test::runQataDatasetTests(int argc, char** argv) {
    TestQataDataset suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "tst_qata_dataset.moc"

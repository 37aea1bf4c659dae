// The PACS client's parsers and small pieces, without a server: multipart
// streams cut at every byte, QIDO JSON that is and is not what QIDO
// promises, UIDs, server addresses, and the SR report text.
#include "multipart.h"
#include "pacs_error.h"
#include "pacs_server.h"
#include "pacs_uid.h"
#include "part_writer.h"
#include "qido.h"
#include "sr_report.h"
#include "team_state.h"

#include <QTemporaryDir>
#include <QTest>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

using namespace tgc::pacs;

namespace {

struct Collected {
    QList<QByteArray> bodies;
    QList<PartHeaders> headers;
};

// Feeds the body in pieces of `step` bytes and collects the parts.
bool readAll(const QByteArray& boundary, const QByteArray& body, qsizetype step, Collected& out,
             QString* error) {
    MultipartReader reader(boundary);
    reader.onPartBegin = [&](const PartHeaders& h) {
        out.headers << h;
        out.bodies << QByteArray();
        return true;
    };
    reader.onPartData = [&](const char* d, qsizetype n) {
        out.bodies.last().append(d, n);
        return true;
    };
    reader.onPartEnd = [] { return true; };
    for (qsizetype i = 0; i < body.size(); i += step) {
        if (!reader.feed(body.mid(i, step))) {
            *error = reader.error();
            return false;
        }
    }
    if (!reader.finish()) {
        *error = reader.error();
        return false;
    }
    return true;
}

} // namespace

class TestPacsParsers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void boundaryFromContentType();
    void multipartRoundTripAtEveryChunkSize();
    void multipartRefusesBrokenStreams();
    void multipartLargePartsAtEverySplit();
    void multipartHandsBodiesOnUncopied();
    void multipartHeaderBoundIsTheSameAtEveryStep();
    void partsAreNamedByTheirMetaHeader();
    void qidoSeriesReadsDicomJson();
    void qidoRefusesWhatQidoDoesNotPromise();
    void segMetadataNamesSourceAnnotatorAndProposal();
    void uidsAreCheckedAndStable();
    void serverAddresses();
    void srReportTextAndSource();
    void comprehensiveSrWithNestedItems();
    void seriesStatusNamesReadBack();
};

void TestPacsParsers::boundaryFromContentType() {
    QString error;
    QCOMPARE(
        multipartBoundary("multipart/related; type=\"application/dicom\"; boundary=abc", &error)
            .value_or("none"),
        QByteArray("abc"));
    QCOMPARE(
        multipartBoundary("Multipart/Related; boundary=\"a b:c\"; type=application/dicom", &error)
            .value_or("none"),
        QByteArray("a b:c"));
    QVERIFY(!multipartBoundary("application/json", &error));
    QVERIFY2(error.contains("application/json"), qPrintable(error));
    QVERIFY(!multipartBoundary("multipart/related; type=application/dicom", &error));
    QVERIFY2(error.contains("no boundary"), qPrintable(error));
    QVERIFY(!multipartBoundary("multipart/related; boundary=" + QByteArray(71, 'x'), &error));
    QVERIFY(!multipartBoundary("multipart/related; boundary=a\r\nb", &error));
}

void TestPacsParsers::multipartRoundTripAtEveryChunkSize() {
    // Bodies that hold CRLF, dashes and a near-copy of the delimiter.
    const QList<QByteArray> files{QByteArray("DICM\r\n--tgc-nearly\r\n\r\n", 22),
                                  QByteArray(3000, '\0') + "\r\n-", QByteArray()};
    const MultipartBody body = makeDicomMultipart(files);
    for (qsizetype step :
         {qsizetype(1), qsizetype(2), qsizetype(7), qsizetype(64), body.bytes.size()}) {
        Collected c;
        QString error;
        QVERIFY2(readAll(body.boundary, "preamble\r\n" + body.bytes + "epilogue", step, c, &error),
                 qPrintable(error));
        QCOMPARE(c.bodies, files);
        QCOMPARE(c.headers.size(), 3);
        QCOMPARE(c.headers[0].value(0).first, QByteArray("content-type"));
        QCOMPARE(c.headers[0].value(0).second, QByteArray("application/dicom"));
    }
}

void TestPacsParsers::multipartRefusesBrokenStreams() {
    const MultipartBody body = makeDicomMultipart({"one", "two"});
    Collected c;
    QString error;
    // Truncated: the closing boundary never comes.
    QVERIFY(!readAll(body.boundary, body.bytes.left(body.bytes.size() - 20), 5, c, &error));
    QVERIFY2(error.contains("truncated"), qPrintable(error));
    // No boundary at all.
    c = {};
    QVERIFY(!readAll("nothere", body.bytes, 5, c, &error));
    QVERIFY2(error.contains("no part"), qPrintable(error));
    // A header block that never ends stops at the bound, not at the end of memory.
    c = {};
    QByteArray endless = "--b\r\nX-Long: " + QByteArray(MultipartReader::kMaxHeaderBytes + 10, 'a');
    QVERIFY(!readAll("b", endless, 4096, c, &error));
    QVERIFY2(error.contains("headers exceed"), qPrintable(error));
    // Garbage after a boundary.
    c = {};
    QVERIFY(!readAll("b", "--bXYZ\r\n\r\nbody\r\n--b--", 3, c, &error));
    QVERIFY2(error.contains("garbage"), qPrintable(error));
    // A callback can stop the reader.
    MultipartReader reader(body.boundary);
    reader.onPartBegin = [](const PartHeaders&) { return false; };
    QVERIFY(!reader.feed(body.bytes));
    QVERIFY(!reader.error().isEmpty());
}

// Parts the size of slices, of delimiters and of CT slices, with bodies that
// end in a near-delimiter, cut at every size around the reader's own edges
// (the delimiter's length, the header slice): the same parts each time.
void TestPacsParsers::multipartLargePartsAtEverySplit() {
    QList<QByteArray> files;
    for (qsizetype size : {0, 1, 4095, 4096, 4097, 70000, 600000}) {
        QByteArray f(size, '\0');
        for (qsizetype i = 0; i < size; ++i)
            f[i] = char((i * 7919) >> 3);
        files << f + "\r\n--tgc";
    }
    const MultipartBody body = makeDicomMultipart(files);
    const qsizetype d = body.boundary.size() + 4;
    for (qsizetype step : {d - 1, d, d + 1, qsizetype(4095), qsizetype(4096), qsizetype(4097),
                           qsizetype(65536), qsizetype(131072 + 17), body.bytes.size()}) {
        Collected c;
        QString error;
        QVERIFY2(readAll(body.boundary, body.bytes, step, c, &error), qPrintable(error));
        QCOMPARE(c.bodies.size(), files.size());
        for (qsizetype i = 0; i < files.size(); ++i)
            QVERIFY2(c.bodies[i] == files[i],
                     qPrintable(QStringLiteral("part %1 at step %2").arg(i + 1).arg(step)));
    }
}

// Pixel data goes from the caller's buffer to onPartData: the reader copies
// no more of a part than the slice it reads the headers with.
void TestPacsParsers::multipartHandsBodiesOnUncopied() {
    const QList<QByteArray> files{QByteArray(300000, 'a'), QByteArray(300000, 'b'),
                                  QByteArray(300000, 'c')};
    const MultipartBody body = makeDicomMultipart(files);
    for (qsizetype step : {qsizetype(65536), qsizetype(250000), body.bytes.size()}) {
        MultipartReader reader(body.boundary);
        qsizetype copied = 0, total = 0;
        const char* from = nullptr;
        qsizetype fed = 0;
        reader.onPartData = [&](const char* data, qsizetype n) {
            if (data < from || data + n > from + fed)
                copied += n;
            total += n;
            return true;
        };
        const QByteArray whole = body.bytes; // one array, cut without copying
        for (qsizetype at = 0; at < whole.size(); at += step) {
            from = whole.constData() + at;
            fed = std::min(step, whole.size() - at);
            QVERIFY(reader.feed(from, fed));
        }
        QVERIFY(reader.finish());
        QCOMPARE(total, qsizetype(900000));
        const qsizetype cuts = whole.size() / step + 1;
        QVERIFY2(copied <= 3 * 4096 + cuts * (body.boundary.size() + 4),
                 qPrintable(QStringLiteral("%1 bytes copied at step %2").arg(copied).arg(step)));
    }
}

// A header block is refused when it is longer than the bound, however the
// stream is cut: a block that ends exactly at the bound always passes.
void TestPacsParsers::multipartHeaderBoundIsTheSameAtEveryStep() {
    const auto stream = [](qsizetype headerBytes) {
        const QByteArray line = "X-Pad: " + QByteArray(headerBytes - 7, 'a');
        return "--b\r\n" + line + "\r\n\r\nbody\r\n--b--\r\n";
    };
    for (qsizetype step : {qsizetype(1), qsizetype(3), qsizetype(4096), qsizetype(1) << 20}) {
        Collected c;
        QString error;
        QVERIFY2(readAll("b", stream(MultipartReader::kMaxHeaderBytes), step, c, &error),
                 qPrintable(QStringLiteral("step %1: %2").arg(step).arg(error)));
        QCOMPARE(c.bodies, QList<QByteArray>{"body"});
        c = {};
        QVERIFY(!readAll("b", stream(MultipartReader::kMaxHeaderBytes + 1), step, c, &error));
        QVERIFY2(error.contains("headers exceed"), qPrintable(error));
    }
}

// A part is named from its file meta header as it ends; a header that is
// cut, overlong or absent names nothing, and the file itself is read instead.
void TestPacsParsers::partsAreNamedByTheirMetaHeader() {
    QTemporaryDir dir;
    const QString path = dir.filePath("sr.dcm");
    writeTextSr(path, "1.2.826.0.1.3680043.2.1125.1", "P1", "DOE^JOHN", "No finding.", "DOE^JANE",
                "20240301");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QString error;
    const QString uid = readDicomIds(path, &error).sopInstanceUid;
    QVERIFY(isValidUid(uid));
    QCOMPARE(metaSopInstanceUid(bytes), uid);
    QCOMPARE(metaSopInstanceUid(bytes.left(400)), uid); // the meta group fits in the head

    QCOMPARE(metaSopInstanceUid(bytes.left(140)), QString()); // cut inside the header
    QCOMPARE(metaSopInstanceUid(QByteArray(200, 'x')), QString());
    QByteArray noMagic = bytes;
    noMagic[128] = 'X';
    QCOMPARE(metaSopInstanceUid(noMagic), QString());
    QByteArray huge = bytes; // the first element claims more bytes than there are
    huge[132 + 6] = huge[132 + 7] = char(0xff);
    QCOMPARE(metaSopInstanceUid(huge), QString());
    QByteArray longVr = QByteArray(128, '\0') + "DICM" + QByteArray("\x02\x00\x01\x00OB\0\0", 8) +
                        QByteArray("\xff\xff\xff\x7f", 4);
    QCOMPARE(metaSopInstanceUid(longVr), QString());
    QByteArray group8 =
        QByteArray(128, '\0') + "DICM" + QByteArray("\x08\x00\x18\x00UI\x04\x00", 8) + "1.23";
    QCOMPARE(metaSopInstanceUid(group8), QString()); // no meta group at all

    // Through the part writer, in pieces of every size: the file is named by it.
    for (qsizetype step : {qsizetype(1), qsizetype(7), qsizetype(131), bytes.size()}) {
        QTemporaryDir out;
        PartWriter writer(out.path());
        QVERIFY(writer.begin({{"content-type", "application/dicom"}}));
        for (qsizetype at = 0; at < bytes.size(); at += step)
            QVERIFY(writer.write(bytes.constData() + at, std::min(step, bytes.size() - at)));
        QVERIFY2(writer.end(), qPrintable(writer.error()));
        QCOMPARE(QDir(out.path()).entryList(QDir::Files), QStringList{uid + ".dcm"});
    }
    // Not DICOM at all: still refused with the file's reason.
    QTemporaryDir out;
    PartWriter writer(out.path());
    QVERIFY(writer.begin({{"content-type", "application/dicom"}}));
    QVERIFY(writer.write("not dicom", 9));
    QVERIFY(!writer.end());
    QVERIFY2(writer.error().contains("not a DICOM file"), qPrintable(writer.error()));
    QVERIFY(QDir(out.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());

    // The same instance again (a resumed pull): it replaces the staged file.
    QTemporaryDir again;
    QFile stale(QDir(again.path()).filePath(uid + ".dcm"));
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.write("an older, broken copy");
    stale.close();
    PartWriter rewriter(again.path());
    QVERIFY(rewriter.begin({}));
    QVERIFY(rewriter.write(bytes.constData(), bytes.size()));
    QVERIFY2(rewriter.end(), qPrintable(rewriter.error()));
    QCOMPARE(QDir(again.path()).entryList(QDir::Files | QDir::Hidden), QStringList{uid + ".dcm"});
    QVERIFY(stale.open(QIODevice::ReadOnly));
    QCOMPARE(stale.readAll(), bytes);
}

void TestPacsParsers::qidoSeriesReadsDicomJson() {
    const QByteArray json = R"json([{
        "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
        "0020000E": {"vr": "UI", "Value": ["1.2.3.4"]},
        "00080060": {"vr": "CS", "Value": ["CT"]},
        "0008103E": {"vr": "LO", "Value": ["chest"]},
        "00100010": {"vr": "PN", "Value": [{"Alphabetic": "DOE^JANE"}]},
        "00100020": {"vr": "LO", "Value": ["P1"]},
        "00201209": {"vr": "IS", "Value": [48]}
    }, {
        "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
        "0020000E": {"vr": "UI", "Value": ["1.2.3.5"]}
    }])json";
    QString error;
    const auto series = parseSeries(json, &error);
    QVERIFY2(series, qPrintable(error));
    QCOMPARE(series->size(), std::size_t(2));
    const SeriesEntry& s = series->front();
    QCOMPARE(s.studyUid, QStringLiteral("1.2.3"));
    QCOMPARE(s.seriesUid, QStringLiteral("1.2.3.4"));
    QCOMPARE(s.modality, QStringLiteral("CT"));
    QCOMPARE(s.description, QStringLiteral("chest"));
    QCOMPARE(s.patientName, QStringLiteral("DOE^JANE"));
    QCOMPARE(s.patientId, QStringLiteral("P1"));
    QCOMPARE(s.instances, 48);
    QCOMPARE(series->back().instances, -1);
    QVERIFY(parseSeries("", &error)->empty()); // 204 No Content
    SeriesQuery q;
    q.patientId = "P 1&x";
    q.description = "lung ct";
    q.limit = 10;
    const QString query = q.toQueryString();
    QVERIFY2(query.contains("PatientID=P%201%26x"), qPrintable(query));
    QVERIFY2(query.contains("SeriesDescription=*lung?ct*"), qPrintable(query));
    QVERIFY(query.contains("limit=10"));
}

void TestPacsParsers::qidoRefusesWhatQidoDoesNotPromise() {
    QString error;
    QVERIFY(!parseSeries("{\"not\":\"an array\"}", &error));
    QVERIFY2(error.contains("not a JSON array"), qPrintable(error));
    QVERIFY(!parseSeries("<html>login</html>", &error));
    QVERIFY2(error.contains("not JSON"), qPrintable(error));
    QVERIFY(!parseSeries("[1, 2]", &error));
    QVERIFY(!parseSeries(R"([{"0020000D": {"vr":"UI","Value":["1.2"]},
                             "0020000E": {"vr":"UI","Value":["../../etc"]}}])",
                         &error));
    QVERIFY2(error.contains("../../etc") && error.contains("not a valid UID"), qPrintable(error));
    QVERIFY(!parseSeries(R"([{"0020000E": {"vr":"UI","Value":["1.2"]}}])", &error));
    QVERIFY(!parseInstances(R"([{"00080018": {"vr":"UI","Value":[{"Alphabetic":"x"}]}}])", &error));
    QByteArray many = "[";
    for (int i = 0; i <= kMaxQidoEntries; ++i)
        many += R"({"0020000D":{"Value":["1.2"]},"0020000E":{"Value":["1.3"]}},)";
    many.back() = ']';
    QVERIFY(!parseSeries(many, &error));
    QVERIFY2(error.contains("more than"), qPrintable(error));
}

void TestPacsParsers::uidsAreCheckedAndStable() {
    QVERIFY(isValidUid("1.2.840.10008.1.2"));
    QVERIFY(isValidUid("2.25.0"));
    for (const char* bad : {"", "..", "../x", "1..2", "1.02", ".1", "1.", "1.2/3", "1.2\\3"})
        QVERIFY2(!isValidUid(QString::fromLatin1(bad)), bad);
    QVERIFY(!isValidUid(QString(65, QLatin1Char('1'))));
    const QString a = uidFromSeed("mask revision 1");
    QCOMPARE(uidFromSeed("mask revision 1"), a);
    QVERIFY(uidFromSeed("mask revision 2") != a);
    QVERIFY2(isValidUid(a) && a.startsWith("2.25."), qPrintable(a));
}

void TestPacsParsers::serverAddresses() {
    QString error;
    const auto web = parseServer("https://pacs.example:8443/orthanc/dicom-web/", &error);
    QVERIFY2(web, qPrintable(error));
    QCOMPARE(web->kind, PacsServer::Kind::DicomWeb);
    QCOMPARE(web->dicomWeb.toString(),
             QStringLiteral("https://pacs.example:8443/orthanc/dicom-web"));
    QCOMPARE(web->rest.toString(), QStringLiteral("https://pacs.example:8443/orthanc"));
    const auto dimse = parseServer("dicom://ORTHANC@127.0.0.1:4242", &error);
    QVERIFY2(dimse, qPrintable(error));
    QCOMPARE(dimse->kind, PacsServer::Kind::Dimse);
    QCOMPARE(dimse->calledAet, QStringLiteral("ORTHANC"));
    QCOMPARE(dimse->port, 4242);
    QCOMPARE(dimse->display(), QStringLiteral("dicom://ORTHANC@127.0.0.1:4242"));
    QVERIFY(!parseServer("dicom://127.0.0.1:4242", &error));
    QVERIFY(!parseServer("ftp://x/dicom-web", &error));
    QVERIFY(!parseServer("http://user:secret@host/dicom-web", &error));
    QVERIFY2(error.contains("--user") && !error.contains("secret"), qPrintable(error));
}

void TestPacsParsers::srReportTextAndSource() {
    QTemporaryDir dir;
    const QString path = dir.filePath("sr.dcm");
    writeTextSr(path, "1.2.826.0.1.3680043.2.1125.1", "P1", "DOE^JOHN",
                "Enlarged spleen. No free fluid.", "DOE^JANE^^Dr", "20240301");
    QVERIFY(isTextSr(path));
    const SrReport report = readSrReport(path);
    QCOMPARE(report.text, QStringLiteral("Enlarged spleen. No free fluid."));
    QCOMPARE(report.date, QStringLiteral("2024-03-01"));
    QCOMPARE(report.author, QStringLiteral("Dr Jane Doe"));
    QCOMPARE(report.source(), QStringLiteral("from SR 2024-03-01, Dr Jane Doe"));
    QCOMPARE(report.studyUid, QStringLiteral("1.2.826.0.1.3680043.2.1125.1"));
    QCOMPARE(report.kind, QStringLiteral("Basic Text SR"));
    QFile junk(dir.filePath("junk.dcm"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not dicom");
    junk.close();
    QVERIFY(!isTextSr(junk.fileName()));
    try {
        readSrReport(junk.fileName());
        QFAIL("a non-DICOM file read as an SR");
    } catch (const PacsError& e) {
        QVERIFY2(e.message().contains("junk.dcm"), qPrintable(e.message()));
    }
}

void TestPacsParsers::comprehensiveSrWithNestedItems() {
    // An Enhanced-style tree as a radiology system writes it: sections,
    // coded findings and a measurement, read by another code path than text.
    QTemporaryDir dir;
    const QString path = dir.filePath("comprehensive.dcm");
    {
        DSRDocument doc(DSRTypes::DT_ComprehensiveSR);
        doc.createNewSeriesInStudy("1.2.826.0.1.3680043.2.1125.2");
        doc.setReferringPhysicianName("ROE^RICHARD^^Dr");
        doc.setContentDate("20240102");
        DSRDocumentTree& tree = doc.getTree();
        tree.addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
        tree.getCurrentContentItem().setConceptName(
            DSRCodedEntryValue("18748-4", "LN", "Diagnostic Imaging Report"));
        tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Container,
                            DSRTypes::AM_belowCurrent);
        tree.getCurrentContentItem().setConceptName(
            DSRCodedEntryValue("121070", "DCM", "Findings"));
        tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent);
        tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("121071", "DCM", "Finding"));
        tree.getCurrentContentItem().setStringValue("Enlarged spleen.");
        tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Code, DSRTypes::AM_afterCurrent);
        tree.getCurrentContentItem().setConceptName(DSRCodedEntryValue("121071", "DCM", "Finding"));
        tree.getCurrentContentItem().setCodeValue(
            DSRCodedEntryValue("D5-80000", "SRT", "Splenomegaly"));
        tree.addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Num, DSRTypes::AM_afterCurrent);
        tree.getCurrentContentItem().setConceptName(
            DSRCodedEntryValue("G-D7FE", "SRT", "Spleen length"));
        tree.getCurrentContentItem().setNumericValue(
            DSRNumericMeasurementValue("15.2", DSRCodedEntryValue("cm", "UCUM", "centimeter")));
        DcmFileFormat file;
        QVERIFY(doc.write(*file.getDataset()).good());
        QVERIFY(
            file.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit).good());
    }
    QVERIFY(isTextSr(path));
    const SrReport report = readSrReport(path);
    QCOMPARE(report.kind, QStringLiteral("Comprehensive SR"));
    QCOMPARE(
        report.text,
        QStringLiteral("Findings:\n  Enlarged spleen.\n  Splenomegaly\n  Spleen length: 15.2 cm"));
    QCOMPARE(report.source(), QStringLiteral("from SR 2024-01-02, Dr Richard Roe"));
}

// A SEG's metadata as WADO-RS answers it: whose mask of which series, from
// which model's proposal and how much it was changed; hostile values dropped.
void TestPacsParsers::segMetadataNamesSourceAnnotatorAndProposal() {
    const QByteArray json = R"json([{
        "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
        "0020000E": {"vr": "UI", "Value": ["1.2.3.9"]},
        "0008103E": {"vr": "LO", "Value": ["TGC Annotator consensus (staple)"]},
        "00700084": {"vr": "PN", "Value": [{"Alphabetic": "DOE^ANN"}]},
        "00080021": {"vr": "DA", "Value": ["20261206"]},
        "00080031": {"vr": "TM", "Value": ["131500"]},
        "00081115": {"vr": "SQ", "Value": [{"0020000E": {"vr": "UI", "Value": ["1.2.3.4"]}}]},
        "00620002": {
    "vr" : "SQ", "Value" : [
        {
            "00620005" : {"vr" : "LO", "Value" : ["liver"]},
            "00620009" : {"vr" : "LO", "Value" : ["TGC-Net demo"]},
            "00620006" :
                {"vr" : "ST", "Value" : ["Dice from the accepted proposal to this mask: 0.9340"]}
        },
        {
            "00620005" : {"vr" : "LO", "Value" : ["spleen"]},
            "00620006" :
                {"vr" : "ST", "Value" : ["Dice from the accepted proposal to this mask: 7"]}
        }
    ]
}
}])json";
    QString error;
    const auto seg = parseSegMetadata(json, &error);
    QVERIFY2(seg, qPrintable(error));
    QCOMPARE(seg->seriesUid, QStringLiteral("1.2.3.9"));
    QCOMPARE(seg->sourceSeriesUid, QStringLiteral("1.2.3.4"));
    QCOMPARE(seg->annotator, QStringLiteral("DOE^ANN"));
    QCOMPARE(seg->created, QStringLiteral("20261206131500"));
    QCOMPARE(seg->labels, (QStringList{"liver", "spleen"}));
    QCOMPARE(seg->algorithm, QStringLiteral("TGC-Net demo"));
    QVERIFY(seg->proposalDice);
    QCOMPARE(*seg->proposalDice, 0.934); // the second, out of [0, 1], is not taken
    QVERIFY(seg->description.startsWith("TGC Annotator consensus"));

    // A source UID that is not one is dropped, not passed on.
    QByteArray bad = json;
    bad.replace("1.2.3.4", "../../etc");
    QVERIFY(parseSegMetadata(bad, &error)->sourceSeriesUid.isEmpty());
    QVERIFY(!parseSegMetadata("[]", &error));
    QVERIFY2(error.contains("no instance"), qPrintable(error));
    QVERIFY(!parseSegMetadata("{", &error));
}

// The status in a series' team metadata is read as a person may have typed
// it with the server's tools, and written as older team records spell it.
void TestPacsParsers::seriesStatusNamesReadBack() {
    for (const QString name : {"todo", "in_progress", "submitted", "reviewed"})
        QCOMPARE(statusName(parseStatus(name).value()), name);
    QCOMPARE(parseStatus(QStringLiteral(" submitted\n")), SeriesStatus::Submitted);
    QVERIFY(!parseStatus(QStringLiteral("finished")));
    QVERIFY(!parseStatus(QStringLiteral("Todo")));
}

QTEST_GUILESS_MAIN(TestPacsParsers)
#include "test_pacs_parsers.moc"

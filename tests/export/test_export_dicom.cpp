// DICOM SEG export and de-identification: each SEG read back with DCMTK
// gives the project's mask, label names and references to the source
// series; dciodvfy (dicom3tools) reports no error on any of them; with
// --deidentify no patient name or ID survives in file names, text.csv,
// manifest.json or the SEG, and report text is masked.
#include "export/dataset_exporter.h"
#include "export/deidentifier.h"
#include "export_fixture.h"
#include "image_reader.h"
#include "phantom/ct_organs.h"
#include "phantom/cxr_phantom.h"

#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>
#include <memory>
#include <set>

using namespace tgc;
using namespace tgc::testing;

namespace {

const QString kName = QStringLiteral("DOE^JOHN");
const QString kId = QStringLiteral("PID4711");

QString attribute(DcmDataset* ds, const DcmTagKey& tag) {
    OFString v;
    ds->findAndGetOFStringArray(tag, v);
    return QString::fromLatin1(v.c_str());
}

// Lines of dciodvfy's report that are errors (it prints "Error - ...").
// A validator that did not run counts as an error, never as a pass.
QStringList dciodvfyErrors(const QString& file, QString* report) {
    QProcess p;
    p.start(QStringLiteral("dciodvfy"), {file});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return {QStringLiteral("Error - dciodvfy did not run: %1").arg(p.errorString())};
    *report = QString::fromLocal8Bit(p.readAllStandardError() + p.readAllStandardOutput());
    if (!report->contains(QLatin1String("Segmentation")))
        return {QStringLiteral("Error - dciodvfy did not recognise a Segmentation")};
    QStringList errors;
    for (const QString& line : report->split('\n'))
        if (line.contains(QLatin1String("Error")))
            errors << line;
    return errors;
}

struct Fixture {
    QTemporaryDir tmp;
    Project project = Project::create(tmp.filePath("proj"));
    QStringList dicomCases;
    QString pngCase;
};

// Two phantom CT volumes as DICOM series (the first with a patient whose
// name and ID the report repeats), one chest X-ray PNG; masks are the
// phantoms' organ label maps.
std::unique_ptr<Fixture> makeFixture() {
    auto f = std::make_unique<Fixture>();
    const CtVolumePhantom phantom(CtVolumeOptions{{40, 36, 10}, {0.8, 0.8, 2.5}});
    std::vector<LabelMap> labels;
    QString study, frame;
    for (int n = 0; n < 2; ++n) {
        PhantomCase c = phantom.generate(91, n);
        DicomSeriesOptions o;
        o.patientName = n == 0 ? kName : c.image.patientName;
        o.patientId = n == 0 ? kId : c.image.patientId;
        o.seriesDescription = "phantom";
        const auto files =
            writeDicomSeries(c.image, f->tmp.filePath(QStringLiteral("dicom/s%1").arg(n)), o);
        labels.push_back(c.labels);
        // The second series joins the first one's study and frame of
        // reference, so de-identification must map them to the same new UIDs.
        if (n == 0) {
            DcmFileFormat first;
            first.loadFile(files.front().toLocal8Bit().constData());
            study = attribute(first.getDataset(), DCM_StudyInstanceUID);
            frame = attribute(first.getDataset(), DCM_FrameOfReferenceUID);
            continue;
        }
        for (const QString& file : files) {
            DcmFileFormat dicom;
            dicom.loadFile(file.toLocal8Bit().constData());
            dicom.getDataset()->putAndInsertString(DCM_StudyInstanceUID, study.toLatin1().data());
            dicom.getDataset()->putAndInsertString(DCM_FrameOfReferenceUID,
                                                   frame.toLatin1().data());
            if (dicom.saveFile(file.toLocal8Bit().constData(), EXS_LittleEndianExplicit).bad())
                return nullptr;
        }
    }
    const CxrCase cxr = CxrPhantom(CxrOptions{64}).generate(92, 0);
    writePng(cxr.image, f->tmp.filePath("png/chest.png"));
    Project& p = f->project;
    p.labels = ctLabelTable();
    f->dicomCases = importInto(p, {f->tmp.filePath("dicom/s0"), f->tmp.filePath("dicom/s1")});
    const QStringList png = importInto(p, {f->tmp.filePath("png/chest.png")});
    if (f->dicomCases.size() != 2 || png.size() != 1)
        return nullptr;
    f->pngCase = png.front();
    for (int n = 0; n < 2; ++n) {
        CaseRecord& c = *p.findCase(f->dicomCases[n]);
        if (n == 0)
            c.report = "John Doe (ID pid4711): enlarged spleen; DOE^JOHN seen before.";
        else // a model-assisted mask: its segments are semi-automatic
            c.proposals.push_back(
                {"tgc-demo-tiny", 0.5, "liver", "", QDateTime(), true, {}, {}, {}});
        writeNifti(labels[std::size_t(n)], p.maskPath(c));
    }
    CaseRecord& chest = *p.findCase(f->pngCase);
    writePng(cxr.labels, p.maskPath(chest));
    p.save();
    return f;
}

} // namespace

class TestExportDicom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable("dciodvfy").isEmpty(),
                 "dciodvfy (Debian package dicom3tools) is not installed: run scripts/setup-deps");
    }
    void segReadsBackWithSegmentsAndReferences();
    void deidentifiedExportsCarryNoIdentifiers();
    void deidentifierMasksAndMapsConsistently();
};

void TestExportDicom::segReadsBackWithSegmentsAndReferences() {
    auto f = makeFixture();
    QVERIFY(f);
    const Project& p = f->project;
    ExportOptions o;
    o.format = ExportFormat::DicomSeg;
    o.outDir = f->tmp.filePath("seg");
    const ExportResult r = exportDataset(p, o);
    QCOMPARE(r.exported.size(), 2);
    QCOMPARE(int(r.skipped.size()), 1);
    QCOMPARE(r.skipped[0].caseId, f->pngCase);
    QVERIFY(r.skipped[0].reason.contains("not a DICOM source"));

    for (const QString& id : f->dicomCases) {
        const CaseRecord& c = *p.findCase(id);
        const ImageVolume source = readCaseSources(c.sources);
        const LabelMap mask = readLabelMap(p.maskPath(c));
        const QString file = f->tmp.filePath("seg/seg/" + id + ".dcm");
        QVERIFY2(QFileInfo::exists(file), qPrintable(file));

        DcmFileFormat raw;
        QVERIFY(raw.loadFile(file.toLocal8Bit().constData()).good());
        DcmDataset* ds = raw.getDataset();
        QCOMPARE(attribute(ds, DCM_Modality), QStringLiteral("SEG"));
        QCOMPARE(attribute(ds, DCM_StudyInstanceUID), source.studyInstanceUid);
        QCOMPARE(attribute(ds, DCM_FrameOfReferenceUID), source.frameOfReferenceUid);
        QCOMPARE(attribute(ds, DCM_PatientID), source.patientId);
        QVERIFY(attribute(ds, DCM_SeriesInstanceUID) != source.seriesInstanceUid);

        DcmSegmentation* loaded = nullptr;
        QVERIFY(DcmSegmentation::loadFile(file.toLocal8Bit().constData(), loaded).good());
        std::unique_ptr<DcmSegmentation> seg(loaded);
        // One segment per label present, named as the project names it.
        std::set<int> present;
        for (std::size_t i = 0; i < mask.geometry().voxelCount(); ++i)
            if (mask.data()[i])
                present.insert(mask.data()[i]);
        QCOMPARE(seg->getNumberOfSegments(), present.size());
        std::map<Uint16, int> labelOfSegment;
        for (Uint16 n = 1; n <= seg->getNumberOfSegments(); ++n) {
            DcmSegment* segment = seg->getSegment(n);
            QVERIFY(segment);
            OFString name;
            segment->getSegmentLabel(name);
            const auto label = std::find_if(p.labels.begin(), p.labels.end(), [&](const Label& l) {
                return l.name == QString::fromLatin1(name.c_str());
            });
            QVERIFY2(label != p.labels.end(), name.c_str());
            labelOfSegment[n] = label->id;
            OFString scheme;
            segment->getSegmentedPropertyTypeCode().getCodingSchemeDesignator(scheme);
            QVERIFY(!scheme.empty());
            QCOMPARE(segment->getSegmentAlgorithmType(), id == f->dicomCases[1]
                                                             ? DcmSegTypes::SAT_SEMIAUTOMATIC
                                                             : DcmSegTypes::SAT_MANUAL);
            Uint16 l = 0, a = 0, b = 0;
            QVERIFY(segment->getRecommendedDisplayCIELabValue(l, a, b).good());
            QVERIFY(l > 0);
        }
        // The frames, placed by the source image each was derived from, give the mask back.
        std::map<QString, int> sliceOf;
        for (int z = 0; z < source.dims()[2]; ++z)
            sliceOf[source.sopInstanceUids[std::size_t(z)]] = z;
        LabelMap rebuilt(mask.geometry());
        const Uint16 rows = Uint16(mask.dims()[1]), cols = Uint16(mask.dims()[0]);
        FGInterface& groups = seg->getFunctionalGroups();
        for (Uint32 frameNo = 0; frameNo < seg->getNumberOfFrames(); ++frameNo) {
            auto* derivation = static_cast<FGDerivationImage*>(
                groups.get(frameNo, DcmFGTypes::EFG_DERIVATIONIMAGE));
            auto* identification =
                static_cast<FGSegmentation*>(groups.get(frameNo, DcmFGTypes::EFG_SEGMENTATION));
            auto* position = static_cast<FGPlanePosPatient*>(
                groups.get(frameNo, DcmFGTypes::EFG_PLANEPOSPATIENT));
            QVERIFY(derivation && identification && position);
            OFString referenced;
            derivation->getDerivationImageItems()[0]
                ->getSourceImageItems()[0]
                ->getImageSOPInstanceReference()
                .getReferencedSOPInstanceUID(referenced);
            const auto z = sliceOf.find(QString::fromLatin1(referenced.c_str()));
            QVERIFY2(z != sliceOf.end(), referenced.c_str());
            Float64 x = 0, y = 0, zz = 0;
            position->getImagePositionPatient(x, y, zz);
            const auto expected = mask.geometry().indexToPatient(0, 0, z->second);
            QVERIFY(std::abs(x - expected[0]) < 1e-3 && std::abs(y - expected[1]) < 1e-3 &&
                    std::abs(zz - expected[2]) < 1e-3);
            Uint16 segmentNumber = 0;
            identification->getReferencedSegmentNumber(segmentNumber);
            const DcmIODTypes::Frame* frame = seg->getFrame(frameNo);
            QVERIFY(frame);
            std::unique_ptr<DcmIODTypes::Frame> unpacked;
            const Uint8* bits = frame->pixData;
            if (frame->length < std::size_t(rows) * cols) { // packed, one bit per pixel
                unpacked.reset(DcmSegUtils::unpackBinaryFrame(frame, rows, cols));
                bits = unpacked->pixData;
            }
            std::uint8_t* slice = rebuilt.slice(z->second);
            for (std::size_t i = 0; i < std::size_t(rows) * cols; ++i)
                if (bits[i])
                    slice[i] = std::uint8_t(labelOfSegment[segmentNumber]);
        }
        QVERIFY2(sameVoxels(rebuilt, mask), qPrintable(id));

        QString report;
        const QStringList errors = dciodvfyErrors(file, &report);
        QVERIFY2(errors.isEmpty(), qPrintable(file + ":\n" + report));
    }
}

void TestExportDicom::deidentifiedExportsCarryNoIdentifiers() {
    auto f = makeFixture();
    QVERIFY(f);
    const Project& p = f->project;
    const ImageVolume source0 = readCaseSources(p.findCase(f->dicomCases[0])->sources);
    QCOMPARE(source0.patientName, kName);
    const QStringList identifiers = {"DOE",
                                     "JOHN",
                                     kId,
                                     f->dicomCases[0],
                                     f->dicomCases[1],
                                     source0.studyInstanceUid,
                                     source0.frameOfReferenceUid};
    QStringList uids{source0.seriesInstanceUid};
    for (const QString& uid : source0.sopInstanceUids)
        uids << uid; // every source image: the SEG references most of them
    for (ExportFormat format : {ExportFormat::Qata, ExportFormat::DicomSeg}) {
        ExportOptions o;
        o.format = format;
        o.deidentify = true;
        o.outDir = f->tmp.filePath("deid-" + exportFormatName(format));
        o.statuses = {CaseStatus::Done};
        const ExportResult r = exportDataset(p, o);
        QVERIFY(r.exported.size() >= 2);
        for (const auto& [path, hash] : snapshot(o.outDir)) {
            QFile file(o.outDir + "/" + path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            for (const QString& word : identifiers) {
                QVERIFY2(!path.contains(word, Qt::CaseInsensitive), qPrintable(path));
                if (path.endsWith(".png") || path.endsWith(".gz"))
                    continue; // compressed pixels: no text to carry a name
                QVERIFY2(!bytes.contains(word.toLatin1()) &&
                             !bytes.toLower().contains(word.toLower().toLatin1()),
                         qPrintable(path + " holds " + word));
            }
            for (const QString& uid : uids)
                QVERIFY2(!bytes.contains(uid.toLatin1()), qPrintable(path + " holds " + uid));
        }
        if (format == ExportFormat::Qata) {
            QFile csv(o.outDir + "/text.csv");
            QVERIFY(csv.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(csv.readAll());
            QVERIFY2(text.contains("[name] [name] (ID [id]): enlarged spleen; [name]^[name] seen "
                                   "before."),
                     qPrintable(text.left(400)));
            const QJsonObject manifest = readJson(o.outDir + "/manifest.json");
            QVERIFY(manifest.value("deidentified").toBool());
            QVERIFY(!manifest.value("source_project").toObject().contains("path"));
            continue;
        }
        QString report;
        QSet<QString> studies, frames;
        for (const QString& name : r.exported) {
            const QString file = o.outDir + "/seg/" + name + ".dcm";
            DcmFileFormat raw;
            QVERIFY(raw.loadFile(file.toLocal8Bit().constData()).good());
            DcmDataset* ds = raw.getDataset();
            QCOMPARE(attribute(ds, DCM_PatientName), name);
            QCOMPARE(attribute(ds, DCM_PatientID), name);
            QCOMPARE(attribute(ds, DCM_PatientBirthDate), QString());
            QCOMPARE(attribute(ds, DCM_AccessionNumber), QString());
            QCOMPARE(attribute(ds, DCM_PatientIdentityRemoved), QStringLiteral("YES"));
            QVERIFY(attribute(ds, DCM_StudyInstanceUID).startsWith("2.25."));
            QVERIFY(attribute(ds, DCM_FrameOfReferenceUID).startsWith("2.25."));
            const QStringList errors = dciodvfyErrors(file, &report);
            QVERIFY2(errors.isEmpty(), qPrintable(file + ":\n" + report));
            studies << attribute(ds, DCM_StudyInstanceUID);
            frames << attribute(ds, DCM_FrameOfReferenceUID);
        }
        // Both series were of one study and frame of reference: still one each.
        QCOMPARE(studies.size(), 1);
        QCOMPARE(frames.size(), 1);
    }
}

void TestExportDicom::deidentifierMasksAndMapsConsistently() {
    QCOMPARE(Deidentifier::maskText("Seen: Jane Q. Roe-Smith, MRN 00123; Janet came too.",
                                    "ROE-SMITH^JANE^Q", "00123"),
             QStringLiteral("Seen: [name] Q. [name], MRN [id]; Janet came too."));
    QCOMPARE(Deidentifier::maskText("No patient here.", "", ""),
             QStringLiteral("No patient here."));
    Deidentifier d;
    const QString a = d.uid("1.2.3.4"), b = d.uid("1.2.3.5");
    QCOMPARE(d.uid("1.2.3.4"), a);
    QVERIFY(a != b);
    QVERIFY(a.size() <= 64);
    QVERIFY(QRegularExpression("^2\\.25\\.(0|[1-9][0-9]*)$").match(a).hasMatch());
    QCOMPARE(d.uid(""), QString());
}

QTEST_GUILESS_MAIN(TestExportDicom)
#include "test_export_dicom.moc"

// Reading DICOM SEG: a SEG exported by this project reads back onto its source series voxel
// for voxel (and on its own grid without the series); a fractional SEG written here with
// DCMTK's dcmseg reads back with the half-maximum threshold; bad SEGs are refused by name.
#include "../support/cli_run.h"
#include "dicom_seg_reader.h"
#include "export/dataset_exporter.h"
#include "image_reader.h"
#include "image_writer.h"
#include "label_io.h"
#include "phantom/ct_organs.h"
#include "phantom/ct_phantom.h"
#include "store/case_sources.h"
#include "store/importer.h"
#include "store/project.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <memory>
#include <set>

namespace tgc::test {

namespace {

QString nameOf(const std::vector<Label>& labels, int id) {
    for (const Label& l : labels)
        if (l.id == id)
            return l.name;
    return id == 0 ? QString() : QStringLiteral("(unnamed %1)").arg(id);
}

struct ExportedCase {
    QTemporaryDir tmp;
    ImageVolume source;
    LabelMap mask;
    std::vector<Label> labels;
    QString segFile;
    QString seriesDir;
};

// A phantom CT series imported into a project with its organ labels as the mask, exported
// as DICOM SEG by the project's exporter.
std::unique_ptr<ExportedCase> exportPhantomSeg() {
    auto c = std::make_unique<ExportedCase>();
    const CtVolumePhantom phantom(CtVolumeOptions{{40, 36, 10}, {0.8, 0.7, 2.5}});
    PhantomCase generated = phantom.generate(17, 0);
    c->seriesDir = c->tmp.filePath(QStringLiteral("dicom"));
    writeDicomSeries(generated.image, c->seriesDir);
    Project project = Project::create(c->tmp.filePath(QStringLiteral("proj")));
    project.labels = ctLabelTable();
    c->labels = project.labels;
    ImportOptions options;
    options.status = CaseStatus::Done;
    const ImportResult imported = importSources(project, {c->seriesDir}, options);
    if (imported.added.size() != 1)
        return nullptr;
    CaseRecord& record = *project.findCase(imported.added.front());
    writeNifti(generated.labels, project.maskPath(record));
    project.save();
    ExportOptions o;
    o.format = ExportFormat::DicomSeg;
    o.outDir = c->tmp.filePath(QStringLiteral("out"));
    if (exportDataset(project, o).exported.size() != 1)
        return nullptr;
    c->segFile = o.outDir + QStringLiteral("/seg/") + record.id + QStringLiteral(".dcm");
    c->source = readCaseSources(record.sources);
    c->mask = readLabelMap(project.maskPath(record));
    return c;
}

OFString decimal(double v) {
    return OFString(QByteArray::number(v, 'g', 10).constData());
}

void check(const OFCondition& c, const char* what) {
    if (c.bad())
        throw std::runtime_error(std::string(what) + ": " + c.text());
}

// Fractional value of segment s at (x, y, z) in the SEG written by writeFractionalSeg.
Uint8 fraction(int s, int x, int y, int z) {
    return Uint8((x * 29 + y * 13 + z * 71 + s * 101) % 256);
}

// A fractional SEG with two segments on every slice of a series, written with dcmseg.
void writeFractionalSeg(const QString& path, const ImageVolume& source, DcmDataset& firstSource) {
    const VolumeGeometry& g = source.geometry();
    DcmSegmentation* created = nullptr;
    check(DcmSegmentation::createFractionalSegmentation(
              created, Uint16(g.dims[1]), Uint16(g.dims[0]), DcmSegTypes::SFT_PROBABILITY, 255,
              IODGeneralEquipmentModule::EquipmentInfo("Test", "Test", "1", "1"),
              ContentIdentificationMacro("1", "FRAC", "fractional test", "Tester")),
          "create");
    std::unique_ptr<DcmSegmentation> seg(created);
    check(seg->importFromSourceImage(firstSource), "import");
    seg->getSeries().setSeriesNumber("7");
    char uid[100];
    const OFString dimensionUid = dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    check(seg->getDimensions().addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid,
                                                 DCM_SegmentIdentificationSequence,
                                                 "ReferencedSegmentNumber"),
          "dimension");
    check(seg->getDimensions().addDimensionIndex(DCM_ImagePositionPatient, dimensionUid,
                                                 DCM_PlanePositionSequence, "ImagePositionPatient"),
          "dimension");
    FGPixelMeasures measures;
    measures.setPixelSpacing(decimal(g.spacing[1]) + "\\" + decimal(g.spacing[0]));
    measures.setSliceThickness(decimal(g.spacing[2]));
    check(seg->addForAllFrames(measures), "measures");
    FGPlaneOrientationPatient orientation;
    const auto& d = g.direction;
    orientation.setImageOrientationPatient(decimal(d[0]), decimal(d[1]), decimal(d[2]),
                                           decimal(d[3]), decimal(d[4]), decimal(d[5]));
    check(seg->addForAllFrames(orientation), "orientation");
    const CodeSequenceMacro category("91723000", "SCT", "Anatomical Structure");
    const struct {
        const char* label;
        CodeSequenceMacro type;
        Uint16 lab[3];
    } segments[] = {
        {"liver", CodeSequenceMacro("10200004", "SCT", "Liver"), {30000, 50000, 40000}},
        {"spleen", CodeSequenceMacro("78961009", "SCT", "Spleen"), {40000, 30000, 20000}}};
    const OFString sopClass = UID_CTImageStorage;
    for (const auto& s : segments) {
        DcmSegment* segment = nullptr;
        check(DcmSegment::create(segment, s.label, category, s.type, DcmSegTypes::SAT_AUTOMATIC,
                                 "test"),
              "segment");
        segment->setRecommendedDisplayCIELabValue(s.lab[0], s.lab[1], s.lab[2]);
        Uint16 number = 0;
        check(seg->addSegment(segment, number), "add segment");
        // Frames in reverse slice order: the reader must place them, not append them.
        for (int z = g.dims[2] - 1; z >= 0; --z) {
            std::vector<Uint8> frame(g.sliceVoxelCount());
            for (int y = 0; y < g.dims[1]; ++y)
                for (int x = 0; x < g.dims[0]; ++x)
                    frame[std::size_t(y * g.dims[0] + x)] = fraction(number, x, y, z);
            const auto p = g.indexToPatient(0, 0, z);
            FGPlanePosPatient position;
            position.setImagePositionPatient(decimal(p[0]), decimal(p[1]), decimal(p[2]));
            FGFrameContent content;
            content.setDimensionIndexValues(number, 0);
            content.setDimensionIndexValues(Uint32(z + 1), 1);
            ImageSOPInstanceReferenceMacro reference;
            reference.setReferencedSOPClassUID(sopClass);
            reference.setReferencedSOPInstanceUID(
                source.sopInstanceUids[std::size_t(z)].toLatin1().constData());
            std::unique_ptr<FGDerivationImage> derivation(DcmSegmentation::createDerivationImageFG(
                OFVector<ImageSOPInstanceReferenceMacro>(1, reference), "Segmentation"));
            OFVector<FGBase*> perFrame;
            perFrame.push_back(&position);
            perFrame.push_back(&content);
            perFrame.push_back(derivation.get());
            check(seg->addFrame(frame.data(), number, perFrame), "frame");
        }
    }
    check(seg->saveFile(path.toLocal8Bit().constData(), EXS_LittleEndianExplicit), "save");
}

} // namespace

class DicomSegTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void colourSurvivesCieLab();
    void ourSegReadsBackOnItsSource();
    void ourSegOpensOnItsOwnGrid();
    void fractionalSegFromDcmseg();
    void importedSeriesStartsWithItsSeg();
    void notASegIsRefusedByName();
    void infoDescribesTheSegments();
    void segOffTheSourceGridIsRefused();
    void damagedSegIsRefusedByName();
};

void DicomSegTest::colourSurvivesCieLab() {
    for (const std::array<std::uint8_t, 3> rgb : {std::array<std::uint8_t, 3>{255, 0, 0},
                                                  {0, 255, 0},
                                                  {0, 0, 255},
                                                  {12, 200, 77},
                                                  {255, 255, 255},
                                                  {0, 0, 0},
                                                  {128, 64, 200}}) {
        const auto back = rgbFromDicomLab(dicomLabFromRgb(rgb));
        for (int c = 0; c < 3; ++c)
            QVERIFY2(std::abs(int(back[c]) - int(rgb[c])) <= 1,
                     qPrintable(QStringLiteral("%1,%2,%3 -> %4,%5,%6")
                                    .arg(rgb[0])
                                    .arg(rgb[1])
                                    .arg(rgb[2])
                                    .arg(back[0])
                                    .arg(back[1])
                                    .arg(back[2])));
    }
}

void DicomSegTest::ourSegReadsBackOnItsSource() {
    const auto c = exportPhantomSeg();
    QVERIFY(c);
    const DicomSegmentation seg = readDicomSeg(c->segFile, &c->source);
    QVERIFY(seg.onSourceGrid);
    QCOMPARE(seg.segmentationType, QStringLiteral("BINARY"));
    QCOMPARE(seg.referencedSeriesUid, c->source.seriesInstanceUid);
    QVERIFY(seg.labels.geometry().sameGrid(c->source.geometry()));
    // Segment numbers are the SEG's own; the names carry the project's labels.
    std::size_t differ = 0, labelled = 0;
    for (std::size_t v = 0; v < c->mask.geometry().voxelCount(); ++v) {
        labelled += c->mask.data()[v] != 0 ? 1 : 0;
        differ += nameOf(c->labels, c->mask.data()[v]) !=
                          nameOf(seg.labels.labels(), seg.labels.data()[v])
                      ? 1
                      : 0;
    }
    QVERIFY(labelled > 100);
    QCOMPARE(differ, std::size_t(0));
    for (const DicomSegment& s : seg.segments) {
        const auto it = std::find_if(c->labels.begin(), c->labels.end(),
                                     [&](const Label& l) { return l.name == s.label; });
        QVERIFY2(it != c->labels.end(), qPrintable(s.label));
        QVERIFY(s.hasColour);
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(int(s.colour[k]) - int(it->colour[k])) <= 1);
        QVERIFY(!s.type.value.isEmpty() && !s.type.scheme.isEmpty());
    }
}

void DicomSegTest::ourSegOpensOnItsOwnGrid() {
    const auto c = exportPhantomSeg();
    QVERIFY(c);
    const DicomSegmentation seg = readDicomSeg(c->segFile);
    QVERIFY(!seg.onSourceGrid);
    const VolumeGeometry& own = seg.labels.geometry();
    const VolumeGeometry& g = c->source.geometry();
    QCOMPARE(own.dims[0], g.dims[0]);
    QCOMPARE(own.dims[1], g.dims[1]);
    for (int a = 0; a < 3; ++a)
        QVERIFY(std::abs(own.spacing[a] - g.spacing[a]) < 1e-4);
    // Every own-grid voxel lies on a source voxel with the same label name, and no labelled
    // voxel of the mask is missing.
    std::size_t labelledOwn = 0, labelledMask = 0, differ = 0;
    for (int z = 0; z < own.dims[2]; ++z) {
        const auto p = own.indexToPatient(0, 0, z);
        const int sz = int(std::lround((p[2] - g.origin[2]) / g.spacing[2]));
        QVERIFY(sz >= 0 && sz < g.dims[2]);
        for (int y = 0; y < own.dims[1]; ++y)
            for (int x = 0; x < own.dims[0]; ++x) {
                const int label = seg.labels.at(x, y, z);
                labelledOwn += label != 0 ? 1 : 0;
                differ +=
                    nameOf(seg.labels.labels(), label) != nameOf(c->labels, c->mask.at(x, y, sz))
                        ? 1
                        : 0;
            }
    }
    for (std::size_t v = 0; v < c->mask.geometry().voxelCount(); ++v)
        labelledMask += c->mask.data()[v] != 0 ? 1 : 0;
    QCOMPARE(differ, std::size_t(0));
    QCOMPARE(labelledOwn, labelledMask);
}

void DicomSegTest::fractionalSegFromDcmseg() {
    QTemporaryDir tmp;
    VolumeGeometry g;
    g.dims = {12, 10, 4};
    g.spacing = {0.9, 0.8, 3.0};
    g.origin = {-20, 15, 40};
    ImageVolume volume(VoxelType::Int16, 1, g);
    volume.modality = QStringLiteral("CT");
    const auto files = writeDicomSeries(volume, tmp.filePath(QStringLiteral("ct")));
    const ImageVolume source = readImage(tmp.filePath(QStringLiteral("ct")));
    DcmFileFormat first;
    QVERIFY(first.loadFile(files.front().toLocal8Bit().constData()).good());
    const QString path = tmp.filePath(QStringLiteral("fractional.dcm"));
    writeFractionalSeg(path, source, *first.getDataset());

    for (const bool withSource : {true, false}) {
        const DicomSegmentation seg = readDicomSeg(path, withSource ? &source : nullptr);
        QCOMPARE(seg.segmentationType, QStringLiteral("FRACTIONAL"));
        QCOMPARE(seg.maxFractionalValue, 255);
        QCOMPARE(int(seg.segments.size()), 2);
        QCOMPARE(seg.segments[0].label, QStringLiteral("liver"));
        QCOMPARE(seg.segments[1].type.meaning, QStringLiteral("Spleen"));
        QCOMPARE(seg.labels.dims(), g.dims);
        QVERIFY(seg.labels.geometry().sameGrid(g));
        // Segment 2 wins where both reach half the maximum (and the overlap is reported).
        int wrong = 0;
        for (int z = 0; z < g.dims[2]; ++z)
            for (int y = 0; y < g.dims[1]; ++y)
                for (int x = 0; x < g.dims[0]; ++x) {
                    const int expected = fraction(2, x, y, z) >= 128   ? 2
                                         : fraction(1, x, y, z) >= 128 ? 1
                                                                       : 0;
                    wrong += seg.labels.at(x, y, z) != expected ? 1 : 0;
                }
        QCOMPARE(wrong, 0);
        QCOMPARE(int(seg.warnings.size()), 1);
        QVERIFY(seg.warnings.front().contains(QLatin1String("overlap")));
    }
}

void DicomSegTest::infoDescribesTheSegments() {
    const auto c = exportPhantomSeg();
    QVERIFY(c);
    const CliRun run = runCli({QStringLiteral("info"), QStringLiteral("--json"), c->segFile});
    QVERIFY2(run.code == 0, run.err.constData());
    const QJsonObject info = run.json();
    // The keys every file gets stay.
    for (const char* key : {"kind", "modality", "dims", "spacing", "frames", "min", "max", "mean"})
        QVERIFY2(info.contains(QLatin1String(key)), key);
    QCOMPARE(info.value("modality").toString(), QStringLiteral("SEG"));
    QCOMPARE(info.value("segmentation_type").toString(), QStringLiteral("BINARY"));
    QCOMPARE(info.value("referenced_series").toString(), c->source.seriesInstanceUid);
    const QJsonArray segments = info.value("segments").toArray();
    std::set<int> present;
    for (std::size_t v = 0; v < c->mask.geometry().voxelCount(); ++v)
        if (c->mask.data()[v])
            present.insert(c->mask.data()[v]);
    QCOMPARE(std::size_t(segments.size()), present.size());
    double labelled = 0;
    for (const QJsonValue& value : segments) {
        const QJsonObject s = value.toObject();
        const QString name = s.value("label").toString();
        const auto it = std::find_if(c->labels.begin(), c->labels.end(),
                                     [&](const Label& l) { return l.name == name; });
        QVERIFY2(it != c->labels.end(), qPrintable(name));
        QVERIFY(present.count(it->id));
        const QJsonArray colour = s.value("color").toArray();
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(colour[k].toInt() - int(it->colour[std::size_t(k)])) <= 1);
        QVERIFY(!s.value("code").toObject().value("value").toString().isEmpty());
        QVERIFY(s.value("number").toInt() >= 1);
        labelled += s.value("voxels").toDouble();
    }
    QCOMPARE(labelled,
             double(std::count_if(c->mask.data(), c->mask.data() + c->mask.geometry().voxelCount(),
                                  [](std::uint8_t v) { return v != 0; })));
}

void DicomSegTest::importedSeriesStartsWithItsSeg() {
    const auto c = exportPhantomSeg();
    QVERIFY(c);
    // The SEG lies in the series' folder, as a PACS pull or a copied study would leave it.
    const QString segCopy = c->seriesDir + QStringLiteral("/zz-seg.dcm");
    QVERIFY(QFile::copy(c->segFile, segCopy));
    Project project = Project::create(c->tmp.filePath(QStringLiteral("second")));
    const ImportResult imported = importSources(project, {c->seriesDir});
    QVERIFY2(imported.skipped.empty(),
             imported.skipped.empty() ? "" : qPrintable(imported.skipped.front().reason));
    QCOMPARE(imported.added.size(), 1); // the SEG is not a case of its own
    const CaseRecord& record = *project.findCase(imported.added.front());
    QVERIFY(!record.sources.contains(segCopy));
    QVERIFY2(QFileInfo::exists(project.maskPath(record)), "the case has no starting mask");
    const LabelMap mask = readLabelMap(project.maskPath(record));
    QVERIFY(mask.geometry().sameGrid(c->mask.geometry()));
    std::size_t differ = 0;
    for (std::size_t v = 0; v < mask.geometry().voxelCount(); ++v)
        differ +=
            nameOf(project.labels, mask.data()[v]) != nameOf(c->labels, c->mask.data()[v]) ? 1 : 0;
    QCOMPARE(differ, std::size_t(0));
    for (const Label& l : project.labels) {
        const auto it = std::find_if(c->labels.begin(), c->labels.end(),
                                     [&](const Label& o) { return o.name == l.name; });
        QVERIFY2(it != c->labels.end(), qPrintable(l.name));
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(int(l.colour[std::size_t(k)]) - int(it->colour[std::size_t(k)])) <= 1);
    }
}

void DicomSegTest::notASegIsRefusedByName() {
    QTemporaryDir tmp;
    VolumeGeometry g;
    g.dims = {4, 4, 2};
    ImageVolume volume(VoxelType::Int16, 1, g);
    const auto files = writeDicomSeries(volume, tmp.filePath(QStringLiteral("ct")));
    try {
        readDicomSeg(files.front());
        QFAIL("a CT image was read as a SEG");
    } catch (const IoError& e) {
        QVERIFY2(e.message().contains(files.front()), qPrintable(e.message()));
        QVERIFY2(e.reason().contains(QLatin1String("not a DICOM Segmentation")),
                 qPrintable(e.message()));
    }
}

void DicomSegTest::segOffTheSourceGridIsRefused() {
    const auto c = exportPhantomSeg();
    QVERIFY(c);
    // The same series moved by a third of a voxel: the SEG's positions no longer fit it, and
    // its instance references are not this volume's.
    ImageVolume moved = c->source;
    moved.geometry().origin[0] += 0.3;
    moved.sopInstanceUids.assign(moved.sopInstanceUids.size(), QStringLiteral("1.2.3"));
    moved.frameOfReferenceUid.clear();
    try {
        readDicomSeg(c->segFile, &moved);
        QFAIL("a SEG off its source's grid was read");
    } catch (const IoError& e) {
        QVERIFY2(e.message().contains(c->segFile), qPrintable(e.message()));
        QVERIFY2(e.reason().contains(QLatin1String("does not lie on a slice")),
                 qPrintable(e.message()));
    }
}

void DicomSegTest::damagedSegIsRefusedByName() {
    const auto c = exportPhantomSeg();
    QVERIFY(c);
    QFile in(c->segFile);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    // Cut inside the pixel data, and a Number of Frames far beyond what the file holds.
    const QString cut = c->tmp.filePath(QStringLiteral("cut-seg.dcm"));
    QFile out(cut);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes.left(bytes.size() - 200));
    out.close();
    DcmFileFormat file;
    QVERIFY(file.loadFile(c->segFile.toLocal8Bit().constData()).good());
    file.getDataset()->putAndInsertString(DCM_NumberOfFrames, "2000000000");
    const QString inflated = c->tmp.filePath(QStringLiteral("inflated-seg.dcm"));
    QVERIFY(file.saveFile(inflated.toLocal8Bit().constData(), EXS_LittleEndianExplicit).good());
    for (const QString& path : {cut, inflated}) {
        for (const ImageVolume* source : {static_cast<const ImageVolume*>(&c->source),
                                          static_cast<const ImageVolume*>(nullptr)}) {
            try {
                readDicomSeg(path, source);
                QFAIL(qPrintable(path + QStringLiteral(" was read")));
            } catch (const IoError& e) {
                QVERIFY2(e.message().contains(path), qPrintable(e.message()));
                QVERIFY2(e.reason().contains(QLatin1String("truncated")), qPrintable(e.message()));
            }
        }
    }
}

} // namespace tgc::test

QTEST_GUILESS_MAIN(tgc::test::DicomSegTest)
#include "test_dicom_seg.moc"

// Dataset export: which cases go where, the qata and nnU-Net
// layouts read back with the project's own readers, manifest checksums and
// provenance, and the folder rules (empty folder, overwrite, cancel, nothing
// written outside the chosen folder).
#include "atomic_file.h"
#include "export/dataset_exporter.h"
#include "export/export_plan.h"
#include "export/qata_exporter.h"
#include "export_fixture.h"
#include "image_reader.h"
#include "io_error.h"
#include "qata_dataset.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <set>

using namespace tgc;
using namespace tgc::testing;

namespace {

LabelMap smallMask(int w, int h, int z, std::uint8_t value) {
    VolumeGeometry g;
    g.dims = {w, h, z};
    LabelMap m(g);
    m.data()[0] = value;
    return m;
}

ExportOptions optionsFor(ExportFormat format, const QString& out) {
    ExportOptions o;
    o.format = format;
    o.outDir = out;
    return o;
}

const CaseRecord& caseNamed(const Project& p, const QString& id) {
    const CaseRecord* c = p.findCase(id);
    if (!c)
        throw std::runtime_error(("no case " + id).toStdString());
    return *c;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void planSelectsByStatusAndSplitsByPatient();
    void qataRoundTripThroughImport();
    void qataVolumeSlicesKeepForegroundAndAShareOfEmpty();
    void manifestListsEveryFileAndProvenance();
    void folderRulesCancelAndNothingOutside();
    void nnunetKeepsLabelsAndGeometry();
    void qataSliceNameTakenIsSkipped();
    void qataSplitFoldersHoldEachSplitApart();
};

void TestExport::planSelectsByStatusAndSplitsByPatient() {
    QTemporaryDir tmp;
    Project p = Project::create(tmp.filePath("proj"));
    int withMask = 0;
    for (int i = 0; i < 40; ++i) {
        CaseRecord r;
        r.id = QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0'));
        r.sources = {tmp.filePath(QStringLiteral("src/%1.png").arg(r.id))};
        r.sourceKind = "png";
        // 12 patients with 3 cases each, then 4 lone images without a patient id.
        r.patientId = i < 36 ? QStringLiteral("P%1").arg(i / 3) : QString();
        r.status = i % 10 == 7   ? CaseStatus::New
                   : i % 10 == 8 ? CaseStatus::InProgress
                   : i % 2       ? CaseStatus::Reviewed
                                 : CaseStatus::Done;
        CaseRecord& stored = p.addCase(r);
        if (i != 4 && i != 21) { // two finished cases without a mask
            ensureParentFolder(p.maskPath(stored));
            writePng(smallMask(4, 4, 1, 1), p.maskPath(stored));
            ++withMask;
        }
    }
    ExportOptions o = optionsFor(ExportFormat::Qata, tmp.filePath("out"));
    const ExportPlan plan(p, o);
    QCOMPARE(plan.notSelected(), 8); // 4 new, 4 in progress
    QCOMPARE(int(plan.skipped().size()), 2);
    for (const ExportSkip& s : plan.skipped()) {
        QVERIFY(s.caseId == "c04" || s.caseId == "c21");
        QVERIFY(s.reason.contains("no mask"));
    }
    QCOMPARE(int(plan.cases().size()), 30);
    std::map<QString, std::set<DataSplit>> splitsOfPatient;
    int count[3] = {0, 0, 0};
    for (const PlannedCase& c : plan.cases()) {
        splitsOfPatient[c.patientKey].insert(c.split);
        ++count[int(c.split)];
        QCOMPARE(c.exportName, c.record->id);
    }
    for (const auto& [patient, splits] : splitsOfPatient)
        QVERIFY2(splits.size() == 1, qPrintable(patient + " spans two splits"));
    QCOMPARE(int(splitsOfPatient.size()), 14); // 12 patients + 2 finished lone images
    QVERIFY2(count[0] >= 21 && count[0] <= 27, qPrintable(QString::number(count[0])));
    QVERIFY(count[1] >= 1 && count[2] >= 1);

    // Seeded: the same seed gives the same split, another seed another one.
    auto splitsFor = [&](std::uint64_t seed) {
        o.seed = seed;
        QStringList s;
        const ExportPlan seeded(p, o);
        for (const PlannedCase& c : seeded.cases())
            s << c.record->id + "=" + dataSplitName(c.split);
        return s;
    };
    QCOMPARE(splitsFor(7), splitsFor(7));
    bool anyDiffers = false;
    for (std::uint64_t seed = 8; seed < 14 && !anyDiffers; ++seed)
        anyDiffers = splitsFor(seed) != splitsFor(7);
    QVERIFY(anyDiffers);

    o.split = {1, 0, 0};
    o.statuses = {CaseStatus::New, CaseStatus::InProgress, CaseStatus::Done, CaseStatus::Reviewed};
    o.deidentify = true;
    const ExportPlan all(p, o);
    QCOMPARE(all.notSelected(), 0);
    QCOMPARE(int(all.cases().size()), withMask);
    for (std::size_t i = 0; i < all.cases().size(); ++i) {
        QCOMPARE(all.cases()[i].split, DataSplit::Train);
        QCOMPARE(all.cases()[i].exportName,
                 QStringLiteral("case_%1").arg(i + 1, 4, 10, QChar('0')));
    }
}

void TestExport::qataRoundTripThroughImport() {
    QTemporaryDir tmp;
    writePhantoms(tmp.filePath("cxr"), PhantomKind::Cxr, 4, 11, 64);
    writePhantoms(tmp.filePath("ct"), PhantomKind::Ct, 3, 12, 64);
    Project p = Project::create(tmp.filePath("proj"));
    const QStringList added = importInto(p, {tmp.filePath("cxr"), tmp.filePath("ct")});
    QCOMPARE(added.size(), 7);
    p.findCase(added[1])->status = CaseStatus::New; // not finished: not exported
    p.save();

    const ExportResult r = exportDataset(p, optionsFor(ExportFormat::Qata, tmp.filePath("out")));
    QCOMPARE(r.exported.size(), 6);
    QVERIFY(!r.exported.contains(added[1]));
    QCOMPARE(r.notSelected, 1);
    const QataDataset dataset = QataDataset::read(tmp.filePath("out")); // every file exists
    QCOMPARE(int(dataset.rows().size()), 6);

    Project back = Project::create(tmp.filePath("back"));
    const QStringList reimported = importInto(back, {tmp.filePath("out")});
    QCOMPARE(reimported.size(), 6);
    for (const QString& id : r.exported) {
        const CaseRecord& before = caseNamed(p, id);
        const CaseRecord& after = caseNamed(back, id);
        QCOMPARE(after.report, before.report);
        const LabelMap a = readLabelMap(p.maskPath(before));
        const LabelMap b = readLabelMap(back.maskPath(after));
        QVERIFY2(sameVoxels(a, b), qPrintable(id));
        // The image is the source file's, value for value.
        const ImageVolume source = readImage(before.sources.front());
        const ImageVolume exported = readImage(tmp.filePath("out/images/" + id + ".png"));
        QCOMPARE(exported.byteSize(), source.byteSize());
        QVERIFY(std::equal(source.bytes(), source.bytes() + source.byteSize(), exported.bytes()));
    }
}

void TestExport::qataVolumeSlicesKeepForegroundAndAShareOfEmpty() {
    QTemporaryDir tmp;
    writePhantoms(tmp.filePath("ct3d"), PhantomKind::Ct3d, 2, 13, 0, {48, 40, 24});
    Project p = Project::create(tmp.filePath("proj"));
    const QStringList added = importInto(p, {tmp.filePath("ct3d")});
    QCOMPARE(added.size(), 2);
    // The phantom's organs reach every slice: clear the first six, so the
    // volumes have empty slices to leave out.
    for (const QString& id : added) {
        const QString path = p.maskPath(caseNamed(p, id));
        LabelMap mask = readLabelMap(path);
        std::fill_n(mask.data(), 6 * mask.geometry().sliceVoxelCount(), std::uint8_t(0));
        writeNifti(mask, path);
    }
    ExportOptions o = optionsFor(ExportFormat::Qata, tmp.filePath("fg"));
    o.emptySliceShare = 0;
    const ExportResult r = exportDataset(p, o);
    QCOMPARE(r.exported.size(), 2);
    const QataDataset fgOnly = QataDataset::read(tmp.filePath("fg"));
    std::map<QString, int> emptyCount;
    int expectedRows = 0;
    for (const QString& id : added) {
        const CaseRecord& c = caseNamed(p, id);
        const ImageVolume image = readCaseSources(c.sources);
        QCOMPARE(image.modality, QStringLiteral("CT"));
        const LabelMap mask = readLabelMap(p.maskPath(c));
        for (int z = 0; z < mask.dims()[2]; ++z) {
            const QString name = QStringLiteral("%1_%2.png").arg(id).arg(z, 4, 10, QChar('0'));
            const std::uint8_t* s = mask.slice(z);
            const bool fg = std::any_of(s, s + mask.geometry().sliceVoxelCount(),
                                        [](std::uint8_t v) { return v != 0; });
            QCOMPARE(QFileInfo::exists(tmp.filePath("fg/images/" + name)), fg);
            if (!fg) {
                ++emptyCount[id];
                continue;
            }
            ++expectedRows;
            const LabelMap sliceMask = readLabelMap(tmp.filePath("fg/masks/" + name));
            QVERIFY(std::equal(s, s + mask.geometry().sliceVoxelCount(), sliceMask.data()));
            const ImageVolume slice = readImage(tmp.filePath("fg/images/" + name));
            QCOMPARE(slice.voxelType(), VoxelType::UInt16); // 16-bit PNG, HU + 1024
            for (int y = 0; y < image.dims()[1]; y += 7)
                for (int x = 0; x < image.dims()[0]; x += 5)
                    QCOMPARE(slice.valueAt(x, y, 0), image.valueAt(x, y, z) + 1024.0);
        }
        QCOMPARE(emptyCount[id], 6);
    }
    QCOMPARE(int(fgOnly.rows().size()), expectedRows);

    o.outDir = tmp.filePath("half");
    o.emptySliceShare = 0.5;
    exportDataset(p, o);
    int expectedHalf = expectedRows;
    for (const auto& [id, n] : emptyCount)
        expectedHalf += int(std::lround(0.5 * n));
    QCOMPARE(int(QataDataset::read(tmp.filePath("half")).rows().size()), expectedHalf);
}

void TestExport::manifestListsEveryFileAndProvenance() {
    QTemporaryDir tmp;
    writePhantoms(tmp.filePath("cxr"), PhantomKind::Cxr, 5, 21, 64);
    Project p = Project::create(tmp.filePath("proj"));
    const QStringList added = importInto(p, {tmp.filePath("cxr")}, CaseStatus::Reviewed, "alice");
    QCOMPARE(added.size(), 5);
    // Case 0: an accepted proposal the annotator corrected (a 10x10 block
    // switched on outside the mask), one rejected; case 1: accepted, file gone.
    CaseRecord& c0 = *p.findCase(added[0]);
    const LabelMap final0 = readLabelMap(p.maskPath(c0));
    VolumeGeometry g = final0.geometry();
    ImageVolume probability(VoxelType::UInt8, 1, g);
    std::size_t finalCount = 0, proposalCount = 0, both = 0;
    for (int y = 0; y < g.dims[1]; ++y)
        for (int x = 0; x < g.dims[0]; ++x) {
            const std::size_t i = std::size_t(y * g.dims[0] + x);
            const bool inFinal = final0.data()[i] != 0;
            const bool inProposal = inFinal != (x < 10 && y < 10);
            probability.data<std::uint8_t>()[i] = inProposal ? 200 : 30;
            finalCount += inFinal;
            proposalCount += inProposal;
            both += inFinal && inProposal;
        }
    QVERIFY(finalCount > 0);
    const double expectedDice = 2.0 * double(both) / double(finalCount + proposalCount);
    QVERIFY(expectedDice < 0.999);
    c0.proposals.push_back({"tgc-demo-tiny",
                            0.5,
                            "r",
                            "",
                            QDateTime::currentDateTimeUtc(),
                            true,
                            {},
                            {{3, 4, 0, true}, {5, 6, 0, false}, {7, 8, 0, true}},
                            3});
    c0.proposals.push_back(
        {"other-model", 0.5, "r", "", QDateTime::currentDateTimeUtc(), false, {}, {}, {}});
    writePng(probability, p.proposalPath(c0, "tgc-demo-tiny"));
    writePng(probability, p.proposalPath(c0, "other-model"));
    p.findCase(added[1])->proposals.push_back(
        {"gone-model", 0.5, "r", "", QDateTime::currentDateTimeUtc(), true, {}, {}, {}});
    p.save();

    const ExportResult r = exportDataset(p, optionsFor(ExportFormat::Qata, tmp.filePath("out")));
    const QJsonObject m = readJson(tmp.filePath("out/manifest.json"));
    QCOMPARE(m.value("format").toString(), QStringLiteral("tgc-export-manifest"));
    QVERIFY(!m.value("tool_version").toString().isEmpty());
    QVERIFY(QDateTime::fromString(m.value("created").toString(), Qt::ISODate).isValid());
    QCOMPARE(m.value("source_project").toObject().value("path").toString(), p.root());
    // Every file but the manifest, each with its checksum.
    auto files = snapshot(tmp.filePath("out"));
    files.erase("manifest.json");
    const QJsonArray listed = m.value("files").toArray();
    QCOMPARE(std::size_t(listed.size()), files.size());
    QCOMPARE(r.files, int(files.size()) + 1);
    for (const auto& value : listed) {
        const QJsonObject f = value.toObject();
        const auto found = files.find(f.value("path").toString());
        QVERIFY2(found != files.end(), qPrintable(f.value("path").toString()));
        QCOMPARE(f.value("sha256").toString().toLatin1(), found->second);
    }
    // Cases: split, status, annotator, provenance.
    QStringList inSplits;
    for (const char* s : {"train", "val", "test"})
        for (const auto& v : m.value("splits").toObject().value(s).toArray())
            inSplits << v.toString();
    inSplits.sort();
    QStringList exported = r.exported;
    exported.sort();
    QCOMPARE(inSplits, exported);
    bool sawCorrected = false, sawMissing = false;
    for (const auto& value : m.value("cases").toArray()) {
        const QJsonObject c = value.toObject();
        QCOMPARE(c.value("status").toString(), QStringLiteral("reviewed"));
        QCOMPARE(c.value("annotator").toString(), QStringLiteral("alice"));
        const QJsonArray prov = c.value("provenance").toArray();
        if (c.value("case").toString() == added[0]) {
            QCOMPARE(c.value("mask_origin").toString(), QStringLiteral("model-assisted"));
            QCOMPARE(prov.size(), 2);
            const QJsonObject accepted = prov[0].toObject();
            QCOMPARE(accepted.value("model").toString(), QStringLiteral("tgc-demo-tiny"));
            QCOMPARE(accepted.value("clicks").toInt(), 3);
            QCOMPARE(accepted.value("accepted_clicks").toInt(), 3);
            QCOMPARE(prov[1].toObject().value("clicks").toInt(-1), 0);
            QVERIFY(!prov[1].toObject().contains("accepted_clicks"));
            QVERIFY(std::abs(accepted.value("dice_vs_final").toDouble() - expectedDice) < 1e-5);
            QVERIFY(!prov[1].toObject().contains("dice_vs_final")); // not accepted
            sawCorrected = true;
        } else if (c.value("case").toString() == added[1]) {
            QCOMPARE(prov[0].toObject().value("proposal_file").toString(),
                     QStringLiteral("missing"));
            QVERIFY(!prov[0].toObject().contains("dice_vs_final"));
            sawMissing = true;
        } else {
            QCOMPARE(c.value("mask_origin").toString(), QStringLiteral("manual"));
        }
    }
    QVERIFY(sawCorrected && sawMissing);
}

void TestExport::folderRulesCancelAndNothingOutside() {
    QTemporaryDir tmp;
    writePhantoms(tmp.filePath("cxr"), PhantomKind::Cxr, 4, 31, 64);
    Project p = Project::create(tmp.filePath("proj"));
    importInto(p, {tmp.filePath("cxr")});
    const auto before = snapshot(tmp.path());

    // A non-empty folder is refused and left as it was.
    QDir().mkpath(tmp.filePath("busy"));
    QFile keep(tmp.filePath("busy/keep.txt"));
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("mine");
    keep.close();
    ExportOptions o = optionsFor(ExportFormat::Qata, tmp.filePath("busy"));
    try {
        exportDataset(p, o);
        QFAIL("a non-empty folder was accepted");
    } catch (const IoError& e) {
        QVERIFY(e.message().contains("not empty"));
        QVERIFY(e.path().endsWith("busy"));
    }
    QCOMPARE(QDir(tmp.filePath("busy"))
                 .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{"keep.txt"});
    // With overwrite it goes ahead and leaves foreign entries alone.
    o.overwrite = true;
    QCOMPARE(exportDataset(p, o).exported.size(), 4);
    QVERIFY(QFileInfo::exists(tmp.filePath("busy/keep.txt")));
    QVERIFY(QFileInfo::exists(tmp.filePath("busy/manifest.json")));
    QVERIFY(!QFileInfo::exists(tmp.filePath("busy/.tgc-export-partial")));

    // Cancelled after two cases: nothing is left, not even the folder it made.
    o = optionsFor(ExportFormat::Qata, tmp.filePath("cancelled"));
    int calls = 0;
    o.progress = [&calls](int done, int, const QString&) {
        ++calls;
        return done < 2;
    };
    const ExportResult cancelled = exportDataset(p, o);
    QVERIFY(cancelled.cancelled);
    QCOMPARE(calls, 3);
    QVERIFY(!QFileInfo::exists(tmp.filePath("cancelled")));
    // ...and a folder that existed stays, empty.
    QDir().mkpath(tmp.filePath("empty"));
    o.outDir = tmp.filePath("empty");
    calls = 0;
    QVERIFY(exportDataset(p, o).cancelled);
    QVERIFY(QDir(tmp.filePath("empty"))
                .isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));

    // What a crashed export left (its staging folder) is not a dataset: replaced.
    QDir().mkpath(tmp.filePath("crashed/.tgc-export-partial/images"));
    QFile stale(tmp.filePath("crashed/.tgc-export-partial/images/old.png"));
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.close();
    QCOMPARE(
        exportDataset(p, optionsFor(ExportFormat::Qata, tmp.filePath("crashed"))).exported.size(),
        4);
    QVERIFY(!QFileInfo::exists(tmp.filePath("crashed/images/old.png")));
    QVERIFY(!QFileInfo::exists(tmp.filePath("crashed/.tgc-export-partial")));

    // Inside the project folder: refused.
    try {
        exportDataset(p, optionsFor(ExportFormat::Qata, p.root() + "/export"));
        QFAIL("an export inside the project was accepted");
    } catch (const IoError& e) {
        QVERIFY(e.message().contains("inside the project"));
    }
    QVERIFY(!QFileInfo::exists(p.root() + "/export"));

    // A finished export adds files under its folder and nowhere else.
    exportDataset(p, optionsFor(ExportFormat::Nnunet, tmp.filePath("nn")));
    auto after = snapshot(tmp.path());
    for (const auto& [path, hash] : after) {
        if (path.startsWith("busy/") || path.startsWith("nn/") || path.startsWith("crashed/"))
            continue;
        const auto found = before.find(path);
        QVERIFY2(found != before.end(), qPrintable("written outside the export: " + path));
        QCOMPARE(hash, found->second);
    }
}

void TestExport::nnunetKeepsLabelsAndGeometry() {
    QTemporaryDir tmp;
    // Oblique volumes with their own spacing and origin; labels 1 and 3 (a
    // gap nnU-Net does not allow) become 1 and 2.
    Project p = Project::create(tmp.filePath("proj"));
    p.labels = {Label{1, "lesion", {255, 0, 0}, true}, Label{3, "liver", {0, 255, 0}, true}};
    for (int n = 0; n < 6; ++n) {
        VolumeGeometry g;
        g.dims = {20, 16, 6};
        g.spacing = {0.7, 0.9, 2.5};
        g.origin = {10.0 + n, -20.0, 35.5};
        const double c = std::cos(0.5), s = std::sin(0.5);
        g.direction = {c, s, 0, -s, c, 0, 0, 0, 1};
        ImageVolume image(VoxelType::Int16, 1, g);
        image.modality = "CT";
        for (std::size_t i = 0; i < g.voxelCount(); ++i)
            image.data<std::int16_t>()[i] = std::int16_t(int(i * 13 % 1500) - 1000 + n);
        writeNifti(image, tmp.filePath(QStringLiteral("src/vol%1.nii.gz").arg(n)));
    }
    const QStringList added = importInto(p, {tmp.filePath("src")});
    QCOMPARE(added.size(), 6);
    for (const QString& id : added) {
        const CaseRecord& c = caseNamed(p, id);
        LabelMap mask(readCaseSources(c.sources).geometry());
        for (std::size_t i = 0; i < mask.geometry().voxelCount(); ++i)
            mask.data()[i] = i % 7 == 0 ? 1 : i % 5 == 0 ? 3 : 0;
        writeNifti(mask, p.maskPath(c));
    }
    ExportOptions o = optionsFor(ExportFormat::Nnunet, tmp.filePath("out"));
    o.split = {0.5, 0, 0.5};
    o.datasetName = "Phantom Abdomen!";
    o.nnunetDatasetId = 42;
    const ExportResult r = exportDataset(p, o);
    QCOMPARE(r.exported.size(), 6);
    const QString root = tmp.filePath("out/Dataset042_PhantomAbdomen");
    const QJsonObject dataset = readJson(root + "/dataset.json");
    QCOMPARE(dataset.value("file_ending").toString(), QStringLiteral(".nii.gz"));
    QCOMPARE(dataset.value("channel_names").toObject().value("0").toString(), QStringLiteral("CT"));
    const QJsonObject labels = dataset.value("labels").toObject();
    QCOMPARE(labels.size(), 3);
    QCOMPARE(labels.value("background").toInt(-1), 0);
    QCOMPARE(labels.value("lesion").toInt(), 1);
    QCOMPARE(labels.value("liver").toInt(), 2);
    const QJsonObject manifest = readJson(tmp.filePath("out/manifest.json"));
    int training = 0, testing = 0;
    for (const auto& value : manifest.value("cases").toArray()) {
        const QJsonObject c = value.toObject();
        const QString id = c.value("case").toString();
        const bool test = c.value("split").toString() == "test";
        (test ? testing : training)++;
        const QString image = root + (test ? "/imagesTs/" : "/imagesTr/") + id + "_0000.nii.gz";
        const QString label = root + (test ? "/labelsTs/" : "/labelsTr/") + id + ".nii.gz";
        const LabelMap original = readLabelMap(p.maskPath(caseNamed(p, id)));
        const LabelMap back = readLabelMap(label);
        QVERIFY(back.geometry().sameGrid(original.geometry()));
        for (std::size_t i = 0; i < original.geometry().voxelCount(); ++i) {
            const int expected = original.data()[i] == 3 ? 2 : original.data()[i];
            if (back.data()[i] != expected)
                QFAIL(qPrintable(QStringLiteral("%1 voxel %2: %3, expected %4")
                                     .arg(label)
                                     .arg(i)
                                     .arg(back.data()[i])
                                     .arg(expected)));
        }
        const ImageVolume source = readCaseSources(caseNamed(p, id).sources);
        const ImageVolume exported = readImage(image);
        QVERIFY(exported.geometry().sameGrid(source.geometry()));
        QCOMPARE(exported.voxelType(), source.voxelType());
        QVERIFY(std::equal(source.bytes(), source.bytes() + source.byteSize(), exported.bytes()));
    }
    QVERIFY(training > 0 && testing > 0);
    QCOMPARE(dataset.value("numTraining").toInt(), training);
    const QJsonArray folds = QJsonDocument::fromJson([&] {
                                 QFile f(root + "/splits_final.json");
                                 f.open(QIODevice::ReadOnly);
                                 return f.readAll();
                             }())
                                 .array();
    QCOMPARE(folds.size(), 1);
    QCOMPARE(folds[0].toObject().value("train").toArray().size(), training);
}

void TestExport::qataSliceNameTakenIsSkipped() {
    // Volume "v" becomes v_0000..v_0003.png, which meets the 2D case "v_0001".
    QTemporaryDir tmp;
    VolumeGeometry g;
    g.dims = {8, 8, 4};
    ImageVolume volume(VoxelType::UInt8, 1, g);
    writeNifti(volume, tmp.filePath("src/v.nii.gz"));
    g.dims[2] = 1;
    ImageVolume flat(VoxelType::UInt8, 1, g);
    flat.data<std::uint8_t>()[3] = 9; // other bytes than a volume slice
    writePng(flat, tmp.filePath("src/v_0001.png"));
    Project p = Project::create(tmp.filePath("proj"));
    const QStringList added = importInto(p, {tmp.filePath("src")});
    QCOMPARE(added, (QStringList{"v", "v_0001"}));
    for (const QString& id : added) {
        const CaseRecord& c = caseNamed(p, id);
        LabelMap mask(readCaseSources(c.sources).geometry());
        std::fill_n(mask.data(), mask.geometry().voxelCount(), std::uint8_t(1));
        if (c.volume)
            writeNifti(mask, p.maskPath(c));
        else
            writePng(mask, p.maskPath(c));
    }
    const ExportResult r = exportDataset(p, optionsFor(ExportFormat::Qata, tmp.filePath("out")));
    QCOMPARE(r.exported, QStringList{"v"});
    QCOMPARE(int(r.skipped.size()), 1);
    QCOMPARE(r.skipped[0].caseId, QStringLiteral("v_0001"));
    QVERIFY(r.skipped[0].reason.contains("v_0001.png is taken"));
    QCOMPARE(int(QataDataset::read(tmp.filePath("out")).rows().size()), 4);
}

void TestExport::qataSplitFoldersHoldEachSplitApart() {
    QTemporaryDir tmp;
    writePhantoms(tmp.filePath("cxr"), PhantomKind::Cxr, 10, 51, 48);
    Project p = Project::create(tmp.filePath("proj"));
    QCOMPARE(importInto(p, {tmp.filePath("cxr")}).size(), 10);
    ExportOptions o = optionsFor(ExportFormat::Qata, tmp.filePath("out"));
    o.qataSplitFolders = true;
    o.split = {0.6, 0.2, 0.2};
    const ExportResult r = exportDataset(p, o);
    // "No infection." phantoms have no mask: listed and skipped.
    QCOMPARE(r.exported.size() + int(r.skipped.size()), 10);
    QVERIFY(r.exported.size() >= 5);
    QVERIFY(!QFileInfo::exists(tmp.filePath("out/text.csv")));
    const QJsonObject splits =
        readJson(tmp.filePath("out/manifest.json")).value("splits").toObject();
    int rows = 0;
    for (const QString split : {"train", "val", "test"}) {
        // Each folder is a qata dataset holding exactly its split's cases.
        const QataDataset d = QataDataset::read(tmp.filePath("out/" + split));
        QStringList inFolder, inManifest;
        for (const QataRow& row : d.rows())
            inFolder << row.image.chopped(4);
        for (const auto& v : splits.value(split).toArray())
            inManifest << v.toString();
        inFolder.sort();
        inManifest.sort();
        QVERIFY(!inFolder.isEmpty());
        QCOMPARE(inFolder, inManifest);
        rows += int(d.rows().size());
    }
    QCOMPARE(rows, int(r.exported.size()));
}

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"

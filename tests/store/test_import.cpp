// Importing into a project: every source kind with bad files mixed in,
// duplicates by content, progress and cancel, sources left untouched, and
// nothing written outside the project folder.
#include "file_hash.h"
#include "image_writer.h"
#include "io_error.h"
#include "label_io.h"
#include "phantom/phantom_dataset.h"
#include "store/case_sources.h"
#include "store/importer.h"
#include "store/project.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <map>

using namespace tgc;

namespace {

void writeText(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

ImageVolume greyImage(int w, int h, int z, int seed) {
    VolumeGeometry g;
    g.dims = {w, h, z};
    ImageVolume image(VoxelType::UInt8, 1, g);
    for (std::size_t n = 0; n < g.voxelCount(); ++n)
        image.data<std::uint8_t>()[n] = std::uint8_t((n * 7 + std::size_t(seed) * 31) % 251);
    return image;
}

ImageVolume binaryMask(int w, int h, int x0, int x1) {
    VolumeGeometry g;
    g.dims = {w, h, 1};
    ImageVolume mask(VoxelType::UInt8, 1, g);
    for (int y = 0; y < h; ++y)
        for (int x = x0; x < x1; ++x)
            mask.data<std::uint8_t>()[y * w + x] = 255;
    return mask;
}

// Path -> SHA-256 of every file under dir (to prove sources are not rewritten
// and that nothing new appears outside the project).
std::map<QString, QByteArray> snapshot(const QString& dir, const QString& except) {
    std::map<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!except.isEmpty() && path.startsWith(except))
            continue;
        QFile f(path);
        files[path] = f.open(QIODevice::ReadOnly)
                          ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                          : QByteArray("unreadable");
    }
    return files;
}

bool skippedNames(const ImportResult& r, const QString& fragment) {
    for (const ImportIssue& s : r.skipped)
        if ((s.path + ": " + s.reason).contains(fragment))
            return true;
    return false;
}

QString skippedText(const ImportResult& r) {
    QStringList lines;
    for (const ImportIssue& s : r.skipped)
        lines << s.path + ": " + s.reason;
    return lines.join('\n');
}

} // namespace

class TestImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filesAndFoldersWithBadFilesMixedIn();
    void qataFolderBringsReportsAndMasks();
    void csvListWithUnsafeIdsStaysInside();
    void projectInsideTheSourceIsNotImported();
    void duplicatesAreDetectedByContent();
    void contentHashIsSha256OfTheFilesInOrder();
    void progressAndCancel();
    void formatOneProjectIsUpgraded();
    void phantomLabelsKeepTheirNamesAcrossCases();
};

void TestImport::filesAndFoldersWithBadFilesMixedIn() {
    QTemporaryDir tmp;
    const QString src = tmp.filePath("src");
    writePng(greyImage(32, 24, 1, 1), src + "/a.png");
    writePng(greyImage(32, 24, 1, 2), src + "/sub/b.png");
    writeNifti(greyImage(16, 16, 5, 3), src + "/vol.nii.gz");
    VolumeGeometry g;
    g.dims = {20, 20, 4};
    ImageVolume ct(VoxelType::Int16, 1, g);
    for (std::size_t n = 0; n < g.voxelCount(); ++n)
        ct.data<std::int16_t>()[n] = std::int16_t(n % 900) - 400;
    ct.modality = "CT";
    writeDicomSeries(ct, src + "/series");
    writeText(src + "/notes.bin", "this is not an image");
    writeText(src + "/broken.png", "\x89PNG\r\n\x1a\n truncated");
    writeText(src + "/empty.nii", "");
    QTemporaryDir outside;
    writePng(greyImage(8, 8, 1, 9), outside.filePath("elsewhere.png"));
    QVERIFY(QFile::link(outside.filePath("elsewhere.png"), src + "/link.png"));
    const auto before = snapshot(tmp.path(), {});

    Project p = Project::create(tmp.filePath("proj"));
    const ImportResult r = importSources(p, {src, tmp.filePath("missing.png")});
    p.save();
    QCOMPARE(r.added.size(), 4); // a, b, vol, the series
    QVERIFY2(skippedNames(r, "notes.bin: not an image file"), qPrintable(skippedText(r)));
    QVERIFY2(skippedNames(r, "broken.png"), qPrintable(skippedText(r)));
    QVERIFY2(skippedNames(r, "empty.nii: empty file"), qPrintable(skippedText(r)));
    QVERIFY2(skippedNames(r, "link.png: a symbolic link"), qPrintable(skippedText(r)));
    QVERIFY2(skippedNames(r, "missing.png: no such file"), qPrintable(skippedText(r)));

    const Project q = Project::open(tmp.filePath("proj"));
    QCOMPARE(int(q.cases().size()), 4);
    const CaseRecord* vol = q.findCase("vol");
    QVERIFY(vol);
    QCOMPARE(vol->sourceKind, QString("nifti"));
    QCOMPARE(vol->dims, (std::array<int, 3>{16, 16, 5}));
    QVERIFY(vol->volume);
    QCOMPARE(vol->contentHash.size(), 64);
    const CaseRecord* series = q.findCase("series");
    QVERIFY(series);
    QCOMPARE(series->sourceKind, QString("dicom-series"));
    QCOMPARE(series->sources.size(), 4);
    QCOMPARE(series->modality, QString("CT"));
    QCOMPARE(readCaseSources(series->sources).dims(), (std::array<int, 3>{20, 20, 4}));
    // Sources unchanged, and nothing written anywhere but the project.
    QVERIFY(snapshot(tmp.path(), tmp.filePath("proj")) == before);
}

void TestImport::qataFolderBringsReportsAndMasks() {
    QTemporaryDir tmp;
    const QString q = tmp.filePath("qata");
    writePng(greyImage(40, 30, 1, 1), q + "/images/c1.png");
    writePng(greyImage(40, 30, 1, 2), q + "/images/c2.png");
    writePng(greyImage(40, 30, 1, 3), q + "/images/c3.png");
    writePng(binaryMask(40, 30, 5, 15), q + "/masks/c1.png");
    writePng(binaryMask(40, 30, 20, 30), q + "/masks/c1_b.png");
    writePng(binaryMask(20, 20, 0, 5), q + "/masks/c2.png"); // wrong size: case without it
    writeText(q + "/text.csv", "Image,Description,Aux,Mask\n"
                               "c1.png,\"Left lung, lower zone\",opacity,c1.png\n"
                               "c1.png,Right upper zone,,c1_b.png\n"
                               "c2.png,Clear,,c2.png\n"
                               "c3.png,No mask yet,,c3.png\n"
                               "gone.png,Missing image,,gone.png\n");
    Project p = Project::create(tmp.filePath("proj"));
    ImportOptions options;
    options.status = CaseStatus::InProgress;
    options.annotator = "Dr A";
    const ImportResult r = importSources(p, {q}, options);
    p.save();
    QCOMPARE(r.added, (QStringList{"c1", "c2", "c3"}));
    QVERIFY2(skippedNames(r, "text.csv:6: image"), qPrintable(skippedText(r)));
    QVERIFY2(skippedNames(r, "c2.png: the mask is 20x20x1 voxels"), qPrintable(skippedText(r)));

    const Project opened = Project::open(tmp.filePath("proj"));
    const CaseRecord* c1 = opened.findCase("c1");
    QCOMPARE(c1->report, QString("Left lung, lower zone\n\nRight upper zone"));
    QCOMPARE(c1->aux, QString("opacity"));
    QCOMPARE(c1->auxSource, AuxSource::Typed);
    QCOMPARE(c1->status, CaseStatus::InProgress);
    QCOMPARE(c1->annotator, QString("Dr A"));
    const LabelMap mask = readLabelMap(opened.maskPath(*c1));
    QCOMPARE(int(mask.at(10, 3, 0)), 1); // first row's mask: label 1
    QCOMPARE(int(mask.at(25, 3, 0)), 2); // second row's: label 2
    QCOMPARE(int(mask.at(17, 3, 0)), 0);
    QVERIFY(!QFile::exists(opened.maskPath(*opened.findCase("c2"))));
    QVERIFY(!QFile::exists(opened.maskPath(*opened.findCase("c3"))));
    bool hasLabel2 = false;
    for (const Label& l : opened.labels)
        hasLabel2 = hasLabel2 || l.id == 2;
    QVERIFY(hasLabel2);
}

// A label means one thing in the whole project: the 2D slices' per-organ
// layers and the volumes' label-id maps meet on the organ names, and a qata
// CT slice (16-bit, HU + 1024) arrives as CT.
void TestImport::phantomLabelsKeepTheirNamesAcrossCases() {
    QTemporaryDir tmp;
    PhantomRunOptions ct;
    ct.kind = PhantomKind::Ct;
    ct.count = 3;
    ct.size = 96;
    ct.seed = 5;
    ct.outDir = tmp.filePath("ct");
    writePhantomDataset(ct);
    PhantomRunOptions ct3d = ct;
    ct3d.kind = PhantomKind::Ct3d;
    ct3d.count = 1;
    ct3d.volumeDims = std::array<int, 3>{48, 48, 12};
    ct3d.outDir = tmp.filePath("ct3d");
    writePhantomDataset(ct3d);

    Project p = Project::create(tmp.filePath("proj"));
    const ImportResult r = importSources(p, {ct.outDir, ct3d.outDir}, {});
    QVERIFY2(r.skipped.empty(), qPrintable(skippedText(r)));
    QCOMPARE(int(r.added.size()), 4);
    std::map<QString, int> idOf;
    for (const Label& l : p.labels) {
        QVERIFY2(!l.name.startsWith("label "), qPrintable(l.name));
        QVERIFY2(!idOf.count(l.name), qPrintable(l.name + " twice"));
        idOf[l.name] = l.id;
    }
    QVERIFY(idOf.count("liver") && idOf.count("spleen") && idOf.count("aorta"));
    // Each source's liver mask lands on the project's liver id, in every case.
    for (const CaseRecord& c : p.cases()) {
        const LabelMap mask = readLabelMap(p.maskPath(c));
        const QString liverFile = c.volume ? ct3d.outDir + "/masks/" + c.id + "_liver.nii.gz"
                                           : ct.outDir + "/masks/" + c.id + "_liver.png";
        const ImageVolume liver = readImage(liverFile);
        std::size_t inLiver = 0, agree = 0;
        for (int z = 0; z < mask.dims()[2]; ++z)
            for (int y = 0; y < mask.dims()[1]; ++y)
                for (int x = 0; x < mask.dims()[0]; ++x) {
                    if (liver.valueAt(x, y, z) == 0)
                        continue;
                    ++inLiver;
                    agree += mask.at(x, y, z) == idOf["liver"];
                }
        QVERIFY2(inLiver > 0, qPrintable(c.id));
        QVERIFY2(agree > inLiver * 9 / 10, qPrintable(c.id)); // other organs may overlap an edge
        QCOMPARE(c.modality, QString("CT"));
    }
}

void TestImport::csvListWithUnsafeIdsStaysInside() {
    QTemporaryDir tmp;
    writePng(greyImage(16, 16, 1, 1), tmp.filePath("imgs/one.png"));
    writePng(greyImage(16, 16, 1, 2), tmp.filePath("imgs/two.png"));
    writePng(binaryMask(16, 16, 2, 6), tmp.filePath("imgs/two_mask.png"));
    writeText(tmp.filePath("list.csv"), "path,report,id,mask\n"
                                        "imgs/one.png,First report,../../escaped,\n"
                                        "imgs/two.png,Second report,/etc/evil,imgs/two_mask.png\n"
                                        "imgs/none.png,Nothing here,x,\n"
                                        "list.csv,Itself,y,\n");
    const auto before = snapshot(tmp.path(), {});
    Project p = Project::create(tmp.filePath("proj"));
    const ImportResult r = importSources(p, {tmp.filePath("list.csv")});
    p.save();
    QCOMPARE(r.added.size(), 2);
    QVERIFY2(skippedNames(r, "list.csv:4: no such file"), qPrintable(skippedText(r)));
    QVERIFY2(skippedNames(r, "case list inside a case list"), qPrintable(skippedText(r)));
    for (const CaseRecord& c : p.cases()) {
        QVERIFY(!c.id.contains('/'));
        QVERIFY(p.maskPath(c).startsWith(p.root() + "/cases/"));
    }
    const CaseRecord& second = p.cases()[1];
    QCOMPARE(second.report, QString("Second report"));
    QCOMPARE(int(readLabelMap(p.maskPath(second)).at(3, 3, 0)), 1);
    QVERIFY(snapshot(tmp.path(), tmp.filePath("proj")) == before);
}

void TestImport::projectInsideTheSourceIsNotImported() {
    QTemporaryDir tmp;
    writePng(greyImage(16, 16, 1, 7), tmp.filePath("a.png"));
    Project p = Project::create(tmp.filePath("proj"));
    QVERIFY(QDir().mkpath(p.root() + "/cases/x"));
    writePng(greyImage(16, 16, 1, 8), p.root() + "/cases/x/mask.png");
    const ImportResult r = importSources(p, {tmp.path()});
    QCOMPARE(r.added, QStringList{"a"});
    const ImportResult self = importSources(p, {p.root() + "/cases/x/mask.png"});
    QVERIFY(self.added.isEmpty());
    QVERIFY2(skippedNames(self, "inside the project folder"), qPrintable(skippedText(self)));
}

// The content hash is SHA-256 over the files one after another, whichever
// library computes it: projects saved earlier keep matching their duplicates.
void TestImport::contentHashIsSha256OfTheFilesInOrder() {
    QTemporaryDir dir;
    QByteArray a(3 << 20, '\0'), b = "second file";
    for (int i = 0; i < a.size(); ++i)
        a[i] = char((i * 7919) >> 3);
    writeText(dir.filePath("a.bin"), a);
    writeText(dir.filePath("b.bin"), b);
    const QStringList both{dir.filePath("a.bin"), dir.filePath("b.bin")};
    QCOMPARE(
        sha256OfFiles(both),
        QString::fromLatin1(QCryptographicHash::hash(a + b, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(sha256OfFiles({}),
             QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QVERIFY(sha256OfFiles(both) != sha256OfFiles({both[1], both[0]}));
    try {
        sha256OfFiles({dir.filePath("a.bin"), dir.filePath("gone.bin")});
        QFAIL("a missing file was hashed");
    } catch (const IoError& e) {
        QVERIFY2(e.path().endsWith("gone.bin"), qPrintable(e.path()));
    }
}

void TestImport::duplicatesAreDetectedByContent() {
    QTemporaryDir tmp;
    writePng(greyImage(16, 16, 1, 5), tmp.filePath("a.png"));
    QVERIFY(QFile::copy(tmp.filePath("a.png"), tmp.filePath("copy_of_a.png")));
    Project p = Project::create(tmp.filePath("proj"));
    ImportResult r = importSources(p, {tmp.filePath("a.png"), tmp.filePath("copy_of_a.png")});
    QCOMPARE(r.added, QStringList{"a"});
    QCOMPARE(int(r.duplicates.size()), 1);
    QCOMPARE(r.duplicates[0].existingId, QString("a"));
    // Again later: everything is already there.
    r = importSources(p, {tmp.filePath("a.png")});
    QVERIFY(r.added.isEmpty());
    QCOMPARE(int(r.duplicates.size()), 1);
    QCOMPARE(int(p.cases().size()), 1);
}

void TestImport::progressAndCancel() {
    QTemporaryDir tmp;
    for (int i = 0; i < 5; ++i)
        writePng(greyImage(16, 16, 1, i), tmp.filePath(QString("src/%1.png").arg(i)));
    Project p = Project::create(tmp.filePath("proj"));
    ImportOptions options;
    QList<int> seen;
    options.progress = [&seen](int done, int total, const QString&) {
        seen << done;
        return !(done == 2 && total == 5);
    };
    const ImportResult r = importSources(p, {tmp.filePath("src")}, options);
    QVERIFY(r.cancelled);
    QCOMPARE(r.added.size(), 2);
    QCOMPARE(seen, (QList<int>{0, 1, 2}));
    QCOMPARE(r.toJson().value("cancelled").toBool(), true);
}

void TestImport::formatOneProjectIsUpgraded() {
    QTemporaryDir tmp;
    writeText(tmp.filePath("project.json"), R"({"format": "tgc-annotator-project",
        "format_version": 1, "name": "old", "labels": [],
        "cases": [{"id": "ct", "sources": ["/data/ct.nii.gz"], "status": "done"}]})");
    Project p = Project::open(tmp.path());
    QCOMPARE(p.loadedFormatVersion(), 1);
    QCOMPARE(p.cases()[0].sourceKind, QString("nifti"));
    QCOMPARE(p.cases()[0].status, CaseStatus::Done);
    p.save();
    QVERIFY(QFile::exists(tmp.filePath("project.v1.json"))); // the old file is kept
    QCOMPARE(Project::open(tmp.path()).loadedFormatVersion(), Project::kFormatVersion);
}

QTEST_GUILESS_MAIN(TestImport)
#include "test_import.moc"

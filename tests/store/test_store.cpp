// The project folder contract (DESIGN.md §3): round trip, version refusal,
// and that nothing in a manifest can make the project write outside its folder.
#include "export/export_options.h"
#include "io_error.h"
#include "store/project.h"
#include "store/safe_path.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tgc;

namespace {

void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QJsonObject readManifest(const QString& folder) {
    QFile f(folder + "/project.json");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeManifest(const QString& folder, const QJsonObject& o) {
    writeText(folder + "/project.json", QJsonDocument(o).toJson());
}

// Opening must fail with an IoError whose message contains every fragment.
void expectOpenFails(const QString& folder, const QStringList& fragments) {
    try {
        Project::open(folder);
        QFAIL("open() accepted a manifest it should refuse");
    } catch (const IoError& e) {
        for (const QString& f : fragments)
            QVERIFY2(e.message().contains(f), qPrintable(e.message()));
    }
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsEveryField();
    void createRefusesNonEmptyFolder();
    void newerFormatVersionIsRefused();
    void unsafeCaseIdsInManifestAreRefused();
    void caseIdsAreMadeSafeAndUnique();
    void pathsStayInsideTheProject();
    void symlinkedCaseFolderIsRefused();
    void failedSaveLeavesManifestIntact();
    void saveAsCopiesCaseFiles();
    void unsavedProjectWritesNothing();
    void enumNamesReadBackBothWays();
};

void TestStore::roundTripKeepsEveryField() {
    QTemporaryDir tmp;
    const QString folder = tmp.filePath("p");
    Project p = Project::create(folder, "Chest study");
    p.labels = {Label{1, "infection", {255, 0, 0}, true}, Label{7, "spleen", {0, 128, 255}, false}};
    CaseRecord c;
    c.id = "cxr_0001";
    c.sources = {"/data/cxr/0001.png"};
    c.modality = "CR";
    c.patientId = "P17";
    c.contentHash = "abc123";
    c.report = "Bilateral pulmonary infection, two infected areas, upper left lung.";
    c.aux = "Opacities in the upper zone";
    c.auxSource = AuxSource::KnowledgeBase;
    c.status = CaseStatus::Reviewed;
    c.annotator = "Dr A";
    c.reviewer = "Dr B";
    c.notes = "checked twice, \"quotes\" and ünïcode";
    c.volume = false;
    ProposalRecord pr;
    pr.modelId = "demo-tiny";
    pr.threshold = 0.35;
    pr.report = c.report;
    pr.accepted = true;
    pr.acceptedDice = 0.91;
    pr.clicks = {{12, 34, 0, true}, {40, 41, 0, false}};
    pr.acceptedClicks = 2;
    pr.created = QDateTime::fromString("2026-11-29T10:00:00.000Z", Qt::ISODateWithMs);
    c.proposals.push_back(pr);
    p.addCase(c);
    p.save();

    const Project q = Project::open(folder);
    QCOMPARE(q.name, QString("Chest study"));
    QCOMPARE(int(q.labels.size()), 2);
    QCOMPARE(int(q.labels[1].id), 7);
    QCOMPARE(q.labels[1].colour[2], std::uint8_t(255));
    QCOMPARE(q.labels[1].visible, false);
    QCOMPARE(int(q.cases().size()), 1);
    const CaseRecord& r = q.cases()[0];
    QCOMPARE(r.id, c.id);
    QCOMPARE(r.sources, c.sources);
    QCOMPARE(r.patientId, c.patientId);
    QCOMPARE(r.report, c.report);
    QCOMPARE(r.aux, c.aux);
    QCOMPARE(r.auxSource, AuxSource::KnowledgeBase);
    QCOMPARE(r.status, CaseStatus::Reviewed);
    QCOMPARE(r.reviewer, c.reviewer);
    QCOMPARE(r.notes, c.notes);
    QVERIFY(r.created.isValid());
    QCOMPARE(int(r.proposals.size()), 1);
    QCOMPARE(r.proposals[0].modelId, QString("demo-tiny"));
    QCOMPARE(r.proposals[0].threshold, 0.35);
    QVERIFY(r.proposals[0].accepted);
    QCOMPARE(*r.proposals[0].acceptedDice, 0.91);
    QCOMPARE(r.proposals[0].clicks, pr.clicks);
    QCOMPARE(r.proposals[0].acceptedClicks.value_or(-1), 2);
    QCOMPARE(r.proposals[0].created, pr.created);
    QCOMPARE(q.statusCounts().at(CaseStatus::Reviewed), 1);
    QCOMPARE(q.statusCounts().at(CaseStatus::New), 0);
}

void TestStore::createRefusesNonEmptyFolder() {
    QTemporaryDir tmp;
    writeText(tmp.filePath("someone_elses_file.txt"), "precious");
    try {
        Project::create(tmp.path());
        QFAIL("create() used a non-empty folder");
    } catch (const IoError& e) {
        QVERIFY(e.message().contains("not empty"));
    }
    QFile f(tmp.filePath("someone_elses_file.txt"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("precious"));
}

void TestStore::newerFormatVersionIsRefused() {
    QTemporaryDir tmp;
    Project::create(tmp.path()).save();
    QJsonObject m = readManifest(tmp.path());
    m["format_version"] = Project::kFormatVersion + 1;
    writeManifest(tmp.path(), m);
    const QByteArray before = QJsonDocument(m).toJson();
    expectOpenFails(tmp.path(), {"project.json", "newer",
                                 QString("format version %1").arg(Project::kFormatVersion + 1)});
    // Refusing must not rewrite the file.
    QFile f(tmp.filePath("project.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);

    writeText(tmp.filePath("project.json"), "{ this is not json");
    expectOpenFails(tmp.path(), {"project.json", "not valid JSON"});
    QTemporaryDir empty;
    expectOpenFails(empty.path(), {"not a TGC Annotator project"});
}

void TestStore::unsafeCaseIdsInManifestAreRefused() {
    for (const QString& bad : {QString("../escape"), QString("/etc/passwd"), QString("a/b"),
                               QString(".hidden"), QString(""), QString("..")}) {
        QTemporaryDir tmp;
        Project::create(tmp.path());
        QJsonObject m = readManifest(tmp.path());
        m["cases"] = QJsonArray{QJsonObject{{"id", bad}, {"status", "new"}}};
        writeManifest(tmp.path(), m);
        expectOpenFails(tmp.path(), {"project.json", "not a safe file name"});
    }
    QTemporaryDir tmp;
    Project::create(tmp.path());
    QJsonObject m = readManifest(tmp.path());
    m["cases"] = QJsonArray{QJsonObject{
        {"id", "ok"}, {"proposals", QJsonArray{QJsonObject{{"model", "../../model"}}}}}};
    writeManifest(tmp.path(), m);
    expectOpenFails(tmp.path(), {"model id"});
}

void TestStore::caseIdsAreMadeSafeAndUnique() {
    QTemporaryDir tmp;
    Project p = Project::create(tmp.filePath("p"));
    CaseRecord c;
    c.id = "../../etc/passwd";
    const QString first = p.addCase(c).id;
    const QString second = p.addCase(c).id;
    QVERIFY(isSafeFileName(first));
    QVERIFY(isSafeFileName(second));
    QVERIFY(first != second);
    QVERIFY(!first.contains('/'));
    QCOMPARE(toSafeFileName("Chest X-ray #12 (left).png"), QString("Chest_X-ray__12__left_.png"));
    QCOMPARE(toSafeFileName("..."), QString("case"));
}

void TestStore::unsavedProjectWritesNothing() {
    QTemporaryDir tmp;
    Project p = Project::unsaved("loose");
    QVERIFY(!p.isSaved());
    QVERIFY(p.root().isEmpty());
    CaseRecord c;
    c.id = "scan 1.png";
    c.sources = {"/data/scan 1.png"};
    QCOMPARE(p.addCase(c).id, QString("scan_1.png"));
    QCOMPARE(p.addCase(c).id, QString("scan_1.png_2"));
    QVERIFY_THROWS_EXCEPTION(IoError, p.save());
    QVERIFY_THROWS_EXCEPTION(IoError, p.saveAs(tmp.filePath("copy")));
    QVERIFY(!QFileInfo::exists(tmp.filePath("copy")));
    QVERIFY(Project::create(tmp.filePath("p")).isSaved());
}

void TestStore::pathsStayInsideTheProject() {
    QTemporaryDir tmp;
    const QString root = tmp.filePath("p");
    Project p = Project::create(root);
    CaseRecord c;
    c.id = "ct_01";
    c.volume = true;
    const CaseRecord& stored = p.addCase(c);
    QVERIFY(p.maskPath(stored).startsWith(p.root() + "/cases/ct_01/"));
    QVERIFY(p.maskPath(stored).endsWith("mask.nii.gz"));
    QVERIFY(p.proposalPath(stored, "demo").endsWith("cases/ct_01/proposals/demo.nii.gz"));
    QVERIFY_THROWS_EXCEPTION(IoError, p.proposalPath(stored, "../x"));
    QVERIFY_THROWS_EXCEPTION(IoError, p.caseFolder("../x"));
    QVERIFY_THROWS_EXCEPTION(IoError, resolveInside(root, "../outside.txt"));
    QVERIFY_THROWS_EXCEPTION(IoError, resolveInside(root, "cases/../../outside.txt"));
    QVERIFY_THROWS_EXCEPTION(IoError, resolveInside(root, "/tmp/absolute.txt"));
    QCOMPARE(resolveInside(root, "cases/./a/../b.txt"), p.root() + "/cases/b.txt");
}

void TestStore::symlinkedCaseFolderIsRefused() {
    QTemporaryDir tmp;
    QTemporaryDir outside;
    Project p = Project::create(tmp.filePath("p"));
    QVERIFY(QDir().mkpath(p.root() + "/cases"));
    QVERIFY(QFile::link(outside.path(), p.root() + "/cases/evil"));
    CaseRecord c;
    c.id = "evil";
    const CaseRecord& stored = p.addCase(c);
    try {
        p.maskPath(stored);
        QFAIL("a symlinked case folder was accepted");
    } catch (const IoError& e) {
        QVERIFY(e.message().contains("symbolic link"));
    }
}

void TestStore::failedSaveLeavesManifestIntact() {
    QTemporaryDir tmp;
    const QString root = tmp.filePath("p");
    Project p = Project::create(root, "before");
    p.save();
    QFile saved(p.manifestPath());
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray before = saved.readAll();
    saved.close();
    // Root ignores permission bits, so make the save fail another way: the
    // temporary file QSaveFile needs cannot be created inside a folder that
    // is replaced by a regular file.
    Project moved = p;
    moved.name = "after";
    QDir().rename(root, root + "_gone");
    writeText(root, "a file where the folder was");
    QVERIFY_THROWS_EXCEPTION(IoError, moved.save());
    QFile::remove(root);
    QDir().rename(root + "_gone", root);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), before);
}

void TestStore::saveAsCopiesCaseFiles() {
    QTemporaryDir tmp;
    Project p = Project::create(tmp.filePath("a"));
    CaseRecord c;
    c.id = "one";
    const CaseRecord& stored = p.addCase(c);
    QVERIFY(QDir().mkpath(p.caseFolder("one")));
    writeText(p.maskPath(stored), "mask bytes");
    p.save();
    p.saveAs(tmp.filePath("b"));
    QCOMPARE(p.root(), QDir(tmp.filePath("b")).absolutePath());
    const Project q = Project::open(tmp.filePath("b"));
    QCOMPARE(int(q.cases().size()), 1);
    QFile f(q.maskPath(q.cases()[0]));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("mask bytes"));
    QVERIFY(QFile::exists(tmp.filePath("a/project.json")));
    // Into its own folder it would copy itself forever: refused, nothing changed.
    QVERIFY_THROWS_EXCEPTION(IoError, p.saveAs(p.root() + "/cases/copy"));
    QCOMPARE(p.root(), QDir(tmp.filePath("b")).absolutePath());
    QVERIFY(!QFile::exists(p.root() + "/cases/copy"));
}

// Every name a manifest or the command line writes parses back
// to its value, and the names written on disk stay the ones older files use.
void TestStore::enumNamesReadBackBothWays() {
    const QStringList statuses{"new", "in_progress", "done", "reviewed"};
    for (const QString& name : statuses) {
        const auto status = caseStatusFromName(name);
        QVERIFY2(status, qPrintable(name));
        QCOMPARE(caseStatusName(*status), name);
    }
    QCOMPARE(caseStatusName(CaseStatus::InProgress), QStringLiteral("in_progress"));
    QVERIFY(!caseStatusFromName(QStringLiteral("In_Progress")));
    QVERIFY(!caseStatusFromName(QString()));
    for (const QString name : {"none", "typed", "knowledge-base", "llm"})
        QCOMPARE(auxSourceName(auxSourceFromName(name).value()), name);
    QCOMPARE(auxSourceFromName(QStringLiteral("knowledge-base")), AuxSource::KnowledgeBase);
    QVERIFY(!auxSourceFromName(QStringLiteral("kb")));
    for (const QString name : {"qata", "nnunet", "dicom-seg"})
        QCOMPARE(exportFormatName(exportFormatFromName(name).value()), name);
    QVERIFY(!exportFormatFromName(QStringLiteral("nifti")));
}

QTEST_GUILESS_MAIN(TestStore)
#include "test_store.moc"

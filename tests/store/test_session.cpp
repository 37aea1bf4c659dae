// A working session: edits reach the journal, a session that ended without
// saving is restored byte for byte, a refused save damages nothing, and a
// review needs a second name.
#include "edit/label_editor.h"
#include "image_writer.h"
#include "io_error.h"
#include "label_io.h"
#include "store/case_query.h"
#include "store/session.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <thread>
#include <unistd.h>

using namespace tgc;

namespace {

constexpr int kW = 150, kH = 100;

QString makeProject(const QString& folder) {
    Project p = Project::create(folder);
    CaseRecord c;
    c.id = "cxr";
    c.sources = {"/nowhere/cxr.png"};
    c.dims = {kW, kH, 1};
    p.addCase(c);
    p.save();
    return p.root();
}

std::shared_ptr<LabelMap> emptyMask() {
    VolumeGeometry g;
    g.dims = {kW, kH, 1};
    return std::make_shared<LabelMap>(g);
}

// Paints a square and journals it, the way a brush stroke does.
void paint(ProjectSession& s, LabelMap& mask, int x, int y, int size, std::uint8_t label) {
    LabelEditor editor(mask);
    editor.apply(Footprint{VoxelBox{{x, y, 0}, {x + size, y + size, 1}}, {}}, PaintRule{label});
    const auto change = editor.commit("stroke");
    QVERIFY(change);
    s.recordMaskChange("cxr", *change);
}

QByteArray bytesOf(const LabelMap& m) {
    return QByteArray(reinterpret_cast<const char*>(m.data()), int(m.geometry().voxelCount()));
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Makes folders unwritable even for root (chattr +i) where chmod is not enough.
bool setReadOnly(const QStringList& dirs, bool readOnly) {
    for (const QString& d : dirs) {
        QFile::setPermissions(d, readOnly ? QFileDevice::ReadOwner | QFileDevice::ExeOwner
                                          : QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner);
        if (geteuid() == 0)
            QProcess::execute("chattr", {readOnly ? "+i" : "-i", d});
    }
    if (!readOnly)
        return true;
    QFile probe(dirs.front() + "/probe");
    const bool writable = probe.open(QIODevice::WriteOnly);
    if (writable)
        probe.remove();
    return !writable;
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unsavedEditsAreRestored();
    void restoredMaskIsBuiltAtSave();
    void discardedJournalIsKeptAside();
    void reviewNeedsASecondName();
    void readOnlyFolderAtSaveDamagesNothing();
    void fullDiskAtSaveDamagesNothing();
    void caseQueries();
    void editsAfterRestoreFollowATornTail();
    void editsDuringABackgroundSaveStayDirtyAndJournalled();
    void failedBackgroundSaveKeepsEverythingDirty();
    void proposalRecordsAreJournalled();
};

void TestSession::unsavedEditsAreRestored() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    QByteArray expected;
    {
        ProjectSession s(Project::open(root));
        QVERIFY(!s.pendingRecovery());
        s.setUser("Dr A");
        auto mask = emptyMask();
        s.attachMask("cxr", mask);
        paint(s, *mask, 10, 10, 40, 1);
        paint(s, *mask, 30, 20, 50, 2);
        QVERIFY(s.setField("cxr", "report", "Bilateral infection, upper left lung."));
        QVERIFY(s.setField("cxr", "notes", "check the apex"));
        QVERIFY(!s.setField("cxr", "no_such_field", "x"));
        QCOMPARE(s.setStatus("cxr", CaseStatus::Done), QString());
        QVERIFY(s.flushJournal());
        QVERIFY(s.journalBytes() > 0);
        expected = bytesOf(*mask);
    } // ends without saving, like a crash after the journal was written

    ProjectSession s(Project::open(root));
    QVERIFY(s.pendingRecovery());
    QCOMPARE(s.pendingRecovery()->cases, QStringList{"cxr"});
    QCOMPARE(s.project().findCase("cxr")->report, QString()); // nothing applied yet
    s.restore();
    const CaseRecord* c = s.project().findCase("cxr");
    QCOMPARE(c->report, QString("Bilateral infection, upper left lung."));
    QCOMPARE(c->notes, QString("check the apex"));
    QCOMPARE(c->status, CaseStatus::Done);
    QCOMPARE(c->annotator, QString("Dr A"));
    auto mask = emptyMask();
    s.attachMask("cxr", mask);
    QCOMPARE(bytesOf(*mask), expected);
    s.save();
    QCOMPARE(bytesOf(readLabelMap(s.project().maskPath(*c))), expected);
    QCOMPARE(Project::open(root).findCase("cxr")->notes, QString("check the apex"));
    // A save starts a new journal: nothing left to recover.
    QVERIFY(s.flushJournal());
    QVERIFY(!ProjectSession(Project::open(root)).pendingRecovery());
}

void TestSession::restoredMaskIsBuiltAtSave() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    QByteArray expected;
    {
        ProjectSession s(Project::open(root));
        auto mask = emptyMask();
        s.attachMask("cxr", mask);
        paint(s, *mask, 100, 60, 45, 3);
        QVERIFY(s.flushJournal());
        expected = bytesOf(*mask);
    }
    ProjectSession s(Project::open(root));
    s.restore();
    s.save(); // the case was never opened again: its mask is rebuilt from the journal
    QCOMPARE(bytesOf(readLabelMap(s.project().maskPath(*s.project().findCase("cxr")))), expected);
}

void TestSession::discardedJournalIsKeptAside() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    {
        ProjectSession s(Project::open(root));
        s.setField("cxr", "report", "unsaved text");
        QVERIFY(s.flushJournal());
    }
    ProjectSession s(Project::open(root));
    QVERIFY(s.pendingRecovery());
    s.discardRecovery();
    QCOMPARE(s.project().findCase("cxr")->report, QString());
    const QStringList aside = QDir(root + "/.autosave").entryList({"discarded-*.bin"});
    QCOMPARE(aside.size(), 1);
    s.setField("cxr", "report", "new text");
    QVERIFY(s.flushJournal());
    const auto records = readJournal(root);
    QCOMPARE(int(records.size()), 2); // the report, then the new case moving to in_progress
    QCOMPARE(records[0].value, QString("new text"));
}

void TestSession::reviewNeedsASecondName() {
    QTemporaryDir tmp;
    ProjectSession s(Project::open(makeProject(tmp.filePath("p"))));
    s.setUser("Dr A");
    s.setField("cxr", "report", "text");
    QCOMPARE(s.project().findCase("cxr")->annotator, QString("Dr A"));
    QVERIFY(s.setStatus("cxr", CaseStatus::Reviewed).contains("second person"));
    QCOMPARE(s.project().findCase("cxr")->status, CaseStatus::InProgress);
    s.setUser("Dr B");
    QCOMPARE(s.setStatus("cxr", CaseStatus::Reviewed), QString());
    QCOMPARE(s.project().findCase("cxr")->reviewer, QString("Dr B"));
    QCOMPARE(s.project().statusCounts().at(CaseStatus::Reviewed), 1);
}

void TestSession::readOnlyFolderAtSaveDamagesNothing() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    ProjectSession s(Project::open(root));
    auto mask = emptyMask();
    s.attachMask("cxr", mask);
    paint(s, *mask, 0, 0, 20, 1);
    s.setField("cxr", "report", "saved version");
    s.save();
    const QString maskFile = s.project().maskPath(*s.project().findCase("cxr"));
    const QByteArray savedMask = fileBytes(maskFile);
    const QByteArray savedManifest = fileBytes(root + "/project.json");

    paint(s, *mask, 50, 50, 30, 2);
    s.setField("cxr", "report", "edited after the save");
    const QStringList locked{root, root + "/cases/cxr"};
    if (!setReadOnly(locked, true)) {
        setReadOnly(locked, false);
        QSKIP("cannot make a folder read-only here");
    }
    bool refused = false;
    try {
        s.save();
    } catch (const IoError& e) {
        refused = true;
        QVERIFY2(e.message().contains(root), qPrintable(e.message()));
    }
    const bool journalled = s.flushJournal(); // the journal still takes the edits
    setReadOnly(locked, false);               // before any check can return early
    QVERIFY(refused);
    QVERIFY(journalled);
    QCOMPARE(fileBytes(maskFile), savedMask);
    QCOMPARE(fileBytes(root + "/project.json"), savedManifest);
    QVERIFY(s.isDirty());
    QCOMPARE(s.project().findCase("cxr")->report, QString("edited after the save"));
    QVERIFY(readJournal(root).size() >= 2);
    // Once the disk takes writes again, the same session saves everything.
    s.save();
    QCOMPARE(bytesOf(readLabelMap(maskFile)), bytesOf(*mask));
    QCOMPARE(Project::open(root).findCase("cxr")->report, QString("edited after the save"));
}

// A disk that fills up: a small tmpfs holds the project, a filler file takes
// what is left. Needs mount (root with CAP_SYS_ADMIN, as the CI machine has).
void TestSession::fullDiskAtSaveDamagesNothing() {
    QTemporaryDir tmp;
    const QString disk = tmp.filePath("disk");
    QDir().mkpath(disk);
    if (QProcess::execute("mount", {"-t", "tmpfs", "-o", "size=512k", "tmpfs", disk}) != 0)
        QSKIP("cannot mount a small tmpfs here (needs root); the full-disk path is untested");
    struct Unmount {
        QString path;
        ~Unmount() { QProcess::execute("umount", {path}); }
    } unmount{disk};

    const QString root = makeProject(disk + "/p");
    ProjectSession s(Project::open(root));
    auto mask = emptyMask();
    s.attachMask("cxr", mask);
    paint(s, *mask, 0, 0, 20, 1);
    s.setField("cxr", "report", "saved version");
    s.save();
    const QString maskFile = s.project().maskPath(*s.project().findCase("cxr"));
    const QByteArray savedMask = fileBytes(maskFile);
    const QByteArray savedManifest = fileBytes(root + "/project.json");
    QVERIFY(s.flushJournal());

    // Fill the disk to the last byte.
    QFile filler(disk + "/filler");
    QVERIFY(filler.open(QIODevice::WriteOnly));
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    while (filler.write(block.left(1)) == 1 && filler.flush()) {
    }
    filler.close();

    // A noisy mask compresses badly: its file cannot fit in what is left.
    for (int i = 0; i < 60; ++i)
        paint(s, *mask, 30 + (i * 37) % (kW - 40), (i * 53) % (kH - 8), 7, std::uint8_t(2 + i % 5));
    QProcess::execute("df", {disk});
    s.setField("cxr", "report", "edited on a full disk");
    bool refused = false;
    try {
        s.save();
    } catch (const IoError& e) {
        refused = true;
        QVERIFY2(e.message().contains(root), qPrintable(e.message()));
    }
    QVERIFY(refused);
    QVERIFY(!s.flushJournal()); // the journal cannot take them either, and says so
    QVERIFY(!s.journalError().isEmpty());
    QCOMPARE(fileBytes(maskFile), savedMask); // what was saved before is whole
    QCOMPARE(fileBytes(root + "/project.json"), savedManifest);
    QVERIFY(s.isDirty());
    QCOMPARE(s.project().findCase("cxr")->report, QString("edited on a full disk"));
    // Volumes go through VTK's NIfTI writer and a rename: the same promise.
    VolumeGeometry g;
    g.dims = {64, 64, 32};
    LabelMap volume(g);
    for (std::size_t i = 0; i < g.voxelCount(); ++i)
        volume.data()[i] = std::uint8_t((i * 2654435761u) >> 29); // incompressible
    const QString niftiFile = root + "/cases/cxr/volume.nii.gz";
    QVERIFY_THROWS_EXCEPTION(IoError, writeNifti(volume, niftiFile));
    QVERIFY(!QFileInfo::exists(niftiFile));
    QCOMPARE(QDir(root + "/cases/cxr").entryList(QDir::Files | QDir::Hidden).size(), 1);

    // Space again: the same session saves everything and the journal catches up.
    QVERIFY(QFile::remove(disk + "/filler"));
    s.save();
    QCOMPARE(bytesOf(readLabelMap(maskFile)), bytesOf(*mask));
    QCOMPARE(Project::open(root).findCase("cxr")->report, QString("edited on a full disk"));
}

void TestSession::caseQueries() {
    std::vector<CaseRecord> cases(4);
    const CaseStatus statuses[] = {CaseStatus::Done, CaseStatus::New, CaseStatus::Reviewed,
                                   CaseStatus::InProgress};
    std::vector<const CaseRecord*> order;
    for (int i = 0; i < 4; ++i) {
        cases[std::size_t(i)].id = QString("c%1").arg(i);
        cases[std::size_t(i)].status = statuses[i];
        order.push_back(&cases[std::size_t(i)]);
    }
    cases[3].report = "Nodule in the LEFT upper lobe";
    QCOMPARE(nextUnfinished(order, -1, 1), 1);
    QCOMPARE(nextUnfinished(order, 1, 1), 3);
    QCOMPARE(nextUnfinished(order, 3, 1), 1); // wraps around
    QCOMPARE(nextUnfinished(order, 1, -1), 3);
    QCOMPARE(nextUnfinished(order, -1, -1), 3);
    cases[1].status = cases[3].status = CaseStatus::Done;
    QCOMPARE(nextUnfinished(order, 0, 1), -1);
    QCOMPARE(progressText(cases), QString("4 of 4 done"));
    CaseFilter filter;
    filter.text = "left upper";
    QVERIFY(filter.matches(cases[3]) && !filter.matches(cases[0]));
    filter.status = CaseStatus::New;
    QVERIFY(!filter.matches(cases[3]));
    filter.text.clear();
    cases[2].status = CaseStatus::New;
    QVERIFY(filter.matches(cases[2]));
}

void TestSession::editsAfterRestoreFollowATornTail() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    {
        ProjectSession s(Project::open(root));
        s.setField("cxr", "report", "before the crash");
        QVERIFY(s.flushJournal());
    }
    QFile journalFile(journalPath(root));
    QVERIFY(journalFile.open(QIODevice::Append));
    journalFile.write(QByteArray("\x30\x00\x00\x00\x99", 5)); // died mid-record
    journalFile.close();
    ProjectSession s(Project::open(root));
    QVERIFY(s.pendingRecovery());
    QVERIFY(s.pendingRecovery()->warning.contains("cut off"));
    s.restore();
    s.setField("cxr", "notes", "after the restore");
    QVERIFY(s.flushJournal());
    QString warning;
    const auto records = readJournal(root, &warning);
    QVERIFY2(warning.isEmpty(), qPrintable(warning));
    QCOMPARE(records.back().value, QString("after the restore"));
    QCOMPARE(records.front().value, QString("before the crash"));
}

// The UI saves in three steps with the disk written on a worker thread; what
// the annotator does meanwhile is neither saved half-way nor lost.
void TestSession::editsDuringABackgroundSaveStayDirtyAndJournalled() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    QByteArray snapshotBytes, finalBytes;
    {
        ProjectSession s(Project::open(root));
        auto mask = emptyMask();
        s.attachMask("cxr", mask);
        paint(s, *mask, 10, 10, 40, 1);
        QVERIFY(s.setField("cxr", "report", "before the save"));
        snapshotBytes = bytesOf(*mask);
        const auto snapshot = s.beginSave();
        QVERIFY(s.isSaving());
        QVERIFY(!s.isDirty());
        // Edits while the worker writes; the mask must not be released yet.
        paint(s, *mask, 80, 50, 20, 2);
        QVERIFY(s.setField("cxr", "report", "during the save"));
        s.releaseMask("cxr");
        QCOMPARE(s.mask("cxr"), mask);
        finalBytes = bytesOf(*mask);
        QVERIFY(snapshotBytes != finalBytes);
        std::thread writer([&] { ProjectSession::writeSave(*snapshot); });
        writer.join();
        s.finishSave(*snapshot, true);
        QVERIFY(!s.isSaving());
        QVERIFY(s.isDirty()); // the edits made meanwhile are not saved yet
        // On disk: exactly the snapshot.
        const Project onDisk = Project::open(root);
        const CaseRecord* c = onDisk.findCase("cxr");
        QCOMPARE(c->report, QString("before the save"));
        QCOMPARE(bytesOf(readLabelMap(s.project().maskPath(*c))), snapshotBytes);
        QVERIFY(s.flushJournal());
    } // ends without a second save, like a crash

    // The journal restarted at the save yet still holds the later edits.
    ProjectSession s(Project::open(root));
    QVERIFY(s.pendingRecovery());
    s.restore();
    QCOMPARE(s.project().findCase("cxr")->report, QString("during the save"));
    auto mask = emptyMask();
    std::copy(snapshotBytes.begin(), snapshotBytes.end(), mask->data()); // as saved on disk
    s.attachMask("cxr", mask);
    QCOMPARE(bytesOf(*mask), finalBytes);
}

void TestSession::failedBackgroundSaveKeepsEverythingDirty() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    ProjectSession s(Project::open(root));
    auto mask = emptyMask();
    s.attachMask("cxr", mask);
    paint(s, *mask, 10, 10, 40, 1);
    const auto snapshot = s.beginSave();
    s.finishSave(*snapshot, false); // as when writeSave threw
    QVERIFY(s.isDirty());
    QVERIFY(!s.isSaving());
    s.releaseMask("cxr");
    QCOMPARE(s.mask("cxr"), mask); // still unsaved: kept in memory
    s.save();
    QCOMPARE(bytesOf(readLabelMap(s.project().maskPath(*s.project().findCase("cxr")))),
             bytesOf(*mask));
}

void TestSession::proposalRecordsAreJournalled() {
    QTemporaryDir tmp;
    const QString root = makeProject(tmp.filePath("p"));
    ProposalRecord a;
    a.modelId = "tgc-demo-tiny";
    a.threshold = 0.4;
    a.report = "Segment the liver.";
    a.aux = "the large organ of the right upper abdomen";
    a.created = QDateTime::currentDateTimeUtc();
    {
        ProjectSession s(Project::open(root));
        QVERIFY(s.setProposal("cxr", a));
        a.threshold = 0.6; // the slider moved: the same model's record is replaced
        QVERIFY(s.setProposal("cxr", a));
        ProposalRecord b = a;
        b.modelId = "other";
        QVERIFY(s.setProposal("cxr", b));
        QVERIFY(s.removeProposal("cxr", "other"));
        QVERIFY(!s.removeProposal("cxr", "other"));
        ProposalRecord unsafe = a;
        unsafe.modelId = "../escape";
        QVERIFY(!s.setProposal("cxr", unsafe));
        QVERIFY(!s.setProposal("nope", a));
        QVERIFY(s.isDirty());
        QCOMPARE(int(s.project().findCase("cxr")->proposals.size()), 1);
        QVERIFY(s.flushJournal());
    } // not saved
    ProjectSession s(Project::open(root));
    QVERIFY(s.pendingRecovery());
    s.restore();
    const CaseRecord* c = s.project().findCase("cxr");
    QCOMPARE(int(c->proposals.size()), 1);
    QCOMPARE(c->proposals.front().threshold, 0.6);
    QCOMPARE(c->proposals.front().aux, a.aux);
    QCOMPARE(c->latestProposal()->modelId, QString("tgc-demo-tiny"));
    s.save();
    const Project saved = Project::open(root);
    QCOMPARE(saved.findCase("cxr")->proposal("tgc-demo-tiny")->report, a.report);
    QCOMPARE(saved.proposalPath(*saved.findCase("cxr"), "tgc-demo-tiny"),
             QDir(root).filePath("cases/cxr/proposals/tgc-demo-tiny.png"));
}

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"

// The autosave journal: what is appended comes back, a torn tail is dropped
// with a warning, replay restores mask bytes and case fields exactly.
#include "edit/label_editor.h"
#include "store/case_record.h"
#include "store/journal.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tgc;

namespace {

VolumeGeometry grid(int x, int y, int z) {
    VolumeGeometry g;
    g.dims = {x, y, z};
    return g;
}

Footprint square(int x0, int y0, int z, int size) {
    return Footprint{VoxelBox{{x0, y0, z}, {x0 + size, y0 + size, z + 1}}, {}};
}

JournalRecord maskRecord(const QString& caseId, const LabelMap& map, const LabelChange& change) {
    JournalRecord r;
    r.type = JournalRecord::Type::MaskTiles;
    r.caseId = caseId;
    r.dims = map.dims();
    r.keys = change.keys();
    r.packedTiles = change.packedAfter();
    return r;
}

JournalRecord fieldRecord(const QString& caseId, const QString& field, const QString& value) {
    JournalRecord r;
    r.type = JournalRecord::Type::CaseField;
    r.caseId = caseId;
    r.field = field;
    r.value = value;
    return r;
}

} // namespace

class TestJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replayRestoresMaskAndFields();
    void tornTailIsDropped();
    void restartEmptiesJournal();
    void mismatchedRecordsAreRefused();
    void unwritableJournalReportsError();
};

void TestJournal::replayRestoresMaskAndFields() {
    QTemporaryDir root;
    LabelMap edited(grid(200, 150, 3));
    LabelEditor editor(edited);
    {
        JournalWriter writer(root.path());
        for (int s = 0; s < 5; ++s) {
            editor.apply(square(10 * s, 20 + s, s % 3, 40), PaintRule{std::uint8_t(1 + s % 2)});
            auto change = editor.commit("stroke");
            QVERIFY(change);
            writer.append(maskRecord("case_1", edited, *change));
        }
        writer.append(fieldRecord("case_1", "report", "Segment the spleen."));
        writer.append(fieldRecord("case_1", "status", "in_progress"));
        QVERIFY(writer.flush());
        QVERIFY(writer.bytesWritten() > 0);
    }
    QString warning;
    const auto records = readJournal(root.path(), &warning);
    QVERIFY2(warning.isEmpty(), qPrintable(warning));
    QCOMPARE(int(records.size()), 7);

    LabelMap restored(grid(200, 150, 3));
    CaseRecord c;
    c.id = "case_1";
    for (const JournalRecord& r : records) {
        QCOMPARE(r.caseId, QString("case_1"));
        if (r.type == JournalRecord::Type::MaskTiles)
            QVERIFY(applyMaskTiles(restored, r));
        else
            QVERIFY(applyCaseField(c, r));
    }
    QVERIFY(
        std::equal(edited.data(), edited.data() + edited.geometry().voxelCount(), restored.data()));
    QCOMPARE(c.report, QString("Segment the spleen."));
    QCOMPARE(c.status, CaseStatus::InProgress);
    QVERIFY(c.modified.isValid());
}

void TestJournal::tornTailIsDropped() {
    QTemporaryDir root;
    {
        JournalWriter writer(root.path());
        writer.append(fieldRecord("a", "notes", "first"));
        writer.append(fieldRecord("a", "notes", "second"));
        QVERIFY(writer.flush());
    }
    // The process died in the middle of writing a third record.
    QFile f(journalPath(root.path()));
    QVERIFY(f.open(QIODevice::Append));
    f.write(QByteArray("\x40\x00\x00\x00\x12\x34", 6));
    f.close();
    QString warning;
    const auto records = readJournal(root.path(), &warning);
    QCOMPARE(int(records.size()), 2);
    QCOMPARE(records[1].value, QString("second"));
    QVERIFY(warning.contains("cut off"));

    // A flipped byte inside a record fails its checksum: it and the rest are ignored.
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray all = f.readAll();
    all[all.size() - 10] = char(all[all.size() - 10] ^ 0x5A);
    f.seek(0);
    f.write(all);
    f.close();
    QVERIFY(readJournal(root.path(), &warning).size() < 2);
}

void TestJournal::restartEmptiesJournal() {
    QTemporaryDir root;
    JournalWriter writer(root.path());
    writer.append(fieldRecord("a", "notes", "before save"));
    QVERIFY(writer.flush());
    QCOMPARE(int(readJournal(root.path()).size()), 1);
    writer.restart();
    QVERIFY(writer.flush());
    QCOMPARE(int(readJournal(root.path()).size()), 0);
    writer.append(fieldRecord("a", "notes", "after save"));
    QVERIFY(writer.flush());
    const auto records = readJournal(root.path());
    QCOMPARE(int(records.size()), 1);
    QCOMPARE(records[0].value, QString("after save"));
}

void TestJournal::mismatchedRecordsAreRefused() {
    LabelMap small(grid(10, 10, 1));
    JournalRecord r;
    r.type = JournalRecord::Type::MaskTiles;
    r.dims = {20, 20, 1};
    QVERIFY(!applyMaskTiles(small, r)); // another grid
    r.dims = small.dims();
    r.keys = {0};
    r.packedTiles = qCompress(QByteArray(7, '\1')); // 7 bytes for a 100-voxel tile
    QVERIFY(!applyMaskTiles(small, r));
    CaseRecord c;
    QVERIFY(!applyCaseField(c, fieldRecord("x", "status", "finished-ish")));
    QVERIFY(!applyCaseField(c, fieldRecord("x", "no_such_field", "v")));
}

void TestJournal::unwritableJournalReportsError() {
    QTemporaryDir root;
    // A file where the autosave folder should be: the journal cannot be created.
    QFile blocker(root.filePath(".autosave"));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    JournalWriter writer(root.path());
    writer.append(fieldRecord("a", "notes", "kept in memory"));
    QVERIFY(!writer.flush());
    QVERIFY(writer.lastError().contains(".autosave"));
    // Once the disk is usable again, the queued record is written.
    QVERIFY(QFile::remove(root.filePath(".autosave")));
    QTRY_VERIFY_WITH_TIMEOUT(readJournal(root.path()).size() == 1, 5000);
    QVERIFY(writer.lastError().isEmpty());
}

QTEST_GUILESS_MAIN(TestJournal)
#include "test_journal.moc"

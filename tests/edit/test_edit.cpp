// The label map's one write path and its undo: exact bytes after undo/redo,
// paint rules, and the memory an editing session's history costs.
#include "edit/label_editor.h"
#include "edit/label_history.h"
#include "image_volume.h"

#include <QTest>
#include <random>

using namespace tgc;

namespace {

VolumeGeometry grid(int x, int y, int z) {
    VolumeGeometry g;
    g.dims = {x, y, z};
    return g;
}

Footprint disc(int cx, int cy, int z, int radius) {
    Footprint f;
    f.box = VoxelBox{{cx - radius, cy - radius, z}, {cx + radius + 1, cy + radius + 1, z + 1}};
    f.inside.resize(f.box.voxelCount());
    std::size_t i = 0;
    for (int y = f.box.lo[1]; y < f.box.hi[1]; ++y)
        for (int x = f.box.lo[0]; x < f.box.hi[0]; ++x, ++i)
            f.inside[i] = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
    return f;
}

std::vector<std::uint8_t> bytesOf(const LabelMap& m) {
    return {m.data(), m.data() + m.geometry().voxelCount()};
}

// A stroke of `points` dabs along a random walk, committed as one step.
std::unique_ptr<LabelChange> randomStroke(LabelEditor& editor, std::mt19937& rng, int z, int points,
                                          int radius, std::uint8_t label) {
    const auto& d = editor.labels().dims();
    int x = int(rng() % unsigned(d[0])), y = int(rng() % unsigned(d[1]));
    PaintRule rule;
    rule.label = label;
    for (int p = 0; p < points; ++p) {
        x = std::clamp(x + int(rng() % 7) - 3, 0, d[0] - 1);
        y = std::clamp(y + int(rng() % 7) - 3, 0, d[1] - 1);
        editor.apply(disc(x, y, z, radius), rule);
    }
    return editor.commit("stroke");
}

} // namespace

class TestEdit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paintTouchesExactlyTheFootprint();
    void protectAndEraseRules();
    void thresholdLimitsPainting();
    void undoRedoRestoreExactBytes();
    void unchangedStrokeMakesNoStep();
    void cancelRestores();
    void assignWritesWhereMasked();
    void historyOfHundredStrokesIsSmall();
    void budgetDropsOldestStepsOnly();
    void benchStroke200();
};

void TestEdit::paintTouchesExactlyTheFootprint() {
    LabelMap map(grid(40, 30, 2));
    LabelEditor editor(map);
    PaintRule rule;
    rule.label = 3;
    QCOMPARE(editor.apply(disc(10, 10, 1, 3), rule), std::size_t(29)); // 29 voxels within r=3
    for (int y = 0; y < 30; ++y)
        for (int x = 0; x < 40; ++x) {
            const bool in = (x - 10) * (x - 10) + (y - 10) * (y - 10) <= 9;
            QCOMPARE(map.at(x, y, 1), std::uint8_t(in ? 3 : 0));
            QCOMPARE(map.at(x, y, 0), std::uint8_t(0));
        }
    // A footprint hanging over the border is clipped, not an error.
    QVERIFY(editor.apply(disc(0, 0, 0, 4), rule) > 0);
    QCOMPARE(map.at(0, 0, 0), std::uint8_t(3));
}

void TestEdit::protectAndEraseRules() {
    LabelMap map(grid(20, 20, 1));
    LabelEditor editor(map);
    PaintRule two;
    two.label = 2;
    editor.apply(disc(5, 5, 0, 2), two);
    PaintRule one;
    one.label = 1;
    one.protectOtherLabels = true;
    editor.apply(disc(7, 5, 0, 2), one);
    QCOMPARE(map.at(5, 5, 0), std::uint8_t(2)); // protected
    QCOMPARE(map.at(7, 5, 0), std::uint8_t(2)); // was 2 already, stays
    QCOMPARE(map.at(9, 5, 0), std::uint8_t(1));
    PaintRule erase;
    erase.mode = PaintMode::Erase;
    erase.label = 1;
    editor.apply(Footprint{VoxelBox::whole(map.dims()), {}}, erase);
    QCOMPARE(map.at(9, 5, 0), std::uint8_t(0));
    QCOMPARE(map.at(5, 5, 0), std::uint8_t(2)); // only the active label erased
    erase.eraseActiveLabelOnly = false;
    editor.apply(Footprint{VoxelBox::whole(map.dims()), {}}, erase);
    QCOMPARE(map.at(5, 5, 0), std::uint8_t(0));
}

void TestEdit::thresholdLimitsPainting() {
    VolumeGeometry g = grid(10, 1, 1);
    ImageVolume ct(VoxelType::Int16, 1, g);
    for (int x = 0; x < 10; ++x)
        ct.data<std::int16_t>()[x] = std::int16_t(-1000 + 200 * x); // -1000 .. 800 HU
    LabelMap map(g);
    LabelEditor editor(map);
    PaintRule rule;
    rule.intensity = &ct;
    rule.low = -100;
    rule.high = 300; // x = 5 (0 HU), 6 (200 HU)
    editor.apply(Footprint{VoxelBox::whole(g.dims), {}}, rule);
    for (int x = 0; x < 10; ++x)
        QCOMPARE(map.at(x, 0, 0), std::uint8_t(x == 5 || x == 6 ? 1 : 0));
}

void TestEdit::undoRedoRestoreExactBytes() {
    LabelMap map(grid(300, 200, 3));
    LabelEditor editor(map);
    LabelHistory history;
    std::mt19937 rng(7);
    std::vector<std::vector<std::uint8_t>> states{bytesOf(map)};
    for (int s = 0; s < 6; ++s) {
        history.push(randomStroke(editor, rng, s % 3, 40, 6, std::uint8_t(1 + s % 2)));
        states.push_back(bytesOf(map));
    }
    QCOMPARE(history.stack().count(), 6);
    for (int s = 5; s >= 0; --s) {
        history.stack().undo();
        QVERIFY(bytesOf(map) == states[std::size_t(s)]);
    }
    for (int s = 1; s <= 6; ++s) {
        history.stack().redo();
        QVERIFY(bytesOf(map) == states[std::size_t(s)]);
    }
    // A new stroke after undo discards the redo branch.
    history.stack().undo();
    history.push(randomStroke(editor, rng, 0, 10, 4, 1));
    QCOMPARE(history.stack().count(), 6);
    QVERIFY(!history.stack().canRedo());
}

void TestEdit::unchangedStrokeMakesNoStep() {
    LabelMap map(grid(50, 50, 1));
    LabelEditor editor(map);
    PaintRule rule;
    editor.apply(disc(20, 20, 0, 5), rule);
    QVERIFY(editor.commit("first") != nullptr);
    editor.apply(disc(20, 20, 0, 5), rule); // same voxels, same label
    QVERIFY(editor.commit("again") == nullptr);
}

void TestEdit::cancelRestores() {
    LabelMap map(grid(70, 70, 1));
    LabelEditor editor(map);
    const auto before = bytesOf(map);
    editor.apply(disc(64, 64, 0, 10), PaintRule{});
    QVERIFY(bytesOf(map) != before);
    editor.cancel();
    QVERIFY(bytesOf(map) == before);
    QVERIFY(!editor.hasPendingChange());
}

void TestEdit::assignWritesWhereMasked() {
    LabelMap map(grid(4, 4, 1));
    LabelEditor editor(map);
    const VoxelBox box{{1, 1, 0}, {3, 3, 1}};
    const std::uint8_t values[4] = {5, 6, 7, 8};
    const std::uint8_t where[4] = {1, 0, 0, 1};
    QCOMPARE(editor.assign(box, values, where), std::size_t(2));
    QCOMPARE(map.at(1, 1, 0), std::uint8_t(5));
    QCOMPARE(map.at(2, 1, 0), std::uint8_t(0));
    QCOMPARE(map.at(2, 2, 0), std::uint8_t(8));
    auto change = editor.commit("accept proposal");
    QVERIFY(change);
    change->undo();
    QCOMPARE(map.at(1, 1, 0), std::uint8_t(0));
    change->redo();
    QCOMPARE(map.at(2, 2, 0), std::uint8_t(8));
}

void TestEdit::historyOfHundredStrokesIsSmall() {
    // The undo budget: 100 strokes on a 512x512x300 label map cost at most 10 MB of undo memory.
    LabelMap map(grid(512, 512, 300));
    LabelEditor editor(map);
    LabelHistory history;
    std::mt19937 rng(42);
    for (int s = 0; s < 100; ++s)
        history.push(randomStroke(editor, rng, int(rng() % 300), 200, 15, 1));
    QCOMPARE(history.stack().count(), 100);
    const std::size_t bytes = history.byteSize();
    qInfo("undo memory for 100 strokes (200 dabs, r=15) on 512x512x300: %.1f KiB", bytes / 1024.0);
    QVERIFY(bytes <= 10u * 1024 * 1024);
    QVERIFY(bytes > 0);
}

void TestEdit::budgetDropsOldestStepsOnly() {
    LabelMap map(grid(256, 256, 4));
    LabelEditor editor(map);
    LabelHistory history(6 * 1024); // a tiny budget
    std::mt19937 rng(3);
    std::vector<std::uint8_t> beforeLast;
    for (int s = 0; s < 30; ++s) {
        beforeLast = bytesOf(map);
        history.push(randomStroke(editor, rng, s % 4, 60, 8, 1));
    }
    QVERIFY(history.byteSize() <= history.byteBudget() ||
            history.stack().count() - 1 == 0); // only the newest step may exceed alone
    history.stack().undo();                    // the newest step is always kept and exact
    QVERIFY(bytesOf(map) == beforeLast);
}

void TestEdit::benchStroke200() {
    LabelMap map(grid(512, 512, 1));
    LabelEditor editor(map);
    LabelHistory history;
    std::vector<Footprint> dabs;
    for (int p = 0; p < 200; ++p)
        dabs.push_back(disc(100 + p, 150 + p / 2, 0, 15));
    PaintRule rule;
    QBENCHMARK {
        for (const Footprint& f : dabs)
            editor.apply(f, rule);
        history.push(editor.commit("stroke"));
        history.stack().undo();
    }
}

QTEST_GUILESS_MAIN(TestEdit)
#include "test_edit.moc"

// tgc-bench-project: the project store's figures (open, save, autosave), measured with a scripted
// session rather than guessed.
//   tgc-bench-project [--cases 120] [--dims 512,512,300] [--minutes 60] [--stroke-every 3] DIR
// 1. a project of N volume cases: time to save the manifest alone, and to
//    save after editing one 512x512x300 mask (what a save after work on one case costs);
// 2. an hour of editing (a 15 px brush stroke every few seconds, report and
//    status edits), replayed at full speed: how large the autosave journal grows.
#include "edit/label_editor.h"
#include "store/session.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <cmath>
#include <cstdio>

using namespace tgc;

namespace {

// A 15 px disc dragged 80 px across one slice, as one undo step.
std::unique_ptr<LabelChange> stroke(LabelEditor& editor, QRandomGenerator& random,
                                    const std::array<int, 3>& dims) {
    const int r = 7;
    const int z = random.bounded(dims[2]);
    double x = random.bounded(r, dims[0] - 100), y = random.bounded(r, dims[1] - 100);
    const double angle = random.bounded(6.28);
    for (int step = 0; step < 40; ++step, x += 2 * std::cos(angle), y += 2 * std::sin(angle)) {
        Footprint f;
        f.box = VoxelBox{{int(x) - r, int(y) - r, z}, {int(x) + r + 1, int(y) + r + 1, z + 1}}
                    .clippedTo(dims);
        for (int j = f.box.lo[1]; j < f.box.hi[1]; ++j)
            for (int i = f.box.lo[0]; i < f.box.hi[0]; ++i)
                f.inside.push_back((i - int(x)) * (i - int(x)) + (j - int(y)) * (j - int(y)) <=
                                   r * r);
        editor.apply(f, PaintRule{1});
    }
    return editor.commit(QStringLiteral("stroke"));
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument("dir", "an empty folder for the project");
    const QCommandLineOption cases("cases", "cases in the project", "N", "120");
    const QCommandLineOption dimsOption("dims", "mask size", "x,y,z", "512,512,300");
    const QCommandLineOption minutes("minutes", "length of the editing session", "M", "60");
    const QCommandLineOption every("stroke-every", "seconds between strokes", "S", "3");
    parser.addOptions({cases, dimsOption, minutes, every});
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(2);
    const QStringList d = parser.value(dimsOption).split(',');
    const std::array<int, 3> dims{d.value(0).toInt(), d.value(1).toInt(), d.value(2).toInt()};

    Project project = Project::create(parser.positionalArguments().front());
    for (int i = 0; i < parser.value(cases).toInt(); ++i) {
        CaseRecord c;
        c.id = QStringLiteral("ct_%1").arg(i, 3, 10, QLatin1Char('0'));
        c.sources = {QStringLiteral("/data/ct/%1.nii.gz").arg(c.id)};
        c.dims = dims;
        c.volume = true;
        c.report = QStringLiteral("Segment the liver; a 2 cm hypodense lesion in segment VII.");
        project.addCase(c);
    }
    project.save();
    ProjectSession session(Project::open(project.root()));
    QJsonObject out{{"cases", int(project.cases().size())}, {"dims", parser.value(dimsOption)}};

    QElapsedTimer timer;
    timer.start();
    session.save();
    out["ms_save_manifest_only"] = double(timer.nsecsElapsed()) / 1e6;

    VolumeGeometry g;
    g.dims = dims;
    auto mask = std::make_shared<LabelMap>(g);
    session.attachMask("ct_000", mask);
    LabelEditor editor(*mask);
    QRandomGenerator random(7);
    for (int s = 0; s < 200; ++s) // some annotation to compress, not an empty mask
        session.recordMaskChange("ct_000", *stroke(editor, random, dims));
    // The UI thread's share of a File > Save: the snapshot (a copy of the
    // changed mask); the files are written on a worker thread.
    timer.restart();
    std::map<QString, LabelMap> prepared; // on the UI's worker thread in the app
    for (const auto& [caseId, geometry] : session.dirtyMaskGeometries())
        prepared.emplace(caseId, LabelMap(geometry));
    out["ms_save_prepare_worker"] = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    const auto snapshot = session.beginSave(std::move(prepared));
    out["ms_save_ui_thread_snapshot"] = double(timer.nsecsElapsed()) / 1e6;
    ProjectSession::writeSave(*snapshot);
    session.finishSave(*snapshot, true);
    out["ms_save_one_edited_mask"] = double(timer.nsecsElapsed()) / 1e6;
    out["mask_file_bytes"] =
        double(QFileInfo(session.project().maskPath(*session.project().findCase("ct_000"))).size());

    // An hour: a stroke every few seconds; a report edit and a status change per case (a case
    // every 2 minutes). The session is never saved, so the journal holds the whole hour.
    const int seconds = parser.value(minutes).toInt() * 60;
    const int strokeEvery = std::max(1, parser.value(every).toInt());
    int strokes = 0, fieldEdits = 0;
    QString caseId = "ct_000";
    timer.restart();
    for (int t = 0; t < seconds; t += strokeEvery) {
        if (t % 120 == 0) {
            caseId = QStringLiteral("ct_%1").arg((t / 120) % project.cases().size(), 3, 10,
                                                 QLatin1Char('0'));
            session.attachMask(caseId, mask);
            session.setField(caseId, "report",
                             QStringLiteral("Edited report of %1: hypodense lesion, segment VII, "
                                            "about 2 cm; no other finding.")
                                 .arg(caseId));
            session.setStatus(caseId, CaseStatus::Done);
            fieldEdits += 2;
        }
        session.recordMaskChange(caseId, *stroke(editor, random, dims));
        ++strokes;
    }
    session.flushJournal();
    out["journal_strokes"] = strokes;
    out["journal_field_edits"] = fieldEdits;
    out["journal_bytes"] = double(QFileInfo(journalPath(session.project().root())).size());
    out["journal_replay_ms"] = double(timer.nsecsElapsed()) / 1e6;
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

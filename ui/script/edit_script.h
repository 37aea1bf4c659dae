// A test hook: replays scripted edits through the application layer and the
// same widget paths an annotator uses,
// so the crash-recovery test can drive a real GUI process and kill it, and
// screenshots can show a proposal before and after clicks.
//   tgc-annotator --project P --script FILE
// FILE holds one JSON object per line, run in order:
//   {"open": "case-id"}                       opens the case, waits for it to load
//   {"paint": [x, y, z, size, label]}        a size x size square on slice z, one undo step
//                                            (through the window's edit session, as a brush)
//   {"undo": true}   {"redo": true}          the Edit menu's undo and redo
//   {"field": "report"|"aux"|"notes", "value": "..."}   typed into the report panel
//   {"suggest_aux": true}                    the report panel's Suggest, waits for its answer
//   {"status": "new"|"in_progress"|"done"|"reviewed"}
//   {"wait": ms}   {"print": "text"} (a line on stdout)   {"save": true}   {"quit": true}
//   {"generate": "slice"|"volume"}           the model's proposal, waits until it is shown
//   {"tool": "clicks"}                       picks a tool of the registry (its Edit menu entry)
//   {"click": [x, y, z, "pos"|"neg"]}        a left (pos) or right (neg) click on voxel
//                                            (x, y, z) in the axial view, waits for the
//                                            model's answer when the click refines a proposal
//   {"window_size": [w, h]}   {"screenshot": "out.png"}   the main window, as it is now
#pragma once

#include <QJsonObject>
#include <QObject>
#include <vector>

namespace tgc {

class Annotator;
class MainWindow;

class EditScript : public QObject {
    Q_OBJECT
public:
    // Throws nothing: a bad script line is printed to stderr and ends the script.
    EditScript(const QString& path, MainWindow* window);
    void start();

private:
    void step();
    bool run(const QJsonObject& action);
    // The model and view actions (generate, tool, click, window_size, screenshot).
    bool runView(const QJsonObject& action);

    MainWindow* m_window; // the tools' menu actions, the axial view, screenshots
    Annotator* m_app;     // everything else
    std::vector<QJsonObject> m_actions;
    std::size_t m_next = 0;
};

} // namespace tgc

// A test hook: replays scripted edits through the same paths the widgets use,
// so the crash-recovery test can drive a real GUI process and kill it.
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
#pragma once

#include <QJsonObject>
#include <QObject>
#include <vector>

namespace tgc {

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

    MainWindow* m_window;
    std::vector<QJsonObject> m_actions;
    std::size_t m_next = 0;
};

} // namespace tgc

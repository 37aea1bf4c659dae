#include "edit_script.h"

#include "case_prompts.h"
#include "edit/label_editor.h"
#include "edit_session.h"
#include "main_window.h"
#include "project_controller.h"
#include "report_panel.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <cstdio>

namespace tgc {

EditScript::EditScript(const QString& path, MainWindow* window)
    : QObject(window), m_window(window) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "tgc-annotator: %s: cannot read the script\n", qPrintable(path));
        return;
    }
    int line = 0;
    while (!file.atEnd()) {
        ++line;
        const QByteArray text = file.readLine().trimmed();
        if (text.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        if (!doc.isObject()) {
            std::fprintf(stderr, "tgc-annotator: %s:%d: not a JSON object\n", qPrintable(path),
                         line);
            m_actions.clear();
            return;
        }
        m_actions.push_back(doc.object());
    }
}

void EditScript::start() {
    QTimer::singleShot(0, this, &EditScript::step);
}

void EditScript::step() {
    while (m_next < m_actions.size()) {
        const QJsonObject action = m_actions[m_next++];
        if (!run(action))
            return; // run() schedules the next step itself
    }
}

// Returns true when the next action can follow at once.
bool EditScript::run(const QJsonObject& a) {
    ProjectController* project = m_window->projectController();
    if (a.contains("open")) {
        connect(m_window, &MainWindow::loadFinished, this, &EditScript::step,
                Qt::SingleShotConnection);
        if (!project->openCase(a.value("open").toString())) {
            std::fprintf(stderr, "tgc-annotator: script: no case '%s'\n",
                         qPrintable(a.value("open").toString()));
            QCoreApplication::exit(3);
        }
        return false;
    }
    if (a.contains("paint")) {
        const QJsonArray p = a.value("paint").toArray();
        EditSession* edit = m_window->editSession();
        LabelEditor* editor = edit->editor();
        if (!editor || p.size() != 5)
            return true;
        const int x = p[0].toInt(), y = p[1].toInt(), z = p[2].toInt(), size = p[3].toInt();
        editor->apply(Footprint{VoxelBox{{x, y, z}, {x + size, y + size, z + 1}}, {}},
                      PaintRule{std::uint8_t(p[4].toInt())});
        edit->commit(QStringLiteral("script stroke")); // the journal hears of it from the session
        return true;
    }
    if (a.contains("undo")) {
        m_window->editSession()->undo();
        return true;
    }
    if (a.contains("redo")) {
        m_window->editSession()->redo();
        return true;
    }
    if (a.contains("field")) {
        CasePrompts* prompts = m_window->casePrompts();
        const QString field = a.value("field").toString();
        const QString value = a.value("value").toString();
        if (field == "aux")
            prompts->setAux(value);
        else if (field == "notes")
            prompts->setNotes(value);
        else
            prompts->setReport(value);
        return true;
    }
    if (a.contains("suggest_aux")) {
        ReportPanel* panel = m_window->reportPanel();
        connect(panel, &ReportPanel::suggestionFinished, this, &EditScript::step,
                Qt::SingleShotConnection);
        panel->suggestAux();
        return false;
    }
    if (a.contains("status")) {
        if (const auto status = caseStatusFromName(a.value("status").toString()))
            project->setStatus(*status);
        return true;
    }
    if (a.contains("wait")) {
        QTimer::singleShot(a.value("wait").toInt(), this, &EditScript::step);
        return false;
    }
    if (a.contains("print")) {
        std::printf("%s\n", qPrintable(a.value("print").toString()));
        std::fflush(stdout);
        return true;
    }
    if (a.contains("save")) {
        if (!project->save())
            QCoreApplication::exit(4);
        return true;
    }
    if (a.contains("quit")) {
        QCoreApplication::exit(0);
        return false;
    }
    return true;
}

} // namespace tgc

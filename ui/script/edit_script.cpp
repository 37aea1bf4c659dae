#include "edit_script.h"

#include "annotator.h"
#include "case_prompts.h"
#include "edit/label_editor.h"
#include "edit_session.h"
#include "main_window.h"
#include "project_controller.h"
#include "proposal_controller.h"
#include "report_panel.h"
#include "slice_view.h"
#include "view_area.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMouseEvent>
#include <QTimer>
#include <cstdio>

namespace tgc {

EditScript::EditScript(const QString& path, MainWindow* window)
    : QObject(window), m_window(window), m_app(window->app()) {
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
    ProjectController* project = m_app->project();
    if (a.contains("open")) {
        connect(m_app, &Annotator::loadFinished, this, &EditScript::step, Qt::SingleShotConnection);
        if (!project->openCase(a.value("open").toString())) {
            std::fprintf(stderr, "tgc-annotator: script: no case '%s'\n",
                         qPrintable(a.value("open").toString()));
            QCoreApplication::exit(3);
        }
        return false;
    }
    if (a.contains("paint")) {
        const QJsonArray p = a.value("paint").toArray();
        EditSession* edit = m_app->edit();
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
        m_app->edit()->undo();
        return true;
    }
    if (a.contains("redo")) {
        m_app->edit()->redo();
        return true;
    }
    if (a.contains("field")) {
        CasePrompts* prompts = m_app->prompts();
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
    return runView(a);
}

bool EditScript::runView(const QJsonObject& a) {
    ProposalController* proposals = m_app->proposals();
    // The next step once the model has answered; a failure ends the run.
    const auto afterAnswer = [this, proposals] {
        connect(proposals, &ProposalController::proposalReady, this, &EditScript::step,
                Qt::SingleShotConnection);
        connect(
            proposals, &ProposalController::error, this,
            [](const QString&, const QString& text) {
                std::fprintf(stderr, "tgc-annotator: script: %s\n", qPrintable(text));
                QCoreApplication::exit(5);
            },
            Qt::SingleShotConnection);
    };
    if (a.contains("generate")) {
        afterAnswer();
        const bool volume = a.value("generate").toString() == QLatin1String("volume");
        if (!proposals->generate(volume ? ProposalController::Scope::Volume
                                        : ProposalController::Scope::Slice))
            QCoreApplication::exit(5);
        return false;
    }
    if (a.contains("tool")) {
        const QString id = a.value("tool").toString();
        auto* action = m_window->findChild<QAction*>(QStringLiteral("tool") + id.left(1).toUpper() +
                                                     id.mid(1));
        if (!action) {
            std::fprintf(stderr, "tgc-annotator: script: no tool '%s'\n", qPrintable(id));
            QCoreApplication::exit(3);
            return false;
        }
        action->trigger();
        return true;
    }
    if (a.contains("click")) {
        const QJsonArray c = a.value("click").toArray();
        if (c.size() != 4)
            return true;
        const std::array<int, 3> voxel{c[0].toInt(), c[1].toInt(), c[2].toInt()};
        const Qt::MouseButton button =
            c[3].toString() == QLatin1String("neg") ? Qt::RightButton : Qt::LeftButton;
        m_app->display()->setCursor(voxel); // the axial view shows slice z
        SliceView* view = m_window->viewArea()->view(Orientation::Axial);
        const QPointF at = view->widgetPointOf(voxel);
        const QPointF global = view->mapToGlobal(at);
        const bool refines = m_app->edit()->proposalClicks()->isOpen();
        if (refines)
            afterAnswer();
        QMouseEvent press(QEvent::MouseButtonPress, at, global, button, button, Qt::NoModifier);
        QCoreApplication::sendEvent(view, &press);
        QMouseEvent release(QEvent::MouseButtonRelease, at, global, button, Qt::NoButton,
                            Qt::NoModifier);
        QCoreApplication::sendEvent(view, &release);
        return !refines;
    }
    if (a.contains("window_size")) {
        const QJsonArray size = a.value("window_size").toArray();
        m_window->resize(size[0].toInt(1560), size[1].toInt(960));
        return true;
    }
    if (a.contains("screenshot")) {
        const QString out = a.value("screenshot").toString();
        if (!m_window->grab().toImage().save(out)) {
            std::fprintf(stderr, "tgc-annotator: %s: cannot write the screenshot\n",
                         qPrintable(out));
            QCoreApplication::exit(1);
        }
        return true;
    }
    return true;
}

} // namespace tgc

// tgc-annotator: the GUI. Argument parsing only; the window lives in ui/.
//   tgc-annotator [FILE|DIR|PROJECT ...] [--lang de|en] [--screenshot OUT.png [--screenshot-delay
//   MS]]
//                 [--project P [--restore-autosave ask|yes|no]] [--script FILE]
// --script replays edits for tests (ui/edit_script.h describes the format).
#include "app_style.h"
#include "edit_script.h"
#include "language.h"
#include "main_window.h"
#include "project_controller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("TGC"));
    QCoreApplication::setApplicationName(QStringLiteral("TGC Annotator"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TGC_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Text-guided annotation of medical images. Opens images, DICOM folders "
                       "and qata dataset folders (images/, masks/, text.csv)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"),
                                 QStringLiteral("Images, DICOM folders or dataset folders."),
                                 QStringLiteral("[FILE|DIR ...]"));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QStringLiteral("Interface language: en or de."),
                                  QStringLiteral("code"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Write a PNG of the main window once loading finished, then exit."),
        QStringLiteral("out.png"));
    const QCommandLineOption delay(QStringLiteral("screenshot-delay"),
                                   QStringLiteral("Wait this long after loading (default 800)."),
                                   QStringLiteral("ms"), QStringLiteral("800"));
    const QCommandLineOption project(QStringLiteral("project"),
                                     QStringLiteral("Open this project folder."),
                                     QStringLiteral("folder"));
    const QCommandLineOption restore(
        QStringLiteral("restore-autosave"),
        QStringLiteral("When the project holds unsaved edits from a crash: ask (default), yes "
                       "(restore them) or no (keep them aside in .autosave/)."),
        QStringLiteral("ask|yes|no"), QStringLiteral("ask"));
    const QCommandLineOption script(QStringLiteral("script"),
                                    QStringLiteral("Replay scripted edits (tests)."),
                                    QStringLiteral("file"));
    parser.addOptions({lang, screenshot, delay, project, restore, script});
    parser.process(app);

    const QString code = parser.isSet(lang) ? parser.value(lang) : tgc::savedLanguage();
    if (!tgc::installLanguage(code))
        std::fprintf(stderr, "tgc-annotator: no translation for language '%s'; using English\n",
                     qPrintable(code));
    tgc::applyDarkStyle();

    tgc::MainWindow window;
    const QStringList paths = parser.positionalArguments();
    int exitCode = 0;
    bool caseOpening = false;
    if (parser.isSet(screenshot))
        window.resize(1560, 960); // the same picture whatever the saved layout size
    window.show();
    if (parser.isSet(project)) {
        const QString answer = parser.value(restore);
        const auto recovery =
            answer == QLatin1String("yes")  ? tgc::ProjectController::Recovery::Restore
            : answer == QLatin1String("no") ? tgc::ProjectController::Recovery::Discard
                                            : tgc::ProjectController::Recovery::Ask;
        if (!window.projectController()->openProject(parser.value(project), recovery)) {
            std::fprintf(stderr, "tgc-annotator: %s\n", qPrintable(window.lastError()));
            if (parser.isSet(script))
                return 2;
        } else if (!parser.isSet(script) && paths.isEmpty() &&
                   window.projectController()->session()->project().cases().size() > 0) {
            // Straight to work: the first case not done yet (or the first case).
            window.projectController()->nextUnfinished(1);
            caseOpening = true;
        }
    }
    if (parser.isSet(screenshot)) {
        const QString out = parser.value(screenshot);
        const int delayMs = std::max(0, parser.value(delay).toInt());
        auto take = [&window, out, delayMs, &exitCode](bool loaded) {
            if (!loaded)
                exitCode = 1;
            QTimer::singleShot(delayMs, &window, [&window, out, &exitCode] {
                if (!window.grab().toImage().save(out)) {
                    std::fprintf(stderr, "tgc-annotator: %s: cannot write the screenshot\n",
                                 qPrintable(out));
                    exitCode = 1;
                }
                QCoreApplication::exit(exitCode);
            });
        };
        if (paths.isEmpty() && !caseOpening)
            take(true);
        else
            QObject::connect(&window, &tgc::MainWindow::loadFinished, &window, take,
                             Qt::SingleShotConnection);
        QTimer::singleShot(180000, &window, [] {
            std::fprintf(stderr, "tgc-annotator: loading did not finish within 180 s\n");
            QCoreApplication::exit(2);
        });
    }
    if (parser.isSet(script))
        (new tgc::EditScript(parser.value(script), &window))->start();
    if (!paths.isEmpty())
        QTimer::singleShot(0, &window, [&window, paths] { window.openPaths(paths); });
    return app.exec();
}

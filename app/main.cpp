// tgc-annotator: the GUI's command line. It parses the options and hands what they
// ask for (a screenshot once loaded, a proposal, compare mode, scripted edits, a
// PACS connection) to the application (ui/application/annotator.h) and the
// window over it (ui/).
//   tgc-annotator [FILE|DIR|PROJECT ...] [--lang de|en] [--screenshot OUT.png [--screenshot-delay
//   MS]]
//                 [--project P [--restore-autosave ask|yes|no] [--case ID]] [--script FILE]
//                 [--generate slice|volume] [--compare MODEL,MODEL[,...]
//                 [--compare-mode models|probe|ablation]] [--pacs URL [--pacs-user U]]
// --script replays edits for tests (ui/script/edit_script.h describes the
// format); only builds with TGC_EDIT_SCRIPT have it.
// --generate asks the model for the proposal once the image has loaded; with
// --screenshot the picture waits until the proposal is on screen. --compare
// runs compare mode on the current slice (app/compare_option.h).
#include "app_style.h"
#include "compare_option.h"
#ifdef TGC_EDIT_SCRIPT
#include "edit_script.h"
#endif
#include "annotator.h"
#include "inference_client.h"
#include "language.h"
#include "main_window.h"
#include "model_manager.h"
#include "pacs_browser.h"
#include "project_controller.h"
#include "proposal_controller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <functional>

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
    // As --help lists them: name, help, value name, default.
    static const char* const options[][4] = {
        {"lang", "Interface language: en or de.", "code", ""},
        {"screenshot", "Write a PNG of the main window once loading finished, then exit.",
         "out.png", ""},
        {"screenshot-delay", "Wait this long after loading (default 800).", "ms", "800"},
        {"project", "Open this project folder.", "folder", ""},
        {"restore-autosave",
         "When the project holds unsaved edits from a crash: ask (default), yes (restore them) "
         "or no (keep them aside in .autosave/).",
         "ask|yes|no", "ask"},
        {"case", "With --project: open this case.", "id", ""},
        {"generate",
         "Once the image has loaded, generate the model's proposal for the current slice or the "
         "whole volume (with --screenshot: shot once it is shown).",
         "slice|volume", ""},
        {"compare",
         "Once the image has loaded, compare these models on the current slice: model ids, "
         "\"demo\" or checkpoint files (with --screenshot: shot once the metrics are shown).",
         "models", ""},
        {"compare-mode",
         "With --compare: models (default), or probe or ablation with the first model.",
         "models|probe|ablation", "models"},
        {"pacs",
         "Open the PACS dock connected to this DICOMweb server (http(s)://host:port/dicom-web); "
         "the password comes from TGC_PACS_PASSWORD, never the command line.",
         "url", ""},
        {"pacs-user", "With --pacs: the user name.", "name", ""},
#ifdef TGC_EDIT_SCRIPT
        {"script", "Replay scripted edits (tests).", "file", ""},
#endif
    };
    for (const auto& [name, help, value, fallback] : options)
        parser.addOption({name, help, value, fallback});
    parser.process(app);
    const auto isSet = [&parser](const char* name) { return parser.isSet(name); };
    const auto value = [&parser](const char* name) { return parser.value(name); };
#ifdef TGC_EDIT_SCRIPT
    const QString scriptFile = value("script");
#else
    const QString scriptFile;
#endif

    const QString code = isSet("lang") ? value("lang") : tgc::savedLanguage();
    if (!tgc::installLanguage(code))
        std::fprintf(stderr, "tgc-annotator: no translation for language '%s'; using English\n",
                     qPrintable(code));
    tgc::applyDarkStyle();

    tgc::MainWindow window;
    tgc::Annotator* annotator = window.app();
    const QStringList paths = parser.positionalArguments();
    bool opensCase = !paths.isEmpty() || (isSet("project") && isSet("case"));
    int exitCode = 0;
    // What happens once the image has loaded: the screenshot, after the
    // proposal when --generate asks for one.
    std::function<void(bool)> afterLoad = [](bool) {};
    if (isSet("screenshot")) {
        const QString out = value("screenshot");
        const int delayMs = std::max(0, value("screenshot-delay").toInt());
        window.resize(1560, 960); // the same picture whatever the saved layout size
        afterLoad = [&window, out, delayMs, &exitCode](bool loaded) {
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
        QTimer::singleShot(180000, &window, [] {
            std::fprintf(stderr, "tgc-annotator: loading did not finish within 180 s\n");
            QCoreApplication::exit(2);
        });
    }
    if (isSet("generate")) {
        const auto scope = value("generate") == QLatin1String("volume")
                               ? tgc::ProposalController::Scope::Volume
                               : tgc::ProposalController::Scope::Slice;
        const std::function<void(bool)> then = afterLoad;
        afterLoad = [&window, annotator, scope, then](bool loaded) {
            if (!loaded) {
                then(false);
                return;
            }
            auto* proposals = annotator->proposals();
            auto run = [&window, proposals, scope, then] {
                QObject::connect(
                    proposals, &tgc::ProposalController::proposalReady, &window,
                    [then] { then(true); }, Qt::SingleShotConnection);
                QObject::connect(
                    proposals, &tgc::ProposalController::error, &window,
                    [then](const QString&, const QString& text) {
                        std::fprintf(stderr, "tgc-annotator: %s\n", qPrintable(text));
                        then(false);
                    },
                    Qt::SingleShotConnection);
                proposals->generate(scope);
            };
            tgc::ModelManager* models = annotator->models();
            if (models->client()->activeModel()) {
                run();
                return;
            }
            QObject::connect(models, &tgc::ModelManager::modelReady, &window, run,
                             Qt::SingleShotConnection);
            QObject::connect(
                models, &tgc::ModelManager::modelFailed, &window,
                [then](const QString& text) {
                    std::fprintf(stderr, "tgc-annotator: %s\n", qPrintable(text));
                    then(false);
                },
                Qt::SingleShotConnection);
        };
    }
    if (isSet("compare")) {
        const QStringList models = value("compare").split(QLatin1Char(','));
        const std::function<void(bool)> then = afterLoad;
        const QString mode = value("compare-mode");
        afterLoad = [&window, models, mode, then](bool loaded) {
            if (loaded)
                tgc::compareOnceLoaded(window, models, mode, then);
            else
                then(false);
        };
    }
    window.show();
    if (isSet("project")) {
        const QString answer = value("restore-autosave");
        const auto recovery =
            answer == QLatin1String("yes")  ? tgc::ProjectController::Recovery::Restore
            : answer == QLatin1String("no") ? tgc::ProjectController::Recovery::Discard
                                            : tgc::ProjectController::Recovery::Ask;
        if (!annotator->project()->openProject(value("project"), recovery)) {
            std::fprintf(stderr, "tgc-annotator: %s\n", qPrintable(annotator->lastError()));
            if (!scriptFile.isEmpty() || isSet("case"))
                return 2;
        }
        if (isSet("case") && !annotator->project()->openCase(value("case"))) {
            std::fprintf(stderr, "tgc-annotator: no case '%s' in the project\n",
                         qPrintable(value("case")));
            return 2;
        }
        const auto* session = annotator->project()->session();
        if (session && !opensCase && scriptFile.isEmpty() && !session->project().cases().empty()) {
            // Straight to work: the first case not done yet.
            annotator->project()->nextUnfinished(1);
            opensCase = true;
        }
    }
    // The load runs on a worker and reports through the event loop, so
    // connecting after the request is still in time.
    if (opensCase)
        QObject::connect(annotator, &tgc::Annotator::loadFinished, &window, afterLoad,
                         Qt::SingleShotConnection);
    else
        afterLoad(true);
#ifdef TGC_EDIT_SCRIPT
    if (!scriptFile.isEmpty())
        (new tgc::EditScript(scriptFile, &window))->start();
#endif
    if (isSet("pacs")) {
        window.showPacsDock();
        annotator->pacs()->connectTo(value("pacs"), value("pacs-user"),
                                     qEnvironmentVariable("TGC_PACS_PASSWORD"));
    }
    if (!paths.isEmpty())
        QTimer::singleShot(0, annotator, [annotator, paths] { annotator->openPaths(paths); });
    return app.exec();
}

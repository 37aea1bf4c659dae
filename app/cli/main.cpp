// tgc-cli: every non-interactive job of TGC Annotator (DESIGN.md §5).
#include "commands.h"

#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <functional>
#include <map>
#include <memory>

namespace {

// The commands that run TGC-Net live in tgc-cli-model.so beside this
// executable, loaded only when one of them runs: libtorch takes most of a
// second to load, which `info` and the other file commands must not pay.
int runModelCommand(const char* name, const QStringList& args) {
    const QString path = QCoreApplication::applicationDirPath() + "/tgc-cli-model.so";
    void* module = dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
    if (!module)
        return tgc::cli::fail(name,
                              QStringLiteral("cannot load the model commands: %1")
                                  .arg(QString::fromLocal8Bit(dlerror())),
                              1);
    using Entry = int (*)(const char*, const QStringList&);
    const auto entry = reinterpret_cast<Entry>(dlsym(module, "tgc_cli_model_command"));
    if (!entry)
        return tgc::cli::fail(name, path + QStringLiteral(": no tgc_cli_model_command"), 1);
    return entry(name, args);
}

std::function<int(const QStringList&)> modelCommand(const char* name) {
    return [name](const QStringList& args) { return runModelCommand(name, args); };
}

} // namespace

namespace {

struct Subcommand {
    std::function<int(const QStringList&)> run;
    const char* summary;
};

const std::map<QString, Subcommand>& subcommands() {
    using namespace tgc::cli;
    static const std::map<QString, Subcommand> table = {
        {"info",
         {runInfo, "describe an image file or folder (DICOM, NIfTI, MetaImage, PNG/JPEG/TIFF)"}},
        {"phantom", {runPhantom, "write synthetic cxr/ct/ct3d phantoms with reports and masks"}},
        {"tokenize", {runTokenize, "CLIP BPE token ids of a text"}},
        {"import", {runImport, "import images into a project folder"}},
        {"infer", {modelCommand("infer"), "text-guided mask for one image"}},
        {"train", {modelCommand("train"), "train TGC-Net on a qata-layout dataset"}},
        {"eval", {modelCommand("eval"), "evaluate a model on a qata-layout dataset"}},
        {"export", {runExport, "export a project as qata, nnunet or dicom-seg"}},
        {"compare",
         {modelCommand("compare"), "compare several models on a project or qata folder"}},
        {"bench", {modelCommand("bench"), "model speed benchmark"}},
        {"pacs", {runPacs, "PACS: echo, ls, pull a series, push a mask as DICOM SEG"}},
    };
    return table;
}

int usage(int code) {
    QTextStream out(code == 0 ? stdout : stderr);
    out << "usage: tgc-cli <command> [options] [--json]\n\ncommands:\n";
    for (const auto& [name, command] : subcommands())
        out << "  " << name.leftJustified(10) << command.summary << "\n";
    out << "\n'tgc-cli <command> --help' describes a command's options.\n";
    return code;
}

} // namespace

namespace {

// Commands that draw text into images (compare's montages and plots) need a
// QGuiApplication for fonts; every other command keeps the lighter
// QCoreApplication, so `info` starts no platform plugin.
bool drawsPictures(int argc, char** argv) {
    return argc > 1 && std::strcmp(argv[1], "compare") == 0;
}

std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv) {
    if (!drawsPictures(argc, argv))
        return std::make_unique<QCoreApplication>(argc, argv);
    // No window is ever shown: the offscreen platform needs no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace

int main(int argc, char** argv) {
    const auto app = makeApplication(argc, argv);
    QCoreApplication::setApplicationName("tgc-cli");
    QCoreApplication::setApplicationVersion(TGC_VERSION);
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2)
        return usage(2);
    const QString name = args.at(1);
    if (name == "--help" || name == "-h" || name == "help")
        return usage(0);
    if (name == "--version") {
        QTextStream(stdout) << "tgc-cli " << TGC_VERSION << Qt::endl;
        return 0;
    }
    const auto found = subcommands().find(name);
    if (found == subcommands().end()) {
        QTextStream(stderr) << "tgc-cli: unknown command '" << name << "'\n";
        return usage(2);
    }
    args.removeAt(1);
    args[0] = "tgc-cli " + name;
    return found->second.run(args);
}

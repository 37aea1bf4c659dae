// tgc-cli: every non-interactive job of TGC Annotator (DESIGN.md §5).
#include "commands.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>
#include <functional>
#include <map>

namespace tgc::cli {

void printJson(const QJsonObject& object) {
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(const QString& command, const QString& message, int code) {
    QTextStream(stderr) << "tgc-cli " << command << ": " << message << Qt::endl;
    return code;
}

std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args,
                                  const QString& command, bool allowPositional) {
    if (!parser.parse(args))
        return fail(command, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (!allowPositional && !parser.positionalArguments().isEmpty())
        return fail(
            command,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    return std::nullopt;
}

bool parsePositive(const QString& text, int& out, int max) {
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 1 || value > max)
        return false;
    out = value;
    return true;
}

} // namespace tgc::cli

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
        {"infer", {runInfer, "text-guided mask for one image"}},
        {"train", {runTrain, "train TGC-Net on a qata-layout dataset"}},
        {"eval", {runEval, "evaluate a model on a qata-layout dataset"}},
        {"export", {runExport, "export a project as qata, nnunet or dicom-seg"}},
        {"compare", {runCompare, "compare several models on a project"}},
        {"bench", {runBench, "model speed benchmark"}},
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

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
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

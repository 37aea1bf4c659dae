// Subcommands of tgc-cli (DESIGN.md §5). Each lives in its own file and
// returns the process exit code. Contract: with --json exactly one JSON object
// goes to stdout; errors go to stderr naming the file and the reason.
#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace tgc::cli {

// args: the subcommand's own arguments, argv[0]-style name first
// ("tgc-cli info"), ready for QCommandLineParser::process/parse.
int runInfo(const QStringList& args);
int runPhantom(const QStringList& args);
int runTokenize(const QStringList& args);
int runImport(const QStringList& args);
int runInfer(const QStringList& args);
int runTrain(const QStringList& args);
int runEval(const QStringList& args);
int runExport(const QStringList& args);
int runCompare(const QStringList& args);
int runBench(const QStringList& args);
int runPacs(const QStringList& args);

// Writes a JSON object as one compact line to stdout.

void printJson(const QJsonObject& object);
// Writes "tgc-cli <command>: <message>" to stderr and returns exit code 2 or the given one.
int fail(const QString& command, const QString& message, int code = 2);
// Parses a subcommand's arguments. Returns the exit code when the command
// is done already (--help printed: 0; a parse error or, unless positional
// arguments are allowed, an unexpected one: 2, reported), else nothing.
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args,
                                  const QString& command, bool allowPositional = false);
// A whole number in [1, max] from an option's text; false when it is not one.
bool parsePositive(const QString& text, int& out, int max = 100000000);

// The options of every command that runs the model on images (infer, eval,
// compare): --clip, --device, --threshold, --threads.
struct ModelRunOptions {
    QCommandLineOption clip{QStringLiteral("clip"),
                            QStringLiteral("CLIP folder (vocabulary, weights) if needed"),
                            QStringLiteral("DIR")};
    QCommandLineOption device{QStringLiteral("device"), QStringLiteral("auto, cpu or cuda"),
                              QStringLiteral("DEVICE"), QStringLiteral("auto")};
    QCommandLineOption threshold{QStringLiteral("threshold"),
                                 QStringLiteral("probability threshold (default 0.5)"),
                                 QStringLiteral("X"), QStringLiteral("0.5")};
    QCommandLineOption threads{QStringLiteral("threads"),
                               QStringLiteral("CPU threads (default: every core)"),
                               QStringLiteral("N")};
    QList<QCommandLineOption> all() const { return {clip, device, threshold, threads}; }
};
struct ModelRunSettings {
    QString clip, device;
    double threshold = 0.5;
    int threads = 0; // 0: every core
};
// Their values from a parsed command line; an error message when one is wrong.
std::optional<QString> readModelRunSettings(const QCommandLineParser& parser,
                                            const ModelRunOptions& options, ModelRunSettings& out);

} // namespace tgc::cli

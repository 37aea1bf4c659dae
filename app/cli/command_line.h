// The command line of one tgc-cli subcommand: its parser, the options several
// commands share (one name, value name and help text each), and the reads of
// option values that refuse a wrong one the same way in every command.
// --help lists the options in the order they are declared.
#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <cstdint>
#include <initializer_list>
#include <optional>

namespace tgc::cli {

// The exit code of a command refused for its arguments.
constexpr int kBadArguments = 2;

// Writes "tgc-cli <command>: <message>" to stderr and returns the exit code.
int fail(const QString& command, const QString& message, int code = kBadArguments);
// A whole number in [1, max] from an option's text; false when it is not one.
bool parsePositive(const QString& text, int& out, int max = 100000000);

// The options of every command that runs the model on images (infer, eval,
// compare): --clip, --device, --threshold, --threads.
struct ModelRunOptions {
    QCommandLineOption clip, device, threshold, threads;
};
struct ModelRunSettings {
    QString clip, device;
    double threshold = 0.5;
    int threads = 0; // 0: every core
};

class CommandLine {
public:
    // name: the command as its messages name it ("export", "pacs pull").
    CommandLine(QString name, const QString& description);

    const QString& name() const { return m_name; }
    const QCommandLineParser& parser() const { return m_parser; }
    // For the commands that leave the parsing to Qt (phantom).
    QCommandLineParser& parser() { return m_parser; }

    // An option with a value when valueName is given, defaulting to fallback.
    QCommandLineOption option(const QString& name, const QString& help,
                              const QString& valueName = {}, const QString& fallback = {});
    // Declaring a positional argument is what lets parse() accept them.
    void positional(const QString& name, const QString& help, const QString& syntax = {});

    // The shared options.
    QCommandLineOption json(const QString& help = QStringLiteral("print one JSON object"));
    QCommandLineOption project(const QString& help = QStringLiteral("the project folder"));
    QCommandLineOption model();  // --model W, a checkpoint
    QCommandLineOption config(); // --config NAME, default tiny
    QCommandLineOption device(); // --device auto|cpu|cuda, default auto
    QCommandLineOption threads();
    QCommandLineOption seed(const QString& help);              // --seed S, default 1
    QCommandLineOption presenceThreshold(const QString& help); // --presence-threshold X
    ModelRunOptions modelRun();

    // An exit code when the command is done already: --help printed (0), a
    // parse error or an unexpected positional argument (reported, 2).
    std::optional<int> parse(const QStringList& args);

    bool isSet(const QCommandLineOption& option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption& option) const { return m_parser.value(option); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }
    int fail(const QString& message, int code = kBadArguments) const;

    // The reads. Each reports what is wrong and returns false, for the caller
    // to return kBadArguments; an option without a default that is not given
    // leaves `out` as it is.
    enum class Spelling { Names, WithValues }; // "--out" or "--out DIR"
    // "--a and --b are required" unless every one is given.
    bool require(std::initializer_list<QCommandLineOption> options,
                 Spelling spelling = Spelling::Names) const;
    // "--x needs a positive whole number": [1, max].
    bool positive(const QCommandLineOption& option, int& out, int max = 100000000) const;
    // "--x needs a whole number >= 0".
    bool wholeFromZero(const QCommandLineOption& option, int& out) const;
    // "--x must be a number in [low, high]".
    bool number(const QCommandLineOption& option, double low, double high, double& out) const;
    // "--x must be a non-negative whole number (got '...')", as a seed is.
    bool unsignedNumber(const QCommandLineOption& option, std::uint64_t& out) const;
    bool modelRun(const ModelRunOptions& options, ModelRunSettings& out) const;

private:
    QString m_name;
    QCommandLineParser m_parser;
    bool m_positional = false;
};

} // namespace tgc::cli

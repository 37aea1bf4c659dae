// CommandLine (command_line.h): one parser per subcommand, the shared options
// and the reads with their standard messages.
#include "command_line.h"

#include <QTextStream>

namespace tgc::cli {

CommandLine::CommandLine(QString name, const QString& description) : m_name(std::move(name)) {
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
}

QCommandLineOption CommandLine::option(const QString& name, const QString& help,
                                       const QString& valueName, const QString& fallback) {
    const QCommandLineOption option(name, help, valueName, fallback);
    m_parser.addOption(option);
    return option;
}

void CommandLine::positional(const QString& name, const QString& help, const QString& syntax) {
    m_parser.addPositionalArgument(name, help, syntax);
    m_positional = true;
}

QCommandLineOption CommandLine::json(const QString& help) {
    return option(QStringLiteral("json"), help);
}

QCommandLineOption CommandLine::project(const QString& help) {
    return option(QStringLiteral("project"), help, QStringLiteral("P"));
}

QCommandLineOption CommandLine::model() {
    return option(QStringLiteral("model"), QStringLiteral("checkpoint"), QStringLiteral("W"));
}

QCommandLineOption CommandLine::config() {
    return option(QStringLiteral("config"), QStringLiteral("tiny, paper-b16 or paper-l14-336"),
                  QStringLiteral("NAME"), QStringLiteral("tiny"));
}

QCommandLineOption CommandLine::device() {
    return option(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda"),
                  QStringLiteral("DEVICE"), QStringLiteral("auto"));
}

QCommandLineOption CommandLine::threads() {
    return option(QStringLiteral("threads"), QStringLiteral("CPU threads (default: every core)"),
                  QStringLiteral("N"));
}

QCommandLineOption CommandLine::seed(const QString& help) {
    return option(QStringLiteral("seed"), help, QStringLiteral("S"), QStringLiteral("1"));
}

QCommandLineOption CommandLine::presenceThreshold(const QString& help) {
    return option(QStringLiteral("presence-threshold"), help, QStringLiteral("X"),
                  QStringLiteral("0.5"));
}

ModelRunOptions CommandLine::modelRun() {
    return {option(QStringLiteral("clip"),
                   QStringLiteral("CLIP folder (vocabulary, weights) if needed"),
                   QStringLiteral("DIR")),
            device(),
            option(QStringLiteral("threshold"),
                   QStringLiteral("probability threshold (default 0.5)"), QStringLiteral("X"),
                   QStringLiteral("0.5")),
            threads()};
}

std::optional<int> CommandLine::parse(const QStringList& args) {
    if (!m_parser.parse(args))
        return fail(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << m_parser.helpText();
        return 0;
    }
    if (!m_positional && !m_parser.positionalArguments().isEmpty())
        return fail(
            QStringLiteral("unexpected argument '%1'").arg(m_parser.positionalArguments().front()));
    return std::nullopt;
}

int CommandLine::fail(const QString& message, int code) const {
    return cli::fail(m_name, message, code);
}

namespace {

QString dashed(const QCommandLineOption& option) {
    return QStringLiteral("--") + option.names().front();
}

} // namespace

bool CommandLine::require(std::initializer_list<QCommandLineOption> options,
                          Spelling spelling) const {
    QStringList missing, named;
    for (const QCommandLineOption& option : options) {
        named << dashed(option) + (spelling == Spelling::WithValues
                                       ? QStringLiteral(" ") + option.valueName()
                                       : QString());
        if (!m_parser.isSet(option))
            missing << named.back();
    }
    if (missing.isEmpty())
        return true;
    // The message names every option of the group, given or not.
    const QString last = named.takeLast();
    const QString list =
        named.isEmpty() ? last : named.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
    fail(list +
         (named.isEmpty() ? QStringLiteral(" is required") : QStringLiteral(" are required")));
    return false;
}

bool CommandLine::positive(const QCommandLineOption& option, int& out, int max) const {
    if (!m_parser.isSet(option) && option.defaultValues().isEmpty())
        return true;
    if (parsePositive(m_parser.value(option), out, max))
        return true;
    fail(dashed(option) + QStringLiteral(" needs a positive whole number"));
    return false;
}

bool CommandLine::wholeFromZero(const QCommandLineOption& option, int& out) const {
    if (!m_parser.isSet(option) && option.defaultValues().isEmpty())
        return true;
    bool ok = false;
    const int value = m_parser.value(option).toInt(&ok);
    if (ok && value >= 0) {
        out = value;
        return true;
    }
    fail(dashed(option) + QStringLiteral(" needs a whole number >= 0"));
    return false;
}

bool CommandLine::number(const QCommandLineOption& option, double low, double high,
                         double& out) const {
    if (!m_parser.isSet(option) && option.defaultValues().isEmpty())
        return true;
    bool ok = false;
    const double value = m_parser.value(option).toDouble(&ok);
    if (ok && value >= low && value <= high) {
        out = value;
        return true;
    }
    fail(QStringLiteral("%1 must be a number in [%2, %3]")
             .arg(dashed(option), QString::number(low), QString::number(high)));
    return false;
}

bool CommandLine::unsignedNumber(const QCommandLineOption& option, std::uint64_t& out) const {
    if (!m_parser.isSet(option) && option.defaultValues().isEmpty())
        return true;
    bool ok = false;
    const quint64 value = m_parser.value(option).toULongLong(&ok);
    if (ok) {
        out = value;
        return true;
    }
    fail(QStringLiteral("%1 must be a non-negative whole number (got '%2')")
             .arg(dashed(option), m_parser.value(option)));
    return false;
}

bool CommandLine::modelRun(const ModelRunOptions& options, ModelRunSettings& out) const {
    out.clip = m_parser.value(options.clip);
    out.device = m_parser.value(options.device);
    if (!positive(options.threads, out.threads, 1024))
        return false;
    bool ok = false;
    out.threshold = m_parser.value(options.threshold).toDouble(&ok);
    if (ok && out.threshold > 0 && out.threshold < 1)
        return true;
    fail(QStringLiteral("--threshold must be a number in (0, 1)"));
    return false;
}

} // namespace tgc::cli

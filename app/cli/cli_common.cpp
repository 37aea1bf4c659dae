// Helpers every tgc-cli command shares (commands.h); linked into the
// executable and into the model-commands module.
#include "commands.h"

#include <QJsonDocument>
#include <QTextStream>
#include <cstdio>

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

std::optional<QString> readModelRunSettings(const QCommandLineParser& parser,
                                            const ModelRunOptions& options, ModelRunSettings& out) {
    out.clip = parser.value(options.clip);
    out.device = parser.value(options.device);
    if (parser.isSet(options.threads) &&
        !parsePositive(parser.value(options.threads), out.threads, 1024))
        return QStringLiteral("--threads needs a positive whole number");
    bool ok = false;
    out.threshold = parser.value(options.threshold).toDouble(&ok);
    if (!ok || out.threshold <= 0 || out.threshold >= 1)
        return QStringLiteral("--threshold must be a number in (0, 1)");
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

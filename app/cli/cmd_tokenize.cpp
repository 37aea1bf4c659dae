// tgc-cli tokenize --vocab FILE|byte --text T [--context N] [--json]
//   -> {"ids":[...],"truncated":bool}   (DESIGN.md §5; ids include start and end tokens)
#include "commands.h"
#include "tokenizer.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QTextStream>
#include <exception>

namespace tgc::cli {

int runTokenize(const QStringList& args) {
    const QString command = QStringLiteral("tokenize");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Token ids of a text for the CLIP text encoder: the start token, the "
                       "text's tokens and the end token, without the padding."));
    parser.addHelpOption();
    const QCommandLineOption vocab(
        QStringLiteral("vocab"),
        QStringLiteral("bpe_simple_vocab_16e6.txt.gz, vocab.json (merges.txt beside it), a CLIP "
                       "folder, or 'byte' for the byte tokenizer"),
        QStringLiteral("FILE"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("the text"),
                                  QStringLiteral("T"));
    const QCommandLineOption context(QStringLiteral("context"),
                                     QStringLiteral("context length (default 77)"),
                                     QStringLiteral("N"), QStringLiteral("77"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    parser.addOptions({vocab, text, context, json});
    if (const auto done = parseArguments(parser, args, command))
        return *done;
    if (!parser.isSet(vocab) || !parser.isSet(text))
        return fail(command, QStringLiteral("give --vocab FILE (or --vocab byte) and --text T"));
    if (!parser.positionalArguments().isEmpty())
        return fail(
            command,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    bool contextOk = false;
    const int contextLength = parser.value(context).toInt(&contextOk);
    if (!contextOk || contextLength < 2)
        return fail(command, QStringLiteral("--context needs a whole number of at least 2"));

    model::TokenizedText tokens;
    try {
        const QString source = parser.value(vocab);
        const auto tokenizer = source == QStringLiteral("byte")
                                   ? model::makeByteTokenizer()
                                   : model::makeClipTokenizer(source.toStdString());
        tokens = tokenizer->encode(parser.value(text).toStdString(), contextLength);
    } catch (const std::exception& e) {
        return fail(command, QString::fromStdString(e.what()), 1);
    }
    if (tokens.truncated)
        QTextStream(stderr) << "tgc-cli tokenize: warning: the text is longer than "
                            << contextLength << " tokens and was truncated" << Qt::endl;

    QJsonArray ids;
    for (int i = 0; i < tokens.tokenCount; ++i)
        ids.append(qint64(tokens.ids[std::size_t(i)]));
    if (parser.isSet(json)) {
        printJson(QJsonObject{{QStringLiteral("ids"), ids},
                              {QStringLiteral("truncated"), tokens.truncated}});
    } else {
        QTextStream out(stdout);
        for (int i = 0; i < ids.size(); ++i)
            out << (i ? " " : "") << ids[i].toInteger();
        out << Qt::endl;
    }
    return 0;
}

} // namespace tgc::cli

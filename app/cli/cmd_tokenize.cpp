// tgc-cli tokenize --vocab FILE|byte --text T [--context N] [--json]
//   -> {"ids":[...],"truncated":bool}   (DESIGN.md §5; ids include start and end tokens)
#include "commands.h"
#include "tokenizer.h"

#include <QJsonArray>
#include <QTextStream>
#include <exception>

namespace tgc::cli {

int runTokenize(const QStringList& args) {
    CommandLine cl("tokenize", "Token ids of a text for the CLIP text encoder: the start token, "
                               "the text's tokens and the end token, without the padding.");
    const auto vocab = cl.option("vocab",
                                 "bpe_simple_vocab_16e6.txt.gz, vocab.json (merges.txt beside "
                                 "it), a CLIP folder, or 'byte' for the byte tokenizer",
                                 "FILE");
    const auto text = cl.option("text", "the text", "T");
    const auto context = cl.option("context", "context length (default 77)", "N", "77");
    const auto json = cl.json();
    if (const auto done = cl.parse(args))
        return *done;
    if (!cl.isSet(vocab) || !cl.isSet(text))
        return cl.fail(QStringLiteral("give --vocab FILE (or --vocab byte) and --text T"));
    bool contextOk = false;
    const int contextLength = cl.value(context).toInt(&contextOk);
    if (!contextOk || contextLength < 2)
        return cl.fail(QStringLiteral("--context needs a whole number of at least 2"));

    model::TokenizedText tokens;
    try {
        const QString source = cl.value(vocab);
        const auto tokenizer = source == QStringLiteral("byte")
                                   ? model::makeByteTokenizer()
                                   : model::makeClipTokenizer(source.toStdString());
        tokens = tokenizer->encode(cl.value(text).toStdString(), contextLength);
    } catch (const std::exception& e) {
        return cl.fail(QString::fromStdString(e.what()), 1);
    }
    if (tokens.truncated)
        QTextStream(stderr) << "tgc-cli tokenize: warning: the text is longer than "
                            << contextLength << " tokens and was truncated" << Qt::endl;

    QJsonArray ids;
    for (int i = 0; i < tokens.tokenCount; ++i)
        ids.append(qint64(tokens.ids[std::size_t(i)]));
    if (cl.isSet(json)) {
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

#include "prompt_tokens.h"

#include "tokenizer.h"

#include <QRegularExpression>
#include <QSettings>
#include <stdexcept>

namespace tgc {

PromptTokens::PromptTokens(const QString& clipFolder) {
    if (clipFolder.isEmpty()) {
        m_error = QStringLiteral("no CLIP folder set: token counts are approximate");
        return;
    }
    try {
        m_tokenizer = model::makeClipTokenizer(clipFolder.toStdString());
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
    }
}

PromptTokens::PromptTokens(const QString& kind, const QString& clipFolder) {
    if (kind == QLatin1String("byte")) {
        m_tokenizer = model::makeByteTokenizer();
        return;
    }
    const QString folder = clipFolder.isEmpty() ? configuredFolder() : clipFolder;
    if (folder.isEmpty()) {
        m_error = QStringLiteral("no CLIP folder set: token counts are approximate");
        return;
    }
    try {
        m_tokenizer = model::makeTokenizer(kind.toStdString(), folder.toStdString());
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
    }
}

PromptTokens::~PromptTokens() = default;

QString PromptTokens::kind() const {
    return m_tokenizer ? QString::fromStdString(m_tokenizer->kind()) : QString();
}

QString PromptTokens::configuredFolder() {
    const QString set = QSettings().value(QStringLiteral("model/clipFolder")).toString();
    return set.isEmpty() ? qEnvironmentVariable("TGC_CLIP_DIR") : set;
}

TokenCount PromptTokens::count(const QString& text) const {
    TokenCount out;
    if (m_tokenizer) {
        // Encoded with a wide context to know the full length, not just what fits.
        const auto full = m_tokenizer->encode(text.toStdString(), 4096);
        out.tokens = full.tokenCount;
        out.exact = true;
    } else {
        // CLIP's pre-tokenisation: every piece is at least one BPE token.
        static const QRegularExpression piece(
            QStringLiteral("'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+"),
            QRegularExpression::CaseInsensitiveOption);
        int pieces = 0;
        for (auto it = piece.globalMatch(text); it.hasNext(); it.next())
            ++pieces;
        out.tokens = pieces + 2;
    }
    out.truncated = out.tokens > kContext;
    return out;
}

} // namespace tgc

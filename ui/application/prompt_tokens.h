// Counting a prompt's tokens against the text encoder's 77-token context,
// for the report panel: with the active model's own tokenizer once a model
// is loaded (the byte tokenizer of the tiny models, or CLIP's BPE), before
// that with CLIP's BPE vocabulary (the folder set in Settings, or
// TGC_CLIP_DIR); without a vocabulary, a lower bound from CLIP's word split.
#pragma once

#include <QString>
#include <memory>

namespace tgc {

namespace model {
class Tokenizer;
}

struct TokenCount {
    int tokens = 0;     // start and end tokens included
    bool exact = false; // false: a lower bound (no vocabulary)
    bool truncated = false;
};

class PromptTokens {
public:
    static constexpr int kContext = 77;

    // Loads the vocabulary from clipFolder (or the file in it); empty or
    // unreadable: approximate counts, and error() says why.
    explicit PromptTokens(const QString& clipFolder);
    // The tokenizer of a model: kind "byte" or "clip-bpe" (its vocabulary in
    // clipFolder, else the configured folder).
    PromptTokens(const QString& kind, const QString& clipFolder);
    ~PromptTokens();

    TokenCount count(const QString& text) const;
    bool isExact() const { return m_tokenizer != nullptr; }
    // "clip-bpe" or "byte" (empty: approximate counts).
    QString kind() const;
    const QString& error() const { return m_error; }

    // The folder from Settings ("model/clipFolder"), else $TGC_CLIP_DIR.
    static QString configuredFolder();

private:
    std::unique_ptr<model::Tokenizer> m_tokenizer;
    QString m_error;
};

} // namespace tgc

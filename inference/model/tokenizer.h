// Text tokenizers for the CLIP text encoder (DESIGN.md §4).
//
// "clip-bpe" reproduces OpenAI CLIP's simple_tokenizer (byte-level BPE over
// bpe_simple_vocab_16e6.txt.gz, or Hugging Face vocab.json + merges.txt).
// "byte" needs no vocabulary file: the UTF-8 bytes of the cleaned text.
// Both clean the text the same way (tokenizer_text.h) and pad to a context.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tgc::model {

struct TokenizedText {
    // Start token, the text's tokens, end token, then 0 up to the context length.
    std::vector<int64_t> ids;
    // Tokens from start to end inclusive (the ids before the padding).
    int tokenCount = 0;
    // The text did not fit: it was cut and the end token kept last.
    bool truncated = false;
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    // Thread-safe. Invalid UTF-8 bytes read as U+FFFD. contextLength >= 2.
    virtual TokenizedText encode(const std::string& utf8, int contextLength = 77) const = 0;
    virtual int64_t vocabularySize() const = 0;
    virtual int64_t startToken() const = 0;
    virtual int64_t endToken() const = 0;
    virtual std::string kind() const = 0; // "clip-bpe" or "byte"
};

// path: bpe_simple_vocab_16e6.txt.gz (gzip or plain), a vocab.json with
// merges.txt beside it, or a folder holding either. Throws
// std::runtime_error("<file>: <reason>").
std::unique_ptr<Tokenizer> makeClipTokenizer(const std::string& path);

// UTF-8 bytes of the cleaned text: ids byte+1 (1..256), start 257, end 258
// (the largest, so argmax pooling finds it like CLIP's EOT), pad 0; vocabulary 259.
std::unique_ptr<Tokenizer> makeByteTokenizer();

// kind "clip-bpe" (path as for makeClipTokenizer) or "byte" (path ignored).
std::unique_ptr<Tokenizer> makeTokenizer(const std::string& kind, const std::string& path);

} // namespace tgc::model

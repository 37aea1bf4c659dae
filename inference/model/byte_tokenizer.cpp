#include "text_cleaning.h"
#include "tokenizer_packing.h"

namespace tgc::model {

namespace {

// For configs trained from scratch (the tiny demo): no vocabulary file, every
// UTF-8 byte of the cleaned text is one token.
class ByteTokenizer final : public Tokenizer {
public:
    TokenizedText encode(const std::string& utf8, int contextLength) const override {
        const std::string cleaned = text::encodeUtf8(text::cleanText(utf8));
        std::vector<int64_t> body;
        body.reserve(cleaned.size());
        for (const char c : cleaned)
            body.push_back(int64_t(uint8_t(c)) + 1);
        return packTokens(body, startToken(), endToken(), contextLength);
    }
    int64_t vocabularySize() const override { return 259; }
    int64_t startToken() const override { return 257; }
    int64_t endToken() const override { return 258; }
    std::string kind() const override { return "byte"; }
};

} // namespace

std::unique_ptr<Tokenizer> makeByteTokenizer() {
    return std::make_unique<ByteTokenizer>();
}

} // namespace tgc::model

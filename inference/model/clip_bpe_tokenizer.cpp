// OpenAI CLIP's byte-level BPE, as its simple_tokenizer.py does it: text
// cleaned and split into pre-tokens, each pre-token's UTF-8 bytes mapped to
// symbols, merged lowest rank first, symbols looked up in the vocabulary.
// Symbols are handled as vocabulary ids: the vocabulary maps each symbol
// string to exactly one id, so comparing ids is comparing strings.
#include "json.h"
#include "text_cleaning.h"
#include "tokenizer_packing.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <zlib.h>

namespace tgc::model {

namespace {

namespace fs = std::filesystem;

// 49152 - 256 - 2 merges: what OpenAI's and Hugging Face's loaders keep.
constexpr std::size_t clipMergeCount = 48894;
constexpr std::size_t maxLineBytes = 4096;
// vocab.json of CLIP is about 1 MB; refuse to parse something far larger.
constexpr std::uintmax_t maxVocabularyJsonBytes = 64u << 20;
const std::string startText = "<|startoftext|>";
const std::string endText = "<|endoftext|>";
const std::string endOfWord = "</w>";

[[noreturn]] void fail(const std::string& file, const std::string& reason) {
    throw std::runtime_error(file + ": " + reason);
}

// bytes_to_unicode(): printable Latin-1 bytes stand for themselves, the rest
// map to U+0100 onwards in byte order. Returned in the table's order, which
// is also the order of the first 256 vocabulary entries.
std::vector<std::pair<uint8_t, std::string>> byteSymbolsInTableOrder() {
    std::vector<std::pair<uint8_t, std::string>> table;
    std::vector<bool> printable(256, false);
    for (int b = 0; b < 256; ++b) {
        printable[std::size_t(b)] =
            (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable[std::size_t(b)])
            table.emplace_back(uint8_t(b), text::encodeUtf8(std::u32string(1, char32_t(b))));
    }
    char32_t next = 256;
    for (int b = 0; b < 256; ++b)
        if (!printable[std::size_t(b)])
            table.emplace_back(uint8_t(b), text::encodeUtf8(std::u32string(1, next++)));
    return table;
}

// Reads a gzip (or plain) text file up to `lineLimit` lines.
std::vector<std::string> readLines(const std::string& file, std::size_t lineLimit) {
    gzFile handle = gzopen(file.c_str(), "rb");
    if (!handle)
        fail(file, "cannot open for reading");
    std::vector<std::string> lines(1);
    char buffer[1 << 16];
    while (lines.size() <= lineLimit) {
        const int count = gzread(handle, buffer, sizeof buffer);
        if (count < 0) {
            int code = 0;
            const std::string message = gzerror(handle, &code);
            gzclose(handle);
            fail(file, "cannot decompress: " + message);
        }
        if (count == 0)
            break;
        const char* at = buffer;
        const char* const end = buffer + count;
        while (at < end) {
            const char* newline = static_cast<const char*>(std::memchr(at, '\n', end - at));
            lines.back().append(at, newline ? newline : end);
            if (!newline)
                break;
            lines.emplace_back();
            at = newline + 1;
        }
        // Merges are short: a long line means some other kind of file, and
        // reading on would pull all of it into memory.
        if (lines.back().size() > maxLineBytes) {
            gzclose(handle);
            fail(file, "line " + std::to_string(lines.size()) + " is longer than " +
                           std::to_string(maxLineBytes) + " bytes: not a BPE merges file");
        }
    }
    gzclose(handle);
    if (lines.size() > lineLimit)
        lines.resize(lineLimit);
    for (std::string& line : lines)
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
    return lines;
}

struct MergeRule {
    std::string left, right;
};

std::vector<std::string_view> splitFields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t at = 0;
    while (true) {
        at = line.find_first_not_of(" \t\r", at);
        if (at == std::string_view::npos)
            return fields;
        const std::size_t end = std::min(line.find_first_of(" \t\r", at), line.size());
        fields.push_back(line.substr(at, end - at));
        at = end;
    }
}

// "#version" header, then "a b" per line, at most clipMergeCount.
std::vector<MergeRule> parseMerges(const std::string& file, const std::vector<std::string>& lines,
                                   bool requireAll) {
    // OpenAI's first line is '"bpe_simple_vocab_16e6.txt#version: 0.2', HF's '#version: 0.2'.
    if (lines.empty() || lines[0].find("#version") == std::string::npos)
        fail(file, "first line is not a '#version' header: not a BPE merges file");
    std::vector<MergeRule> merges;
    for (std::size_t i = 1; i < lines.size() && merges.size() < clipMergeCount; ++i) {
        const std::vector<std::string_view> fields = splitFields(lines[i]);
        if (fields.empty())
            break; // the end (an empty line inside would leave too few merges)
        if (fields.size() != 2)
            fail(file, "line " + std::to_string(i + 1) +
                           " is not a merge 'a b': " + lines[i].substr(0, 40));
        merges.push_back({std::string(fields[0]), std::string(fields[1])});
    }
    if (requireAll && merges.size() < clipMergeCount)
        fail(file, "holds " + std::to_string(merges.size()) + " merges, CLIP needs " +
                       std::to_string(clipMergeCount) + " (truncated file?)");
    return merges;
}

class ClipBpeTokenizer final : public Tokenizer {
public:
    // vocabulary: symbol string -> id; merges in rank order.
    ClipBpeTokenizer(const std::string& vocabularyFile,
                     const std::unordered_map<std::string, int64_t>& vocabulary,
                     const std::string& mergesFile, const std::vector<MergeRule>& merges) {
        const auto idOf = [&](const std::string& symbol, const std::string& file,
                              const std::string& where) {
            const auto it = vocabulary.find(symbol);
            if (it == vocabulary.end())
                fail(file, where + "symbol '" + symbol + "' is not in the vocabulary");
            return int32_t(it->second);
        };
        for (const auto& [byte, symbol] : byteSymbolsInTableOrder()) {
            byteIds_[byte] = idOf(symbol, vocabularyFile, "byte ");
            byteFinalIds_[byte] = idOf(symbol + endOfWord, vocabularyFile, "byte ");
        }
        start_ = idOf(startText, vocabularyFile, "");
        end_ = idOf(endText, vocabularyFile, "");
        for (const auto& [symbol, id] : vocabulary)
            vocabularySize_ = std::max(vocabularySize_, id + 1);
        merges_.reserve(merges.size());
        for (std::size_t rank = 0; rank < merges.size(); ++rank) {
            const std::string where = "merge " + std::to_string(rank + 1) + ": ";
            const MergeRule& rule = merges[rank];
            const int32_t left = idOf(rule.left, mergesFile, where);
            const int32_t right = idOf(rule.right, mergesFile, where);
            // Later duplicates win, as in the reference's dict.
            merges_[pairKey(left, right)] = {int32_t(rank),
                                             idOf(rule.left + rule.right, mergesFile, where)};
        }
    }

    TokenizedText encode(const std::string& utf8, int contextLength) const override {
        const std::u32string cleaned = text::cleanText(utf8);
        std::vector<int64_t> body;
        for (const auto& [begin, end] : text::splitPreTokens(cleaned)) {
            const std::string piece =
                text::encodeUtf8(std::u32string_view(cleaned).substr(begin, end - begin));
            if (piece == startText) {
                body.push_back(start_);
            } else if (piece == endText) {
                body.push_back(end_);
            } else {
                for (const int32_t id : symbolsOf(piece))
                    body.push_back(id);
            }
        }
        return packTokens(body, start_, end_, contextLength);
    }
    int64_t vocabularySize() const override { return vocabularySize_; }
    int64_t startToken() const override { return start_; }
    int64_t endToken() const override { return end_; }
    std::string kind() const override { return "clip-bpe"; }

private:
    struct Merge {
        int32_t rank;
        int32_t merged;
    };

    static uint64_t pairKey(int32_t left, int32_t right) {
        return (uint64_t(uint32_t(left)) << 32) | uint32_t(right);
    }

    std::vector<int32_t> symbolsOf(const std::string& piece) const {
        {
            std::lock_guard<std::mutex> lock(cacheMutex_);
            const auto it = cache_.find(piece);
            if (it != cache_.end())
                return it->second;
        }
        std::vector<int32_t> word = bytePairEncode(piece);
        std::lock_guard<std::mutex> lock(cacheMutex_);
        if (cache_.size() > 100000) // a bound for long-running processes
            cache_.clear();
        cache_.emplace(piece, word);
        return word;
    }

    std::vector<int32_t> bytePairEncode(const std::string& piece) const {
        std::vector<int32_t> word;
        word.reserve(piece.size());
        for (std::size_t i = 0; i < piece.size(); ++i) {
            const uint8_t byte = uint8_t(piece[i]);
            word.push_back(i + 1 == piece.size() ? byteFinalIds_[byte] : byteIds_[byte]);
        }
        std::vector<int32_t> merged;
        while (word.size() > 1) {
            const Merge* best = nullptr;
            std::size_t bestAt = 0;
            for (std::size_t i = 0; i + 1 < word.size(); ++i) {
                const auto it = merges_.find(pairKey(word[i], word[i + 1]));
                if (it != merges_.end() && (!best || it->second.rank < best->rank)) {
                    best = &it->second;
                    bestAt = i;
                }
            }
            if (!best)
                break;
            const int32_t first = word[bestAt], second = word[bestAt + 1];
            merged.clear();
            for (std::size_t i = 0; i < word.size();) {
                if (word[i] == first && i + 1 < word.size() && word[i + 1] == second) {
                    merged.push_back(best->merged);
                    i += 2;
                } else {
                    merged.push_back(word[i]);
                    i += 1;
                }
            }
            word.swap(merged);
        }
        return word;
    }

    int32_t byteIds_[256] = {};
    int32_t byteFinalIds_[256] = {};
    int64_t start_ = 0, end_ = 0, vocabularySize_ = 0;
    std::unordered_map<uint64_t, Merge> merges_;
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

// OpenAI's file: merges only; the vocabulary is derived from them.
std::unique_ptr<Tokenizer> loadOpenAiVocabulary(const std::string& file) {
    const std::vector<std::string> lines = readLines(file, clipMergeCount + 1);
    const std::vector<MergeRule> merges = parseMerges(file, lines, true);
    std::unordered_map<std::string, int64_t> vocabulary;
    vocabulary.reserve(2 * 256 + merges.size() + 2);
    int64_t next = 0;
    const auto add = [&](const std::string& symbol) { vocabulary[symbol] = next++; };
    const auto table = byteSymbolsInTableOrder();
    for (const auto& [byte, symbol] : table)
        add(symbol);
    for (const auto& [byte, symbol] : table)
        add(symbol + endOfWord);
    for (const MergeRule& rule : merges)
        add(rule.left + rule.right);
    add(startText);
    add(endText);
    return std::make_unique<ClipBpeTokenizer>(file, vocabulary, file, merges);
}

std::string readWholeFile(const std::string& file) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(file, error);
    if (!error && size > maxVocabularyJsonBytes)
        fail(file, "is " + std::to_string(size >> 20) + " MB, too large for a vocab.json");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        fail(file, "cannot open for reading");
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
}

// Hugging Face's pair: vocab.json (symbol -> id) and merges.txt.
std::unique_ptr<Tokenizer> loadHuggingFaceVocabulary(const std::string& vocabFile,
                                                     const std::string& mergesFile) {
    Json json;
    try {
        json = Json::parse(readWholeFile(vocabFile));
    } catch (const std::runtime_error& e) {
        if (std::string(e.what()).rfind("JSON:", 0) == 0)
            fail(vocabFile, e.what());
        throw;
    }
    if (!json.isObject())
        fail(vocabFile, "is not a JSON object of token -> id");
    std::unordered_map<std::string, int64_t> vocabulary;
    vocabulary.reserve(json.size());
    for (const auto& [symbol, id] : json.asObject()) {
        if (!id.isInteger() || id.asInt() < 0 || id.asInt() > INT32_MAX)
            fail(vocabFile, "id of '" + symbol + "' is not a non-negative integer");
        vocabulary[symbol] = id.asInt();
    }
    const std::vector<std::string> lines = readLines(mergesFile, clipMergeCount + 1);
    return std::make_unique<ClipBpeTokenizer>(vocabFile, vocabulary, mergesFile,
                                              parseMerges(mergesFile, lines, false));
}

} // namespace

std::unique_ptr<Tokenizer> makeClipTokenizer(const std::string& path) {
    if (path.empty())
        throw std::runtime_error(
            "CLIP tokenizer: no vocabulary given (bpe_simple_vocab_16e6.txt.gz, "
            "vocab.json + merges.txt, or their folder)");
    std::error_code error;
    const fs::path location(path);
    if (fs::is_directory(location, error)) {
        const fs::path openAi = location / "bpe_simple_vocab_16e6.txt.gz";
        if (fs::exists(openAi, error))
            return loadOpenAiVocabulary(openAi.string());
        const fs::path vocab = location / "vocab.json";
        if (fs::exists(vocab, error))
            return loadHuggingFaceVocabulary(vocab.string(), (location / "merges.txt").string());
        fail(path, "folder holds neither bpe_simple_vocab_16e6.txt.gz nor vocab.json + merges.txt");
    }
    if (!fs::exists(location, error))
        fail(path, "no such file or folder");
    const std::string name = location.filename().string();
    if (location.extension() == ".json")
        return loadHuggingFaceVocabulary(path, (location.parent_path() / "merges.txt").string());
    if (name == "merges.txt")
        return loadHuggingFaceVocabulary((location.parent_path() / "vocab.json").string(), path);
    return loadOpenAiVocabulary(path);
}

std::unique_ptr<Tokenizer> makeTokenizer(const std::string& kind, const std::string& path) {
    if (kind == "clip-bpe")
        return makeClipTokenizer(path);
    if (kind == "byte")
        return makeByteTokenizer();
    throw std::runtime_error("unknown tokenizer kind '" + kind + "' (clip-bpe or byte)");
}

} // namespace tgc::model

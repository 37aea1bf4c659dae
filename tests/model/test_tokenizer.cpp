#include "json.h"
#include "model_test.h"
#include "text_cleaning.h"
#include "tokenizer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <zlib.h>

using tgc::model::Json;
using tgc::model::makeByteTokenizer;
using tgc::model::makeClipTokenizer;
using tgc::model::TokenizedText;
using tgc::model::Tokenizer;
namespace text = tgc::model::text;
namespace fs = std::filesystem;

namespace {

std::string clipDir() {
    return tgc::test::sharedDir() + "/clip";
}

std::string vocabularyPath() {
    const std::string path = clipDir() + "/bpe_simple_vocab_16e6.txt.gz";
    if (!fs::exists(path))
        TGC_SKIP("no CLIP vocabulary at " + path + " (set TGC_SHARED_DIR to the shared folder)");
    return path;
}

// Loaded once: the suite encodes with it many times.
const Tokenizer& clip() {
    static std::unique_ptr<Tokenizer> tokenizer = makeClipTokenizer(vocabularyPath());
    return *tokenizer;
}

std::string scratchDir() {
    static const std::string dir = [] {
        const fs::path path =
            fs::temp_directory_path() / ("tgc-tokenizer-test-" + std::to_string(::getpid()));
        fs::create_directories(path);
        return path.string();
    }();
    return dir;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<int64_t> idsOf(const Json& array) {
    std::vector<int64_t> ids;
    for (const Json& id : array.asArray())
        ids.push_back(id.asInt());
    return ids;
}

std::vector<int64_t> unpadded(const TokenizedText& t) {
    return std::vector<int64_t>(t.ids.begin(), t.ids.begin() + t.tokenCount);
}

std::string show(const std::vector<int64_t>& ids) {
    std::ostringstream out;
    for (const int64_t id : ids)
        out << id << ' ';
    return out.str();
}

std::vector<std::string> gzipLines(const std::string& path) {
    gzFile handle = gzopen(path.c_str(), "rb");
    std::string all;
    char buffer[1 << 16];
    int count = 0;
    while ((count = gzread(handle, buffer, sizeof buffer)) > 0)
        all.append(buffer, std::size_t(count));
    gzclose(handle);
    std::vector<std::string> lines;
    std::istringstream in(all);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string utf8(char32_t cp) {
    return text::encodeUtf8(std::u32string(1, cp));
}

} // namespace

TGC_TEST(reproduces_openai_reference_vectors) {
    const std::string vectorsPath = clipDir() + "/tokenizer_vectors.json";
    if (!fs::exists(vectorsPath))
        TGC_SKIP("no reference vectors at " + vectorsPath);
    const Json vectors = Json::parse(readFile(vectorsPath));
    const Tokenizer& tokenizer = clip();
    TGC_CHECK_EQ(tokenizer.startToken(), vectors.at("sot").asInt());
    TGC_CHECK_EQ(tokenizer.endToken(), vectors.at("eot").asInt());
    TGC_CHECK_EQ(tokenizer.vocabularySize(), 49408);
    TGC_CHECK_EQ(tokenizer.kind(), std::string("clip-bpe"));
    const int context = int(vectors.at("context_length").asInt());
    int checked = 0;
    for (const Json& c : vectors.at("cases").asArray()) {
        const std::string& input = c.at("text").asString();
        const TokenizedText result = tokenizer.encode(input, context);
        const std::vector<int64_t> expected = idsOf(c.at("context_77"));
        if (result.ids != expected)
            TGC_FAIL("'" << input << "': got " << show(unpadded(result)) << "expected "
                         << show(idsOf(c.at("ids_without_sot_eot"))));
        TGC_CHECK_EQ(result.truncated, c.at("truncated").asBool());
        TGC_CHECK_EQ(std::size_t(result.tokenCount), c.at("ids_without_sot_eot").size() + 2);
        ++checked;
    }
    TGC_CHECK(checked >= 13);
}

TGC_TEST(truncates_to_the_context_keeping_the_end_token) {
    const Tokenizer& tokenizer = clip();
    const int64_t cat = 2368; // "cat</w>" in the reference vectors
    std::string text;
    for (int i = 0; i < 75; ++i)
        text += "cat ";
    TokenizedText fits = tokenizer.encode(text);
    TGC_CHECK(!fits.truncated);
    TGC_CHECK_EQ(fits.tokenCount, 77);
    TGC_CHECK_EQ(fits.ids[75], cat);
    TGC_CHECK_EQ(fits.ids[76], tokenizer.endToken());

    // "a photo of a cat" x 20: 100 tokens, cut to 75 + start + end.
    const std::vector<int64_t> phrase = {320, 1125, 539, 320, 2368};
    text.clear();
    for (int i = 0; i < 20; ++i)
        text += "a photo of a cat ";
    const TokenizedText cut = tokenizer.encode(text);
    TGC_CHECK(cut.truncated);
    TGC_CHECK_EQ(cut.tokenCount, 77);
    TGC_CHECK_EQ(cut.ids.size(), 77u);
    TGC_CHECK_EQ(cut.ids[0], tokenizer.startToken());
    for (int i = 1; i < 76; ++i)
        TGC_CHECK_EQ(cut.ids[std::size_t(i)], phrase[std::size_t(i - 1) % phrase.size()]);
    TGC_CHECK_EQ(cut.ids[76], tokenizer.endToken());
    // The end token is the largest id, so argmax pooling finds it.
    TGC_CHECK_EQ(*std::max_element(cut.ids.begin(), cut.ids.end()), tokenizer.endToken());

    const TokenizedText shortContext = tokenizer.encode("a photo of a cat", 4);
    TGC_CHECK(shortContext.truncated);
    TGC_CHECK(shortContext.ids == (std::vector<int64_t>{49406, 320, 1125, 49407}));
    TGC_CHECK_THROWS_WITH(tokenizer.encode("x", 1), "context length 1");
}

TGC_TEST(cleaning_html_whitespace_and_case) {
    const Tokenizer& tokenizer = clip();
    const auto ids = [&](const std::string& s) { return tokenizer.encode(s).ids; };
    TGC_CHECK(ids("  A   PHOTO\tof a\n CAT ") == ids("a photo of a cat"));
    TGC_CHECK(ids("kidneys &amp; pancreas") == ids("kidneys & pancreas"));
    TGC_CHECK(ids("kidneys &amp;amp; pancreas") == ids("kidneys & pancreas")); // twice
    TGC_CHECK(ids("a &lt;b&gt; &#99;at") == ids("a <b> cat"));
    TGC_CHECK(ids("caf&eacute;") == ids("caf\xC3\xA9"));
    TGC_CHECK(ids("cafe\xCC\x81") == ids("caf\xC3\xA9"));                // NFC, as ftfy leaves it
    TGC_CHECK(ids("\xEF\xBB\xBFlung\x01 nodule") == ids("lung nodule")); // BOM, control
    TGC_CHECK(ids("tab\x0Bvt\x1C"
                  "fs") == ids("tabvtfs"));
    TGC_CHECK(ids("\xE2\x80\x9C"
                  "cat\xE2\x80\x99s\xE2\x80\x9D") == ids("\"cat's\"")); // curly
    TGC_CHECK(ids("\xEF\xBC\xA3\xEF\xBC\xB4 scan") == ids("ct scan"));  // full width
    TGC_CHECK(ids("") == ids(" \t\n "));
    TGC_CHECK_EQ(tokenizer.encode("").tokenCount, 2);
}

// Outputs of Python's html.unescape, str.lower and CLIP's pattern for these inputs.
TGC_TEST(text_functions_match_python) {
    const auto unescape = [](const std::string& s) {
        return text::encodeUtf8(text::htmlUnescape(text::decodeUtf8(s)));
    };
    TGC_CHECK_EQ(unescape("&amp;lt; &ampx &notit; &notin; &#x41;&#66 &#0; &#128; &#xD800;"),
                 "&lt; &x \xC2\xACit; \xE2\x88\x89 AB \xEF\xBF\xBD \xE2\x82\xAC \xEF\xBF\xBD");
    TGC_CHECK_EQ(unescape("&#1; &#999999999; &#x; & &; &#; &unknown; AT&T"),
                 " \xEF\xBF\xBD &#x; & &; &#; &unknown; AT&T");
    TGC_CHECK_EQ(unescape("&NotNestedGreaterGreater; &acE;"),
                 "\xE2\xAA\xA2\xCC\xB8 \xE2\x88\xBE\xCC\xB3");
    const auto lower = [](const std::string& s) {
        return text::encodeUtf8(text::toLower(text::decodeUtf8(s)));
    };
    // Greek final sigma, dotted capital I, Cyrillic, Kelvin sign.
    TGC_CHECK_EQ(lower("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 \xCE\xA3\xCE\x91"),
                 "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82 \xCF\x83\xCE\xB1");
    TGC_CHECK_EQ(lower("\xC4\xB0"
                       "D"),
                 "i\xCC\x87"
                 "d");
    TGC_CHECK_EQ(lower("\xD0\x9F\xD0\xA0\xD0\x98 \xE2\x84\xAA"), "\xD0\xBF\xD1\x80\xD0\xB8 k");
    const auto nfc = [](const std::u32string& s) { return text::toNfc(s); };
    TGC_CHECK(nfc(U"e\u0323\u0302") == U"\u1EC7");         // reordered, then composed twice
    TGC_CHECK(nfc(U"\u1100\u1161\u11A8") == U"\uAC01");    // Hangul jamo
    TGC_CHECK(nfc(U"A\u030A \u212B") == U"\u00C5 \u00C5"); // and a singleton
    TGC_CHECK(nfc(U"\u0344") == U"\u0308\u0301");          // composition exclusion
    TGC_CHECK(nfc(U"q\u0307\u0323") == U"q\u0323\u0307");  // nothing to compose: reordered
    TGC_CHECK(text::isLetter(U'\u00E9') && text::isLetter(U'\u4E2D') && !text::isLetter(U'\u0301'));
    TGC_CHECK(text::isNumber(U'\u00B2') && text::isNumber(U'\u0663') && !text::isNumber(U'x'));
    TGC_CHECK(text::isSpace(U'\u00A0') && text::isSpace(U'\u3000'));
    TGC_CHECK(text::isPythonSpace(0x1F) && !text::isSpace(0x1F));
    TGC_CHECK(!text::isSpace(U'\u200B'));

    const std::u32string sample =
        text::decodeUtf8("it's 25% o'neill's!! 3.5cm <|endoftext|>x\xC3\xA9 \xE2\x80\x94ok's");
    std::vector<std::string> pieces;
    for (const auto& [b, e] : text::splitPreTokens(sample))
        pieces.push_back(text::encodeUtf8(sample.substr(b, e - b)));
    const std::vector<std::string> expected = {"it",
                                               "'s",
                                               "2",
                                               "5",
                                               "%",
                                               "o",
                                               "'",
                                               "neill",
                                               "'s",
                                               "!!",
                                               "3",
                                               ".",
                                               "5",
                                               "cm",
                                               "<|endoftext|>",
                                               "x\xC3\xA9",
                                               "\xE2\x80\x94",
                                               "ok",
                                               "'s"};
    if (pieces != expected) {
        std::ostringstream got;
        for (const auto& p : pieces)
            got << '[' << p << ']';
        TGC_FAIL("pre-tokens: " << got.str());
    }
}

// Extra cases, ids from OpenAI's simple_tokenizer (ftfy treated as identity).
TGC_TEST(more_reference_cases) {
    const Tokenizer& tokenizer = clip();
    const std::vector<std::pair<std::string, std::vector<int64_t>>> cases = {
        {"a<|endoftext|>b <|startoftext|>", {320, 49407, 321, 49406}},
        {"don't we'll they're I'm you've he'd it's",
         {847, 713, 649, 1342, 889, 982, 328, 880, 592, 1200, 797, 1896, 585, 568}},
        {"\xC5\xBFtart <|\xC5\xBFtartoftext|>",
         {129, 123, 14120, 27, 91, 129, 123, 2002, 6659, 18169, 91, 285}},
        {"&quot;quoted&quot; &lt;3 &#8220;smart&#8221; AT&amp;T &copy;2024 &frac12; 1&frac14;",
         {257, 27706, 257,  283, 274, 728, 506, 4115,  728, 507, 536,
          261, 339,   5811, 273, 271, 273, 275, 33613, 272, 126, 376}},
        {"\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3 "
         "\xCF\x83\xCE\xB7\xCE\xBC\xCE\xB1\xCE\xBD\xCF\x84\xCE\xB9\xCE\xBA\xCF\x8C "
         "\xCE\xA3\xCE\x91\xCE\xA3",
         {138, 123, 138, 112, 138, 123, 139, 480, 139, 225, 138, 115, 138, 120, 138, 109,
          138, 121, 139, 226, 138, 117, 138, 118, 139, 490, 139, 225, 138, 109, 139, 480}},
        {"\xD0\x9F\xD0\xBD\xD0\xB5\xD0\xB2\xD0\xBC\xD0\xBE\xD0\xBD\xD0\xB8\xD1\x8F "
         "\xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xBE\xD0\xB3\xD0\xBE "
         "\xD0\xBB\xD1\x91\xD0\xB3\xD0\xBA\xD0\xBE\xD0\xB3\xD0\xBE",
         {26302, 22705, 22176, 39813, 38018, 20978, 121, 16701, 141, 493,   26302, 16370, 31090,
          110,   20978, 111,   29386, 47611, 141,   239, 140,   111, 27152, 20978, 111,   29386}},
        {"\xE8\x82\xBA\xE7\x82\x8E \xE5\x8F\xB3\xE8\x82\xBA\xE4\xB8\x8B\xE5\x8F\xB6",
         {164, 224, 118, 163, 224, 492, 34517, 111, 164, 224, 118, 19759, 233, 34517, 370}},
        {"\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD x-ray", {12832, 43722, 343, 268, 3077}},
        {"T2-weighted MRI: 3.14mm\xC2\xB2, 10\xE2\x81\xBB\xC2\xB3 mol/L, \xC2\xBD dose",
         {339, 273, 268,  43179, 24773, 281, 274,   269, 272, 275, 2848,  41175, 267,
          272, 271, 1667, 375,   126,   367, 31582, 270, 331, 267, 33613, 11497}},
        {"\xC4\xB0stanbul D\xC4\xB0YARBAKIR", {328, 16384, 11231, 1618, 16384, 6786, 4059, 742}},
        {"CO\xE2\x82\x82 retention; SpO\xE2\x82\x82 88%",
         {1320, 5227, 480, 26247, 282, 21085, 5227, 480, 279, 279, 260}},
        {"\xC2\xA0nbsp\xE2\x80\x83"
         "em\xE2\x80\x8Bzw",
         {6459, 4393, 2270, 9844, 42188}},
        {"ALL CAPS REPORT!!!", {615, 23185, 2417, 995}},
        {"!!!???...", {11194, 5195, 22641}},
        {"''s ''d", {8445, 338, 8445, 323}},
        {"hepatosplenomegaly lymphadenopathy cholangiocarcinoma pneumomediastinum",
         {23767, 78,  18552, 3693,  2001,  344,  1251, 1037, 560, 1177, 28466,
          19802, 514, 16329, 46810, 28714, 1614, 8750, 1761, 512, 1008}},
    };
    for (const auto& [input, expected] : cases) {
        const std::vector<int64_t> got = unpadded(tokenizer.encode(input));
        const std::vector<int64_t> body(got.begin() + 1, got.end() - 1);
        if (body != expected)
            TGC_FAIL("'" << input << "': got " << show(body) << "expected " << show(expected));
    }
}

TGC_TEST(hugging_face_files_give_identical_ids) {
    const std::string gz = vocabularyPath();
    const std::vector<std::string> lines = gzipLines(gz);
    // Rebuild the vocabulary as simple_tokenizer.py does, write it HF-style, in a
    // shuffled key order (ids come from the values, not from the order).
    std::vector<std::string> bytes;
    std::vector<int> table;
    for (int b = 0; b < 256; ++b)
        if ((b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF))
            table.push_back(b);
    char32_t next = 256;
    std::vector<bool> inTable(256, false);
    for (int b : table)
        inTable[std::size_t(b)] = true;
    for (int b : table)
        bytes.push_back(utf8(char32_t(b)));
    for (int b = 0; b < 256; ++b)
        if (!inTable[std::size_t(b)])
            bytes.push_back(utf8(next++));
    std::vector<std::string> vocab = bytes;
    for (const std::string& b : bytes)
        vocab.push_back(b + "</w>");
    std::string merges = "#version: 0.2\n";
    for (std::size_t i = 1; i <= 48894; ++i) {
        const std::size_t space = lines[i].find(' ');
        vocab.push_back(lines[i].substr(0, space) + lines[i].substr(space + 1));
        merges += lines[i] + "\n";
    }
    vocab.push_back("<|startoftext|>");
    vocab.push_back("<|endoftext|>");
    std::vector<std::size_t> order(vocab.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(5));
    Json json = Json::object();
    for (const std::size_t i : order)
        json.asObject().emplace_back(vocab[i], Json(int64_t(i)));
    const fs::path dir = fs::path(scratchDir()) / "hf";
    fs::create_directories(dir);
    std::ofstream(dir / "vocab.json") << json.dump();
    std::ofstream(dir / "merges.txt") << merges;

    const auto fromJson = makeClipTokenizer((dir / "vocab.json").string());
    const auto fromFolder = makeClipTokenizer(dir.string());
    const auto fromMerges = makeClipTokenizer((dir / "merges.txt").string());
    TGC_CHECK_EQ(fromJson->vocabularySize(), 49408);
    const Json vectors = Json::parse(readFile(clipDir() + "/tokenizer_vectors.json"));
    std::vector<std::string> inputs = {"Hepatosplenomegaly with 12 mm nodes",
                                       "\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 na\xC3\xAFve"};
    for (const Json& c : vectors.at("cases").asArray())
        inputs.push_back(c.at("text").asString());
    for (const std::string& input : inputs) {
        const TokenizedText expected = clip().encode(input);
        TGC_CHECK(fromJson->encode(input).ids == expected.ids);
        TGC_CHECK(fromFolder->encode(input).ids == expected.ids);
        TGC_CHECK(fromMerges->encode(input).ids == expected.ids);
    }
}

TGC_TEST(clear_errors_for_missing_or_damaged_vocabularies) {
    const fs::path dir = fs::path(scratchDir()) / "bad";
    fs::create_directories(dir);
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "absent.txt.gz").string()),
                          "absent.txt.gz: no such file");
    TGC_CHECK_THROWS_WITH(makeClipTokenizer(dir.string()),
                          "neither bpe_simple_vocab_16e6.txt.gz nor vocab.json");
    // A cut-down merges file (gzip-compressed, as the real one).
    const std::string shortGz = (dir / "short.txt.gz").string();
    gzFile out = gzopen(shortGz.c_str(), "wb");
    const std::string body = "#version: 0.2\ni n\nt h\n";
    gzwrite(out, body.data(), unsigned(body.size()));
    gzclose(out);
    TGC_CHECK_THROWS_WITH(makeClipTokenizer(shortGz),
                          shortGz + ": holds 2 merges, CLIP needs 48894");
    std::ofstream(dir / "garbage.gz") << "#version\nnot a merge line\n";
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "garbage.gz").string()),
                          "line 2 is not a merge 'a b'");
    // Some other kind of file (no line breaks): refused without reading it all.
    std::ofstream(dir / "model.bin") << std::string(100000, 'w');
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "model.bin").string()), "not a BPE merges file");
    std::ofstream(dir / "LICENSE") << "MIT License\n\nCopyright\n";
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "LICENSE").string()),
                          "first line is not a '#version' header");
    // vocab.json without merges.txt beside it, and a broken vocab.json.
    std::ofstream(dir / "vocab.json") << "{\"a\": 1";
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "vocab.json").string()),
                          (dir / "vocab.json").string() + ": JSON: ");
    std::ofstream(dir / "vocab.json") << "{\"a\": 1}";
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "vocab.json").string()),
                          (dir / "merges.txt").string() + ": cannot open");
    std::ofstream(dir / "merges.txt") << "#version: 0.2\na b\n";
    TGC_CHECK_THROWS_WITH(makeClipTokenizer((dir / "vocab.json").string()),
                          "is not in the vocabulary");
    TGC_CHECK_THROWS_WITH(tgc::model::makeTokenizer("wordpiece", ""), "unknown tokenizer kind");
    TGC_CHECK_THROWS_WITH(tgc::model::makeTokenizer("clip-bpe", ""), "no vocabulary given");
}

TGC_TEST(byte_tokenizer_uses_cleaned_utf8_bytes) {
    const auto tokenizer = makeByteTokenizer();
    TGC_CHECK_EQ(tokenizer->kind(), std::string("byte"));
    TGC_CHECK_EQ(tokenizer->vocabularySize(), 259);
    const TokenizedText t = tokenizer->encode("  Ab &amp; \xC3\x89 ", 10);
    // cleaned: "ab & é" -> bytes 61 62 20 26 20 c3 a9
    TGC_CHECK(t.ids ==
              (std::vector<int64_t>{257, 0x62, 0x63, 0x21, 0x27, 0x21, 0xC4, 0xAA, 258, 0}));
    TGC_CHECK_EQ(t.tokenCount, 9);
    TGC_CHECK(!t.truncated);
    const TokenizedText cut = tokenizer->encode(std::string(100, 'z'));
    TGC_CHECK(cut.truncated);
    TGC_CHECK_EQ(cut.ids.size(), 77u);
    TGC_CHECK_EQ(cut.ids[75], int64_t('z') + 1);
    TGC_CHECK_EQ(cut.ids[76], 258);
    TGC_CHECK_EQ(tgc::model::makeTokenizer("byte", "")->encode("a").tokenCount, 3);
}

TGC_TEST(encodes_from_several_threads_at_once) {
    const auto tokenizer = makeClipTokenizer(vocabularyPath()); // empty cache
    std::vector<std::string> texts;
    for (int i = 0; i < 40; ++i)
        texts.push_back("lesion " + std::to_string(i * 37) + " mm in segment " +
                        std::string(1, char('a' + i % 26)) + "hepatic lobe number " +
                        std::to_string(i));
    std::vector<std::vector<int64_t>> expected;
    for (const std::string& t : texts)
        expected.push_back(clip().encode(t).ids);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w)
        workers.emplace_back([&, w] {
            for (int round = 0; round < 20; ++round)
                for (std::size_t i = 0; i < texts.size(); ++i)
                    mismatches[std::size_t(w)] += tokenizer->encode(texts[i]).ids != expected[i];
        });
    for (std::thread& worker : workers)
        worker.join();
    for (const int count : mismatches)
        TGC_CHECK_EQ(count, 0);
}

TGC_TEST(speed_of_loading_and_encoding) {
    const std::string path = vocabularyPath();
    const auto t0 = std::chrono::steady_clock::now();
    const auto tokenizer = makeClipTokenizer(path);
    const auto t1 = std::chrono::steady_clock::now();
    const std::string report =
        "Thoracic CT scan shows peripheral and subpleural ground glass opacities in both lungs, "
        "predominantly in the lower lobes, without pleural effusion or lymphadenopathy; these "
        "findings are typical of viral pneumonia and should be correlated clinically with RT-PCR "
        "testing results and the patient's symptoms over the following days. Small nodule of "
        "4 mm in the right middle lobe, unchanged.";
    tokenizer->encode(report); // first call fills the cache
    const int runs = 200;
    const auto t2 = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i)
        tokenizer->encode(report);
    const auto t3 = std::chrono::steady_clock::now();
    // Uncached: a fresh tokenizer's first encode.
    const auto fresh = makeClipTokenizer(path);
    const auto t4 = std::chrono::steady_clock::now();
    fresh->encode(report);
    const auto t5 = std::chrono::steady_clock::now();
    const double loadMs = std::chrono::duration<double, std::milli>(t1 - t0).count();
    const double encodeMs = std::chrono::duration<double, std::milli>(t3 - t2).count() / runs;
    const double firstMs = std::chrono::duration<double, std::milli>(t5 - t4).count();
    std::cout << "       vocabulary load " << loadMs << " ms; 63-word report: " << firstMs
              << " ms uncached, " << encodeMs << " ms cached\n";
    // Loose bounds (shared CI machines): they catch a pathological slowdown.
    TGC_CHECK(loadMs < 2000);
    TGC_CHECK(firstMs < 50);
    TGC_CHECK(encodeMs < 5);
}

int main(int argc, char** argv) {
    const int result = tgc::test::runAll(argc, argv);
    fs::remove_all(scratchDir());
    return result;
}

#include "json.h"
#include "model_test.h"

using tgc::model::Json;

TGC_TEST(parses_scalars_and_keeps_integers_exact) {
    const Json doc = Json::parse(
        R"( {"a": 1, "b": -9007199254740993, "c": 2.5, "d": 1e3, "e": true, "f": null, "g": "x"} )");
    TGC_CHECK(doc.isObject());
    TGC_CHECK_EQ(doc.size(), 7u);
    TGC_CHECK_EQ(doc.at("a").asInt(), 1);
    // Beyond 2^53: a double would lose the last digit.
    TGC_CHECK_EQ(doc.at("b").asInt(), int64_t(-9007199254740993LL));
    TGC_CHECK(!doc.at("c").isInteger());
    TGC_CHECK_CLOSE(doc.at("c").asDouble(), 2.5, 0.0);
    TGC_CHECK(!doc.at("d").isInteger()); // written with an exponent
    TGC_CHECK_CLOSE(doc.at("d").asDouble(), 1000.0, 0.0);
    TGC_CHECK(doc.at("e").asBool());
    TGC_CHECK(doc.at("f").isNull());
    TGC_CHECK_EQ(doc.at("g").asString(), std::string("x"));
    TGC_CHECK(doc.find("missing") == nullptr);
    TGC_CHECK_THROWS_WITH(doc.at("missing"), "missing key \"missing\"");
    TGC_CHECK_THROWS_WITH(doc.at("g").asInt(), "expected an integer");
    TGC_CHECK_THROWS_WITH(doc.at("c").asInt(), "non-integer");
}

TGC_TEST(huge_numbers_become_doubles) {
    const Json doc = Json::parse("[18446744073709551615, 1e400, -1e400, 1e-400]");
    TGC_CHECK(!doc.at(0).isInteger());
    TGC_CHECK_CLOSE(doc.at(0).asDouble(), 18446744073709551615.0, 1e4);
    TGC_CHECK(std::isinf(doc.at(1).asDouble()) && doc.at(1).asDouble() > 0);
    TGC_CHECK(std::isinf(doc.at(2).asDouble()) && doc.at(2).asDouble() < 0);
    TGC_CHECK_EQ(doc.at(3).asDouble(), 0.0);
}

TGC_TEST(strings_escapes_and_utf8) {
    const Json doc = Json::parse(R"(["a\"b\\c\/\n\t", "\u00e9\u4e2d\ud83d\ude00", "caf)"
                                 "\xC3\xA9"
                                 R"("])");
    TGC_CHECK_EQ(doc.at(0).asString(), std::string("a\"b\\c/\n\t"));
    TGC_CHECK_EQ(doc.at(1).asString(), std::string("\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"));
    TGC_CHECK_EQ(doc.at(2).asString(), std::string("caf\xC3\xA9"));
}

TGC_TEST(objects_keep_insertion_order) {
    const Json doc = Json::parse(R"({"zeta": 1, "alpha": 2, "mid": 3})");
    const Json::Object& members = doc.asObject();
    TGC_CHECK_EQ(members[0].first, std::string("zeta"));
    TGC_CHECK_EQ(members[1].first, std::string("alpha"));
    TGC_CHECK_EQ(members[2].first, std::string("mid"));
    TGC_CHECK_EQ(doc.dump(), std::string(R"({"zeta":1,"alpha":2,"mid":3})"));
}

TGC_TEST(dump_round_trips) {
    Json doc = Json::object();
    doc.set("name", "tiny");
    doc.set("dice", 0.8125);
    doc.set("third", 1.0 / 3.0);
    doc.set("steps", int64_t(1) << 40);
    doc.set("text", "quote \" backslash \\ newline \n control \x01 caf\xC3\xA9");
    Json sizes = Json::array();
    sizes.push_back(64);
    sizes.push_back(Json());
    sizes.push_back(false);
    doc.set("sizes", sizes);
    doc.set("empty", Json::object());
    doc.set("name", "tiny-2"); // replaces in place
    const std::string text = doc.dump();
    TGC_CHECK(text.find("\\u0001") != std::string::npos);
    TGC_CHECK(text.rfind(R"({"name":"tiny-2",)", 0) == 0);
    const Json back = Json::parse(text);
    TGC_CHECK(back == doc);
    TGC_CHECK_EQ(back.at("third").asDouble(), 1.0 / 3.0); // shortest round-trip text
    TGC_CHECK_EQ(Json(std::nan("")).dump(), std::string("null"));
}

TGC_TEST(rejects_bad_text_with_position) {
    TGC_CHECK_THROWS_WITH(Json::parse(""), "unexpected end of text at byte 0");
    TGC_CHECK_THROWS_WITH(Json::parse("{\"a\":1,}"), "expected a string key at byte 7");
    TGC_CHECK_THROWS_WITH(Json::parse("[1 2]"), "expected ',' or ']' at byte 3");
    TGC_CHECK_THROWS_WITH(Json::parse("{\"a\":1} x"), "unexpected text after the value at byte 8");
    TGC_CHECK_THROWS_WITH(Json::parse("\"abc"), "unterminated string");
    TGC_CHECK_THROWS_WITH(Json::parse("01"), "unexpected text after the value");
    TGC_CHECK_THROWS_WITH(Json::parse("1."), "bad number");
    TGC_CHECK_THROWS_WITH(Json::parse("-"), "bad number");
    TGC_CHECK_THROWS_WITH(Json::parse("tru"), "unexpected character 't'");
    TGC_CHECK_THROWS_WITH(Json::parse("\"a\\x\""), "bad escape");
    TGC_CHECK_THROWS_WITH(Json::parse("\"\\ud800\""), "lone high surrogate");
    TGC_CHECK_THROWS_WITH(Json::parse("\"\\udc00\""), "lone low surrogate");
    TGC_CHECK_THROWS_WITH(Json::parse("\"tab\there\""), "control character");
    TGC_CHECK_THROWS_WITH(Json::parse("\"\xC3\""), "invalid UTF-8");
    TGC_CHECK_THROWS_WITH(Json::parse("\"\xC0\xAF\""), "invalid UTF-8");     // overlong '/'
    TGC_CHECK_THROWS_WITH(Json::parse("\"\xED\xA0\x80\""), "invalid UTF-8"); // surrogate
    TGC_CHECK_THROWS_WITH(Json::parse("\"\xFF\""), "invalid UTF-8");
    TGC_CHECK_THROWS_WITH(Json::parse(std::string(100000, '[')), "nesting deeper");
}

TGC_TEST(rejects_duplicate_keys_small_and_large) {
    TGC_CHECK_THROWS_WITH(Json::parse(R"({"w": 1, "w": 2})"), "duplicate key \"w\" at byte 9");
    std::string big = "{";
    for (int i = 0; i < 100; ++i)
        big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    TGC_CHECK_EQ(Json::parse(big.substr(0, big.size() - 1) + "}").size(), 100u);
    TGC_CHECK_THROWS_WITH(Json::parse(big + "\"k3\":0}"), "duplicate key \"k3\"");
    TGC_CHECK_THROWS_WITH(Json::parse(big + "\"k99\":0}"), "duplicate key \"k99\"");
}

int main(int argc, char** argv) {
    return tgc::test::runAll(argc, argv);
}

// The runtime's own JSON text path: append_json must write what nlohmann's dump writes (every
// response goes out through it), and nesting_within must agree with a plain bracket count.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <limits>
#include <random>

#include "internal.h"
#include "json_text.h"
#include "mcpc/runtime/server.h"

namespace mcpc::runtime {
namespace {

using namespace std::string_literals;

std::string nlohmann_text(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

TEST(JsonText, WritesWhatNlohmannWrites) {
  const std::vector<Json> cases = {
      nullptr,
      true,
      false,
      0,
      -1,
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::int64_t>::max(),
      std::numeric_limits<std::uint64_t>::max(),
      5.0,
      -0.0,
      0.1,
      1e100,
      1.5e-7,
      123456789012345680000.0,
      std::numeric_limits<double>::max(),
      std::numeric_limits<double>::denorm_min(),
      std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(),
      std::nan(""),
      "",
      "plain",
      "quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f",
      // The literal's own length (an embedded NUL ends a C string; a count by hand overran it).
      std::string("nul \0 one \x01 us \x1f del \x7f"s),
      "unicode \u00e9 \u20ac \U0001F600",
      "bad \xff utf-8",
      "truncated \xe2\x82",
      "overlong \xc0\xaf surrogate \xed\xa0\x80",
      Json::array(),
      Json::object(),
      Json::parse(R"({"b":[1,2.5,{"c":"d"}],"a":null,"e":{},"f":[],"g":"\u0000"})"),
      Json{{"k\"ey", "v"}, {"\xff", 1}},
      Json::binary({1, 2, 3}),
  };
  for (const Json& j : cases) {
    std::string expected = nlohmann_text(j);
    EXPECT_EQ(to_json_text(j), expected) << expected;
    std::string appended = "x";
    append_json(appended, j);
    EXPECT_EQ(appended, "x" + expected);
  }
}

// Random strings over every byte, long runs and short, valid UTF-8 or not.
TEST(JsonText, RandomStringsMatchNlohmann) {
  std::mt19937 rng(14);
  const std::string pieces[] = {"a",
                                "bc",
                                "\"",
                                "\\",
                                "\n",
                                "\x01",
                                "\x7f",
                                "\xc3\xa9",
                                "\xe2\x82\xac",
                                "\xf0\x9f\x98\x80",
                                "\xff",
                                "\xc3",
                                "\xed\xa0\x80",
                                std::string(40, 'z')};
  for (int n = 0; n < 3000; ++n) {
    std::string s;
    std::size_t parts = rng() % 12;
    for (std::size_t p = 0; p < parts; ++p) {
      if (rng() % 4 == 0)
        s += static_cast<char>(rng() % 256);
      else
        s += pieces[rng() % std::size(pieces)];
    }
    Json j{{s, Json::array({s, 1})}};
    ASSERT_EQ(to_json_text(j), nlohmann_text(j));
    std::string literal;
    append_json_string(literal, s);
    ASSERT_EQ(literal, nlohmann_text(Json(s)));
  }
}

TEST(JsonText, EscapesAtEveryOffset) {
  // Plain bytes are skipped eight at a time: an escape at any offset, and bytes just around the
  // escaped ranges (0x1f/0x20, '!' '#' around '"', '[' ']' around '\'), must be written right.
  for (char special : {'"', '\\', '\n', '\x1f', '\x01', ' ', '!', '#', '[', ']', '\x7f', '\x80'}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string s(20, 'a');
      s[at] = special;
      if (special == '\x80') s = s.substr(0, at) + "\xc3\xa9" + s.substr(at + 1);
      ASSERT_EQ(to_json_text(Json(s)), nlohmann_text(Json(s))) << int(special) << " at " << at;
    }
  }
}

// Keeps the text of every response, as the transports receive it.
class TextOnlySink : public MessageSink {
 public:
  void send(const Json& m) override { texts.push_back("sent as Json: " + m.dump()); }
  void send_response_text(const std::string& text) override { texts.push_back(text); }
  std::vector<std::string> texts;
};

TEST(JsonText, ToolAnswersAreWhatNlohmannWouldWrite) {
  Server server;
  Tool t;
  t.name = "echo";
  t.input_schema = OrderedJson::parse(R"({"type":"object","properties":{"text":{"type":"string"}}})");
  t.runs_inline = true;  // answered before receive() returns
  t.handler = [](const Json& args, Context&) {
    ToolResult r = ToolResult::text(args.at("text").get<std::string>());
    r.structured = Json{{"n", 1.5}, {"s", args.at("text")}, {"u", 18446744073709551615ull}};
    return r;
  };
  server.add_tool(t);
  auto sink = std::make_shared<TextOnlySink>();
  auto session = server.open_session(sink);
  session->receive(R"({"jsonrpc":"2.0","id":"i","method":"initialize","params":{"protocolVersion":"2025-11-25"}})",
                   sink);
  const std::string text = "h\u00e9 \"q\" \\ \n \x01 \U0001F600";
  session->receive(Json{{"jsonrpc", "2.0"},
                        {"id", 7},
                        {"method", "tools/call"},
                        {"params", {{"name", "echo"}, {"arguments", {{"text", text}}}}}}
                       .dump(),
                   sink);
  // Invalid arguments: a tool error (2025-11-25), also answered inline.
  session->receive(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"echo","arguments":{"text":5}}})",
                   sink);
  ASSERT_EQ(sink->texts.size(), 3u);
  for (const std::string& s : sink->texts) EXPECT_EQ(s, Json::parse(s).dump()) << s;
  Json answer = Json::parse(sink->texts[1]);
  EXPECT_EQ(answer["id"], 7);
  EXPECT_EQ(answer["result"]["content"][0]["text"], text);
  EXPECT_EQ(answer["result"]["structuredContent"]["u"], 18446744073709551615ull);
  EXPECT_EQ(Json::parse(sink->texts[2])["result"]["isError"], true);
}

TEST(JsonText, ValidUtf8AcrossTheWordBoundary) {
  // The ASCII fast path reads eight bytes at a time: a bad byte at any offset is still found.
  for (std::size_t at = 0; at < 20; ++at) {
    std::string s(20, 'a');
    EXPECT_TRUE(is_valid_utf8(s));
    s[at] = '\xff';
    EXPECT_FALSE(is_valid_utf8(s)) << at;
    s[at] = '\xc3';
    EXPECT_EQ(is_valid_utf8(s + "\xa9"), at == 19) << at;
  }
}

// The reference: one character at a time, as nesting_within used to be written.
bool nesting_reference(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

TEST(JsonText, NestingSkipsStrings) {
  EXPECT_TRUE(nesting_within(R"({"a":"[[[[[[[["})", 2));
  EXPECT_FALSE(nesting_within(R"({"a":[[["x"]]]})", 3));
  EXPECT_TRUE(nesting_within(R"({"a":[["x"]]})", 3));
  EXPECT_TRUE(nesting_within(R"({"a":"\"[[[[\\"})", 1));
  EXPECT_FALSE(nesting_within(R"({"a":"\\"[[[[})", 3));  // the string ends after the escaped backslash
  EXPECT_TRUE(nesting_within(R"(["unterminated [[[[)", 1));
  std::mt19937 rng(7);
  const char alphabet[] = "[]{}\"\\ax";
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    std::size_t len = rng() % 24;
    for (std::size_t i = 0; i < len; ++i) s += alphabet[rng() % 8];
    for (std::size_t depth : {0, 1, 2, 4}) ASSERT_EQ(nesting_within(s, depth), nesting_reference(s, depth)) << s;
  }
}

// parse_message reads with Boost.JSON and must accept exactly what nlohmann accepts, with the
// same values and the same number types (equality alone would let 5 and 5u pass).
void expect_same_parse(const std::string& text) {
  Json expected =
      text.find('\0') != std::string::npos ? Json(Json::value_t::discarded) : Json::parse(text, nullptr, false);
  Json got = parse_message(text);
  ASSERT_EQ(got.is_discarded(), expected.is_discarded()) << text;
  if (expected.is_discarded()) return;
  ASSERT_EQ(got, expected) << text;
  // Same types and the same text, all the way down (dump shows -0.0 vs 0, 5 vs 5.0).
  ASSERT_EQ(got.dump(), expected.dump()) << text;
  std::vector<std::pair<const Json*, const Json*>> todo{{&got, &expected}};
  while (!todo.empty()) {
    auto [g, e] = todo.back();
    todo.pop_back();
    ASSERT_EQ(g->type(), e->type()) << text;
    if (g->is_structured()) {
      auto gi = g->begin();
      for (auto ei = e->begin(); ei != e->end(); ++ei, ++gi) todo.push_back({&*gi, &*ei});
    }
  }
}

TEST(JsonParse, AcceptsWhatNlohmannAccepts) {
  const std::string cases[] = {
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3}}})",
      R"({"a":1,"a":2})",  // duplicate keys: the last wins
      "5",
      "-5",
      "-0",
      "0",
      "-0.0",
      "1.5",
      "1e2",
      "1E+2",
      "1e-2",
      "0.1",
      "123456789012345678901234567890",
      "18446744073709551615",
      "18446744073709551616",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "1e400",
      "-1e400",
      "1e-400",
      "4.9e-324",
      "2.2250738585072014e-308",
      "0.30000000000000004",
      "1.7976931348623157e308",
      "1.7976931348623159e308",
      R"("\u00e9\ud83d\ude00")",
      R"("\ud800")",
      R"("\udc00x")",
      "\"\xff\"",
      "\"\xc3\xa9\"",
      "\"\xed\xa0\x80\"",
      "\"\xc0\xaf\"",
      "\xef\xbb\xbf{}",  // a byte order mark: nlohmann skips it
      "",
      " ",
      "{}",
      "[]",
      " [1, 2] ",
      "[1, 2] x",
      "[1,]",
      "{\"a\":1,}",
      "01",
      "1.",
      ".5",
      "+1",
      "NaN",
      "Infinity",
      "[1] // c",
      "/* c */ 1",
      "tru",
      "nul",
      "\"a\tb\"",
      "\"a\\tb\"",
      R"("\x")",
      R"({"a" 1})",
      "{1:2}",
      std::string("[1]\0[2]", 7),
      "\"\x7f\"",
      R"(["a",{"b":[null,true,false,{}]}])",
  };
  for (const std::string& c : cases) expect_same_parse(c);
}

// Random edits of MCP messages: every verdict and every value as nlohmann's.
TEST(JsonParse, RandomEditsMatchNlohmann) {
  const std::string seeds[] = {
      R"({"jsonrpc":"2.0","id":"a-1","method":"tools/call","params":{"name":"echo","arguments":{"text":"h\u00e9 \"q\" \n"}}})",
      R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add","arguments":{"a":-12.25e3,"b":1E-7}}})",
      R"([{"jsonrpc":"2.0","id":1,"result":{"content":[],"isError":false}},{"x":[1,2,[3,[4]]]}])",
  };
  const std::string inserts[] = {"\"", "\\", "{", "}",    "[",        "]",   ",",       ":",    "0",    "-", ".",
                                 "e",  "9",  " ", "\xff", "\xc3\xa9", "\\u", "\\ud800", "null", "\x01", "\n"};
  std::mt19937 rng(11);
  for (int n = 0; n < 20000; ++n) {
    std::string s = seeds[rng() % std::size(seeds)];
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
      std::size_t at = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0:
          s.insert(at, inserts[rng() % std::size(inserts)]);
          break;
        case 1:
          if (at < s.size()) s.erase(at, 1 + rng() % 3);
          break;
        default:
          if (at < s.size()) s[at] = static_cast<char>(rng() % 256);
      }
    }
    expect_same_parse(s);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// The fuzzers' checked-in inputs, whole and line by line (the jsonrpc target reads lines).
TEST(JsonParse, FuzzCorpusMatchesNlohmann) {
  std::size_t files = 0;
  for (const char* format : {"json", "jsonrpc", "http"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(MCPC_FUZZ_CORPUS) + "/" + format)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      std::string text = bytes.str();
      expect_same_parse(text);
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);) expect_same_parse(line);
      if (::testing::Test::HasFatalFailure()) return;
      ++files;
    }
  }
  EXPECT_GT(files, 10u);
}

TEST(JsonParse, DeepTextFallsBackWithoutRecursing) {
  // Past Boost.JSON's depth setting nlohmann reads it (iteratively): still the same value.
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  expect_same_parse(deep);
  expect_same_parse(std::string(200, '[') + "1" + std::string(200, ']'));
}

TEST(JsonParse, LongStringsAndEscapes) {
  std::string text(100000, 'x');
  for (std::size_t i = 0; i < text.size(); i += 97) text[i] = '\n';
  Json j{{"text", text}, {"n", 1.25}};
  expect_same_parse(j.dump());
  EXPECT_EQ(parse_message(j.dump())["text"], text);
}

}  // namespace
}  // namespace mcpc::runtime

// The JSON reader: strict RFC 8259 with positions for every key and value.
#include <gtest/gtest.h>

#include "reader_test_util.h"

namespace mcpc::frontend::doc {
namespace {

std::unique_ptr<Read> read(const std::string& text, Limits limits = {}) {
  return read_with(read_json, "t.json", text, limits);
}

TEST(JsonReader, ReadsValuesWithPositions) {
  auto r = read("{\n  \"a\": [1, -2.5e1, true, null, \"x\\u00e9\\ud83d\\ude00\"],\n  \"b\": {}\n}");
  ASSERT_TRUE(r->ok) << r->diags.raw().at(0).message;
  const Entry* a = r->root.find("a");
  EXPECT_EQ(a->key_loc.line, 2u);
  EXPECT_EQ(a->key_loc.column, 3u);
  ASSERT_EQ(a->value.items.size(), 5u);
  EXPECT_EQ(a->value.items[0].kind, Kind::Int);
  EXPECT_EQ(a->value.items[1].kind, Kind::Float);
  EXPECT_DOUBLE_EQ(a->value.items[1].number, -25);
  EXPECT_EQ(a->value.items[2].kind, Kind::Bool);
  EXPECT_EQ(a->value.items[3].kind, Kind::Null);
  EXPECT_EQ(a->value.items[4].text, "x\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(a->value.items[4].loc.column, 32u);
  EXPECT_TRUE(r->root.find("b")->value.is_map());
}

struct BadJson {
  const char* text;
  std::uint32_t line;
  std::uint32_t column;
  const char* says;
};

class JsonReaderErrors : public ::testing::TestWithParam<BadJson> {};

TEST_P(JsonReaderErrors, ReportsWhereAndWhat) {
  const BadJson& c = GetParam();
  auto r = read(c.text);
  EXPECT_FALSE(r->ok);
  ASSERT_EQ(r->diags.error_count(), 1u);
  const Diagnostic& d = r->diags.raw()[0];
  EXPECT_EQ(d.check, Check::Syntax);
  EXPECT_EQ(d.loc.line, c.line) << d.message;
  EXPECT_EQ(d.loc.column, c.column) << d.message;
  EXPECT_NE(d.message.find(c.says), std::string::npos) << d.message;
}

INSTANTIATE_TEST_SUITE_P(Cases, JsonReaderErrors,
                         ::testing::Values(BadJson{"{\"a\": 1,}", 1, 9, "expected a string key"},
                                           BadJson{"{\"a\": 01}", 1, 8, "leading zeros"},
                                           BadJson{"{\"a\": \"\\q\"}", 1, 8, "invalid escape"},
                                           BadJson{"{\"a\": \"x", 1, 9, "unterminated string"},
                                           BadJson{"{\"a\" 1}", 1, 6, "expected ':'"},
                                           BadJson{"[1 2]", 1, 4, "expected ',' or ']'"},
                                           BadJson{"{\"a\": tru}", 1, 7, "expected 'true'"},
                                           BadJson{"{} x", 1, 4, "after the JSON value"}, BadJson{"", 1, 1, "empty"},
                                           BadJson{"\"\\ud800\"", 1, 8, "surrogate"},
                                           BadJson{"{\"a\": \"tab\there\"}", 1, 11, "control character"}));

TEST(JsonReader, ReportsDuplicateKeys) {
  auto r = read("{\"a\": 1, \"a\": 2}");
  EXPECT_TRUE(r->ok);
  ASSERT_EQ(r->diags.error_count(), 1u);
  EXPECT_EQ(r->diags.raw()[0].check, Check::DuplicateKey);
  EXPECT_EQ(r->diags.raw()[0].loc.column, 10u);
}

TEST(JsonReader, RefusesDeepNesting) {
  auto r = read(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->diags.raw()[0].check, Check::Limits);
}

TEST(JsonReader, LargeIntegersBecomeNumbers) {
  auto r = read("[123456789012345678901234567890]");
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->root.items[0].kind, Kind::Float);
}

}  // namespace
}  // namespace mcpc::frontend::doc

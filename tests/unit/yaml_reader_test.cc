// The YAML reader: core-schema scalars, locations, and refusal of hostile documents.
#include <gtest/gtest.h>

#include <chrono>

#include "reader_test_util.h"

namespace mcpc::frontend::doc {
namespace {

std::unique_ptr<Read> read(const std::string& text, Limits limits = {}) {
  return read_with(read_yaml, "t.yaml", text, limits);
}

TEST(YamlReader, ResolvesCoreSchemaScalars) {
  auto r = read("a: 12\nb: -0x1\nc: 0x1F\nd: 1.5e3\ne: true\nf: ~\ng: 1.0.0\nh: \"12\"\ni: yes\nj: .inf\nk: 0o17\n");
  ASSERT_TRUE(r->ok);
  auto v = [&](const char* k) -> const Node& { return r->root.find(k)->value; };
  EXPECT_EQ(v("a").kind, Kind::Int);
  EXPECT_EQ(v("a").integer, 12);
  EXPECT_EQ(v("b").kind, Kind::String);  // a sign is not allowed on hex in YAML 1.2 core
  EXPECT_EQ(v("c").integer, 31);
  EXPECT_EQ(v("d").kind, Kind::Float);
  EXPECT_DOUBLE_EQ(v("d").number, 1500);
  EXPECT_EQ(v("e").kind, Kind::Bool);
  EXPECT_EQ(v("f").kind, Kind::Null);
  EXPECT_EQ(v("g").kind, Kind::String);
  EXPECT_EQ(v("h").kind, Kind::String);  // quoted stays a string
  EXPECT_EQ(v("i").kind, Kind::String);  // YAML 1.1 booleans are strings in 1.2
  EXPECT_EQ(v("j").kind, Kind::Float);
  EXPECT_EQ(v("k").integer, 15);
}

TEST(YamlReader, RecordsKeyAndValueLocations) {
  auto r = read("tools:\n  - name: été\n    description: x\n");
  ASSERT_TRUE(r->ok);
  const Entry* tools = r->root.find("tools");
  EXPECT_EQ(tools->key_loc.line, 1u);
  const Node& tool = tools->value.items.at(0);
  const Entry* desc = tool.find("description");
  EXPECT_EQ(desc->key_loc.line, 3u);
  EXPECT_EQ(desc->key_loc.column, 5u);
  EXPECT_EQ(desc->value.loc.column, 18u);
}

TEST(YamlReader, EmptyValuePointsAtItsKey) {
  auto r = read("name:\nversion: 1\n");
  ASSERT_TRUE(r->ok);
  EXPECT_EQ(r->root.find("name")->value.kind, Kind::Null);
  EXPECT_EQ(r->root.find("name")->value.loc.line, 1u);
}

TEST(YamlReader, ReportsDuplicateKeys) {
  auto r = read("a: 1\nb: 2\na: 3\n");
  ASSERT_TRUE(r->ok);
  ASSERT_EQ(r->diags.error_count(), 1u);
  EXPECT_EQ(r->diags.raw()[0].check, Check::DuplicateKey);
  EXPECT_EQ(r->diags.raw()[0].loc.line, 3u);
  EXPECT_EQ(r->root.find("a")->value.integer, 1);  // the first definition wins
}

TEST(YamlReader, ExpandsAliases) {
  auto r = read("base: &b {type: string}\nother: *b\n");
  ASSERT_TRUE(r->ok);
  const Node& other = r->root.find("other")->value;
  ASSERT_TRUE(other.is_map());
  EXPECT_EQ(other.find("type")->value.text, "string");
  EXPECT_EQ(other.loc.line, 2u);  // an alias is located where it is used
}

TEST(YamlReader, RefusesBillionLaughsQuickly) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  auto start = std::chrono::steady_clock::now();
  auto r = read(bomb);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(r->ok);
  ASSERT_EQ(r->diags.error_count(), 1u);
  EXPECT_EQ(r->diags.raw()[0].check, Check::Limits);
  // Bounded work: the budget stops expansion long before 10^9 nodes. (Generous bound; this
  // is a hang detector, not a benchmark.)
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 20);
}

TEST(YamlReader, RefusesDeepNesting) {
  std::string deep(500, '[');
  deep += std::string(500, ']');
  auto r = read("a: " + deep + "\n");
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->diags.raw().at(0).check, Check::Limits);
  std::string blocks;
  for (int i = 0; i < 100; ++i) blocks += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  r = read(blocks);
  EXPECT_FALSE(r->ok);
}

TEST(YamlReader, ReportsSyntaxErrorsWithPosition) {
  auto r = read("a: [1, 2\nb: 3\n");
  EXPECT_FALSE(r->ok);
  ASSERT_EQ(r->diags.error_count(), 1u);
  EXPECT_EQ(r->diags.raw()[0].check, Check::Syntax);
  EXPECT_EQ(r->diags.raw()[0].loc.line, 2u);
  r = read("a: 1\n\tb: 2\n");
  EXPECT_FALSE(r->ok);
  EXPECT_NE(r->diags.raw()[0].message.find("tab"), std::string::npos);
}

TEST(YamlReader, RefusesMultipleDocuments) {
  auto r = read("a: 1\n---\nb: 2\n");
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->diags.raw()[0].loc.line, 2u);
}

TEST(YamlReader, RefusesComplexKeys) {
  auto r = read("? [a, b]\n: 1\n");
  EXPECT_FALSE(r->ok);
}

TEST(Utf8, RejectsInvalidBytesWithPosition) {
  auto r = read("a: 1\nb: \xFF\n");
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->diags.raw()[0].check, Check::Encoding);
  EXPECT_EQ(r->diags.raw()[0].loc.line, 2u);
  EXPECT_EQ(r->diags.raw()[0].loc.column, 4u);
  EXPECT_FALSE(read("a: \xC0\xAF\n")->ok);         // overlong '/'
  EXPECT_FALSE(read("a: \xED\xA0\x80\n")->ok);     // surrogate
  EXPECT_FALSE(read("a: \xE2\x82\n")->ok);         // truncated
  EXPECT_TRUE(read("a: \xF0\x9F\x98\x80\n")->ok);  // emoji
}

TEST(Utf8, RejectsControlCharacters) {
  auto r = read(std::string("a: b\0c\n", 8));  // found by spec_yaml_fuzz: NUL ended the scalar silently
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->diags.raw().at(0).check, Check::Encoding);
  EXPECT_EQ(r->diags.raw()[0].loc.column, 5u);
  EXPECT_NE(r->diags.raw()[0].message.find("U+0000"), std::string::npos);
  EXPECT_FALSE(read("a: \x1B[31m\n")->ok);
  EXPECT_TRUE(read("a:\tb\r\n")->ok);
}

TEST(YamlReader, SyntaxErrorMessagesAreUtf8) {
  // yaml-cpp quotes the byte after a backslash; for a multi-byte character that is half of it.
  auto r = read("a: \"\\\xC3\xA5\"\n");
  EXPECT_FALSE(r->ok);
  std::string msg = r->diags.raw().at(0).message;
  EXPECT_EQ(sanitize_utf8(msg), msg);
}

}  // namespace
}  // namespace mcpc::frontend::doc

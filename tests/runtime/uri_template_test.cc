// RFC 6570: the one parser (what `mcpc check` reports) and matching for resources/read routing.
#include <gtest/gtest.h>

#include "mcpc/json_schema/uri_template.h"
#include "mcpc/json_schema/validator.h"

namespace mcpc::json_schema {
namespace {

TEST(UriTemplate, MatchesSimpleExpressions) {
  UriTemplate t("test://template/{id}/data");
  auto m = t.match("test://template/123/data");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->at("id"), "123");
  EXPECT_FALSE(t.match("test://template/1/2/data"));  // simple expansion cannot contain '/'
  EXPECT_FALSE(t.match("test://template/123/other"));
  EXPECT_EQ(UriTemplate("x://{a}/{b}").match("x://hello%20world/2")->at("a"), "hello world");
}

TEST(UriTemplate, MatchesOperators) {
  EXPECT_EQ(UriTemplate("file:///{+path}").match("file:///a/b/c.txt")->at("path"), "a/b/c.txt");
  auto q = UriTemplate("search://items{?q,limit}").match("search://items?q=cats&limit=5");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->at("q"), "cats");
  EXPECT_EQ(q->at("limit"), "5");
  EXPECT_TRUE(UriTemplate("search://items{?q,limit}").match("search://items"));
  EXPECT_EQ(UriTemplate("x://a{/seg}").match("x://a/b")->at("seg"), "b");
  EXPECT_EQ(UriTemplate("x://doc{#frag}").match("x://doc#top")->at("frag"), "top");
  EXPECT_EQ(UriTemplate("x://{a,b}").match("x://1,2")->at("b"), "2");
}

TEST(UriTemplate, LiteralsAreNotRegex) {
  EXPECT_FALSE(UriTemplate("a.b://{x}").match("aXb://1"));
  EXPECT_FALSE(UriTemplate("x://(a)+{x}").match("x://aa1"));
  EXPECT_EQ(UriTemplate("x://(a)+{x}").match("x://(a)+1")->at("x"), "1");
  EXPECT_THROW(UriTemplate("x://{oops"), std::invalid_argument);
}

// Item 2 of issue 11: std::regex recursed per character of the URI, so a multi-megabyte URI
// overflowed the stack. RE2 matches in linear time and constant stack.
TEST(UriTemplate, MultiMegabyteUrisDoNotRecurse) {
  std::string big(8 << 20, 'a');
  auto m = UriTemplate("test://template/{id}/data").match("test://template/" + big + "/data");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->at("id").size(), big.size());
  EXPECT_FALSE(UriTemplate("test://template/{id}/data").match("test://template/" + big + "/other"));
  EXPECT_EQ(UriTemplate("file:///{+path}").match("file:///" + big + "/" + big)->at("path").size(), 2 * big.size() + 1);
  EXPECT_EQ(UriTemplate("x://a{/seg}").match("x://a/" + big)->at("seg").size(), big.size());
  EXPECT_EQ(UriTemplate("search://items{?q}").match("search://items?q=" + big)->at("q").size(), big.size());
}

// Percent-decoding makes any byte, so variables are bytes: the session refuses those that are not
// UTF-8 before they reach JSON (issue 11, item 22).
TEST(UriTemplate, DecodedVariablesAreBytes) {
  auto m = UriTemplate("test://template/{id}/data").match("test://template/%FF%c3%A9/data");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->at("id"), "\xff\xc3\xa9");
  // Matching is by byte: a URI that is not UTF-8 matches (or not) like any other.
  EXPECT_EQ(UriTemplate("x://{a}").match("x://\xff\xfe")->at("a"), "\xff\xfe");
  EXPECT_EQ(UriTemplate("x://\xc3\xa9/{a}").match("x://\xc3\xa9/1")->at("a"), "1");
}

// The one RFC 6570 parser: what `mcpc check` reports for a resource template (these messages
// are its diagnostics) and what servers compile for matching.
std::string parse_error(std::string_view tmpl) {
  UriTemplateSyntax syntax;
  return parse_uri_template(tmpl, syntax);
}

TEST(UriTemplateSyntax, ReadsLiteralsAndExpressions) {
  UriTemplateSyntax s;
  ASSERT_EQ(parse_uri_template("notes://{folder}/{id}{?q,limit}{#frag}", s), "");
  EXPECT_EQ(s.literals, (std::vector<std::string>{"notes://", "/", "", "", ""}));
  ASSERT_EQ(s.expressions.size(), 4u);
  EXPECT_EQ(s.expressions[0].op, 0);
  EXPECT_EQ(s.expressions[2].op, '?');
  EXPECT_EQ(s.expressions[2].variables, (std::vector<std::string>{"q", "limit"}));
  EXPECT_EQ(s.expressions[3].op, '#');
  ASSERT_EQ(parse_uri_template("file:///{+path}{/seg*}{.ext:3}.bak", s), "");
  EXPECT_EQ(s.literals.back(), ".bak");
  EXPECT_EQ(s.expressions[1].variables, (std::vector<std::string>{"seg"}));  // no '*'
  EXPECT_EQ(s.expressions[2].variables, (std::vector<std::string>{"ext"}));  // no ':3'
  for (const char* ok : {"x://{.a.b}", "x://{%41b}", "x://{;a,b}{&c}", "x://{a*,b:5}", "x://\xc3\xa9/{a}",
                         "x://(a)+{x}", "x://{ab_c.d}", "x://{_}", "", "x://plain"}) {
    EXPECT_EQ(parse_error(ok), "") << ok;
  }
}

TEST(UriTemplateSyntax, SaysWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"x://{id", "unterminated expression starting at offset 4"},
      {"x://id}", "unmatched '}' at offset 6"},
      {"x://{a}}", "unmatched '}' at offset 7"},
      {"x://{}", "empty expression '{}' at offset 4"},
      {"notes://{folder/{id}", "nested '{' in expression at offset 8"},
      {"x://{=id}", "operator '=' is reserved by RFC 6570 and not supported"},
      {"x://{,a}", "operator ',' is reserved by RFC 6570 and not supported"},
      {"notes://{!id}", "operator '!' is reserved by RFC 6570 and not supported"},
      {"x://{id:0}", "invalid prefix length ':0' in '{id:0}' (expected 1-9999)"},
      {"x://{id:10000}", "invalid prefix length ':10000' in '{id:10000}' (expected 1-9999)"},
      {"x://{a:}", "invalid prefix length ':' in '{a:}' (expected 1-9999)"},
      {"x://{a,,b}", "empty variable name in '{a,,b}'"},
      {"x://{a-b}", "invalid character '-' in variable name 'a-b'"},
      {"x://{a.}", "invalid character '.' in variable name 'a.'"},
      {"x://{%4}", "invalid character '%' in variable name '%4'"},
      {"x://{a:1*}", "invalid character ':' in variable name 'a:1'"},
      {"x://%zz/{a}", "invalid percent-encoding at offset 4"},
      {"x://%4", "invalid percent-encoding at offset 4"},
      {"x://a b/{id}", "character ' ' is not allowed in a URI template literal"},
      {"x://\"{a}", "character '\"' is not allowed in a URI template literal"},
  };
  for (const auto& [tmpl, why] : cases) EXPECT_EQ(parse_error(tmpl), why) << tmpl;
}

// Servers read templates with the same parser: one `mcpc check` refuses matches nothing.
TEST(UriTemplate, RefusesWhatTheParserRefuses) {
  for (const char* bad : {"x://{=a}", "x://{a}}", "x://{a b}", "x://{folder/{id}"}) {
    try {
      UriTemplate t(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(e.what(), "invalid URI template '" + std::string(bad) + "': " + parse_error(bad));
    }
  }
}

}  // namespace
}  // namespace mcpc::json_schema

namespace mcpc::json_schema {
namespace {

// Variables arrive as text; one declared integer, number or boolean becomes that JSON value
// when its text spells one, so that validation checks it as what it is declared to be.
TEST(TypedVariables, ReadEachAsItsDeclaredType) {
  Json schema = Json::parse(R"({"type":"object","properties":{"id":{"type":"integer","minimum":1},
      "ratio":{"type":"number"},"exact":{"type":"boolean"},"either":{"type":["integer","string"]},
      "name":{"pattern":"^[a-z]+$"}}})");
  auto typed = [&](std::map<std::string, std::string> vars) { return typed_variables(schema, vars); };
  EXPECT_EQ(typed({{"id", "42"}, {"ratio", "0.5"}, {"exact", "true"}, {"either", "7"}, {"name", "x"}, {"extra", "9"}}),
            Json::parse(R"({"id":42,"ratio":0.5,"exact":true,"either":7,"name":"x","extra":"9"})"));
  EXPECT_EQ(typed({{"id", "-007"}, {"ratio", "-1e3"}, {"exact", "false"}, {"either", "seven"}}),
            Json::parse(R"({"id":-7,"ratio":-1000.0,"exact":false,"either":"seven"})"));
  // What does not spell one stays text, for validation to refuse.
  for (const char* text : {"abc", "", "1.5", "+1", " 1", "1 ", "0x10", "1e3", "99999999999999999999", "-"}) {
    EXPECT_EQ(typed({{"id", text}})["id"], Json(text)) << text;
  }
  for (const char* text : {"", ".5", "1.", "1e", "1e+", "inf", "NaN", "1e999", "--1", "1.5.5"}) {
    EXPECT_EQ(typed({{"ratio", text}})["ratio"], Json(text)) << text;
  }
  for (const char* text : {"True", "1", "yes", ""}) EXPECT_EQ(typed({{"exact", text}})["exact"], Json(text)) << text;
  EXPECT_EQ(validate(schema, typed({{"id", "abc"}})), "/id: must be integer");
  EXPECT_EQ(validate(schema, typed({{"id", "0"}})), "/id: must be >= 1");
  EXPECT_EQ(validate(schema, typed({{"id", "1"}})), "");
  EXPECT_EQ(typed_variables(Json::object(), {{"id", "1"}}), Json({{"id", "1"}}));  // no schema: text
}

}  // namespace
}  // namespace mcpc::json_schema

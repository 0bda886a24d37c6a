// RFC 6570 matching for resources/read routing.
#include <gtest/gtest.h>

#include "uri_template.h"

namespace mcpc::runtime {
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

}  // namespace
}  // namespace mcpc::runtime

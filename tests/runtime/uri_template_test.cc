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
  EXPECT_THROW(UriTemplate("x://{oops"), std::invalid_argument);
}

}  // namespace
}  // namespace mcpc::runtime

// The discovery page's routes (registry/service/src/web_routes.cc): the files mcpc_web embeds,
// with ETag revalidation, the Content-Security-Policy the page is written for, and no auth.
#include "mcpc/web/assets.h"
#include "service_harness.h"

namespace mcpc::service::testing {
namespace {

TEST_F(ServiceTest, PageAndAssetsAreServedWithValidatorsAndAStrictPolicy) {
  for (const char* target : {"/", "/index.html", "/assets/app.js", "/assets/style.css", "/?q=x"}) {
    SCOPED_TRACE(target);
    Answer a = get(target);
    ASSERT_EQ(a.status, 200);
    std::string path(target);
    path = path.substr(0, path.find('?'));
    const web::Asset* asset = web::find_asset(path);
    ASSERT_NE(asset, nullptr);
    EXPECT_EQ(a.raw.body, asset->body);
    EXPECT_EQ(a.raw.content_type, asset->content_type);
    EXPECT_EQ(a.header("ETag"), asset->etag);
    EXPECT_EQ(a.header("Cache-Control"), "no-cache");
    EXPECT_EQ(a.header("Content-Security-Policy").rfind("default-src 'self'", 0), 0u);
    EXPECT_EQ(a.header("X-Content-Type-Options"), "nosniff");

    const std::string etag(asset->etag);
    for (const std::string& validator : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
      Answer cached = call("GET", target, "", {{"If-None-Match", validator}});
      EXPECT_EQ(cached.status, 304) << validator;
      EXPECT_TRUE(cached.raw.body.empty());
      EXPECT_EQ(cached.header("ETag"), etag);
    }
    EXPECT_EQ(call("GET", target, "", {{"If-None-Match", "\"other\""}}).status, 200);
  }
}

TEST_F(ServiceTest, UnknownAssetsAndOtherMethodsAreRefused) {
  EXPECT_EQ(get("/assets/missing.js").status, 404);
  EXPECT_EQ(get("/assets/missing.js").body["code"], "NOT_FOUND");
  EXPECT_EQ(get("/assets").status, 404);
  EXPECT_EQ(get("/assets/app.js/x").status, 404);
  EXPECT_EQ(get("/assets/%2e%2e%2Findex.html").status, 404);
  EXPECT_EQ(get("/favicon.ico").status, 404);
  EXPECT_EQ(call("POST", "/", "x").status, 405);
  EXPECT_EQ(call("DELETE", "/assets/app.js").status, 405);
}

class PrivateReadsTest : public ServiceTest {
  void configure(ServiceOptions& o) override { o.read_access = ReadAccess::All; }
};

TEST_F(PrivateReadsTest, ThePageStaysPublicWhenEveryApiReadNeedsAuth) {
  EXPECT_EQ(get("/").status, 200);
  EXPECT_EQ(get("/assets/app.js").status, 200);
  EXPECT_EQ(get("/api/v1/packages").status, 401);
}

}  // namespace
}  // namespace mcpc::service::testing

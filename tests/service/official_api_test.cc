// The official MCP registry API (v0.1 and v0) in-process: envelopes, _meta, cursors that are
// URL-safe and carry the filter, %2F names, 404s, CORS, and publish with a bearer key.
#include "service_harness.h"

namespace mcpc::service::testing {
namespace {

using registry::testing::PackageSpec;

class OfficialApi : public ServiceTest {
 protected:
  std::string token_;
  void SetUp() override {
    ServiceTest::SetUp();
    registry::Registry reg = registry::Registry::open(dir_ / "registry");
    token_ = reg.create_api_key("publisher").token;
  }
  Answer publish_json(const json& server, const std::string& token) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    return call("POST", "/v0/publish", server.dump(), h);
  }
  static json server_json(const std::string& name, const std::string& version) {
    return {{"$schema", "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"},
            {"name", name},
            {"description", "A server named " + name},
            {"version", version},
            {"remotes", {{{"type", "streamable-http"}, {"url", "https://example.com/mcp"}}}}};
  }
};

TEST_F(OfficialApi, ListEntriesHaveTheEnvelopeAndMeta) {
  PackageSpec p;
  publish(p);
  for (const char* prefix : {"/v0.1", "/v0"}) {
    Answer a = get(std::string(prefix) + "/servers");
    ASSERT_EQ(a.status, 200);
    ASSERT_EQ(a.body["servers"].size(), 1u);
    const json& e = a.body["servers"][0];
    EXPECT_EQ(e["server"]["name"], "io.github.test/inventory-mcp");  // server.json as published
    EXPECT_EQ(e["server"]["version"], "1.0.0");
    EXPECT_FALSE(e["server"]["description"].get<std::string>().empty());
    const json& meta = e["_meta"]["io.modelcontextprotocol.registry/official"];
    EXPECT_EQ(meta["status"], "active");
    EXPECT_EQ(meta["isLatest"], true);
    EXPECT_TRUE(meta["publishedAt"].is_string());
    EXPECT_EQ(a.body["metadata"]["count"], 1);
    EXPECT_FALSE(a.body["metadata"].contains("nextCursor"));
    EXPECT_EQ(a.header("Access-Control-Allow-Origin"), "*");
  }
  EXPECT_EQ(get("/v0.1/servers/").status, 200);  // trailing slash accepted
}

TEST_F(OfficialApi, CursorsAreUrlSafeAndCarryTheFilter) {
  for (const char* v : {"1.0.0", "1.0.1+build.5", "2.0.0"}) {
    ASSERT_EQ(publish_json(server_json("io.github.acme/weather", v), token_).status, 200);
  }
  ASSERT_EQ(publish_json(server_json("io.github.acme/other", "1.0.0"), token_).status, 200);

  Answer first = get("/v0.1/servers?limit=1&search=weather");
  ASSERT_EQ(first.body["servers"].size(), 1u);
  std::string cursor = first.body["metadata"]["nextCursor"];
  for (char c : cursor) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << cursor;
  // Later pages without `search` (as VS Code sends them) stay filtered.
  std::vector<std::string> versions{first.body["servers"][0]["server"]["version"]};
  while (true) {
    Answer next = get("/v0.1/servers?limit=1&cursor=" + cursor);
    ASSERT_EQ(next.status, 200);
    for (const json& e : next.body["servers"]) {
      EXPECT_EQ(e["server"]["name"], "io.github.acme/weather");
      versions.push_back(e["server"]["version"]);
    }
    if (!next.body["metadata"].contains("nextCursor")) break;
    cursor = next.body["metadata"]["nextCursor"];
  }
  EXPECT_EQ(versions, (std::vector<std::string>{"1.0.0", "1.0.1+build.5", "2.0.0"}));

  Answer latest = get("/v0.1/servers?version=latest");
  EXPECT_EQ(latest.body["servers"].size(), 2u);
  EXPECT_EQ(get("/v0.1/servers?limit=0").status, 400);
  EXPECT_EQ(get("/v0.1/servers?limit=101").status, 400);
  EXPECT_EQ(get("/v0.1/servers?cursor=not-a-cursor").status, 400);
  EXPECT_EQ(get("/v0.1/servers?updated_since=yesterday").status, 400);
  EXPECT_EQ(get("/v0.1/servers?updated_since=2000-01-01T00:00:00Z").body["servers"].size(), 4u);
  EXPECT_EQ(get("/v0.1/servers?updated_since=2999-01-01T00:00:00%2B02:00").body["servers"].size(), 0u);
}

TEST_F(OfficialApi, VersionsAndOneVersionWithEncodedNames) {
  ASSERT_EQ(publish_json(server_json("io.github.acme/weather", "1.0.0"), token_).status, 200);
  ASSERT_EQ(publish_json(server_json("io.github.acme/weather", "1.1.0"), token_).status, 200);
  Answer versions = get("/v0.1/servers/io.github.acme%2Fweather/versions");
  ASSERT_EQ(versions.status, 200);
  EXPECT_EQ(versions.body["servers"].size(), 2u);
  EXPECT_EQ(versions.body["metadata"]["count"], 2);
  Answer latest = get("/v0.1/servers/io.github.acme%2Fweather/versions/latest");
  ASSERT_EQ(latest.status, 200);
  EXPECT_EQ(latest.body["server"]["version"], "1.1.0");
  EXPECT_EQ(latest.body["_meta"]["io.modelcontextprotocol.registry/official"]["isLatest"], true);
  EXPECT_EQ(get("/v0/servers/io.github.acme%2Fweather/versions/1.0.0").body["server"]["version"], "1.0.0");
  EXPECT_EQ(get("/v0.1/servers/io.github.acme%2Fweather/versions/9.9.9").status, 404);
  EXPECT_EQ(get("/v0.1/servers/io.github.acme%2Fnope/versions").status, 404);
  EXPECT_EQ(get("/v0.1/servers/io.github.acme%2Fnope/versions/latest").status, 404);
  // Unescaped, the name splits into two segments: no such route.
  EXPECT_EQ(get("/v0.1/servers/io.github.acme/weather/versions").status, 404);
  // A store name works too (an mcpc package's server.json name is its registry_name, found above).
  PackageSpec p;
  publish(p);
  EXPECT_EQ(get("/v0.1/servers/inventory-mcp/versions/latest").status, 200);
}

TEST_F(OfficialApi, PublishNeedsABearerTokenAndAValidServerJson) {
  json s = server_json("io.github.acme/weather", "1.0.0");
  Answer none = publish_json(s, "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(publish_json(s, "mcpc_000000000000_" + std::string(64, '0')).status, 401);
  Answer ok = publish_json(s, token_);
  ASSERT_EQ(ok.status, 200) << ok.raw.body;
  EXPECT_EQ(ok.body["server"], s);                 // stored and served as published
  EXPECT_EQ(publish_json(s, token_).status, 200);  // the identical document again
  json changed = s;
  changed["description"] = "Something else";
  EXPECT_EQ(publish_json(changed, token_).status, 400);  // versions are immutable
  json bad = s;
  bad.erase("description");
  bad["version"] = "^1.0";
  Answer invalid = publish_json(bad, token_);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.body["errors"].size(), 2u);
  EXPECT_EQ(call("POST", "/v0/publish", "{", {{"Authorization", "Bearer " + token_}}).status, 400);
  EXPECT_EQ(call("GET", "/v0/publish").status, 405);
  EXPECT_EQ(get("/v0.1/servers/io.github.acme%2Fweather/versions/latest").body["server"]["remotes"][0]["url"],
            "https://example.com/mcp");
  // The remote's endpoint is what the health checker will probe.
  EXPECT_EQ(get("/api/v1/packages/io.github.acme%2Fweather").body["endpoint_url"], "https://example.com/mcp");
}

TEST_F(OfficialApi, HealthAndPing) {
  EXPECT_EQ(get("/v0.1/health").body["status"], "ok");
  EXPECT_EQ(get("/v0/ping").body["pong"], true);
  EXPECT_EQ(get("/v0.1/nothing").status, 404);
}

}  // namespace
}  // namespace mcpc::service::testing

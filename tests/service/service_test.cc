// Every route of the service in-process: success, bad input, auth and not-found answers, the
// frame (CORS, access log, errors) and the job queue with a runner that writes real packages.
#include <thread>

#include "service_harness.h"

namespace mcpc::service::testing {
namespace {

using registry::testing::PackageSpec;

TEST_F(ServiceTest, HealthReportsDatabaseAndStore) {
  Answer a = get("/health");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body["status"], "ok");
  EXPECT_EQ(a.body["database"]["status"], "ok");
  EXPECT_EQ(a.body["store"]["status"], "ok");
  EXPECT_EQ(call("POST", "/health").status, 405);
}

TEST_F(ServiceTest, UnknownRoutesAndMalformedTargets) {
  EXPECT_EQ(get("/nope").status, 404);
  EXPECT_EQ(get("/nope").body["code"], "NOT_FOUND");
  EXPECT_EQ(get("/api/registry/servers/%zz").status, 400);
  EXPECT_EQ(get("/api//servers").status, 400);
  EXPECT_EQ(get("relative").status, 400);
  EXPECT_EQ(get("/api/servers/%00x").status, 400);
}

TEST_F(ServiceTest, RegisterNeedsCredentials) {
  EXPECT_EQ(post("/api/registry/register", register_payload("weather"), false).status, 401);
  Answer wrong = call("POST", "/api/registry/register", register_payload("weather").dump(), {basic("admin", "nope")});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body["code"], "UNAUTHORIZED");
  EXPECT_NE(wrong.header("WWW-Authenticate").find("Basic"), std::string::npos);
  EXPECT_EQ(
      call("POST", "/api/registry/register", register_payload("weather").dump(), {basic("root", "s3cret-pass")}).status,
      401);
  EXPECT_EQ(call("POST", "/api/registry/register", "{}", {{"Authorization", "Basic !!!"}}).status, 401);
}

TEST_F(ServiceTest, RegisterListAndGetAServer) {
  Answer created = post("/api/registry/register", register_payload("weather"));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  EXPECT_EQ(created.body["name"], "weather");
  EXPECT_EQ(created.body["status"], "active");
  ASSERT_TRUE(created.body["id"].is_number_integer());
  std::string id = std::to_string(created.body["id"].get<int>());

  Answer list = get("/api/registry/servers");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["total"], 1);
  EXPECT_EQ(list.body["servers"][0]["tools_count"], 1);
  EXPECT_EQ(list.body["servers"][0]["server_type"], "community");
  EXPECT_EQ(get("/api/registry/servers?type=mock").body["total"], 0);
  EXPECT_EQ(get("/api/registry/servers?search=WEATH").body["total"], 1);
  EXPECT_EQ(get("/api/registry/servers?status=error").body["total"], 0);
  EXPECT_EQ(get("/api/registry/servers?status=bogus").status, 400);
  EXPECT_EQ(get("/api/registry/servers?type=bogus").status, 400);

  Answer one = get("/api/registry/servers/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body["display_name"], "The weather");
  EXPECT_EQ(one.body["endpoint_url"], "http://127.0.0.1:9/mcp");
  EXPECT_EQ(one.body["metadata"]["author"], "Ada");
  EXPECT_EQ(one.body["tools"][0]["input_schema"]["properties"]["city"]["type"], "string");
  EXPECT_EQ(get("/api/registry/servers/999").status, 404);
  EXPECT_EQ(get("/api/registry/servers/999").body["code"], "SERVER_NOT_FOUND");
  EXPECT_EQ(get("/api/registry/servers/abc").status, 400);
  EXPECT_EQ(get("/api/registry/servers/abc").body["code"], "VALIDATION_ERROR");

  Answer again = post("/api/registry/register", register_payload("weather"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["code"], "DUPLICATE_SERVER");
}

TEST_F(ServiceTest, RegisterRefusesBadPayloadsWithDetails) {
  EXPECT_EQ(call("POST", "/api/registry/register", "{not json", {basic()}).status, 400);
  EXPECT_EQ(call("POST", "/api/registry/register", "[1]", {basic()}).status, 400);
  EXPECT_EQ(call("POST", "/api/registry/register", std::string(100, '[') + std::string(100, ']'), {basic()}).status,
            400);
  json bad = register_payload("weather");
  bad["server_type"] = "premium";
  bad["endpoint_url"] = "ftp://x";
  bad["name"] = "../etc";
  bad["tools"][0].erase("input_schema");
  bad["extra"] = 1;
  Answer a = post("/api/registry/register", bad);
  ASSERT_EQ(a.status, 400);
  EXPECT_EQ(a.body["code"], "VALIDATION_ERROR");
  std::set<std::string> paths;
  for (const json& d : a.body["details"]) paths.insert(d["path"]);
  EXPECT_EQ(paths, (std::set<std::string>{"server_type", "endpoint_url", "name", "tools[0].input_schema", "extra"}));
  EXPECT_EQ(get("/api/registry/servers").body["total"], 0);  // nothing stored
}

TEST_F(ServiceTest, ReadAuthCanCoverTheRegistryApi) {
  ServiceOptions o;
  o.root = dir_ / "registry";
  o.basic_username = "admin";
  o.basic_password = "s3cret-pass";
  o.read_access = ReadAccess::RegistryApi;
  service_ = std::make_unique<Service>(o);
  EXPECT_EQ(get("/api/registry/servers").status, 401);
  EXPECT_EQ(call("GET", "/api/registry/servers", "", {basic()}).status, 200);
  EXPECT_EQ(get("/api/v1/packages").status, 200);  // package search stays public
  o.read_access = ReadAccess::All;
  service_ = std::make_unique<Service>(o);
  EXPECT_EQ(get("/api/v1/packages").status, 401);
  EXPECT_EQ(get("/health").status, 200);
}

TEST_F(ServiceTest, ApiKeysAuthenticateWritesUntilRevoked) {
  registry::NewApiKey key;
  {
    registry::Registry reg = registry::Registry::open(dir_ / "registry");
    key = reg.create_api_key("ci");
  }
  auto bearer = std::make_pair(std::string("Authorization"), "Bearer " + key.token);
  EXPECT_EQ(call("POST", "/api/registry/register", register_payload("a").dump(), {bearer}).status, 201);
  std::string wrong = key.token;
  wrong[wrong.size() - 1] = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(call("POST", "/api/registry/register", register_payload("b").dump(), {{"Authorization", "Bearer " + wrong}})
                .status,
            401);
  {
    registry::Registry reg = registry::Registry::open(dir_ / "registry");
    reg.revoke_api_key(key.record.id);
  }
  EXPECT_EQ(call("POST", "/api/registry/register", register_payload("c").dump(), {bearer}).status, 401);
  // The access log names the key, never the token or the password.
  std::string log = log_.str();
  EXPECT_NE(log.find("key:" + key.record.id), std::string::npos);
  EXPECT_EQ(log.find(key.token), std::string::npos);
  EXPECT_EQ(log.find("s3cret-pass"), std::string::npos);
  EXPECT_EQ(log.find("Authorization"), std::string::npos);
}

TEST_F(ServiceTest, AccessLogIsOneJsonObjectPerRequest) {
  get("/health");
  get("/api/v1/packages?q=secret-query");
  std::istringstream lines(log_.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    json j = json::parse(line);
    EXPECT_TRUE(j.contains("method") && j.contains("path") && j.contains("status") && j.contains("ms"));
    ++n;
  }
  EXPECT_EQ(n, 2);
  EXPECT_EQ(log_.str().find("secret-query"), std::string::npos);  // no query strings
}

TEST_F(ServiceTest, HealthCheckTriggerNeedsTheCronSecret) {
  EXPECT_EQ(call("POST", "/api/jobs/health-check").status, 401);
  EXPECT_EQ(call("POST", "/api/jobs/health-check", "", {{"X-Cron-Secret", "wrong"}}).status, 401);
  Answer ok = call("POST", "/api/jobs/health-check", "", {{"X-Cron-Secret", "cron-xyz"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body["success"], true);
  EXPECT_EQ(call("GET", "/api/jobs/health-check").status, 405);
}

class ServiceWithProbe : public ServiceTest {
 protected:
  void configure(ServiceOptions& o) override {
    // Answers by URL; the real MCP probe runs against real servers in tests/service_e2e.
    o.probe = [](const std::string& url, std::chrono::milliseconds) {
      bool up = url.find(":9/") != std::string::npos;
      return registry::HealthSample{up, 3, up ? 200 : 0, up ? "" : "connection refused", ""};
    };
  }
};

TEST_F(ServiceWithProbe, TriggeredChecksRecordSamplesAndStatus) {
  ASSERT_EQ(post("/api/registry/register", register_payload("up")).status, 201);
  json down = register_payload("down");
  down["endpoint_url"] = "http://127.0.0.1:1/mcp";
  ASSERT_EQ(post("/api/registry/register", down).status, 201);
  Answer ok = call("POST", "/api/jobs/health-check", "", {{"X-Cron-Secret", "cron-xyz"}});
  EXPECT_EQ(ok.body["checked"], 2);
  EXPECT_EQ(get("/api/registry/servers?status=error").body["servers"][0]["name"], "down");
  Answer up = get("/api/registry/servers/1");
  EXPECT_EQ(up.body["status"], "active");
  ASSERT_EQ(up.body["health_metrics"].size(), 1u);
  EXPECT_EQ(up.body["health_metrics"][0]["response_time_ms"], 3);
  Answer pkg = get("/api/v1/packages/down");
  EXPECT_EQ(pkg.body["status"], "error");
  EXPECT_EQ(pkg.body["health"]["status"], "unhealthy");
  EXPECT_EQ(pkg.body["health_history"][0]["error"], "connection refused");
}

// A runner that writes a real package (a tarball, a server.json, client configs) for the spec.
class PackageRunner : public JobRunner {
 public:
  std::atomic<int> runs{0};
  GeneratedPackage generate(const nlohmann::json& input, const fs::path& work,
                            const std::function<void(const std::string&)>&) override {
    ++runs;
    if (input.contains("description") && input["description"] == "fail please") throw JobError("the spec has errors");
    PackageSpec p;
    p.name = "calculator";
    p.tools = {{"add", "Add two numbers"}, {"divide", "Divide"}};
    fs::path manifest = registry::testing::write_package(work / "package", p);
    fs::create_directories(work / "package" / "clients");
    json m = json::parse(mcpc::testing::read_file(manifest));
    m["claude_config"] = {{"mcpServers", {{"calculator", {{"command", "npx"}, {"args", {"-y", "calculator@1.0.0"}}}}}}};
    mcpc::testing::write_file(manifest, m.dump());
    return {manifest, {}};
  }
  nlohmann::json validate(const nlohmann::json& input) override {
    return {{"valid", input["spec"].is_object()}, {"errors", input["spec"].is_object() ? 0 : 1}};
  }
};

class ServiceWithRunner : public ServiceTest {
 protected:
  PackageRunner runner_;
  void configure(ServiceOptions& o) override {
    o.runner = &runner_;
    o.job_lease = std::chrono::milliseconds(3000);
  }
  json wait_for_job(const std::string& id) {
    for (int i = 0; i < 500; ++i) {
      Answer a = get("/api/jobs/" + id);
      if (a.body["status"] == "complete" || a.body["status"] == "failed") return a.body;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return get("/api/jobs/" + id).body;
  }
};

TEST_F(ServiceWithRunner, GenerateRunsAJobThatPublishes) {
  service_->start();
  EXPECT_EQ(post("/api/generate", {{"description", "A calculator"}}, false).status, 401);
  Answer a = post("/api/generate", {{"description", "A calculator"}, {"runtime", "node"}});
  ASSERT_EQ(a.status, 202) << a.raw.body;
  std::string id = a.body["job_id"];
  EXPECT_EQ(id.rfind("job_", 0), 0u);
  EXPECT_EQ(a.header("Location"), "/api/jobs/" + id);
  json job = wait_for_job(id);
  ASSERT_EQ(job["status"], "complete") << job.dump();
  EXPECT_EQ(job["result"]["name"], "calculator");
  EXPECT_EQ(job["result"]["claude_config"]["mcpServers"]["calculator"]["command"], "npx");
  std::string package = job["result"]["package"];
  EXPECT_EQ(package.rfind("/artifacts/sha256/", 0), 0u);

  Answer servers = get("/api/servers");
  ASSERT_EQ(servers.body["servers"].size(), 1u);
  EXPECT_EQ(servers.body["servers"][0]["name"], "calculator");
  Answer server = get("/api/servers/calculator");
  ASSERT_EQ(server.status, 200);
  EXPECT_TRUE(server.body["claude_config"].is_object());
  EXPECT_EQ(server.body["tools"].size(), 2u);
  EXPECT_EQ(get("/api/servers/nope").status, 404);
  EXPECT_EQ(get("/api/servers/..%2F..").status, 404);

  Answer blob = get(package);
  EXPECT_EQ(blob.status, 200);
  EXPECT_EQ("/artifacts/sha256/" + registry::sha256_hex(blob.raw.body), package);
  EXPECT_EQ(call("GET", package, "", {{"If-None-Match", blob.header("ETag")}}).status, 304);
  EXPECT_EQ(get("/artifacts/sha256/" + std::string(64, '0')).status, 404);
  EXPECT_EQ(get("/artifacts/sha256/..%2F..%2Findex.sqlite").status, 404);
  EXPECT_FALSE(fs::exists(dir_ / "registry" / "work" / id));  // the job's scratch directory is gone
}

TEST_F(ServiceWithRunner, GenerateRefusesBadInputAndFailedJobsSayWhy) {
  service_->start();
  EXPECT_EQ(post("/api/generate", json::object()).status, 400);
  EXPECT_EQ(post("/api/generate", {{"description", "x"}, {"spec", "y"}}).status, 400);
  EXPECT_EQ(post("/api/generate", {{"description", ""}}).status, 400);
  EXPECT_EQ(post("/api/generate", {{"description", std::string(20001, 'a')}}).status, 400);
  Answer bad_runtime = post("/api/generate", {{"description", "x"}, {"runtime", "python"}});
  ASSERT_EQ(bad_runtime.status, 400);
  EXPECT_EQ(bad_runtime.body["details"][0]["path"], "runtime");
  EXPECT_EQ(call("POST", "/api/generate", "nope", {basic()}).status, 400);
  EXPECT_EQ(get("/api/generate").status, 405);

  Answer a = post("/api/generate", {{"description", "fail please"}});
  json job = wait_for_job(a.body["job_id"]);
  EXPECT_EQ(job["status"], "failed");
  EXPECT_EQ(job["error"], "the spec has errors");
  EXPECT_EQ(get("/api/jobs/job_" + std::string(24, 'f')).status, 404);
  EXPECT_EQ(get("/api/jobs/..%2Fx").status, 404);
}

TEST_F(ServiceWithRunner, AStoppedServiceFailsItsRunningJobsAndARestartFailsExpiredOnes) {
  // A job left processing by an instance that died: its lease ends and a restart fails it.
  {
    registry::Registry reg = registry::Registry::open(dir_ / "registry");
    reg.create_job("job_" + std::string(24, 'a'), "generate", "{}");
    ASSERT_TRUE(reg.claim_job("dead-instance", 0, 1000));
  }
  service_->start();
  json job = get("/api/jobs/job_" + std::string(24, 'a')).body;
  EXPECT_EQ(job["status"], "failed");
  EXPECT_NE(job["error"].get<std::string>().find("stopped"), std::string::npos);
  EXPECT_EQ(runner_.runs, 0);  // never run again
  service_->stop();
}

TEST_F(ServiceWithRunner, ValidateAnswersWithTheRunnersReport) {
  Answer ok = post("/api/validate", {{"spec", {{"name", "x"}}}}, false);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body["valid"], true);
  EXPECT_EQ(post("/api/validate", {{"spec", "name: x"}}, false).body["valid"], false);
  EXPECT_EQ(post("/api/validate", {{"nospec", 1}}, false).status, 400);
  EXPECT_EQ(post("/api/validate", {{"spec", 42}}, false).status, 400);
}

TEST_F(ServiceTest, GenerateWithoutARunnerIsNotImplemented) {
  EXPECT_EQ(post("/api/generate", {{"description", "A calculator"}}).status, 501);
  EXPECT_EQ(post("/api/validate", {{"spec", "x"}}).status, 501);
}

class RateLimited : public ServiceTest {
 protected:
  void configure(ServiceOptions& o) override { o.write_rate_per_minute = 2; }
};

TEST_F(RateLimited, WritesBeyondTheRateGet429WithRetryAfter) {
  EXPECT_EQ(post("/api/registry/register", register_payload("a")).status, 201);
  EXPECT_EQ(post("/api/registry/register", register_payload("b")).status, 201);
  Answer third = post("/api/registry/register", register_payload("c"));
  EXPECT_EQ(third.status, 429);
  EXPECT_FALSE(third.header("Retry-After").empty());
  EXPECT_EQ(get("/api/registry/servers").status, 200);  // reads are not limited
}

TEST_F(ServiceTest, PackagesListSearchAndDetail) {
  PackageSpec inv;
  inv.tags = {"inventory", "retail"};
  publish(inv);
  inv.version = "1.1.0";
  publish(inv);
  PackageSpec weather;
  weather.name = "weather-mcp";
  weather.description = "Weather forecasts";
  weather.tools = {{"forecast", "Forecast for a city"}};
  weather.tags = {"weather"};
  publish(weather);
  ASSERT_EQ(post("/api/registry/register", register_payload("remote-weather")).status, 201);

  Answer all = get("/api/v1/packages");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body["total"], 3);
  EXPECT_EQ(all.body["packages"][0]["latest_version"], "1.1.0");
  Answer page = get("/api/v1/packages?limit=2");
  ASSERT_EQ(page.body["packages"].size(), 2u);
  ASSERT_TRUE(page.body["next_cursor"].is_string());
  Answer rest = get("/api/v1/packages?limit=2&cursor=" + page.body["next_cursor"].get<std::string>());
  ASSERT_EQ(rest.body["packages"].size(), 1u);
  EXPECT_TRUE(rest.body["next_cursor"].is_null());
  EXPECT_EQ(get("/api/v1/packages?limit=0").status, 400);
  EXPECT_EQ(get("/api/v1/packages?limit=101").status, 400);
  EXPECT_EQ(get("/api/v1/packages?cursor=%21%21").status, 400);

  Answer found = get("/api/v1/packages/search?q=forecast");
  ASSERT_EQ(found.status, 200);
  std::set<std::string> names;
  for (const json& p : found.body["packages"]) names.insert(p["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"weather-mcp", "remote-weather"}));
  EXPECT_EQ(found.body["total"], 2);
  // Pages of a ranked search: the total of every hit, a cursor to the rest, the same two servers.
  Answer first = get("/api/v1/packages/search?q=forecast&limit=1");
  ASSERT_EQ(first.body["packages"].size(), 1u);
  EXPECT_EQ(first.body["total"], 2);
  ASSERT_TRUE(first.body["next_cursor"].is_string());
  Answer second =
      get("/api/v1/packages/search?q=forecast&limit=1&cursor=" + first.body["next_cursor"].get<std::string>());
  ASSERT_EQ(second.body["packages"].size(), 1u);
  EXPECT_TRUE(second.body["next_cursor"].is_null());
  EXPECT_EQ((std::set<std::string>{first.body["packages"][0]["name"], second.body["packages"][0]["name"]}), names);
  EXPECT_EQ(get("/api/v1/packages/search?q=forecast&type=community").body["total"], 1);
  EXPECT_EQ(get("/api/v1/packages/search?tag=retail").body["packages"][0]["name"], "inventory-mcp");
  EXPECT_EQ(get("/api/v1/packages/search?q=%22%29%20OR%20*").status, 200);  // FTS syntax is text

  Answer detail = get("/api/v1/packages/inventory-mcp");
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.body["versions"].size(), 2u);
  EXPECT_EQ(detail.body["tools"][0]["name"], "list_items");
  EXPECT_TRUE(detail.body["tools"][0]["input_schema"].is_object());
  ASSERT_FALSE(detail.body["artifacts"].empty());
  EXPECT_EQ(get(detail.body["artifacts"][0]["url"]).status, 200);
  Answer remote = get("/api/v1/packages/remote-weather");
  EXPECT_EQ(remote.body["client_configs"]["vscode"]["servers"]["remote-weather"]["url"], "http://127.0.0.1:9/mcp");
  EXPECT_EQ(get("/api/v1/packages/nope").status, 404);
  EXPECT_EQ(get("/api/v1/packages/..").status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/packages/inventory-mcp").status, 405);
}

TEST_F(ServiceTest, PackagesUploadPublishesAPackageDirectory) {
  fs::path d = dir_ / "upload";
  mcpc::testing::write_file(d / "notes.txt", "hello");
  json manifest = {{"format", "mcpc-manifest/1"},
                   {"name", "uploaded"},
                   {"version", "0.1.0"},
                   {"description", "Sent over HTTP"},
                   {"artifacts", {{{"role", "file"}, {"file", "notes.txt"}}}}};
  json body = {{"manifest", manifest}, {"files", {{"notes.txt", base64("hello")}}}};
  EXPECT_EQ(post("/api/v1/packages", body, false).status, 401);
  Answer a = post("/api/v1/packages", body);
  ASSERT_EQ(a.status, 201) << a.raw.body;
  EXPECT_EQ(a.body["name"], "uploaded");
  EXPECT_EQ(post("/api/v1/packages", body).body["unchanged"], true);
  EXPECT_EQ(get("/api/v1/packages/uploaded").body["description"], "Sent over HTTP");

  json hostile = body;
  hostile["files"] = {{"../escape.txt", base64("x")}};
  EXPECT_EQ(post("/api/v1/packages", hostile).status, 400);
  hostile["files"] = {{"/etc/passwd", base64("x")}};
  EXPECT_EQ(post("/api/v1/packages", hostile).status, 400);
  hostile["files"] = {{"notes.txt", "%%%"}};
  EXPECT_EQ(post("/api/v1/packages", hostile).status, 400);
  json missing = body;
  missing["files"] = json::object();
  missing["manifest"]["version"] = "0.2.0";
  EXPECT_EQ(post("/api/v1/packages", missing).status, 400);  // the store refuses a missing artifact
  EXPECT_EQ(post("/api/v1/packages", {{"files", json::object()}}).status, 400);
  EXPECT_FALSE(fs::exists(dir_ / "escape.txt"));
  EXPECT_TRUE(!fs::exists(dir_ / "registry" / "work") || fs::is_empty(dir_ / "registry" / "work"));
}

class CorsService : public ServiceTest {
 protected:
  void configure(ServiceOptions& o) override { o.cors_origins = {"https://ok.example"}; }
};

TEST_F(CorsService, ApiRoutesAllowOnlyConfiguredOrigins) {
  Answer ok = call("GET", "/api/v1/packages", "", {{"Origin", "https://ok.example"}});
  EXPECT_EQ(ok.header("Access-Control-Allow-Origin"), "https://ok.example");
  EXPECT_EQ(ok.header("Vary"), "Origin");
  Answer other = call("GET", "/api/v1/packages", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(call("OPTIONS", "/api/generate", "", {{"Origin", "https://ok.example"}}).status, 204);
  EXPECT_EQ(call("OPTIONS", "/api/generate", "", {{"Origin", "https://evil.example"}}).status, 403);
  // The official API is public to every origin.
  Answer official = call("GET", "/v0.1/servers", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(official.header("Access-Control-Allow-Origin"), "*");
  Answer preflight = call("OPTIONS", "/v0.1/servers", "", {{"Origin", "https://any.example"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("Access-Control-Max-Age"), "86400");
}

}  // namespace
}  // namespace mcpc::service::testing

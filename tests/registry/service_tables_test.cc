// The registry service's tables on a real SQLite index and (the `postgres` instances) on a real
// PostgreSQL server: servers as the service lists them, version rows for the official registry
// API, health samples and their schedule, job leases and API keys.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "mcpc/registry/registry.h"
#include "registry_backend.h"
#include "registry_test_support.h"

namespace mcpc::registry {
namespace {
using namespace mcpc::registry::testing;

class ServiceTables : public ::testing::TestWithParam<Backend> {
 protected:
  TempDir dir_{"service-tables"};
  TestIndex index_{GetParam()};
  Registry reg_ = Registry::open(dir_ / "registry", index_.options());
  int packages_ = 0;

  void publish(const PackageSpec& p) { reg_.publish(write_package(dir_ / ("pkg" + std::to_string(packages_++)), p)); }

  // A remote server: no artifact, a Streamable HTTP endpoint.
  void publish_remote(const std::string& name, const std::string& url, const std::string& type = "community") {
    fs::path d = dir_ / ("remote" + std::to_string(packages_++));
    fs::create_directories(d);
    json m = {{"format", "mcpc-manifest/1"},
              {"name", name},
              {"version", "1.0.0"},
              {"title", "Remote " + name},
              {"server_type", type},
              {"transports", json::array({{{"type", "streamable-http"}, {"url", url}}})},
              {"tools", json::array({{{"name", "a"}}, {{"name", "b"}}})},
              {"metadata", {{"tags", {"remote", "weather"}}}}};
    write_file(d / "manifest.json", m.dump());
    reg_.publish(d / "manifest.json");
  }
};

TEST_P(ServiceTables, ServersListLatestVersionToolsAndFilters) {
  PackageSpec inv;
  publish(inv);
  inv.version = "1.1.0";
  inv.tools = {{"list_items", "List"}, {"add_item", "Add"}, {"remove_item", "Remove"}};
  publish(inv);
  publish_remote("weather", "http://127.0.0.1:9/mcp");

  std::vector<ServerRecord> all = reg_.servers();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "inventory-mcp");
  EXPECT_EQ(all[0].latest_version, "1.1.0");
  EXPECT_EQ(all[0].tools_count, 3u);
  EXPECT_EQ(all[0].server_type, "local");
  EXPECT_EQ(all[0].tags, std::vector<std::string>{"inventory"});
  EXPECT_FALSE(all[0].health);
  EXPECT_EQ(all[1].endpoint_url, "http://127.0.0.1:9/mcp");
  EXPECT_EQ(all[1].server_type, "community");
  EXPECT_EQ(all[1].tools_count, 2u);

  ServerQuery q;
  q.server_type = "community";
  EXPECT_EQ(reg_.servers(q).size(), 1u);
  q = {};
  q.search = "INVENT";  // case-insensitive substring of the name
  ASSERT_EQ(reg_.servers(q).size(), 1u);
  q.search = "remote w";  // of the display name
  EXPECT_EQ(reg_.servers(q).size(), 1u);
  q.search = "%";  // LIKE wildcards are text
  EXPECT_TRUE(reg_.servers(q).empty());
  q = {};
  q.tag = "weather";
  ASSERT_EQ(reg_.servers(q).size(), 1u);
  EXPECT_EQ(reg_.servers(q)[0].name, "weather");

  ASSERT_TRUE(reg_.server(all[1].id));
  EXPECT_EQ(reg_.server(all[1].id)->name, "weather");
  EXPECT_EQ(reg_.server("inventory-mcp")->id, all[0].id);
  EXPECT_FALSE(reg_.server(std::int64_t{999}));

  // Counting and paging in SQL, and the status a listing shows (health first, then the version's).
  ServerQuery page;
  page.limit = 1;
  page.offset = 1;
  ASSERT_EQ(reg_.servers(page).size(), 1u);
  EXPECT_EQ(reg_.servers(page)[0].name, "weather");
  EXPECT_EQ(reg_.count_servers(page), 2u);
  reg_.deprecate("inventory-mcp", "1.1.0", "old");
  reg_.deprecate("inventory-mcp", "1.0.0", "old");
  ServerQuery shown;
  shown.shown_status = "deprecated";
  ASSERT_EQ(reg_.servers(shown).size(), 1u);
  EXPECT_EQ(reg_.count_servers(shown), 1u);
  reg_.record_health(all[1].id, {false, 1, 0, "down", ""});
  shown.shown_status = "error";
  ASSERT_EQ(reg_.servers(shown).size(), 1u);
  EXPECT_EQ(reg_.servers(shown)[0].name, "weather");
  shown.shown_status = "active";
  EXPECT_EQ(reg_.count_servers(shown), 0u);
  EXPECT_FALSE(reg_.server("nope"));
}

TEST_P(ServiceTables, EntriesPageByNameAndVersionWithFilters) {
  PackageSpec p;
  for (const char* v : {"1.0.0", "1.1.0", "2.0.0"}) {
    p.version = v;
    publish(p);
  }
  PackageSpec other;
  other.name = "alpha";
  publish(other);

  EntryQuery q;
  q.limit = 2;
  std::vector<EntryRecord> page = reg_.entries(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].name, "alpha");
  EXPECT_EQ(page[1].version, "1.0.0");
  q.after_name = page[1].name;
  q.after_version = page[1].version;
  page = reg_.entries(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].version, "1.1.0");
  EXPECT_EQ(page[1].version, "2.0.0");
  EXPECT_TRUE(page[1].is_latest);
  EXPECT_FALSE(page[1].server_json.empty());

  EntryQuery latest;
  latest.version = "latest";
  EXPECT_EQ(reg_.entries(latest).size(), 2u);
  EntryQuery exact;
  exact.version = "1.1.0";
  ASSERT_EQ(reg_.entries(exact).size(), 1u);
  EntryQuery search;
  search.search = "ALP";
  ASSERT_EQ(reg_.entries(search).size(), 1u);
  // One server's entries by exact name: neither its neighbours in name order nor a prefix match.
  EntryQuery one;
  one.name = "inventory-mcp";
  std::vector<EntryRecord> mine = reg_.entries(one);
  ASSERT_EQ(mine.size(), 3u);
  for (const EntryRecord& e : mine) EXPECT_EQ(e.name, "inventory-mcp");
  one.name = "alpha";
  ASSERT_EQ(reg_.entries(one).size(), 1u);
  one.name = "inventory";
  EXPECT_TRUE(reg_.entries(one).empty());

  reg_.deprecate("inventory-mcp", "1.0.0", "old");
  EntryQuery since;
  since.updated_since = reg_.get("inventory-mcp", "1.0.0")->updated_at;
  EXPECT_TRUE(reg_.entries(since).empty());  // strictly later
  since.updated_since = "2000-01-01T00:00:00.000Z";
  EXPECT_EQ(reg_.entries(since).size(), 4u);
}

TEST_P(ServiceTables, HealthSamplesSetStatusAndScheduleRounds) {
  publish_remote("up", "http://127.0.0.1:1/mcp");
  publish_remote("down", "http://127.0.0.1:2/mcp");
  publish(PackageSpec{});  // no endpoint: never checked

  std::vector<HealthTarget> due = reg_.claim_health_checks(1000, 30000);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_TRUE(reg_.claim_health_checks(1001, 30000).empty());  // claimed for this round
  EXPECT_EQ(reg_.claim_health_checks(31000, 30000).size(), 2u);
  reg_.make_health_checks_due();
  EXPECT_EQ(reg_.claim_health_checks(31001, 30000).size(), 2u);

  std::int64_t up = reg_.server("up")->id, down = reg_.server("down")->id;
  reg_.record_health(up, {true, 12, 200, "", ""});
  reg_.record_health(down, {false, 5000, 0, "connection refused", ""});
  EXPECT_EQ(reg_.server("up")->status, "active");
  EXPECT_EQ(reg_.server("down")->status, "error");
  ASSERT_TRUE(reg_.server("down")->health);
  EXPECT_EQ(reg_.server("down")->health->error, "connection refused");
  EXPECT_FALSE(reg_.server("down")->last_health_check.empty());
  ServerQuery errors;
  errors.status = "error";
  EXPECT_EQ(reg_.servers(errors).size(), 1u);

  // A server in error is still checked, so it can recover.
  reg_.make_health_checks_due();
  EXPECT_EQ(reg_.claim_health_checks(40000, 30000).size(), 2u);
  reg_.record_health(down, {true, 7, 200, "", ""});
  EXPECT_EQ(reg_.server("down")->status, "active");
  std::vector<HealthSample> history = reg_.health_history(down);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_TRUE(history[0].healthy);  // newest first
  EXPECT_EQ(history[1].error, "connection refused");
  EXPECT_EQ(reg_.health_history(down, 1).size(), 1u);
}

TEST_P(ServiceTables, HealthHistoryIsBounded) {
  publish_remote("busy", "http://127.0.0.1:3/mcp");
  OpenOptions fast;
  fast.durable = false;  // 1,010 commits without an fsync each
  Registry reg = Registry::open(reg_.root(), index_.options(fast));
  std::int64_t id = reg.server("busy")->id;
  for (int i = 0; i < 1010; ++i) reg.record_health(id, {i % 2 == 0, i, 200, "", ""});
  EXPECT_EQ(reg.health_history(id, 5000).size(), 1000u);
  EXPECT_EQ(reg.health_history(id, 1)[0].response_time_ms, 1009);
}

TEST_P(ServiceTables, JobsAreClaimedOnceInOrderAndLeasesEnd) {
  reg_.create_job("job_1", "generate", R"({"description":"a"})");
  reg_.create_job("job_2", "generate", R"({"description":"b"})");
  EXPECT_THROW(reg_.create_job("job_1", "generate", "{}"), RegistryError);  // ids are unique
  ASSERT_TRUE(reg_.job("job_1"));
  EXPECT_EQ(reg_.job("job_1")->status, "pending");
  EXPECT_FALSE(reg_.job("job_3"));

  std::optional<JobRecord> a = reg_.claim_job("instance-a", 1000, 30000);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->id, "job_1");
  EXPECT_EQ(a->status, "processing");
  EXPECT_EQ(a->owner, "instance-a");
  EXPECT_EQ(a->attempts, 1);
  EXPECT_EQ(a->input, R"({"description":"a"})");
  std::optional<JobRecord> b = reg_.claim_job("instance-b", 1000, 30000);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->id, "job_2");
  EXPECT_FALSE(reg_.claim_job("instance-b", 1000, 30000));

  EXPECT_TRUE(reg_.renew_job("job_1", "instance-a", 60000));
  EXPECT_FALSE(reg_.renew_job("job_1", "instance-b", 60000));  // not the holder
  EXPECT_FALSE(reg_.complete_job("job_1", "instance-b", "{}"));
  EXPECT_TRUE(reg_.complete_job("job_1", "instance-a", R"({"name":"x"})"));
  EXPECT_EQ(reg_.job("job_1")->status, "complete");
  EXPECT_EQ(reg_.job("job_1")->result, R"({"name":"x"})");
  EXPECT_FALSE(reg_.job("job_1")->completed_at.empty());
  EXPECT_FALSE(reg_.fail_job("job_1", "instance-a", "late"));  // already ended

  // instance-b dies: its lease (until 31000) ends, and the job fails with the reason.
  EXPECT_EQ(reg_.fail_abandoned_jobs(20000, "stopped"), 0u);
  EXPECT_EQ(reg_.fail_abandoned_jobs(40000, "the instance running it stopped"), 1u);
  EXPECT_EQ(reg_.job("job_2")->status, "failed");
  EXPECT_EQ(reg_.job("job_2")->error, "the instance running it stopped");
  EXPECT_FALSE(reg_.complete_job("job_2", "instance-b", "{}"));  // the dead holder's result is dropped

  // A graceful stop fails the owner's jobs at once, lease or not.
  reg_.create_job("job_4", "generate", "{}");
  ASSERT_TRUE(reg_.claim_job("instance-c", 50000, 30000));
  EXPECT_EQ(reg_.fail_abandoned_jobs(50001, "the service stopped", "instance-c"), 1u);
  EXPECT_EQ(reg_.job("job_4")->status, "failed");
}

TEST_P(ServiceTables, ConcurrentClaimsNeverShareAJob) {
  for (int i = 0; i < 40; ++i) reg_.create_job("job_" + std::to_string(i), "generate", "{}");
  fs::path root = reg_.root();
  std::vector<std::vector<std::string>> claimed(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Registry own = Registry::open(root, index_.options());  // its own connection, as another instance would have
      while (auto j = own.claim_job("instance-" + std::to_string(t), 1000, 30000)) claimed[t].push_back(j->id);
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<std::string> all;
  std::size_t total = 0;
  for (const auto& c : claimed) {
    total += c.size();
    all.insert(c.begin(), c.end());
  }
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(all.size(), 40u);
}

TEST_P(ServiceTables, ApiKeysAreHashedCheckedAndRevoked) {
  NewApiKey key = reg_.create_api_key("ci");
  EXPECT_EQ(key.token.rfind("mcpc_" + key.record.id + "_", 0), 0u);
  EXPECT_EQ(key.token.size(), 5u + 12 + 1 + 64);
  NewApiKey other = reg_.create_api_key("laptop");
  EXPECT_NE(key.token, other.token);

  std::optional<ApiKeyRecord> ok = reg_.check_api_key(key.token);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->name, "ci");
  std::string wrong = key.token;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_FALSE(reg_.check_api_key(wrong));
  EXPECT_FALSE(reg_.check_api_key(""));
  EXPECT_FALSE(reg_.check_api_key("mcpc_"));
  EXPECT_FALSE(reg_.check_api_key(key.token + "x"));

  // The secret is not in the index, only its digest.
  if (!index_.postgres()) {
    std::string index = read_file(reg_.root() / "index.sqlite");
    EXPECT_EQ(index.find(key.token.substr(18)), std::string::npos);
  }

  std::vector<ApiKeyRecord> keys = reg_.api_keys();
  ASSERT_EQ(keys.size(), 2u);
  // Keys created in the same millisecond are ordered by their random ids: find the used one.
  const ApiKeyRecord& used = keys[0].id == key.record.id ? keys[0] : keys[1];
  EXPECT_EQ(used.id, key.record.id);
  EXPECT_FALSE(used.last_used_at.empty());
  EXPECT_TRUE(reg_.revoke_api_key(key.record.id));
  EXPECT_FALSE(reg_.revoke_api_key(key.record.id));
  EXPECT_FALSE(reg_.check_api_key(key.token));
  EXPECT_TRUE(reg_.check_api_key(other.token));
  EXPECT_THROW(reg_.create_api_key(""), RegistryError);
}

// PostgreSQL: a claim skips the rows another instance holds locked (FOR UPDATE SKIP LOCKED)
// instead of waiting for them, both for jobs and for due health checks.
// (SQLite needs no such test: its write lock excludes the other claimer altogether.)
class ServiceTablesPostgres : public ServiceTables {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ServiceTablesPostgres);  // no server: no instance

TEST_P(ServiceTablesPostgres, ClaimsSkipRowsAnotherInstanceHoldsLocked) {
  reg_.create_job("job_a", "generate", "{}");
  reg_.create_job("job_b", "generate", "{}");
  publish_remote("first", "http://127.0.0.1:1/mcp");
  publish_remote("second", "http://127.0.0.1:2/mcp");
  std::int64_t first = reg_.server("first")->id;

  // Another instance is in the middle of claiming job_a and the server "first".
  PGconn* other = PQconnectdb(index_.url().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  auto exec = [&](const std::string& sql) {
    PGresult* res = PQexec(other, sql.c_str());
    ExecStatusType st = PQresultStatus(res);
    PQclear(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  };
  ASSERT_TRUE(exec("BEGIN"));
  ASSERT_TRUE(exec("SELECT id FROM jobs WHERE id = 'job_a' FOR UPDATE"));
  ASSERT_TRUE(exec("SELECT id FROM servers WHERE id = " + std::to_string(first) + " FOR UPDATE"));

  // A claim that waited for those rows would never return while they stay locked.
  auto started = std::chrono::steady_clock::now();
  std::optional<JobRecord> job = reg_.claim_job("instance-b", 1000, 30000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, "job_b");
  std::vector<HealthTarget> due = reg_.claim_health_checks(1000, 30000);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].name, "second");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));

  // Once the other instance lets go without claiming, the rows are claimable again.
  ASSERT_TRUE(exec("ROLLBACK"));
  PQfinish(other);
  job = reg_.claim_job("instance-b", 1000, 30000);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, "job_a");
  due = reg_.claim_health_checks(1000, 30000);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].name, "first");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ServiceTables, ::testing::Values(Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, ServiceTables, ::testing::ValuesIn(postgres_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, ServiceTablesPostgres, ::testing::ValuesIn(postgres_backends()), backend_name);

}  // namespace
}  // namespace mcpc::registry

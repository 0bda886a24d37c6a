// `mcpc registry` through the real binary: output, --json, exit codes, --help, get --output.
#include <gtest/gtest.h>

#include "registry_backend.h"
#include "registry_test_support.h"

namespace mcpc::registry {
namespace {

using namespace mcpc::registry::testing;

class RegistryCli : public ::testing::Test {
 protected:
  TempDir dir_{"cli"};
  std::string root_ = (dir_ / "registry").string();

  ProcessResult mcpc(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {MCPC_BIN, "registry", "--root", root_});
    return run_process(args, env);
  }
};

// The same on each index backend: `--db` selects the test's PostgreSQL database.
class RegistryCliOn : public RegistryCli, public ::testing::WithParamInterface<Backend> {
 protected:
  TestIndex index_{GetParam()};

  ProcessResult mcpc(std::vector<std::string> args, std::vector<std::string> env = {}) {
    std::vector<std::string> db = index_.cli_args();
    args.insert(args.begin(), db.begin(), db.end());
    return RegistryCli::mcpc(std::move(args), std::move(env));
  }
};

TEST_P(RegistryCliOn, PublishGetListSearch) {
  fs::path m = write_package(dir_ / "pkg", {});
  ProcessResult r = mcpc({"publish", m.string()});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_EQ(r.out, "published inventory-mcp@1.0.0 (latest)\n");
  r = mcpc({"publish", m.string()});
  EXPECT_EQ(r.code(), 0);
  EXPECT_NE(r.out.find("unchanged"), std::string::npos);
  r = mcpc({"publish", m.string(), "--json"});
  EXPECT_EQ(json::parse(r.out)["unchanged"], true);

  r = mcpc({"get", "inventory-mcp"});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_NE(r.out.find("inventory-mcp@1.0.0  (latest, active)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sha256:" + *sha256_file(dir_ / "pkg" / "inventory-mcp-1.0.0.tgz")), std::string::npos);
  EXPECT_NE(r.out.find(root_ + "/blobs/sha256/"), std::string::npos);

  r = mcpc({"get", "inventory-mcp", "1.0.0", "--json"});
  json j = json::parse(r.out);
  EXPECT_EQ(j["version"], "1.0.0");
  EXPECT_EQ(j["artifacts"].size(), 2u);
  EXPECT_EQ(j["manifest"]["name"], "inventory-mcp");
  EXPECT_EQ(j["server_json"]["name"], "io.github.test/inventory-mcp");
  EXPECT_TRUE(fs::exists(j["artifacts"][0]["path"].get<std::string>()));

  r = mcpc({"list"});
  EXPECT_NE(r.out.find("inventory-mcp  1.0.0"), std::string::npos) << r.out;
  r = mcpc({"--json", "list", "--limit", "1"});
  EXPECT_EQ(json::parse(r.out)["servers"].size(), 1u);
  EXPECT_TRUE(json::parse(r.out)["next_cursor"].is_null());

  r = mcpc({"search", "warehouse", "stock"});
  EXPECT_NE(r.out.find("inventory-mcp"), std::string::npos);
  r = mcpc({"search", "\"-*", "--json"});
  EXPECT_EQ(r.code(), 0);
  EXPECT_TRUE(json::parse(r.out)["results"].empty());
}

TEST_P(RegistryCliOn, GetOutputCopiesVerifiedArtifacts) {
  fs::path m = write_package(dir_ / "pkg", {});
  ASSERT_EQ(mcpc({"publish", m.string()}).code(), 0);
  fs::path out = dir_ / "out";
  ProcessResult r = mcpc({"get", "inventory-mcp", "-o", out.string()});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_EQ(read_file(out / "inventory-mcp-1.0.0.tgz"), read_file(dir_ / "pkg" / "inventory-mcp-1.0.0.tgz"));
  // A tampered blob is not handed out.
  std::string sha = *sha256_file(dir_ / "pkg" / "inventory-mcp-1.0.0.tgz");
  fs::path blob = fs::path(root_) / "blobs" / "sha256" / sha.substr(0, 2) / sha.substr(2);
  write_file(blob, "tampered");
  r = mcpc({"get", "inventory-mcp", "-o", (dir_ / "out2").string()});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.err.find("does not match its digest"), std::string::npos) << r.err;
  r = mcpc({"verify"});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.out.find("corrupt blobs (1)"), std::string::npos) << r.out;
  r = mcpc({"verify", "--repair"});
  EXPECT_EQ(r.code(), 0) << r.out;
  EXPECT_NE(r.out.find("repaired"), std::string::npos) << r.out;
}

TEST_P(RegistryCliOn, VersionsListsEveryVersionNewestFirst) {
  PackageSpec p;
  for (const char* v : {"1.0.0", "1.10.0", "1.9.0", "2.0.0-rc.1"}) {
    p.version = v;
    ASSERT_EQ(mcpc({"publish", write_package(dir_ / v, p).string()}).code(), 0);
  }
  ASSERT_EQ(mcpc({"deprecate", "inventory-mcp", "1.9.0", "-m", "use 1.10"}).code(), 0);
  ASSERT_EQ(mcpc({"remove", "inventory-mcp", "1.0.0"}).code(), 0);

  ProcessResult r = mcpc({"versions", "inventory-mcp"});
  ASSERT_EQ(r.code(), 0) << r.err;
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(r.out.substr(at, nl - at));
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0].rfind("VERSION     STATUS      PUBLISHED", 0), 0u) << r.out;
  EXPECT_EQ(lines[1].rfind("2.0.0-rc.1  active      ", 0), 0u) << r.out;
  EXPECT_EQ(lines[1].substr(lines[1].size() - 8), "  latest") << r.out;
  EXPECT_EQ(lines[2].rfind("1.10.0      active      ", 0), 0u) << r.out;
  EXPECT_EQ(lines[2].find("latest"), std::string::npos) << r.out;
  EXPECT_EQ(lines[2].back(), 'Z') << "no trailing blanks: " << r.out;
  EXPECT_EQ(lines[3].rfind("1.9.0       deprecated  ", 0), 0u) << r.out;
  EXPECT_NE(lines[3].find("use 1.10"), std::string::npos) << r.out;

  r = mcpc({"versions", "inventory-mcp", "--json"});
  ASSERT_EQ(r.code(), 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["name"], "inventory-mcp");
  ASSERT_EQ(j["versions"].size(), 3u);
  EXPECT_EQ(j["versions"][0]["version"], "2.0.0-rc.1");
  EXPECT_EQ(j["versions"][0]["latest"], true);
  EXPECT_EQ(j["versions"][1]["latest"], false);
  EXPECT_EQ(j["versions"][2]["status"], "deprecated");
  EXPECT_EQ(j["versions"][2]["deprecation_message"], "use 1.10");
  EXPECT_EQ(j["versions"][2]["manifest_sha256"].get<std::string>().size(), 64u);

  r = mcpc({"versions", "nobody\x1b[31m"});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.err.find("no server 'nobody"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "escape sequences are shown, not sent";
  EXPECT_EQ(mcpc({"versions"}).code(), 2);
}

TEST_F(RegistryCli, ReadingAMissingRegistryCreatesNothing) {
  fs::path none = dir_ / "no-registry-here";
  for (const char* cmd : {"list", "verify", "gc"}) {
    ProcessResult r = run_process({MCPC_BIN, "registry", "--root", none.string(), cmd}, {});
    EXPECT_EQ(r.code(), 1) << cmd;
    EXPECT_NE(r.err.find("there is no registry at " + none.string()), std::string::npos) << r.err;
  }
  ProcessResult r = run_process({MCPC_BIN, "registry", "--root", none.string(), "get", "x"}, {});
  EXPECT_EQ(r.code(), 1);
  EXPECT_FALSE(fs::exists(none));
}

TEST_P(RegistryCliOn, ExitCodesAndErrors) {
  fs::path m = write_package(dir_ / "pkg", {});
  ProcessResult r = mcpc({"publish", (dir_ / "missing.json").string()});
  EXPECT_EQ(r.code(), 2);
  EXPECT_NE(r.err.find("no such file"), std::string::npos);
  r = mcpc({"frobnicate"});
  EXPECT_EQ(r.code(), 2);
  r = mcpc({"get"});
  EXPECT_EQ(r.code(), 2);
  r = mcpc({"get", "nope"});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.err.find("no server 'nope'"), std::string::npos);
  r = mcpc({"remove", "nope"});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.err.find("no such server 'nope'"), std::string::npos) << r.err;

  ASSERT_EQ(mcpc({"publish", m.string()}).code(), 0);
  write_file(dir_ / "pkg" / "inventory-mcp-1.0.0.tgz", "changed bytes");  // digest no longer matches
  r = mcpc({"publish", m.string()});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.err.find("refusing to publish"), std::string::npos) << r.err;

  PackageSpec changed;
  changed.payload = "rebuilt";
  fs::path m2 = write_package(dir_ / "pkg2", changed);
  r = mcpc({"publish", m2.string()});
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.err.find("immutable"), std::string::npos);
  r = mcpc({"publish", m2.string(), "--force"});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_NE(r.out.find("replaced"), std::string::npos);

  r = mcpc({"deprecate", "inventory-mcp", "1.0.0", "-m", "use 2.x"});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_NE(r.out.find("now deprecated"), std::string::npos);
  r = mcpc({"deprecate", "inventory-mcp", "1.0.0", "--undo"});
  EXPECT_NE(r.out.find("now active"), std::string::npos);
  r = mcpc({"remove", "inventory-mcp", "1.0.0", "--json"});
  EXPECT_EQ(json::parse(r.out)["versions_removed"], 1);
  r = mcpc({"gc"});
  EXPECT_EQ(r.code(), 0);
  r = mcpc({"verify", "--json"});
  EXPECT_EQ(json::parse(r.out)["clean"], true) << r.out;
}

TEST_F(RegistryCli, HelpEverywhereAndDefaultRoot) {
  for (const char* sub : {"publish", "get", "versions", "list", "search", "remove", "deprecate", "verify", "gc"}) {
    ProcessResult r = run_process({MCPC_BIN, "registry", sub, "--help"});
    EXPECT_EQ(r.code(), 0) << sub;
    EXPECT_NE(r.out.find(std::string("Usage: mcpc registry ") + sub), std::string::npos) << sub << ": " << r.out;
  }
  ProcessResult r = run_process({MCPC_BIN, "registry", "--help"});
  EXPECT_NE(r.out.find("MCPC_REGISTRY"), std::string::npos);
  // $MCPC_REGISTRY picks the root.
  fs::path m = write_package(dir_ / "pkg", {});
  fs::path env_root = dir_ / "from-env";
  r = run_process({MCPC_BIN, "registry", "publish", m.string()}, {"MCPC_REGISTRY=" + env_root.string()});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_TRUE(fs::exists(env_root / "index.sqlite"));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RegistryCliOn, ::testing::Values(Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, RegistryCliOn, ::testing::ValuesIn(postgres_backends()), backend_name);

}  // namespace
}  // namespace mcpc::registry

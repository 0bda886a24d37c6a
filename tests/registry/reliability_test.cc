// Reliability of the registry under real concurrency and crashes (issue 6, "Reliability"):
// many `mcpc registry publish` processes at once, and publishes killed by SIGKILL at every step.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>
#include <deque>
#include <map>

#include "mcpc/registry/registry.h"
#include "registry_backend.h"
#include "registry_test_support.h"

namespace mcpc::registry {
namespace {

using namespace mcpc::registry::testing;

// MCPC_REGISTRY_STRESS_VERSIONS lowers the count (sanitizer builds); the issue asks for 500.
int stress_versions() {
  const char* v = std::getenv("MCPC_REGISTRY_STRESS_VERSIONS");
  return v != nullptr ? std::max(10, std::atoi(v)) : 500;
}

class RegistryReliability : public ::testing::TestWithParam<Backend> {};

TEST_P(RegistryReliability, EightProcessesPublishFiveHundredVersions) {
  TempDir dir("stress");
  const std::string root = (dir / "registry").string();
  TestIndex index(GetParam());
  std::vector<std::string> db = index.cli_args();
  const int total = stress_versions();
  constexpr int kServers = 10, kParallel = 8;
  const int per_server = total / kServers;

  // Every distinct version, plus every 10th one a second time (an identical republish racing
  // the first: it must come back "unchanged", never as a duplicate or an error).
  std::vector<fs::path> manifests;
  std::deque<fs::path> queue;
  for (int s = 0; s < kServers; ++s) {
    for (int v = 0; v < per_server; ++v) {
      PackageSpec p;
      p.name = "stress-" + std::to_string(s);
      p.version = "1." + std::to_string(v) + ".0";
      p.tools = {{"tool_" + std::to_string(v), "Tool number " + std::to_string(v)}};
      manifests.push_back(write_package(dir / ("pkg-" + std::to_string(s) + "-" + std::to_string(v)), p));
    }
  }
  // Interleave servers so concurrent processes contend on the same server rows.
  for (int v = 0; v < per_server; ++v) {
    for (int s = 0; s < kServers; ++s) {
      const fs::path& m = manifests[static_cast<std::size_t>(s * per_server + v)];
      queue.push_back(m);
      if ((s * per_server + v) % 10 == 0) queue.push_back(m);
    }
  }
  const std::size_t launched = queue.size();

  std::map<pid_t, fs::path> running;  // pid -> its output directory
  int published = 0, unchanged = 0, n = 0;
  std::vector<std::string> failures;
  while (!queue.empty() || !running.empty()) {
    while (!queue.empty() && running.size() < kParallel) {
      fs::path out = dir / ("proc-" + std::to_string(n++));
      fs::create_directories(out);
      std::vector<std::string> args = {MCPC_BIN, "registry", "--root", root};
      args.insert(args.end(), db.begin(), db.end());
      args.insert(args.end(), {"publish", queue.front().string()});
      pid_t pid = start_process(args, {}, out);
      ASSERT_GT(pid, 0);
      running[pid] = out;
      queue.pop_front();
    }
    int status = 0;
    pid_t done = ::waitpid(-1, &status, WNOHANG);
    if (done <= 0) {
      ::usleep(2000);
      continue;
    }
    ProcessResult r;
    r.status = status;
    r.out = read_file(running[done] / "out");
    r.err = read_file(running[done] / "err");
    running.erase(done);
    if (r.code() != 0) failures.push_back(r.err.empty() ? "killed or crashed" : r.err);
    if (r.out.rfind("published ", 0) == 0) ++published;
    if (r.out.find("(unchanged)") != std::string::npos) ++unchanged;
  }
  EXPECT_TRUE(failures.empty()) << failures.size() << " publishes failed, first: " << failures.front();
  EXPECT_EQ(published, kServers * per_server) << "each distinct version is published exactly once";
  EXPECT_EQ(static_cast<std::size_t>(published + unchanged), launched);

  Registry reg = Registry::open(root, index.options());
  std::size_t present = 0;
  for (int s = 0; s < kServers; ++s) {
    std::string name = "stress-" + std::to_string(s);
    std::vector<VersionSummary> versions = reg.versions(name);
    present += versions.size();
    ASSERT_EQ(versions.size(), static_cast<std::size_t>(per_server)) << name;
    EXPECT_EQ(versions.front().version, "1." + std::to_string(per_server - 1) + ".0");
    EXPECT_TRUE(versions.front().is_latest);
    EXPECT_EQ(reg.get(name)->version, versions.front().version);
    for (std::size_t i = 1; i < versions.size(); ++i) EXPECT_FALSE(versions[i].is_latest);
  }
  EXPECT_EQ(present, static_cast<std::size_t>(kServers * per_server));
  VerifyReport report = reg.verify();
  EXPECT_TRUE(report.clean()) << "missing " << report.missing_blobs.size() << ", corrupt "
                              << report.corrupt_blobs.size() << ", drift " << report.index_drift.size() << ", orphans "
                              << report.orphan_blobs.size() << ", temps " << report.temp_files.size();
  EXPECT_EQ(report.versions_checked, static_cast<std::size_t>(kServers * per_server));
  EXPECT_EQ(reg.search("stress").size(), 10u);
}

// Every crash point of a publish (docs/registry.md, "Crash safety").
const char* const kCrashSteps[] = {"validated",          "blob-temp-written", "blob-before-rename", "blob-after-rename",
                                   "before-transaction", "in-transaction",    "after-commit"};

class RegistryCrash : public ::testing::TestWithParam<std::tuple<const char*, Backend>> {};

TEST_P(RegistryCrash, KilledPublishLeavesAConsistentRegistry) {
  const std::string step = std::get<0>(GetParam());
  TempDir dir("crash");
  const std::string root = (dir / "registry").string();
  TestIndex index(std::get<1>(GetParam()));
  auto publish = [&](const fs::path& manifest) {
    std::vector<std::string> args = {MCPC_BIN, "registry", "--root", root};
    std::vector<std::string> db = index.cli_args();
    args.insert(args.end(), db.begin(), db.end());
    args.insert(args.end(), {"publish", manifest.string()});
    return args;
  };
  PackageSpec base;
  fs::path m0 = write_package(dir / "base", base);
  ASSERT_EQ(run_process(publish(m0)).code(), 0);
  PackageSpec next;
  next.version = "1.1.0";
  fs::path m1 = write_package(dir / "next", next);

  // On PostgreSQL a kill inside the transaction leaves the rollback to the server.
  ProcessResult killed = run_process(publish(m1), {"MCPC_REGISTRY_CRASH_AT=" + step});
  ASSERT_TRUE(killed.killed_by(SIGKILL)) << step << ": status " << killed.status << " " << killed.err;

  {
    Registry reg = Registry::open(root, index.options());
    VerifyReport r = reg.verify();
    EXPECT_TRUE(r.missing_blobs.empty()) << step << ": a row without its blob";
    EXPECT_TRUE(r.corrupt_blobs.empty()) << step << ": a half-written blob is visible";
    EXPECT_TRUE(r.index_drift.empty()) << step << ": " << (r.index_drift.empty() ? "" : r.index_drift.front());
    bool committed = step == "after-commit";
    EXPECT_EQ(reg.get("inventory-mcp", "1.1.0").has_value(), committed) << step;
    EXPECT_EQ(reg.get("inventory-mcp")->version, committed ? "1.1.0" : "1.0.0") << step;
    if (committed) {
      EXPECT_TRUE(r.orphan_blobs.empty()) << step;
    }
    EXPECT_LE(r.orphan_blobs.size(), 2u) << step;  // at most this publish's own blobs

    reg.gc();
    EXPECT_TRUE(reg.verify().clean()) << step;
  }
  ProcessResult retry = run_process(publish(m1));
  EXPECT_EQ(retry.code(), 0) << step << ": " << retry.err;
  Registry reg = Registry::open(root, index.options());
  EXPECT_EQ(reg.get("inventory-mcp")->version, "1.1.0");
  EXPECT_TRUE(reg.verify().clean()) << step;
  // The base version's bytes were never at risk.
  std::optional<VersionRecord> base_record = reg.get("inventory-mcp", "1.0.0");
  for (const ArtifactRecord& a : base_record->artifacts) EXPECT_EQ(sha256_file(a.blob_path), a.sha256);
}

std::string crash_name(const ::testing::TestParamInfo<std::tuple<const char*, Backend>>& param) {
  std::string n = std::get<0>(param.param);
  for (char& c : n) c = c == '-' ? '_' : c;
  return n;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RegistryReliability, ::testing::Values(Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, RegistryReliability, ::testing::ValuesIn(postgres_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, RegistryCrash,
                         ::testing::Combine(::testing::ValuesIn(kCrashSteps), ::testing::Values(Backend::Sqlite)),
                         crash_name);
INSTANTIATE_TEST_SUITE_P(Postgres, RegistryCrash,
                         ::testing::Combine(::testing::ValuesIn(kCrashSteps), ::testing::ValuesIn(postgres_backends())),
                         crash_name);

}  // namespace
}  // namespace mcpc::registry

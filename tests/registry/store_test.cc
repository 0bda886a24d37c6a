// The registry store through its C++ API, on real SQLite files and blobs in temp directories, and
// (the `postgres` instances) on a real PostgreSQL server: registry_backend.h.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>
#include <set>

#include "mcpc/registry/registry.h"
#include "registry_backend.h"
#include "registry_test_support.h"

namespace mcpc::registry {
namespace {

using namespace mcpc::registry::testing;

class RegistryStore : public ::testing::TestWithParam<Backend> {
 protected:
  TempDir dir_{"store"};
  fs::path root_ = dir_ / "registry";
  TestIndex index_{GetParam()};
  Registry reg_ = Registry::open(root_, index_.options());
  int packages_ = 0;

  // A package in its own directory (packages never share files, like real `mcpc package` runs).
  fs::path package(const PackageSpec& p) { return write_package(dir_ / ("pkg" + std::to_string(packages_++)), p); }
  PublishResult publish(const PackageSpec& p, bool force = false) {
    PublishOptions options;
    options.force = force;
    return reg_.publish(package(p), options);
  }

  std::string refusal(const fs::path& manifest) {
    try {
      reg_.publish(manifest);
    } catch (const RegistryError& e) {
      return e.what();
    }
    return "(published)";
  }
  std::size_t blob_count() {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(root_ / "blobs")) n += e.is_regular_file();
    return n;
  }
};

TEST_P(RegistryStore, OpenCreatesLayoutAndSchema) {
  EXPECT_EQ(fs::exists(root_ / "index.sqlite"), !index_.postgres());  // PostgreSQL: no file
  EXPECT_TRUE(fs::is_directory(root_ / "blobs" / "sha256"));
  EXPECT_TRUE(fs::is_directory(root_ / "tmp"));
  // Reopening applies no migration twice.
  Registry again = Registry::open(root_, index_.options());
  EXPECT_TRUE(again.verify().clean());
}

TEST_P(RegistryStore, OpenRefusesAFile) {
  write_file(dir_ / "plain", "x");
  EXPECT_THROW(Registry::open(dir_ / "plain"), RegistryError);
}

TEST_P(RegistryStore, OpenWithoutCreateRefusesAMissingRegistry) {
  OpenOptions readers;
  readers.create = false;
  fs::path none = dir_ / "none";
  TestIndex empty(GetParam());  // PostgreSQL: a database without a registry
  try {
    Registry::open(none, empty.options(readers));
    ADD_FAILURE() << "opened a registry that does not exist";
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.kind(), RegistryError::Kind::NotFound);
    EXPECT_NE(std::string(e.what()).find("there is no registry"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(none));
  EXPECT_NO_THROW(Registry::open(root_, index_.options(readers)));  // the fixture's registry exists
  OpenOptions bogus;
  bogus.database_url = "mysql://localhost/registry";
  EXPECT_THROW(Registry::open(root_, bogus), RegistryError);
}

TEST_P(RegistryStore, DefaultRootFollowsEnvironment) {
  ::setenv("MCPC_REGISTRY", "/x/reg", 1);
  EXPECT_EQ(default_registry_root(), fs::path("/x/reg"));
  ::unsetenv("MCPC_REGISTRY");
  ::setenv("XDG_DATA_HOME", "/data", 1);
  EXPECT_EQ(default_registry_root(), fs::path("/data/mcpc/registry"));
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(default_registry_root(), fs::path("/home/u/.local/share/mcpc/registry"));
}

TEST_P(RegistryStore, PublishThenGet) {
  PublishResult p = publish({});
  EXPECT_EQ(p.name, "inventory-mcp");
  EXPECT_EQ(p.version, "1.0.0");
  EXPECT_FALSE(p.unchanged);
  EXPECT_TRUE(p.is_latest);

  std::optional<VersionRecord> v = reg_.get("inventory-mcp");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version, "1.0.0");
  EXPECT_TRUE(v->is_latest);
  EXPECT_EQ(v->status, "active");
  EXPECT_EQ(v->runtime, "native");
  EXPECT_EQ(v->description, "Tracks warehouse stock levels");
  ASSERT_EQ(v->artifacts.size(), 2u);
  for (const ArtifactRecord& a : v->artifacts) {
    EXPECT_TRUE(fs::exists(a.blob_path)) << a.file;
    EXPECT_EQ(sha256_file(a.blob_path), a.sha256);
    EXPECT_EQ(a.blob_path, root_ / "blobs" / "sha256" / a.sha256.substr(0, 2) / a.sha256.substr(2));
  }
  EXPECT_EQ(v->artifacts[0].role, "tarball");
  ASSERT_EQ(v->tools.size(), 1u);
  EXPECT_EQ(v->tools[0].name, "list_items");
  EXPECT_NE(v->server_json.find("io.github.test/inventory-mcp"), std::string::npos);
  EXPECT_EQ(json::parse(v->manifest_json)["artifacts"][0]["sha256"], v->artifacts[0].sha256);
  EXPECT_FALSE(reg_.get("inventory-mcp", "9.9.9"));
  EXPECT_FALSE(reg_.get("nope"));
  EXPECT_TRUE(reg_.get("inventory-mcp", "latest"));
  EXPECT_TRUE(reg_.verify().clean());
}

TEST_P(RegistryStore, MinimalManifestPublishes) {
  fs::path d = dir_ / "minimal";
  write_tgz(d / "mcp-weather-1.0.0.tgz", {{"package/index.js", "console.log(1)"}});
  write_file(d / "manifest.json",
             R"({"name":"mcp-weather","version":"1.0.0","description":"Weather","package":"mcp-weather-1.0.0.tgz",
                 "claude_config":{"mcpServers":{"mcp-weather":{"command":"node","args":["index.js"]}}}})");
  PublishResult p = reg_.publish(d / "manifest.json");
  EXPECT_EQ(p.name, "mcp-weather");
  std::optional<VersionRecord> v = reg_.get("mcp-weather");
  ASSERT_TRUE(v);
  ASSERT_EQ(v->artifacts.size(), 1u);
  EXPECT_EQ(v->artifacts[0].sha256, sha256_file(d / "mcp-weather-1.0.0.tgz"));
  // Identical again: unchanged, even though the manifest carries no digest.
  EXPECT_TRUE(reg_.publish(d / "manifest.json").unchanged);
  // Same manifest, different package bytes: a different version content.
  write_tgz(d / "mcp-weather-1.0.0.tgz", {{"package/index.js", "console.log(2)"}});
  EXPECT_THROW(reg_.publish(d / "manifest.json"), RegistryError);
}

TEST_P(RegistryStore, VersionsAreImmutableUnlessForced) {
  EXPECT_FALSE(publish({}).unchanged);
  EXPECT_TRUE(publish({}).unchanged);  // identical content from another directory
  PackageSpec changed;
  changed.payload = "another build";
  try {
    publish(changed);
    FAIL() << "republish with different content was accepted";
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.kind(), RegistryError::Kind::Conflict);
    EXPECT_NE(std::string(e.what()).find("immutable"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos);
  }
  std::string old_sha = reg_.get("inventory-mcp")->artifacts[0].sha256;
  PublishResult forced = publish(changed, true);
  EXPECT_TRUE(forced.replaced);
  std::optional<VersionRecord> v = reg_.get("inventory-mcp");
  EXPECT_NE(v->artifacts[0].sha256, old_sha);
  EXPECT_FALSE(fs::exists(root_ / "blobs" / "sha256" / old_sha.substr(0, 2) / old_sha.substr(2)));  // collected
  EXPECT_EQ(reg_.versions("inventory-mcp").size(), 1u);
  EXPECT_TRUE(reg_.verify().clean());
}

TEST_P(RegistryStore, LatestPrefersSemverThenPrecedenceThenActive) {
  PackageSpec p;
  for (const char* v : {"2024.01.15", "1.2.0", "1.10.0", "1.9.0", "2.0.0-rc.1", "nightly"}) {
    p.version = v;
    publish(p);
  }
  EXPECT_EQ(reg_.get("inventory-mcp")->version, "2.0.0-rc.1");
  p.version = "2.0.0";
  publish(p);
  EXPECT_EQ(reg_.get("inventory-mcp")->version, "2.0.0");
  std::vector<VersionSummary> order = reg_.versions("inventory-mcp");
  std::vector<std::string> names;
  for (const VersionSummary& s : order) names.push_back(s.version);
  EXPECT_EQ(names,
            (std::vector<std::string>{"2.0.0", "2.0.0-rc.1", "1.10.0", "1.9.0", "1.2.0", "nightly", "2024.01.15"}));

  reg_.deprecate("inventory-mcp", "2.0.0", "broken build");
  std::optional<VersionRecord> dep = reg_.get("inventory-mcp", "2.0.0");
  EXPECT_EQ(dep->status, "deprecated");
  EXPECT_EQ(dep->deprecation_message, "broken build");
  // The history says the same as get(), version by version.
  for (const VersionSummary& s : reg_.versions("inventory-mcp")) {
    std::optional<VersionRecord> v = reg_.get("inventory-mcp", s.version);
    ASSERT_TRUE(v) << s.version;
    EXPECT_EQ(s.status, v->status) << s.version;
    EXPECT_EQ(s.is_latest, v->is_latest) << s.version;
    EXPECT_EQ(s.deprecation_message, v->deprecation_message) << s.version;
    EXPECT_EQ(s.published_at, v->published_at) << s.version;
    EXPECT_EQ(s.updated_at, v->updated_at) << s.version;
    EXPECT_EQ(s.manifest_sha256, v->manifest_sha256) << s.version;
  }
  EXPECT_TRUE(reg_.versions("no-such-server").empty());
  EXPECT_EQ(reg_.get("inventory-mcp")->version, "2.0.0-rc.1");  // latest moves to an active version
  reg_.undeprecate("inventory-mcp", "2.0.0");
  EXPECT_EQ(reg_.get("inventory-mcp")->version, "2.0.0");
  EXPECT_THROW(reg_.deprecate("inventory-mcp", "7.0.0", "x"), RegistryError);

  // Only deprecated versions left: the greatest of them is still latest.
  PackageSpec q;
  q.name = "solo";
  publish(q);
  reg_.deprecate("solo", "1.0.0", "old");
  EXPECT_EQ(reg_.get("solo")->version, "1.0.0");
  EXPECT_TRUE(reg_.verify().clean());
}

TEST_P(RegistryStore, RemoveVersionAndServerCollectsBlobs) {
  PackageSpec p;
  publish(p);
  p.version = "1.1.0";
  publish(p);
  std::size_t before = blob_count();
  RemoveResult r = reg_.remove("inventory-mcp", "1.1.0");
  EXPECT_EQ(r.versions_removed, 1u);
  EXPECT_EQ(r.blobs_deleted, 2u);
  EXPECT_EQ(blob_count(), before - 2);
  EXPECT_EQ(reg_.get("inventory-mcp")->version, "1.0.0");
  EXPECT_THROW(reg_.remove("inventory-mcp", "1.1.0"), RegistryError);
  r = reg_.remove("inventory-mcp");
  EXPECT_EQ(r.versions_removed, 1u);
  EXPECT_EQ(blob_count(), 0u);
  EXPECT_FALSE(reg_.get("inventory-mcp"));
  EXPECT_TRUE(reg_.list().servers.empty());
  EXPECT_TRUE(reg_.search("inventory").empty());
  try {
    reg_.remove("inventory-mcp");
    FAIL();
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.kind(), RegistryError::Kind::NotFound);
  }
  EXPECT_TRUE(reg_.verify().clean());
}

TEST_P(RegistryStore, SharedBlobSurvivesRemovalOfOneUser) {
  PackageSpec a, b;
  a.payload = b.payload = "same bytes";
  b.version = "1.0.1";
  publish(a);
  publish(b);  // same tarball content, different server.json
  reg_.remove("inventory-mcp", "1.0.0");
  std::optional<VersionRecord> left = reg_.get("inventory-mcp");
  for (const ArtifactRecord& art : left->artifacts) EXPECT_TRUE(fs::exists(art.blob_path));
  EXPECT_TRUE(reg_.verify().clean());
}

// A filter on one field (status, runtime, tag, prefix, cursor), 100 per page.
ListFilter filter(const std::string& field = "", const std::string& value = "", std::size_t limit = 100) {
  ListFilter f;
  f.limit = limit;
  if (field == "status") f.status = value;
  if (field == "runtime") f.runtime = value;
  if (field == "tag") f.tag = value;
  if (field == "prefix") f.name_prefix = value;
  if (field == "cursor") f.cursor = value;
  return f;
}

TEST_P(RegistryStore, ListFiltersAndPaginates) {
  for (int i = 0; i < 25; ++i) {
    PackageSpec p;
    p.name = "srv-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    p.runtime = i % 2 ? "node" : "native";
    p.tags = {i % 3 ? "misc" : "three"};
    publish(p);
  }
  EXPECT_EQ(reg_.list(filter()).servers.size(), 25u);
  EXPECT_EQ(reg_.list(filter("runtime", "node")).servers.size(), 12u);
  EXPECT_EQ(reg_.list(filter("tag", "three")).servers.size(), 9u);
  EXPECT_EQ(reg_.list(filter("prefix", "srv-1")).servers.size(), 10u);
  reg_.deprecate("srv-03", "1.0.0", "x");
  EXPECT_EQ(reg_.list(filter("status", "deprecated")).servers.size(), 1u);
  EXPECT_EQ(reg_.list(filter("status", "active")).servers.size(), 24u);
  EXPECT_THROW(reg_.list(filter("status", "bogus")), RegistryError);
  EXPECT_THROW(reg_.list(filter("cursor", "!!not a cursor")), RegistryError);
  EXPECT_THROW(reg_.list(filter("", "", 0)), RegistryError);

  // Paginate 7 at a time while servers are added before and after the cursor: every server that
  // existed at the start is seen exactly once, in order.
  std::vector<std::string> seen;
  ListFilter f;
  f.limit = 7;
  int inserted = 0;
  while (true) {
    ListPage page = reg_.list(f);
    for (const ServerSummary& s : page.servers) seen.push_back(s.name);
    for (char c : page.next_cursor) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    if (page.next_cursor.empty()) break;
    PackageSpec early, late;
    early.name = "aaa-" + std::to_string(inserted);
    late.name = "zzz-" + std::to_string(inserted++);
    publish(early);
    publish(late);
    f.cursor = page.next_cursor;
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a server appeared twice";
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  for (int i = 0; i < 25; ++i) {
    std::string n = "srv-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    EXPECT_TRUE(unique.count(n)) << n << " was skipped";
  }
  for (const std::string& n : seen) EXPECT_NE(n.rfind("aaa-", 0), 0u) << "an insert before the cursor showed up";
}

TEST_P(RegistryStore, SearchRanksAndIsSafe) {
  PackageSpec weather;
  weather.name = "weather-mcp";
  weather.description = "Forecasts and current conditions";
  weather.tools = {{"get_forecast", "Forecast for a city"}, {"get_alerts", "Severe weather alerts"}};
  publish(weather);
  PackageSpec notes;
  notes.name = "notes-mcp";
  notes.description = "Keeps notes; mentions weather once";
  notes.tools = {{"create_note", "Create a note"}};
  publish(notes);
  publish({});

  std::vector<SearchHit> hits = reg_.search("weather");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].server.name, "weather-mcp");                        // name match outranks a description mention
  EXPECT_EQ(reg_.search("forecast").at(0).server.name, "weather-mcp");  // tool name
  EXPECT_EQ(reg_.search("severe").at(0).server.name, "weather-mcp");    // tool description
  EXPECT_EQ(reg_.search("create_note").at(0).server.name, "notes-mcp");
  EXPECT_EQ(reg_.search("invent").at(0).server.name, "inventory-mcp");  // prefix
  EXPECT_EQ(reg_.search("stock").at(0).server.latest_version, "1.0.0");
  // FTS5 syntax in user input is only text.
  for (const char* q : {"\"", "weather\"", "-weather", "*", "weather*", "AND", "weather AND", "NOT weather", "a:b",
                        "NEAR(weather", "(", "^weather", "''", "\x01", "weather OR notes"}) {
    EXPECT_NO_THROW(reg_.search(q)) << q;
  }
  EXPECT_EQ(reg_.search("-weather").size(), 2u);
  EXPECT_TRUE(reg_.search("").empty());
  EXPECT_TRUE(reg_.search("nothingmatches").empty());
}

TEST_P(RegistryStore, SearchWeighsRareTermsAndColumns) {
  // Three servers share "ledger"; one also has the rarer "audit", in a tool name.
  for (const char* name : {"alpha-mcp", "beta-mcp", "gamma-mcp"}) {
    PackageSpec p;
    p.name = name;
    p.description = "Keeps a ledger of payments";
    p.tools = {{std::string(name) == "beta-mcp" ? "audit_ledger" : "read_ledger", "Reads entries"}};
    publish(p);
  }
  std::vector<SearchHit> hits = reg_.search("ledger audit");
  ASSERT_EQ(hits.size(), 1u);  // every term must match
  EXPECT_EQ(hits[0].server.name, "beta-mcp");
  hits = reg_.search("ledger");
  ASSERT_EQ(hits.size(), 3u);
  // Equal scores keep a stable order (by server id), and scores never rise down the list.
  EXPECT_EQ(hits[0].server.name, "alpha-mcp");
  for (std::size_t i = 1; i < hits.size(); ++i) EXPECT_LE(hits[i - 1].score, hits[i].score);
  EXPECT_LT(hits[0].score, 0.0);  // lower is better, as with bm25
  // A name match outranks a description match for the same word.
  PackageSpec payments;
  payments.name = "payments-mcp";
  payments.description = "Nothing else";
  publish(payments);
  EXPECT_EQ(reg_.search("payments").at(0).server.name, "payments-mcp");
}

TEST_P(RegistryStore, HostileManifestsAreRefused) {
  // Publishes a fresh package whose manifest `edit` changed; returns the refusal.
  auto refusal_after = [&](const std::function<void(json&)>& edit) {
    fs::path m = package({});
    json j = json::parse(read_file(m));
    edit(j);
    write_file(m, j.dump());
    return refusal(m);
  };
  auto with_name = [&](const json& name) { return refusal_after([&](json& j) { j["name"] = name; }); };
  auto with_version = [&](const std::string& v) { return refusal_after([&](json& j) { j["version"] = v; }); };
  auto with_artifact_file = [&](const std::string& file) {
    return refusal_after([&](json& j) {
      j["artifacts"][0]["file"] = file;
      j.erase("artifact");
    });
  };
  EXPECT_NE(with_name("../etc").find("refusing server name"), std::string::npos);
  EXPECT_NE(with_name("a/b/c").find("more than one '/'"), std::string::npos);
  EXPECT_NE(with_name(std::string("a\0b", 3)).find("0x00"), std::string::npos);
  EXPECT_NE(with_name("a\nb").find("0x0a"), std::string::npos);
  EXPECT_NE(with_name(std::string(10000, 'n')).find("10000 characters"), std::string::npos);
  EXPECT_NE(with_name(42).find("must be a string"), std::string::npos);
  EXPECT_NE(with_version("latest").find("reserved"), std::string::npos);
  EXPECT_NE(with_version("^1.0.0").find("range"), std::string::npos);
  EXPECT_NE(with_version("../1").find("refusing version"), std::string::npos);
  EXPECT_NE(with_version(std::string(10000, '1')).find("10000 characters"), std::string::npos);
  EXPECT_NE(with_artifact_file("/etc/passwd").find("is absolute"), std::string::npos);
  EXPECT_NE(with_artifact_file("../outside.tgz").find("'..'"), std::string::npos);
  EXPECT_NE(with_artifact_file("missing.tgz").find("does not exist"), std::string::npos);
  // A symlink inside the package pointing outside it.
  write_file(dir_ / "secret", "secret");
  fs::create_directories(dir_ / "linkpkg");
  fs::create_symlink(dir_ / "secret", dir_ / "linkpkg" / "escape.tgz");
  write_file(dir_ / "linkpkg" / "manifest.json", R"({"name":"x","version":"1.0.0","package":"escape.tgz"})");
  EXPECT_NE(refusal(dir_ / "linkpkg" / "manifest.json").find("outside the manifest's directory"), std::string::npos);

  write_file(dir_ / "bad" / "manifest.json", "{ not json");
  EXPECT_NE(refusal(dir_ / "bad" / "manifest.json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(refusal(dir_ / "nothing" / "manifest.json").find("cannot read manifest"), std::string::npos);

  EXPECT_TRUE(reg_.list().servers.empty());
  EXPECT_EQ(blob_count(), 0u);
  EXPECT_TRUE(fs::is_empty(root_ / "tmp"));
}

TEST_P(RegistryStore, DigestMismatchStoresNothing) {
  fs::path m = package({});
  json j = json::parse(read_file(m));
  std::string wrong(64, 'a');
  j["artifacts"][1]["sha256"] = wrong;  // the second artifact: the first was already staged
  write_file(m, j.dump());
  std::string why = refusal(m);
  EXPECT_NE(why.find("sha256"), std::string::npos) << why;
  EXPECT_NE(why.find("refusing"), std::string::npos) << why;
  j = json::parse(read_file(m));
  j["artifacts"][1].erase("sha256");
  j["artifacts"][1]["size"] = 1;
  write_file(m, j.dump());
  EXPECT_NE(refusal(m).find("bytes but the manifest says 1"), std::string::npos);
  j["artifacts"][1]["sha256"] = "NOT-HEX";
  write_file(m, j.dump());
  EXPECT_NE(refusal(m).find("64 lowercase hex"), std::string::npos);
  EXPECT_EQ(blob_count(), 0u);
  EXPECT_TRUE(fs::is_empty(root_ / "tmp"));
  EXPECT_FALSE(reg_.get("inventory-mcp"));
}

TEST_P(RegistryStore, HostileTarballsAreRefused) {
  for (const char* entry : {"../x", "/etc/x", "bin/../../x", "ok/..", "C:/x"}) {
    fs::path d = dir_ / ("tar" + std::to_string(packages_++));
    write_tgz(d / "evil.tgz", {{"bin/server", "fine"}, {entry, "payload"}});
    write_file(d / "manifest.json", R"({"name":"evil","version":"1.0.0","package":"evil.tgz"})");
    std::string why = refusal(d / "manifest.json");
    EXPECT_NE(why.find("refusing archive"), std::string::npos) << entry << ": " << why;
  }
  fs::path d = dir_ / "notarchive";
  write_file(d / "fake.tgz", "this is not gzip");
  write_file(d / "manifest.json", R"({"name":"fake","version":"1.0.0","package":"fake.tgz"})");
  EXPECT_NE(refusal(d / "manifest.json").find("archive"), std::string::npos);
  // Found by tests/fuzz/archive_fuzz: a truncated ZIP for which libarchive gives no error text.
  d = dir_ / "truncated";
  fs::create_directories(d);
  fs::copy_file(fs::path(MCPC_REGISTRY_TEST_DATA) / "truncated-zip-null-error.mcpb", d / "b.mcpb");
  write_file(d / "manifest.json", R"({"name":"trunc","version":"1.0.0","package":"b.mcpb"})");
  EXPECT_NE(refusal(d / "manifest.json").find("archive"), std::string::npos);
  EXPECT_EQ(blob_count(), 0u);
  EXPECT_TRUE(fs::is_empty(root_ / "tmp"));
}

TEST_P(RegistryStore, VerifyFindsAndRepairsDrift) {
  PackageSpec p;
  publish(p);
  p.version = "1.1.0";
  publish(p);
  std::optional<VersionRecord> v = reg_.get("inventory-mcp", "1.1.0");
  // Lose one blob, corrupt another one, drop an orphan and a temp file.
  fs::remove(v->artifacts[0].blob_path);
  std::optional<VersionRecord> old = reg_.get("inventory-mcp", "1.0.0");
  ::chmod(old->artifacts[1].blob_path.c_str(), 0644);
  write_file(old->artifacts[1].blob_path, "tampered");
  std::string orphan = sha256_hex("orphan");
  write_file(root_ / "blobs" / "sha256" / orphan.substr(0, 2) / orphan.substr(2), "orphan");
  write_file(root_ / "tmp" / "blob-leftover", "half");

  VerifyReport r = reg_.verify();
  EXPECT_FALSE(r.consistent());
  EXPECT_EQ(r.missing_blobs.size(), 1u);
  EXPECT_EQ(r.corrupt_blobs.size(), 1u);
  EXPECT_EQ(r.orphan_blobs.size(), 1u);
  EXPECT_EQ(r.temp_files.size(), 1u);
  EXPECT_EQ(r.versions_checked, 2u);

  VerifyReport repaired = reg_.verify(true);
  EXPECT_FALSE(repaired.repairs.empty());
  VerifyReport after = reg_.verify();
  EXPECT_TRUE(after.consistent());
  EXPECT_EQ(reg_.get("inventory-mcp", "1.1.0")->status, "deleted");
  EXPECT_EQ(reg_.get("inventory-mcp", "1.0.0")->status, "deleted");
  EXPECT_FALSE(reg_.get("inventory-mcp"));  // no latest left

  GcResult g = reg_.gc();
  EXPECT_GE(g.blobs_deleted, 1u);
  EXPECT_EQ(g.temp_files_deleted, 1u);
  EXPECT_TRUE(reg_.verify().clean());

  // Publishing a deleted (broken) version again restores it without --force.
  p.version = "1.0.0";
  EXPECT_FALSE(publish(p).unchanged);
  EXPECT_EQ(reg_.get("inventory-mcp")->version, "1.0.0");
  EXPECT_TRUE(reg_.verify().clean());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RegistryStore, ::testing::Values(Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, RegistryStore, ::testing::ValuesIn(postgres_backends()), backend_name);

}  // namespace
}  // namespace mcpc::registry

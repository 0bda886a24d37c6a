// The packager: reproducible archives (bytes, order, modes, owners, time zones), the documents
// of a package for the example servers (manifest.json, server.json, the MCPB manifest, client
// snippets), hostile input refused, and `mcpc package` in-process.
#include <archive.h>
#include <archive_entry.h>
#include <elf.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "../support/cli_tester.h"
#include "mcpc/frontend/spec.h"
#include "mcpc/package/archive.h"
#include "mcpc/package/package.h"
#include "mcpc/registry/sha256.h"
#include "mcpc/sema/check.h"

namespace fs = std::filesystem;
using namespace mcpc::package;
using nlohmann::json;

namespace {

using mcpc::testing::read_file;
using mcpc::testing::TempDir;
using mcpc::testing::write_file;

json read_json(const fs::path& p) { return json::parse(read_file(p)); }

// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> saved;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) saved = v;
    if (value) {
      setenv(name.c_str(), value, 1);
    } else {
      unsetenv(name.c_str());
    }
    tzset();
  }
  ~ScopedEnv() {
    if (saved) {
      setenv(name.c_str(), saved->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
    tzset();
  }
};

mcpc::ir::Module load(const std::string& example) {
  mcpc::SourceManager sm;
  mcpc::DiagnosticEngine diags;
  auto module = mcpc::load_spec(MCPC_SOURCE_DIR "/examples/" + example + "/mcp.yaml", sm, diags);
  EXPECT_TRUE(module.has_value());
  auto checked = mcpc::sema::check(std::move(*module), diags);
  EXPECT_TRUE(checked.has_value()) << example;
  return checked->module();
}

// A module (maybe edited after loading) through the checks: the packager takes nothing else.
mcpc::sema::CheckedModule check(mcpc::ir::Module m) {
  mcpc::DiagnosticEngine diags;
  std::optional<mcpc::sema::CheckedModule> checked = mcpc::sema::check(std::move(m), diags);
  if (!checked) throw std::runtime_error("the module does not pass the checks: " + diags.sorted().front().message);
  return std::move(*checked);
}

struct Member {
  std::string path;
  unsigned mode;
  long long uid, gid;
  std::string uname, gname;
  long long mtime;
  long long size;
};

/// A reader over a tarball or ZIP, of any compression; free it with archive_read_free.
archive* open_archive(const fs::path& file) {
  archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  EXPECT_EQ(archive_read_open_filename(a, file.c_str(), 1 << 16), ARCHIVE_OK) << archive_error_string(a);
  return a;
}

std::vector<Member> list_archive(const fs::path& file) {
  std::vector<Member> members;
  archive* a = open_archive(file);
  archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    const char* u = archive_entry_uname(e);
    const char* g = archive_entry_gname(e);
    members.push_back({archive_entry_pathname(e), static_cast<unsigned>(archive_entry_mode(e)),
                       static_cast<long long>(archive_entry_uid(e)), static_cast<long long>(archive_entry_gid(e)),
                       u ? u : "", g ? g : "", static_cast<long long>(archive_entry_mtime(e)),
                       static_cast<long long>(archive_entry_size(e))});
    archive_read_data_skip(a);
  }
  archive_read_free(a);
  return members;
}

// The bytes of one member of a tarball or ZIP ("" when it is not there).
std::string archive_member(const fs::path& file, const std::string& path) {
  std::string data;
  archive* a = open_archive(file);
  archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    if (archive_entry_pathname(e) != path) continue;
    char buf[1 << 16];
    for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;) data.append(buf, static_cast<std::size_t>(n));
    break;
  }
  archive_read_free(a);
  return data;
}

// The names of an ELF file's sections, read from its section headers (64-bit, host byte order).
std::vector<std::string> elf_sections(const std::string& bytes) {
  std::vector<std::string> names;
  Elf64_Ehdr eh{};
  if (bytes.size() < sizeof eh || bytes.compare(0, SELFMAG, ELFMAG) != 0 || bytes[EI_CLASS] != ELFCLASS64) {
    ADD_FAILURE() << "not a 64-bit ELF file (" << bytes.size() << " bytes)";
    return names;
  }
  std::memcpy(&eh, bytes.data(), sizeof eh);
  auto header = [&](std::size_t i) {
    Elf64_Shdr sh{};
    std::size_t at = eh.e_shoff + i * eh.e_shentsize;
    if (at + sizeof sh <= bytes.size()) std::memcpy(&sh, bytes.data() + at, sizeof sh);
    return sh;
  };
  Elf64_Shdr strings = header(eh.e_shstrndx);
  for (std::size_t i = 0; i < eh.e_shnum; ++i) {
    std::size_t at = strings.sh_offset + header(i).sh_name;
    if (at < bytes.size()) names.emplace_back(bytes.c_str() + at);
  }
  return names;
}

// The .debug_* sections among them.
std::vector<std::string> debug_sections(const std::string& elf) {
  std::vector<std::string> out;
  for (const std::string& name : elf_sections(elf)) {
    if (name.rfind(".debug_", 0) == 0) out.push_back(name);
  }
  return out;
}

std::string run_capture(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = pclose(p);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

// A small tree: an executable, a data file with odd permissions, a nested file.
void make_tree(const fs::path& root, bool shuffled_times) {
  write_file(root / "bin" / "tool", "#!/bin/sh\necho hi\n");
  write_file(root / "share" / "data.txt", "data\n");
  write_file(root / "a" / "b" / "c.txt", "nested\n");
  fs::permissions(root / "bin" / "tool", fs::perms::owner_all | fs::perms::group_read);
  fs::permissions(root / "share" / "data.txt",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_write);
  auto when = fs::file_time_type::clock::now() - std::chrono::hours(shuffled_times ? 1000 : 1);
  for (const char* f : {"bin/tool", "share/data.txt", "a/b/c.txt"}) fs::last_write_time(root / f, when);
}

std::vector<ArchiveEntry> entries_of(const fs::path& root, bool reversed) {
  std::vector<ArchiveEntry> entries = entries_from_directory(root, "pkg/");
  if (reversed) std::reverse(entries.begin(), entries.end());
  entries.push_back({"pkg/inline.json", false, false, {}, "{}\n"});
  return entries;
}

TEST(Archive, TarGzIsByteIdenticalWhateverMtimesOrderAndZone) {
  TempDir t;
  make_tree(t / "one", false);
  make_tree(t / "two", true);
  write_tar_gz(t / "one.tgz", entries_of(t / "one", false), kDefaultEpoch);
  {
    ScopedEnv tz("TZ", "America/New_York");
    write_tar_gz(t / "two.tgz", entries_of(t / "two", true), kDefaultEpoch);
  }
  std::string one = read_file(t / "one.tgz"), two = read_file(t / "two.tgz");
  ASSERT_GT(one.size(), 18u);
  EXPECT_EQ(one, two);
  // gzip header: magic, deflate, no flags (no file name), mtime 0.
  EXPECT_EQ(static_cast<unsigned char>(one[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(one[1]), 0x8b);
  EXPECT_EQ(one[2], 8);
  EXPECT_EQ(one[3], 0) << "FLG: no FNAME/FCOMMENT/FEXTRA";
  EXPECT_EQ(one.substr(4, 4), std::string(4, '\0')) << "MTIME must be zero";
  // A different epoch changes the bytes (the mtimes are really in there).
  write_tar_gz(t / "three.tgz", entries_of(t / "one", false), kDefaultEpoch + 1);
  EXPECT_NE(one, read_file(t / "three.tgz"));
}

TEST(Archive, TarEntriesAreSortedWithFixedModesAndOwners) {
  TempDir t;
  make_tree(t / "tree", true);
  write_tar_gz(t / "x.tgz", entries_of(t / "tree", true), 1234567890);
  std::vector<Member> members = list_archive(t / "x.tgz");
  std::vector<std::string> paths;
  for (const Member& m : members) paths.push_back(m.path);
  std::vector<std::string> want{"pkg",          "pkg/a",           "pkg/a/b",   "pkg/a/b/c.txt",     "pkg/bin",
                                "pkg/bin/tool", "pkg/inline.json", "pkg/share", "pkg/share/data.txt"};
  // libarchive may report directory names with a trailing slash.
  for (std::string& p : paths) {
    if (!p.empty() && p.back() == '/') p.pop_back();
  }
  EXPECT_EQ(paths, want);
  for (const Member& m : members) {
    EXPECT_EQ(m.uid, 0) << m.path;
    EXPECT_EQ(m.gid, 0) << m.path;
    EXPECT_EQ(m.uname, "") << m.path;
    EXPECT_EQ(m.gname, "") << m.path;
    EXPECT_EQ(m.mtime, 1234567890) << m.path;
    bool exec_or_dir = S_ISDIR(m.mode) || m.path == "pkg/bin/tool";
    EXPECT_EQ(m.mode & 07777, exec_or_dir ? 0755u : 0644u) << m.path;
  }
}

TEST(Archive, ZipIsByteIdenticalAcrossTimeZonesAndKeepsModes) {
  TempDir t;
  make_tree(t / "tree", false);
  std::string first;
  for (const char* zone : {"UTC0", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati"}) {
    ScopedEnv tz("TZ", zone);
    write_zip(t / "x.zip", entries_of(t / "tree", zone[0] == 'A'), kDefaultEpoch);
    std::string bytes = read_file(t / "x.zip");
    if (first.empty()) {
      first = bytes;
    } else {
      EXPECT_EQ(bytes, first) << "TZ=" << zone;
    }
    EXPECT_STREQ(std::getenv("TZ"), zone) << "write_zip must restore TZ";
  }
  // Python's zipfile: the entries, their Unix modes and DOS time 2000-01-01 00:00 (UTC).
  int status = 0;
  std::string out = run_capture(
      "python3 -c 'import sys,zipfile\n"
      "for i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, oct(i.external_attr >> 16 & 0o7777), "
      "i.date_time[:5], i.create_system)' " +
          (t / "x.zip").string(),
      &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("pkg/bin/tool 0o755 (2000, 1, 1, 0, 0) 3"), std::string::npos) << out;
  EXPECT_NE(out.find("pkg/share/data.txt 0o644 (2000, 1, 1, 0, 0) 3"), std::string::npos) << out;
  std::string listing = run_capture("unzip -l " + (t / "x.zip").string() + " 2>&1", &status);
  EXPECT_EQ(status, 0) << listing;
  EXPECT_NE(listing.find("pkg/a/b/c.txt"), std::string::npos) << listing;
}

TEST(Archive, RefusesHostilePaths) {
  TempDir t;
  for (const char* bad : {"../evil", "/abs/path", "a//b", "a/./b", "a/../../b", "a\\b", "tab\there", ""}) {
    std::vector<ArchiveEntry> entries{{bad, false, false, {}, "x"}};
    EXPECT_THROW(write_tar_gz(t / "x.tgz", entries, 0), PackageError) << bad;
    EXPECT_THROW(write_zip(t / "x.zip", entries, kDefaultEpoch), PackageError) << bad;
  }
  std::vector<ArchiveEntry> twice{{"a", false, false, {}, "1"}, {"a", false, false, {}, "2"}};
  EXPECT_THROW(write_tar_gz(t / "x.tgz", twice, 0), PackageError);
  std::vector<ArchiveEntry> file_then_child{{"a", false, false, {}, "1"}, {"a/b", false, false, {}, "2"}};
  EXPECT_THROW(write_tar_gz(t / "x.tgz", file_then_child, 0), PackageError);
  EXPECT_EQ(check_entry_path("package/dist/main.js"), "");
}

TEST(Documents, ShortenKeepsAtMostTheLimitAtAWordBoundary) {
  std::string long_text =
      "Search products, keep stock levels in sync with the catalog, and report on every warehouse that the "
      "company runs";
  std::string s = shorten(long_text, 100);
  EXPECT_LE(s.size(), 100u);
  EXPECT_EQ(s.substr(s.size() - 3), "...");
  EXPECT_EQ(s, "Search products, keep stock levels in sync with the catalog, and report on every warehouse that...");
  EXPECT_EQ(shorten("short", 100), "short");
  // Never cuts inside a UTF-8 sequence.
  std::string accents;
  for (int i = 0; i < 60; ++i) accents += "\xc3\xa9";  // é x 60 = 120 bytes, no spaces
  std::string cut = shorten(accents, 100);
  EXPECT_LE(cut.size(), 100u);
  EXPECT_EQ((cut.size() - 3) % 2, 0u);
}

TEST(Documents, RegistryNames) {
  EXPECT_EQ(check_registry_name("io.github.alice/weather"), "");
  EXPECT_EQ(check_registry_name("local.mcpc/inventory-mcp"), "");
  EXPECT_NE(check_registry_name("no-slash"), "");
  EXPECT_NE(check_registry_name("a/b/c"), "");
  EXPECT_NE(check_registry_name("bad_ns/x-server"), "");
  EXPECT_NE(check_registry_name("-ns/server"), "");
  EXPECT_NE(check_registry_name("ns/../server"), "");
  EXPECT_NE(check_registry_name("ns/"), "");
  EXPECT_NE(check_registry_name("ns/" + std::string(300, 'a')), "");
}

// ---- whole packages -----------------------------------------------------------------------

PackageRequest native_request(const mcpc::sema::CheckedModule& m, const fs::path& binary, const fs::path& out) {
  PackageRequest r;
  r.module = &m;
  r.binary = binary;
  r.output_dir = out;
  return r;
}

// The warnings that mention `needle`.
std::vector<std::string> warnings_with(const PackageResult& r, const std::string& needle) {
  std::vector<std::string> out;
  for (const std::string& w : r.warnings) {
    if (w.find(needle) != std::string::npos) out.push_back(w);
  }
  return out;
}

// A request the official registry would take as it is: a namespace of one's own, a release
// asset URL, an author.
PackageRequest publishable_request(const mcpc::sema::CheckedModule& m, const fs::path& binary, const fs::path& out) {
  PackageRequest r = native_request(m, binary, out);
  r.registry_namespace = "io.github.acme";
  r.identifier_base_url = "https://github.com/acme/tools/releases/download/v1.0.0";
  r.metadata.author = "Acme Tools <tools@acme.example>";
  return r;
}

void expect_artifacts_match(const fs::path& out, const json& manifest) {
  ASSERT_TRUE(manifest.contains("artifacts"));
  EXPECT_EQ(manifest["artifacts"].size(), 7u);
  for (const json& a : manifest["artifacts"]) {
    std::string file = a["file"];
    EXPECT_FALSE(fs::path(file).is_absolute()) << file;
    std::uintmax_t size = 0;
    auto digest = mcpc::registry::sha256_file(out / file, &size);
    ASSERT_TRUE(digest) << file;
    EXPECT_EQ(*digest, a["sha256"]) << file;
    EXPECT_EQ(size, a["size"].get<std::uintmax_t>()) << file;
  }
  EXPECT_EQ(manifest["artifact"]["file"], manifest["artifacts"][0]["file"]);
  EXPECT_EQ(manifest["artifacts"][0]["role"], "tarball");
  EXPECT_EQ(manifest["artifacts"][1]["role"], "mcpb");
  // Nothing else was left behind (no staging directory, no temporaries).
  std::size_t count = 0;
  for (auto it = fs::recursive_directory_iterator(out); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file()) ++count;
    EXPECT_EQ(it->path().filename().string().find(".mcpc-package-"), std::string::npos) << it->path();
  }
  EXPECT_EQ(count, 8u);
}

TEST(Package, CalculatorIsReproducibleAcrossOutputDirsMtimesAndZones) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  // A copy of the binary with another mtime (and another path) must give the same archives.
  fs::create_directories(t / "copy");
  fs::copy_file(MCPC_CALCULATOR_BIN, t / "copy" / "mcpc-calculator");
  fs::last_write_time(t / "copy" / "mcpc-calculator", fs::file_time_type::clock::now() - std::chrono::hours(50));
  PackageResult a = make_package(native_request(m, MCPC_CALCULATOR_BIN, t / "a"));
  PackageResult b;
  {
    ScopedEnv tz("TZ", "Australia/Adelaide");
    ScopedEnv sde("SOURCE_DATE_EPOCH", nullptr);
    b = make_package(native_request(m, t / "copy" / "mcpc-calculator", t / "b"));
  }
  for (const char* f : {"calculator-mcp-1.0.0.tgz", "calculator-mcp-1.0.0.mcpb", "server.json"}) {
    EXPECT_EQ(read_file(t / "a" / f), read_file(t / "b" / f)) << f;
  }
  expect_artifacts_match(t / "a", a.manifest);
  EXPECT_EQ(a.manifest_path, fs::canonical(t / "a") / "manifest.json");
  EXPECT_EQ(a.files.size(), 8u);

  // The tarball holds bin/<exe>, executable, owned by root, at the default epoch.
  std::vector<Member> members = list_archive(t / "a" / "calculator-mcp-1.0.0.tgz");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].path, "bin/mcpc-calculator");
  EXPECT_EQ(members[1].mode & 07777, 0755u);
  EXPECT_EQ(members[1].mtime, kDefaultEpoch);
  EXPECT_GT(members[1].size, 0);

  // A given epoch is used, and changes the bytes.
  PackageRequest r = native_request(m, MCPC_CALCULATOR_BIN, t / "c");
  r.source_date_epoch = 1700000000;
  make_package(r);
  EXPECT_EQ(list_archive(t / "c" / "calculator-mcp-1.0.0.tgz")[1].mtime, 1700000000);
  EXPECT_NE(read_file(t / "a" / "calculator-mcp-1.0.0.tgz"), read_file(t / "c" / "calculator-mcp-1.0.0.tgz"));

  // Packaging again into the same directory replaces the files (same bytes).
  make_package(native_request(m, MCPC_CALCULATOR_BIN, t / "a"));
  EXPECT_EQ(read_file(t / "a" / "calculator-mcp-1.0.0.mcpb"), read_file(t / "b" / "calculator-mcp-1.0.0.mcpb"));
}

// A copy of the calculator with debug info: the build's own when it has some (RelWithDebInfo,
// Debug), else one .debug_ section added with objcopy (a Release build has none to strip).
fs::path calculator_with_debug_info(const TempDir& t) {
  fs::path copy = t / "input" / "mcpc-calculator";
  fs::create_directories(copy.parent_path());
  fs::copy_file(MCPC_CALCULATOR_BIN, copy);
  if (debug_sections(read_file(copy)).empty()) {
    write_file(t / "dwarf.bin", std::string(4096, 'd'));
    std::string cmd = "objcopy --add-section .debug_info='" + (t / "dwarf.bin").string() +
                      "' --set-section-flags .debug_info=noload,readonly '" + copy.string() + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  EXPECT_FALSE(debug_sections(read_file(copy)).empty()) << "the input has no debug info to strip";
  return copy;
}

TEST(Package, NativeBinariesArePackagedWithoutDebugInfoUnlessKeepDebug) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  fs::path binary = calculator_with_debug_info(t);
  const std::string built = read_file(binary);
  const std::pair<const char*, const char*> members[] = {{"calculator-mcp-1.0.0.tgz", "bin/mcpc-calculator"},
                                                         {"calculator-mcp-1.0.0.mcpb", "server/mcpc-calculator"}};

  // By default: no .debug_* section in the binary of either archive, and far smaller.
  PackageResult stripped = make_package(native_request(m, binary, t / "default"));
  expect_artifacts_match(t / "default", stripped.manifest);
  EXPECT_EQ(read_file(binary), built);  // the build's binary is left alone
  for (const auto& [archive, member] : members) {
    std::string packaged = archive_member(t / "default" / archive, member);
    ASSERT_FALSE(packaged.empty()) << archive << " has no " << member;
    EXPECT_EQ(debug_sections(packaged), std::vector<std::string>{}) << archive;
    EXPECT_LT(packaged.size(), built.size()) << archive;
  }

  // keep_debug: the binary exactly as built, debug info included.
  PackageRequest keep = native_request(m, binary, t / "keep");
  keep.keep_debug = true;
  make_package(keep);
  for (const auto& [archive, member] : members) {
    std::string packaged = archive_member(t / "keep" / archive, member);
    EXPECT_EQ(packaged.size(), built.size()) << archive;
    EXPECT_TRUE(packaged == built) << archive << ": not the binary as built";
    EXPECT_NE(debug_sections(packaged), std::vector<std::string>{}) << archive;
  }
}

TEST(Package, StrippedBinaryIsReproducibleAndStillRuns) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  PackageRequest r = native_request(m, MCPC_CALCULATOR_BIN, t / "stripped");
  PackageResult a = make_package(r);
  expect_artifacts_match(t / "stripped", a.manifest);
  std::vector<Member> members = list_archive(t / "stripped" / "calculator-mcp-1.0.0.tgz");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].mode & 07777, 0755u);
  // Deterministic like the rest: stripping twice gives the same archives.
  r.output_dir = t / "again";
  make_package(r);
  EXPECT_EQ(read_file(t / "stripped" / "calculator-mcp-1.0.0.tgz"),
            read_file(t / "again" / "calculator-mcp-1.0.0.tgz"));
  // The stripped server still starts and answers.
  fs::create_directories(t / "unpacked");
  std::string cmd = "tar xzf '" + (t / "stripped" / "calculator-mcp-1.0.0.tgz").string() + "' -C '" +
                    (t / "unpacked").string() + "' && '" + (t / "unpacked" / "bin" / "mcpc-calculator").string() +
                    "' --version > '" + (t / "version.txt").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_NE(read_file(t / "version.txt").find("1.0.0"), std::string::npos) << read_file(t / "version.txt");
}

TEST(Package, CalculatorDocuments) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  PackageRequest r = native_request(m, MCPC_CALCULATOR_BIN, t.path());
  r.registry_namespace = "io.github.acme";
  r.identifier_base_url = "https://github.com/acme/calc/releases/download/v1.0.0";
  r.metadata.author = "Acme Tools <tools@acme.example>";
  r.metadata.repository = "https://github.com/acme/calc";
  r.metadata.license = "MIT";
  r.metadata.tags = {"math", "demo"};
  std::vector<std::string> progress;
  r.progress = [&](std::string_view line) { progress.emplace_back(line); };
  PackageResult res = make_package(r);
  EXPECT_FALSE(progress.empty());

  json manifest = read_json(t / "manifest.json");
  EXPECT_EQ(manifest, res.manifest);
  EXPECT_EQ(manifest["format"], "mcpc-manifest/1");
  EXPECT_EQ(manifest["name"], "calculator-mcp");
  EXPECT_EQ(manifest["registry_name"], "io.github.acme/calculator-mcp");
  EXPECT_EQ(manifest["version"], "1.0.0");
  EXPECT_EQ(manifest["runtime"], "native");
  EXPECT_EQ(manifest["server_type"], "local");
  EXPECT_EQ(manifest["transports"], json::parse(R"([{"type":"stdio"}])"));
  ASSERT_EQ(manifest["tools"].size(), m->tools.size());
  EXPECT_EQ(manifest["tools"][0]["name"], m->tools[0].name);
  EXPECT_TRUE(manifest["tools"][0]["input_schema"].is_object());
  EXPECT_EQ(manifest["metadata"]["tags"], json::parse(R"(["math","demo"])"));
  EXPECT_EQ(manifest["metadata"]["license"], "MIT");
  EXPECT_EQ(manifest["artifact"]["file"], "calculator-mcp-1.0.0.tgz");
  EXPECT_EQ(manifest["built_by"].get<std::string>().rfind("mcpc ", 0), 0u);
  json desktop = read_json(t / "clients" / "claude-desktop.json");
  EXPECT_EQ(manifest["claude_config"], desktop);

  json sj = read_json(t / "server.json");
  EXPECT_EQ(sj["$schema"], std::string(kServerJsonSchema));
  EXPECT_EQ(sj["name"], "io.github.acme/calculator-mcp");
  EXPECT_EQ(sj["version"], "1.0.0");
  EXPECT_EQ(sj["repository"], json::parse(R"({"url":"https://github.com/acme/calc","source":"github"})"));
  ASSERT_EQ(sj["packages"].size(), 1u);
  const json& pkg = sj["packages"][0];
  EXPECT_EQ(pkg["registryType"], "mcpb");
  EXPECT_EQ(pkg["identifier"], "https://github.com/acme/calc/releases/download/v1.0.0/calculator-mcp-1.0.0.mcpb");
  EXPECT_EQ(pkg["fileSha256"], *mcpc::registry::sha256_file(t / "calculator-mcp-1.0.0.mcpb"));
  EXPECT_EQ(pkg["transport"], json::parse(R"({"type":"stdio"})"));
  EXPECT_FALSE(pkg.contains("registryBaseUrl"));
  EXPECT_FALSE(pkg.contains("environmentVariables"));  // the calculator reads none

  // The bundle's manifest, read back from the zip.
  int status = 0;
  std::string bundle_text =
      run_capture("unzip -p " + (t / "calculator-mcp-1.0.0.mcpb").string() + " manifest.json", &status);
  ASSERT_EQ(status, 0);
  json bundle = json::parse(bundle_text);
  EXPECT_EQ(bundle["manifest_version"], "0.2");
  EXPECT_EQ(bundle["server"]["type"], "binary");
  EXPECT_EQ(bundle["server"]["entry_point"], "server/mcpc-calculator");
  EXPECT_EQ(bundle["server"]["mcp_config"]["command"], "${__dirname}/server/mcpc-calculator");
  EXPECT_EQ(bundle["server"]["mcp_config"]["args"], json::parse(R"(["--transport","stdio"])"));
  EXPECT_EQ(bundle["author"], json::parse(R"({"name":"Acme Tools","email":"tools@acme.example"})"));
  EXPECT_EQ(bundle["compatibility"]["platforms"], json::parse(R"(["linux"])"));
  EXPECT_EQ(bundle["tools"].size(), m->tools.size());
  EXPECT_FALSE(bundle.contains("user_config"));
  EXPECT_EQ(bundle["keywords"], json::parse(R"(["math","demo"])"));

  EXPECT_EQ(desktop["mcpServers"]["calculator-mcp"]["command"], fs::canonical(MCPC_CALCULATOR_BIN).string());
}

TEST(Package, InventoryEnvironmentEverywhere) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("inventory"));
  make_package(native_request(m, MCPC_INVENTORY_BIN, t.path()));
  json sj = read_json(t / "server.json");
  EXPECT_EQ(sj["name"], "local.mcpc/inventory-mcp");  // the default namespace
  EXPECT_EQ(sj["packages"][0]["identifier"], "inventory-mcp-1.0.0.mcpb");
  const json& vars = sj["packages"][0]["environmentVariables"];
  ASSERT_EQ(vars.size(), 2u);
  EXPECT_EQ(vars[0]["name"], "INVENTORY_API_KEY");
  EXPECT_EQ(vars[0]["isSecret"], true);
  EXPECT_EQ(vars[0]["isRequired"], true);
  EXPECT_FALSE(vars[0].contains("default"));
  EXPECT_EQ(vars[1]["name"], "INVENTORY_DB");
  EXPECT_EQ(vars[1]["isSecret"], false);
  EXPECT_EQ(vars[1]["isRequired"], false);
  EXPECT_EQ(vars[1]["default"], "inventory.db");

  json bundle = json::parse(run_capture("unzip -p " + (t / "inventory-mcp-1.0.0.mcpb").string() + " manifest.json"));
  const json& uc = bundle["user_config"];
  EXPECT_EQ(uc["inventory_api_key"]["sensitive"], true);
  EXPECT_EQ(uc["inventory_api_key"]["required"], true);
  EXPECT_EQ(uc["inventory_db"]["default"], "inventory.db");
  EXPECT_EQ(uc["inventory_db"]["required"], false);
  EXPECT_FALSE(uc["inventory_db"].contains("sensitive"));
  EXPECT_EQ(bundle["server"]["mcp_config"]["env"],
            json::parse(R"({"INVENTORY_API_KEY":"${user_config.inventory_api_key}",
                            "INVENTORY_DB":"${user_config.inventory_db}"})"));

  json desktop = read_json(t / "clients" / "claude-desktop.json");
  EXPECT_EQ(desktop["mcpServers"]["inventory-mcp"]["env"],
            json::parse(R"({"INVENTORY_API_KEY":"<INVENTORY_API_KEY>","INVENTORY_DB":"inventory.db"})"));
  json code = read_json(t / "clients" / "claude-code.mcp.json");
  EXPECT_EQ(code["mcpServers"]["inventory-mcp"]["type"], "stdio");
  EXPECT_EQ(
      code["mcpServers"]["inventory-mcp"]["env"],
      json::parse(R"({"INVENTORY_API_KEY":"${INVENTORY_API_KEY}","INVENTORY_DB":"${INVENTORY_DB:-inventory.db}"})"));
  json vscode = read_json(t / "clients" / "vscode.mcp.json");
  ASSERT_EQ(vscode["inputs"].size(), 2u);
  EXPECT_EQ(vscode["inputs"][0]["type"], "promptString");
  EXPECT_EQ(vscode["inputs"][0]["id"], "inventory-api-key");
  EXPECT_EQ(vscode["inputs"][0]["password"], true);
  EXPECT_FALSE(vscode["inputs"][1].contains("password"));
  EXPECT_EQ(vscode["servers"]["inventoryMcp"]["env"]["INVENTORY_API_KEY"], "${input:inventory-api-key}");
  EXPECT_FALSE(vscode.contains("mcpServers"));
  json cursor = read_json(t / "clients" / "cursor.mcp.json");
  EXPECT_EQ(cursor["mcpServers"]["inventory-mcp"]["env"]["INVENTORY_API_KEY"], "${env:INVENTORY_API_KEY}");

  json manifest = read_json(t / "manifest.json");
  EXPECT_EQ(manifest["env"][0], json::parse(R"({"name":"INVENTORY_API_KEY",
      "description":"The key clients must send in the X-API-Key header","required":true,"secret":true})"));
  EXPECT_EQ(manifest["auth"]["type"], "api_key");
}

TEST(Package, NotesOverHttpIsLaunchedOverStdio) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("notes"));
  make_package(native_request(m, MCPC_NOTES_BIN, t.path()));
  json manifest = read_json(t / "manifest.json");
  EXPECT_EQ(manifest["transports"], json::parse(R"([{"type":"streamable-http","url":"http://localhost:8080/mcp"}])"));
  EXPECT_FALSE(manifest["resources"].empty());
  EXPECT_FALSE(manifest["resource_templates"].empty());
  EXPECT_FALSE(manifest["prompts"].empty());
  json sj = read_json(t / "server.json");
  EXPECT_EQ(sj["websiteUrl"], "https://example.com/notes-mcp");
  EXPECT_EQ(sj["packages"][0]["transport"]["type"], "stdio");
  EXPECT_EQ(sj["packages"][0]["packageArguments"][0]["value"], "stdio");
  EXPECT_EQ(sj["packages"][0]["environmentVariables"][0]["isSecret"], true);
  json desktop = read_json(t / "clients" / "claude-desktop.json");
  EXPECT_EQ(desktop["mcpServers"]["notes-mcp"]["args"], json::parse(R"(["--transport","stdio"])"));
}

TEST(Package, LongDescriptionIsShortenedWithAWarning) {
  TempDir t;
  mcpc::ir::Module m = load("calculator");
  m.server.description = std::string(30, 'x') + " " + std::string(40, 'y') + " " + std::string(40, 'z');
  PackageResult res = make_package(native_request(check(m), MCPC_CALCULATOR_BIN, t.path()));
  json sj = read_json(t / "server.json");
  std::string d = sj["description"];
  EXPECT_LE(d.size(), 100u);
  EXPECT_EQ(d, std::string(30, 'x') + " " + std::string(40, 'y') + "...");
  EXPECT_EQ(warnings_with(res, "100 characters").size(), 1u) << ::testing::PrintToString(res.warnings);
  EXPECT_EQ(read_json(t / "manifest.json")["description"], m.server.description);  // kept whole there
}

// server.json as the official registry would refuse it: the default namespace and a .mcpb
// identifier that is no release-asset URL are flagged, each saying which option fixes it.
TEST(Package, ServerJsonTheOfficialRegistryRefusesIsFlagged) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  PackageResult res = make_package(native_request(m, MCPC_CALCULATOR_BIN, t / "default"));
  std::vector<std::string> ns = warnings_with(res, "namespace 'local.mcpc'");
  ASSERT_EQ(ns.size(), 1u) << ::testing::PrintToString(res.warnings);
  EXPECT_NE(ns[0].find("official MCP registry refuses"), std::string::npos) << ns[0];
  EXPECT_NE(ns[0].find("--namespace"), std::string::npos) << ns[0];
  std::vector<std::string> id = warnings_with(res, "'calculator-mcp-1.0.0.mcpb' (it is a file name, not a URL)");
  ASSERT_EQ(id.size(), 1u) << ::testing::PrintToString(res.warnings);
  EXPECT_NE(id[0].find("--base-url https://github.com/OWNER/REPO/releases/download/v1.0.0"), std::string::npos)
      << id[0];

  // A namespace of one's own, a GitHub release asset and an author: nothing to say.
  res = make_package(publishable_request(m, MCPC_CALCULATOR_BIN, t / "publishable"));
  EXPECT_EQ(res.warnings, std::vector<std::string>{});

  // Download URLs the official registry does not take (mcpc's own registry takes them all).
  const std::pair<const char*, const char*> refused[] = {
      {"http://github.com/acme/calc/releases/download/v1", "not an https URL"},
      {"https://example.com/dl", "not on github.com or gitlab.com"},
      {"https://github.com/acme/calc/archive", "not a GitHub release asset"},
      {"file:///srv/bundles", "not an https URL"},
  };
  for (const auto& [url, reason] : refused) {
    PackageRequest r = publishable_request(m, MCPC_CALCULATOR_BIN, t / "refused");
    r.identifier_base_url = url;
    res = make_package(r);
    EXPECT_EQ(warnings_with(res, reason).size(), 1u) << url << ": " << ::testing::PrintToString(res.warnings);
    EXPECT_EQ(res.warnings.size(), 1u) << url << ": " << ::testing::PrintToString(res.warnings);
  }
  PackageRequest gitlab = publishable_request(m, MCPC_CALCULATOR_BIN, t / "gitlab");
  gitlab.identifier_base_url = "https://gitlab.com/acme/calc-mcp/-/releases/v1/downloads";
  EXPECT_EQ(make_package(gitlab).warnings, std::vector<std::string>{});
}

// Every "description" in a JSON document, with its path.
void collect_descriptions(const json& j, const std::string& path, std::vector<std::pair<std::string, json>>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "description") out.emplace_back(path + "/" + k, v);
      collect_descriptions(v, path + "/" + k, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) collect_descriptions(j[i], path + "/" + std::to_string(i), out);
  }
}

json bundle_manifest(const fs::path& mcpb) { return json::parse(archive_member(mcpb, "manifest.json")); }

// The bundle lists the prompts (their messages as one text in the host's ${arguments.x}
// placeholders), takes its author from the spec, and never writes a blank description.
TEST(Package, BundleListsPromptsNamesTheSpecsAuthorAndHasNoBlankDescriptions) {
  TempDir t;
  write_file(t / "mcp.yaml",
             read_file(MCPC_SOURCE_DIR "/examples/notes/mcp.yaml") + "author: Ada Lovelace <ada@example.com>\n");
  mcpc::SourceManager sm;
  mcpc::DiagnosticEngine diags;
  std::optional<mcpc::ir::Module> loaded = mcpc::load_spec((t / "mcp.yaml").string(), sm, diags);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->server.author, "Ada Lovelace <ada@example.com>");
  mcpc::ir::Module m = *loaded;
  ASSERT_GE(m.prompts.size(), 2u);
  ASSERT_FALSE(m.tools.empty());
  ASSERT_FALSE(m.env.empty());
  m.prompts[1].description = "";
  m.tools[0].description = "   ";
  m.env[0].description = "\n";
  mcpc::sema::CheckedModule checked = check(m);
  PackageRequest r = publishable_request(checked, MCPC_NOTES_BIN, t / "out");
  r.metadata.author = "";  // the spec's
  PackageResult res = make_package(r);
  EXPECT_EQ(res.warnings, std::vector<std::string>{});
  json bundle = bundle_manifest(t / "out" / "notes-mcp-0.3.0.mcpb");

  EXPECT_EQ(bundle["author"], json::parse(R"({"name":"Ada Lovelace","email":"ada@example.com"})"));
  EXPECT_EQ(read_json(t / "out" / "manifest.json")["metadata"]["author"], "Ada Lovelace <ada@example.com>");

  EXPECT_EQ(bundle["prompts"].size(), m.prompts.size()) << bundle.dump(2);
  if (bundle["prompts"].size() == m.prompts.size()) {
    const json& summarize = bundle["prompts"][0];
    EXPECT_EQ(summarize["name"], "summarize_note");
    EXPECT_EQ(summarize["description"], m.prompts[0].description);
    EXPECT_EQ(summarize["arguments"], json::parse(R"(["folder","id","length"])"));
    EXPECT_EQ(summarize["text"],
              "Summarise the note notes://${arguments.folder}/${arguments.id} in ${arguments.length}.");
    const json& review = bundle["prompts"][1];
    EXPECT_FALSE(review.contains("description"));
    EXPECT_FALSE(review.contains("arguments"));
    EXPECT_EQ(review["text"],
              "User: " + m.prompts[1].messages[0].text + "\n\nAssistant: " + m.prompts[1].messages[1].text);
  }

  std::vector<std::pair<std::string, json>> descriptions;
  collect_descriptions(bundle, "", descriptions);
  EXPECT_FALSE(descriptions.empty());
  for (const auto& [path, d] : descriptions) {
    ASSERT_TRUE(d.is_string()) << path;
    EXPECT_NE(d.get<std::string>().find_first_not_of(" \t\r\n"), std::string::npos) << path << " is blank";
  }
  EXPECT_FALSE(bundle["tools"][0].contains("description"));

  // --author overrides the spec; with neither, the bundle says the server's name, with a warning.
  r.output_dir = t / "override";
  r.metadata.author = "Acme Tools";
  make_package(r);
  EXPECT_EQ(bundle_manifest(t / "override" / "notes-mcp-0.3.0.mcpb")["author"],
            json::parse(R"({"name":"Acme Tools"})"));
  m.server.author = "";
  mcpc::sema::CheckedModule anonymous = check(m);
  PackageRequest none = publishable_request(anonymous, MCPC_NOTES_BIN, t / "anonymous");
  none.metadata.author = "";
  res = make_package(none);
  EXPECT_EQ(warnings_with(res, "author: Name <email>").size(), 1u) << ::testing::PrintToString(res.warnings);
  EXPECT_EQ(bundle_manifest(t / "anonymous" / "notes-mcp-0.3.0.mcpb")["author"]["name"], "notes-mcp");
}

// Expects make_package to throw a PackageError mentioning `needle`, and to leave `out` empty.
void expect_refused(const PackageRequest& r, const std::string& needle) {
  try {
    make_package(r);
    ADD_FAILURE() << "expected a PackageError mentioning '" << needle << "'";
  } catch (const PackageError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
  std::error_code ec;
  if (fs::is_directory(r.output_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(r.output_dir)) {
      if (entry.is_regular_file()) ADD_FAILURE() << "left behind: " << entry.path();
      EXPECT_EQ(entry.path().filename().string().find(".mcpc-package-"), std::string::npos) << entry.path();
    }
  }
}

TEST(Package, RefusesHostileOrBrokenInput) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  fs::path out = t / "out";
  expect_refused(native_request(m, "", out), "--binary");
  expect_refused(native_request(m, t / "missing", out), "does not exist");
  expect_refused(native_request(m, t.path(), out), "not a regular file");
  write_file(t / "data.bin", "not a program");
  fs::permissions(t / "data.bin", fs::perms::owner_read | fs::perms::owner_write);
  expect_refused(native_request(m, t / "data.bin", out), "not executable");  // no x bit: even for root

  PackageRequest bad_ns = native_request(m, MCPC_CALCULATOR_BIN, out);
  bad_ns.registry_namespace = "bad_ns!";
  expect_refused(bad_ns, "namespace");
  PackageRequest bad_repo = native_request(m, MCPC_CALCULATOR_BIN, out);
  bad_repo.metadata.repository = "git@github.com:acme/x.git";
  expect_refused(bad_repo, "repository");

  // What the checks let through the packager still refuses where it would name a file.
  mcpc::ir::Module evil = m.module();
  evil.server.name = "../../evil";
  expect_refused(native_request(check(evil), MCPC_CALCULATOR_BIN, out), "server name");
  // (A version such as "1.0/../../x" never gets here: it is not semver, which the checks refuse.)
  evil = m.module();
  evil.server.version = "";
  expect_refused(native_request(check(evil), MCPC_CALCULATOR_BIN, out), "version");
  evil.server.version = "1.0.0-" + std::string(300, 'a');
  expect_refused(native_request(check(evil), MCPC_CALCULATOR_BIN, out), "version");

  write_file(t / "a-file", "x");
  PackageRequest to_file = native_request(m, MCPC_CALCULATOR_BIN, t / "a-file");
  EXPECT_THROW(make_package(to_file), PackageError);

  PackageRequest node;
  node.module = &m;
  node.runtime = Runtime::Node;
  node.node_package = t / "no-such-package";
  node.output_dir = out;
  expect_refused(node, "not a directory");
  fs::create_directories(t / "pkg");
  write_file(t / "pkg" / "package.json", R"({"name":"x","version":"1.0.0"})");
  node.node_package = t / "pkg";
  node.output_dir = t / "pkg" / "out";
  expect_refused(node, "inside the package");

  // A package whose dist/main.js is a symbolic link to a file elsewhere is refused.
  if (std::system("command -v npm >/dev/null 2>&1") == 0) {
    fs::path pkg = t / "linky";
    write_file(pkg / "package.json", R"({"name":"linky","version":"1.0.0","files":["dist"]})");
    write_file(t / "secret.txt", "secret\n");
    fs::create_directories(pkg / "dist");
    fs::create_symlink(t / "secret.txt", pkg / "dist" / "main.js");
    fs::last_write_time(pkg / "package.json", fs::file_time_type::clock::now() - std::chrono::hours(100));
    node.node_package = pkg;
    node.output_dir = t / "linky-out";
    try {
      make_package(node);
      ADD_FAILURE() << "packaged a symbolic link";
    } catch (const PackageError& e) {
      std::string what = e.what();
      EXPECT_TRUE(what.find("symbolic link") != std::string::npos || what.find("dist/main.js") != std::string::npos)
          << what;
    }
    EXPECT_FALSE(fs::exists(t / "linky-out" / "manifest.json"));
  }
}

// ---- client snippets: defaults that would break out of a client's variable syntax ----------

// What Claude Code makes of a .mcp.json value with every variable unset: it replaces each
// /\$\{([^}]+)\}/ (up to the FIRST '}') by the default after ':-', where the default is only
// the piece between the first and second ':-' (JavaScript's split(':-', 2)).
std::string claude_code_expand_unset(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t start = value.find("${", i);
    std::size_t close = start == std::string::npos ? std::string::npos : value.find('}', start + 2);
    if (close == std::string::npos || close == start + 2) {
      out += value.substr(i);
      break;
    }
    out += value.substr(i, start - i);
    std::string content = value.substr(start + 2, close - start - 2);
    std::size_t sep = content.find(":-");
    if (sep == std::string::npos) {
      out += value.substr(start, close - start + 1);  // unset, no default: left as written
    } else {
      std::string rest = content.substr(sep + 2);
      out += rest.substr(0, rest.find(":-"));
    }
    i = close + 1;
  }
  return out;
}

TEST(Documents, ClientDefaultsNeverBreakOutOfTheirVariableSyntax) {
  mcpc::ir::Module m = load("inventory");
  mcpc::ir::EnvVar* db = nullptr;
  for (mcpc::ir::EnvVar& e : m.env) db = e.name == "INVENTORY_DB" ? &e : db;
  ASSERT_TRUE(db);
  ASSERT_EQ(claude_code_expand_unset("${INVENTORY_DB:-inventory.db}"), "inventory.db");
  for (const std::string value :
       {"inventory.db", "a}b", "}", "x:-y", "${HOME}/.db", "pre${", "$HOME/x", "$5 off", "a{b"}) {
    db->default_value = value;
    ClientConfigs c = make_client_configs(m, "/opt/server", {"--transport", "stdio"});
    // Claude Code: the value expands to exactly the default, or the variable is left out (the
    // server then applies the default itself).
    const auto& code_env = c.claude_code["mcpServers"]["inventory-mcp"]["env"];
    if (code_env.contains("INVENTORY_DB")) {
      EXPECT_EQ(claude_code_expand_unset(code_env["INVENTORY_DB"].get<std::string>()), value)
          << "written as " << code_env["INVENTORY_DB"];
    }
    EXPECT_EQ(code_env.contains("INVENTORY_DB"), value.find('}') == std::string::npos &&
                                                     value.find(":-") == std::string::npos &&
                                                     value.find("${") == std::string::npos)
        << value;
    EXPECT_EQ(code_env["INVENTORY_API_KEY"], "${INVENTORY_API_KEY}");  // the other variable is untouched
    // Cursor writes a default literally and expands ${...} in it: none may get through.
    const auto& cursor_env = c.cursor["mcpServers"]["inventory-mcp"]["env"];
    if (cursor_env.contains("INVENTORY_DB")) {
      EXPECT_EQ(cursor_env["INVENTORY_DB"], value);
      EXPECT_EQ(value.find("${"), std::string::npos) << value;
    }
  }
}

TEST(Package, DefaultsAClientCannotExpressAreLeftOutWithAWarning) {
  TempDir t;
  mcpc::ir::Module m = load("inventory");
  for (mcpc::ir::EnvVar& e : m.env) {
    if (e.name == "INVENTORY_DB") e.default_value = "db-{1}.sqlite";
  }
  std::vector<std::string> warnings;
  make_client_configs(m, "/opt/server", {}, &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("clients/claude-code.mcp.json: the default of INVENTORY_DB"), std::string::npos)
      << warnings[0];
  PackageResult res = make_package(native_request(check(m), MCPC_INVENTORY_BIN, t.path()));
  EXPECT_EQ(warnings_with(res, "clients/"), warnings);
  json code = read_json(t / "clients" / "claude-code.mcp.json");
  EXPECT_FALSE(code["mcpServers"]["inventory-mcp"]["env"].contains("INVENTORY_DB"));
  EXPECT_EQ(read_json(t / "clients" / "cursor.mcp.json")["mcpServers"]["inventory-mcp"]["env"]["INVENTORY_DB"],
            "db-{1}.sqlite");  // Cursor has no trouble with '}'
}

TEST(Package, NeverWritesThroughASymlinkPlantedInTheOutputDirectory) {
  TempDir t;
  mcpc::sema::CheckedModule m = check(load("calculator"));
  fs::path out = t / "shared-out", elsewhere = t / "elsewhere";
  fs::create_directories(out);
  fs::create_directories(elsewhere);
  fs::create_directory_symlink(elsewhere, out / "clients");
  write_file(t / "victim", "victim\n");
  fs::create_symlink(t / "victim", out / "server.json");
  try {
    make_package(native_request(m, MCPC_CALCULATOR_BIN, out));
    ADD_FAILURE() << "packaged through a symlinked clients/ directory";
  } catch (const PackageError& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(elsewhere));
  EXPECT_EQ(read_file(t / "victim"), "victim\n");
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_EQ(e.path().filename().string().find(".mcpc-package-"), std::string::npos) << "left behind: " << e.path();
  }
  // Without the planted directory, a planted file symlink is replaced, not written through.
  fs::remove(out / "clients");
  make_package(native_request(m, MCPC_CALCULATOR_BIN, out));
  EXPECT_EQ(read_file(t / "victim"), "victim\n");
  EXPECT_FALSE(fs::is_symlink(out / "server.json"));
  EXPECT_EQ(read_json(out / "server.json")["name"], "local.mcpc/calculator-mcp");
}

// ---- mcpc package, in-process ------------------------------------------------------------

using mcpc::testing::CliRun;
using mcpc::testing::run_mcpc;

TEST(PackageCli, SpecWithBinary) {
  TempDir t;
  CliRun r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/inventory/mcp.yaml", "--binary", MCPC_INVENTORY_BIN, "-o",
                       (t / "out").string(), "--namespace", "io.github.acme", "--author", "Acme", "--repository",
                       "https://gitlab.com/acme/inventory", "--tag", "a", "--tag", "b"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("mcpc: package: wrote inventory-mcp-1.0.0.mcpb"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("server.json"), std::string::npos) << r.out;
  json sj = read_json(t / "out" / "server.json");
  EXPECT_EQ(sj["name"], "io.github.acme/inventory-mcp");
  EXPECT_EQ(sj["repository"]["source"], "gitlab");
  EXPECT_EQ(read_json(t / "out" / "manifest.json")["metadata"]["tags"], json::parse(R"(["a","b"])"));

  // --json: the manifest on stdout; -q: nothing on stderr when there is nothing to warn about.
  r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "--binary", MCPC_CALCULATOR_BIN, "-o",
                (t / "json").string(), "--json", "-q", "--namespace", "io.github.acme", "--base-url",
                "https://github.com/acme/tools/releases/download/v1.0.0", "--author", "Acme"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json printed = json::parse(r.out);
  EXPECT_EQ(printed, read_json(t / "json" / "manifest.json"));
}

// What the official registry would refuse is a warning of its own, shown even with -q; the
// package is written all the same (exit status 0).
TEST(PackageCli, WhatTheOfficialRegistryRefusesIsAWarning) {
  TempDir t;
  CliRun r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "--binary", MCPC_CALCULATOR_BIN,
                       "-o", (t / "out").string(), "-q"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("mcpc: warning: server.json: the name 'local.mcpc/calculator-mcp' is in mcpc's default "
                       "namespace"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("pass --namespace, e.g. --namespace io.github.USER [package-compat]"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("pass --base-url"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(t / "out" / "manifest.json"));
}

// mcpc package strips by default; --keep-debug (shared with mcpc publish) keeps the debug info.
TEST(PackageCli, KeepDebugKeepsTheDebugInfo) {
  TempDir t;
  fs::path binary = calculator_with_debug_info(t);
  for (bool keep : {false, true}) {
    fs::path out = t / (keep ? "keep" : "default");
    std::vector<std::string> args{
        "package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "--binary", binary.string(), "-o", out.string(),
        "-q"};
    if (keep) args.push_back("--keep-debug");
    CliRun r = run_mcpc(args);
    ASSERT_EQ(r.code, 0) << r.err;
    std::string packaged = archive_member(out / "calculator-mcp-1.0.0.tgz", "bin/mcpc-calculator");
    EXPECT_EQ(debug_sections(packaged).empty(), !keep) << (keep ? "--keep-debug" : "by default");
  }
}

// A TypeScript package directory brings its module as an IR file (mcpc.ir.json): it is checked
// like a spec before anything is built or written.
TEST(PackageCli, IrFileThatFailsTheChecksIsRefused) {
  TempDir t;
  CliRun ir = run_mcpc({"ir", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml"});
  ASSERT_EQ(ir.code, 0) << ir.err;
  json module = json::parse(ir.out);
  ASSERT_FALSE(module["tools"].empty());
  module["tools"].push_back(module["tools"][0]);  // two tools of the same name
  fs::path pkg = t / "pkg", out = t / "out";
  write_file(pkg / "mcpc.ir.json", module.dump(2));
  write_file(pkg / "package.json", R"({"name":"calculator-mcp","version":"1.0.0"})");

  CliRun r = run_mcpc({"package", pkg.string(), "-o", out.string()});
  EXPECT_EQ(r.code, 1) << r.err;
  std::string name = module["tools"][0]["name"];
  EXPECT_NE(r.err.find("error: duplicate tool name '" + name + "' [duplicate-name]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("has errors"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("npm"), std::string::npos) << "got as far as building: " << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(pkg / "dist"));
  EXPECT_FALSE(fs::exists(pkg / "node_modules"));
}

TEST(PackageCli, ErrorsAreClearWithExitCodes) {
  TempDir t;
  std::string out = (t / "out").string();
  CliRun r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "-o", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--binary"), std::string::npos) << r.err;

  r = run_mcpc({"package", (t / "nope.yaml").string(), "--binary", MCPC_CALCULATOR_BIN, "-o", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;

  r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "--binary", MCPC_CALCULATOR_BIN, "-o", out,
                "--namespace", "not/valid"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("namespace"), std::string::npos) << r.err;

  r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "--binary", (t / "missing-exe").string(),
                "-o", out});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;

  write_file(t / "broken.yaml", "name: broken\nversion: 1.0.0\ntools: 3\n");
  r = run_mcpc({"package", (t / "broken.yaml").string(), "--binary", MCPC_CALCULATOR_BIN, "-o", out});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;

  fs::create_directories(t / "plain-dir");
  r = run_mcpc({"package", (t / "plain-dir").string(), "-o", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("neither"), std::string::npos) << r.err;

  // A CMake build directory without a File API reply: the query is written, and cmake must run again.
  write_file(t / "build" / "CMakeCache.txt", "# empty\n");
  r = run_mcpc({"package", (t / "build").string(), "-o", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cmake"), std::string::npos) << r.err;
  r = run_mcpc({"package", (t / "build").string(), "--binary", MCPC_CALCULATOR_BIN, "-o", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--binary"), std::string::npos) << r.err;

  r = run_mcpc({"package", MCPC_SOURCE_DIR "/examples/calculator/mcp.yaml", "--target", "go", "-o", out});
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(t / "out" / "manifest.json"));
}

}  // namespace

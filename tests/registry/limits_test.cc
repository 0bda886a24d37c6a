// The pieces behind the registry's defences, one by one: the shared JSON reader (nesting and
// duplicate keys), the terminal escaping of published text, archive sniffing by content, the
// archive limits, and copying artifacts out without following planted symlinks.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../registry/store/src/manifest.h"
#include "mcpc/registry/json.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/terminal.h"
#include "registry_test_support.h"

namespace mcpc::registry {
namespace {

using namespace mcpc::registry::testing;

std::string refusal_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.kind(), RegistryError::Kind::Invalid) << e.what();
    return e.what();
  }
  return "(accepted)";
}

// Whether `f` throws a RegistryError(invalid) whose message holds `needle`.
::testing::AssertionResult refused_with(const std::function<void()>& f, const std::string& needle) {
  std::string why = refusal_of(f);
  if (why.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected a refusal mentioning '" << needle << "', got: " << why;
}

// Whether check_archive refuses `file` under `limits` with a message holding `needle`.
::testing::AssertionResult archive_refused(const fs::path& file, const ArchiveLimits& limits,
                                           const std::string& needle) {
  return refused_with([&] { store::check_archive(file, file.filename().string(), limits); }, needle);
}

// ---- read_json ------------------------------------------------------------------------------

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(RegistryJson, NestingIsCappedAtTheLimitExactly) {
  EXPECT_EQ(read_json(nested(kMaxJsonDepth), "doc").dump().size(), 2 * kMaxJsonDepth);
  std::string why = refusal_of([] { read_json(nested(kMaxJsonDepth + 1), "doc"); });
  EXPECT_NE(why.find("doc is refused: it is nested deeper than 128 levels"), std::string::npos) << why;
  // Objects count like arrays; a scalar inside the deepest container is no extra level.
  std::string objects;
  for (std::size_t i = 0; i < 10; ++i) objects += "{\"k\":";
  objects += "1" + std::string(10, '}');
  EXPECT_NO_THROW(read_json(objects, "doc", 10));
  EXPECT_THROW(read_json("{\"k\":" + objects + "}", "doc", 10), RegistryError);
  // A 1,000,000-deep document stops at the limit (and does not crash).
  EXPECT_THROW(read_json(nested(1'000'000), "doc"), RegistryError);
  EXPECT_THROW(read_ordered_json(nested(1'000'000), "doc"), RegistryError);
}

TEST(RegistryJson, DuplicateKeysAreRefusedPerObject) {
  std::string why = refusal_of([] { read_json(R"({"a":1,"b":2,"a":3})", "m"); });
  EXPECT_NE(why.find("m is refused: it has the key \"a\" twice"), std::string::npos) << why;
  EXPECT_THROW(read_json(R"({"x":{"a":1,"a":1}})", "m"), RegistryError);      // nested, equal values too
  EXPECT_THROW(read_json(R"([{"a":[{"b":1}],"a":2}])", "m"), RegistryError);  // after a closed inner array
  EXPECT_THROW(read_ordered_json(R"({"a":1,"a":2})", "m"), RegistryError);
  EXPECT_THROW(read_json(R"({"\u0061":1,"a":2})", "m"), RegistryError);  // the same key, spelled twice
  // Objects past the in-place search (16 keys) keep their keys in a hash set: still caught,
  // and a 200,000-key object costs no quadratic search.
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":{\"k0\":" + std::to_string(i) + "},";
  EXPECT_THROW(read_json(many + "\"k3\":0}", "m"), RegistryError);
  EXPECT_THROW(read_json("{\"big\":" + many + "\"last\":0},\"a\":1,\"a\":2}", "m"), RegistryError);
  EXPECT_EQ(read_json(many + "\"k40\":{\"k40\":1}}", "m").size(), 41u);
  std::string huge = "{";
  for (int i = 0; i < 200'000; ++i) huge += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
  EXPECT_EQ(read_json(huge + "}", "m").size(), 200'000u);
  EXPECT_THROW(read_json(huge + ",\"199999\":1}", "m"), RegistryError);
  // The same key in sibling and nested objects is fine.
  json ok = read_json(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})", "m");
  EXPECT_EQ(ok["b"][1]["a"], 2);
  EXPECT_EQ(read_ordered_json(R"({"z":1,"a":2})", "m").begin().key(), "z");  // document order kept
}

TEST(RegistryJson, ParserMessagesAreShortAndNamed) {
  std::string why = refusal_of([] { read_json("{\"a\": \"" + std::string(1 << 20, 'x'), "server.json 'x'"); });
  EXPECT_NE(why.find("server.json 'x' is not valid JSON: "), std::string::npos) << why.substr(0, 200);
  EXPECT_EQ(why.find("[json.exception"), std::string::npos) << why.substr(0, 200);
  EXPECT_LT(why.size(), 400u);
}

// ---- terminal_safe --------------------------------------------------------------------------

TEST(RegistryTerminal, ControlsAreEscapedAndTextIsKept) {
  EXPECT_EQ(terminal_safe("plain ASCII, punctuation: ~!@#$%^&*()"), "plain ASCII, punctuation: ~!@#$%^&*()");
  const std::string text = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";  // é, 日本, 😀
  EXPECT_EQ(terminal_safe(text), text);
  EXPECT_EQ(terminal_safe("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
  EXPECT_EQ(terminal_safe("a\rb\tc\nd"), "a\\rb\\tc\\nd");
  EXPECT_EQ(terminal_safe("a\nb", true), "a\nb");
  EXPECT_EQ(terminal_safe(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(terminal_safe("\xc2\x9b"
                          "31m \xc2\x9d"
                          "0;t \xc2\x85"),
            "\\u009b31m \\u009d0;t \\u0085");
  EXPECT_EQ(terminal_safe("\xe2\x80\xae"
                          "evil \xe2\x81\xa6 \xe2\x80\x8f \xd8\x9c \xe2\x80\xa8"),
            "\\u202eevil \\u2066 \\u200f \\u061c \\u2028");
  // Not UTF-8: a lone 0x9b (CSI to an 8-bit terminal), stray continuations, overlong forms,
  // surrogates, truncated sequences.
  EXPECT_EQ(terminal_safe("\x9b"
                          "31m"),
            "\\x9b31m");
  EXPECT_EQ(terminal_safe("\x80\xbf"), "\\x80\\xbf");
  EXPECT_EQ(terminal_safe("\xc0\xaf \xe0\x80\xaf"), "\\xc0\\xaf \\xe0\\x80\\xaf");
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80");
  EXPECT_EQ(terminal_safe("ok\xe2\x80"), "ok\\xe2\\x80");
  EXPECT_EQ(terminal_safe("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST(RegistryTerminal, NoByteAValueCanHoldReachesTheOutputRaw) {
  // Every single byte and every two-byte sequence: no control byte, no C1 code point survives.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      std::string in{static_cast<char>(a), static_cast<char>(b)};
      std::string out = terminal_safe(in);
      for (unsigned char c : out) ASSERT_TRUE(c >= 0x20 && c != 0x7f) << a << "," << b;
      ASSERT_EQ(out.find("\xc2\x80"), std::string::npos);
      for (int c1 = 0x80; c1 <= 0x9f; ++c1) {
        ASSERT_EQ(out.find(std::string{'\xc2', static_cast<char>(c1)}), std::string::npos);
      }
    }
  }
}

// ---- sniff_archive ------------------------------------------------------------------------

TEST(RegistryArchives, SniffingGoesByBytesOnly) {
  TempDir t("sniff");
  auto sniff = [&](const std::string& bytes) {
    write_file(t / "f", bytes);
    return store::sniff_archive(t / "f").value_or("-");
  };
  EXPECT_EQ(sniff("\x1f\x8b\x08\x00"), "gzip");
  EXPECT_EQ(sniff(std::string("\xfd"
                              "7zXZ\0\0",
                              7)),
            "xz");
  EXPECT_EQ(sniff("\x28\xb5\x2f\xfd\x00"), "zstd");
  EXPECT_EQ(sniff(std::string("BZh91AY&SY\0", 11)), "bzip2");
  EXPECT_EQ(sniff("BZh9 just text"), "-");
  EXPECT_EQ(sniff("PK\x03\x04"), "zip");
  EXPECT_EQ(sniff(std::string("PK\x05\x06", 4) + std::string(18, '\0')), "zip");  // the empty ZIP
  EXPECT_EQ(sniff(std::string(257, 'x') + "ustar"), "tar");
  EXPECT_EQ(sniff("7z\xbc\xaf\x27\x1c"), "7-Zip");
  EXPECT_EQ(sniff("070707000000"), "cpio");
  EXPECT_EQ(sniff("!<arch>\nx"), "ar");
  EXPECT_EQ(sniff(std::string(32769, '\0') + "CD001"), "ISO 9660");
  EXPECT_EQ(sniff("{\"name\": \"x\"}"), "-");
  EXPECT_EQ(sniff(std::string("\x7f"
                              "ELF\x02\x01\x01",
                              7) +
                  std::string(70000, '\0')),
            "-");
  EXPECT_EQ(sniff(""), "-");
  // Real archives, whatever their file name.
  ASSERT_TRUE(write_archive(t / "a.txt", {{"x", "y"}}, "v7tar"));
  EXPECT_EQ(store::sniff_archive(t / "a.txt"), "tar");
  ASSERT_TRUE(write_archive(t / "b.json", {{"x", "y"}}, "zip"));
  EXPECT_EQ(store::sniff_archive(t / "b.json"), "zip");
  write_file(t / "sfx", "#!/bin/sh\nexit 0\n" + read_file(t / "b.json"));
  EXPECT_EQ(store::sniff_archive(t / "sfx"), "zip with data before it");
}

TEST(RegistryArchives, Zip64CentralDirectoriesAreWalkedToo) {
  // More than 65,535 entries: the end record defers to a ZIP64 end record and its locator.
  TempDir t("zip64");
  std::vector<Member> members;
  for (int i = 0; i < 70'000; ++i) members.emplace_back("f/" + std::to_string(i));
  ASSERT_TRUE(write_archive(t / "many.zip", members, "zip"));
  ASSERT_NE(read_file(t / "many.zip").find("PK\x06\x06"), std::string::npos) << "no ZIP64 end record written";
  EXPECT_EQ(refusal_of([&] { store::check_archive(t / "many.zip", "many.zip"); }), "(accepted)");
  members.emplace_back("../evil", "x");
  ASSERT_TRUE(write_archive(t / "evil.zip", members, "zip"));
  EXPECT_TRUE(archive_refused(t / "evil.zip", {}, "entry \"../evil\" has a '..' component"));
  // Behind a stub, as unzip would still find it.
  write_file(t / "sfx.bin", "#!/bin/sh\nexit 0\n" + read_file(t / "evil.zip"));
  EXPECT_TRUE(archive_refused(t / "sfx.bin", {}, "../evil"));
  ArchiveLimits l;
  l.max_entries = 65'535;
  EXPECT_TRUE(archive_refused(t / "many.zip", l, "more than 65535 entries"));
}

// ---- the archive limits -------------------------------------------------------------------

TEST(RegistryArchives, LimitsRefuseWithAClearMessage) {
  TempDir t("limits");
  fs::path tgz = t / "a.tgz";
  ASSERT_TRUE(write_archive(
      tgz, {{"a", std::string(300'000, 'a')}, {"b", std::string(300'000, 'b')}, {"c", std::string(10, 'c')}}, "pax",
      "gzip"));
  EXPECT_EQ(refusal_of([&] { store::check_archive(tgz, "a.tgz"); }), "(accepted)");
  ArchiveLimits l;
  l.max_entry_bytes = 200'000;
  EXPECT_TRUE(archive_refused(tgz, l, "entry \"a\" unpacks to more than 200000 bytes"));
  l = {};
  l.max_unpacked_bytes = 500'000;
  EXPECT_TRUE(archive_refused(tgz, l, "it unpacks to more than 500000 bytes"));
  l = {};
  l.max_entries = 2;
  EXPECT_TRUE(archive_refused(tgz, l, "more than 2 entries"));
  l = {};
  l.ratio_grace_bytes = 100'000;
  l.max_ratio = 10;  // 600 KB of repeated letters pack into about 2 KB
  EXPECT_TRUE(archive_refused(tgz, l, "more than 10 times its"));
  // A declared size past the entry limit is refused before a byte is inflated (sparse or not).
  l = {};
  l.max_entry_bytes = 1000;
  ASSERT_TRUE(write_archive(t / "big.tar", {{"big", "", Member::file, "", 0644, 5000}}, "ustar"));
  EXPECT_TRUE(archive_refused(t / "big.tar", l, "unpacks to more than 1000 bytes"));
  // Holes of sparse entries count: what a tool without sparse files writes is the whole size.
  {
    struct archive* w = archive_write_new();
    archive_write_set_format_pax(w);
    ASSERT_EQ(archive_write_open_filename(w, (t / "sparse.tar").c_str()), ARCHIVE_OK);
    for (const char* name : {"hole1", "hole2"}) {
      struct archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, name);
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_size(e, 400'000);
      archive_entry_sparse_add_entry(e, 0, 10);
      archive_write_header(w, e);
      archive_write_data(w, "0123456789", 10);
      archive_entry_free(e);
    }
    archive_write_close(w);
    archive_write_free(w);
  }
  l = {};
  l.max_unpacked_bytes = 500'000;
  EXPECT_TRUE(archive_refused(t / "sparse.tar", l, "it unpacks to more than 500000 bytes"));
  EXPECT_EQ(refusal_of([&] { store::check_archive(t / "sparse.tar", "sparse.tar"); }), "(accepted)");
  // gzip(gzip(tar)): one layer too many by default, allowed when asked.
  compress_file(tgz, t / "twice.gz");
  EXPECT_TRUE(archive_refused(t / "twice.gz", {}, "compressed 2 times over"));
  l = {};
  l.max_compression_layers = 2;
  EXPECT_EQ(refusal_of([&] { store::check_archive(t / "twice.gz", "twice.gz", l); }), "(accepted)");
  // A compressed file that is no archive has no entries to check.
  write_file(t / "notes.txt", std::string(100'000, 'n'));
  compress_file(t / "notes.txt", t / "notes.txt.gz");
  EXPECT_EQ(refusal_of([&] { store::check_archive(t / "notes.txt.gz", "notes.txt.gz"); }), "(accepted)");
}

TEST(RegistryArchives, EntryKindsThatAreNotFilesAreRefused) {
  TempDir t("kinds");
  ASSERT_TRUE(write_archive(t / "suid.tar", {{"bin/sh", "x", Member::file, "", 04755}}, "ustar"));
  EXPECT_TRUE(archive_refused(t / "suid.tar", {}, "set-user-ID"));
  // A device node, written by hand (Member has no device kind).
  struct archive* a = archive_write_new();
  archive_write_set_format_ustar(a);
  ASSERT_EQ(archive_write_open_filename(a, (t / "dev.tar").c_str()), ARCHIVE_OK);
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "dev/mem");
  archive_entry_set_filetype(e, AE_IFCHR);
  archive_entry_set_perm(e, 0666);
  archive_entry_set_rdevmajor(e, 1);
  archive_entry_set_rdevminor(e, 1);
  archive_write_header(a, e);
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
  EXPECT_TRUE(archive_refused(t / "dev.tar", {}, "device"));
}

TEST(RegistryArchives, PublishTakesItsLimitsFromTheOptions) {
  TempDir t("publish-limits");
  Registry reg = Registry::open(t / "registry");
  ASSERT_TRUE(write_archive(t / "pkg" / "data.bin", {{"a", std::string(100'000, 'a')}}, "pax", "gzip"));
  fs::path m = write_manifest_for(t / "pkg", "limited", "1.0.0", {"data.bin"});
  PublishOptions options;
  options.archive_limits.max_unpacked_bytes = 50'000;
  EXPECT_TRUE(refused_with([&] { reg.publish(m, options); }, "unpacks to more than 50000 bytes"));
  EXPECT_TRUE(fs::is_empty(t / "registry" / "tmp"));
  EXPECT_FALSE(reg.publish(m).unchanged);  // the defaults let it through
}

// ---- copy_artifacts ------------------------------------------------------------------------

TEST(RegistryCopyOut, CopiesCreateNoPredictableNamesAndFollowNoSymlinks) {
  TempDir t("copy");
  Registry reg = Registry::open(t / "registry");
  write_file(t / "pkg" / "clients" / "a.json", "{}");
  write_file(t / "pkg" / "top.bin", "top");
  reg.publish(write_manifest_for(t / "pkg", "copy", "1.0.0", {"top.bin", "clients/a.json"}));
  std::optional<VersionRecord> v = reg.get("copy");
  ASSERT_TRUE(v);

  fs::path out = t / "out";
  copy_artifacts(*v, out);
  EXPECT_EQ(read_file(out / "top.bin"), "top");
  EXPECT_EQ(read_file(out / "clients" / "a.json"), "{}");
  // Copies replace what is there, a symlink included, rather than writing through it.
  write_file(t / "victim", "victim");
  fs::remove(out / "top.bin");
  fs::create_symlink(t / "victim", out / "top.bin");
  copy_artifacts(*v, out);
  EXPECT_EQ(read_file(t / "victim"), "victim");
  EXPECT_FALSE(fs::is_symlink(out / "top.bin"));
  EXPECT_EQ(read_file(out / "top.bin"), "top");
  // Default permissions (umask applied), not the 0600 of a mkstemp file.
  struct stat st {};
  ASSERT_EQ(::stat((out / "top.bin").c_str(), &st), 0);
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  // A symlinked subdirectory is refused; nothing is written where it points.
  fs::remove_all(out / "clients");
  fs::create_directories(t / "elsewhere");
  fs::create_directory_symlink(t / "elsewhere", out / "clients");
  try {
    copy_artifacts(*v, out);
    ADD_FAILURE() << "wrote through a symlinked directory";
  } catch (const RegistryError& e) {
    EXPECT_EQ(e.kind(), RegistryError::Kind::Io);
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_empty(t / "elsewhere"));
  // A corrupt blob leaves neither the target nor a temp file behind.
  fs::remove(out / "clients");
  fs::remove(out / "top.bin");
  ::chmod(v->artifacts[0].blob_path.c_str(), 0644);
  write_file(v->artifacts[0].blob_path, "tampered");
  EXPECT_THROW(copy_artifacts(*v, out), RegistryError);
  EXPECT_FALSE(fs::exists(out / "top.bin"));
  for (const auto& e : fs::directory_iterator(out)) ADD_FAILURE() << "left behind: " << e.path();
}

}  // namespace
}  // namespace mcpc::registry

// libFuzzer target for what `mcpc registry publish` reads from untrusted hands before storing
// anything: manifest.json (read_manifest: the shared JSON reader with its nesting limit and
// duplicate-key refusal, names, versions, artifact paths under the manifest's directory, the
// content check of the artifacts they name), the facts pulled from a stored manifest, the name,
// version and semver rules, and terminal_safe (checked: nothing a terminal acts on survives).
// The scratch directory holds a real tarball, a gzip bomb in miniature and a server.json, so
// inputs that name them get as far as the archive checks and their limits.
#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "../../registry/store/src/manifest.h"
#include "../support/files.h"
#include "mcpc/registry/json.h"
#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/terminal.h"

namespace fs = std::filesystem;
using namespace mcpc::registry;

namespace {

void write_tgz_of_zeros(const fs::path& file, std::size_t zeros) {
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_add_filter_gzip(a);
  archive_write_open_filename(a, file.c_str());
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "bin/zeros");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(zeros));
  archive_write_header(a, e);
  std::string block(zeros, '\0');
  archive_write_data(a, block.data(), block.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
}

void gzip_file(const fs::path& in, const fs::path& out) {
  std::string data = mcpc::testing::read_file(in);
  struct archive* a = archive_write_new();
  archive_write_set_format_raw(a);
  archive_write_add_filter_gzip(a);
  archive_write_open_filename(a, out.c_str());
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "data");
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  archive_write_header(a, e);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
}

const fs::path& scratch() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "mcpc-manifest-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    fs::path d = pattern;
    // Not an archive, whatever its name says: refused when declared a tarball, fine as a file.
    mcpc::testing::write_file(d / "server.tgz", "not really a tarball");
    mcpc::testing::write_file(d / "server.json", R"({"name":"io.x/y"})");
    // A real tar.gz of 2 MiB of zeros (a high ratio), and a gzip inside a gzip.
    write_tgz_of_zeros(d / "zeros.tgz", 2u << 20);
    gzip_file(d / "zeros.tgz", d / "nested.gz");
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)name_problem(text);
  (void)version_problem(text);
  if (auto a = parse_semver(text)) (void)compare_versions(text, 1, "1.0.0-rc.1+b", 2);

  fs::path manifest = scratch() / "manifest.json";
  std::ofstream(manifest, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(size));
  // Small limits, so the size, ratio and nesting refusals are reached by the scratch archives.
  ArchiveLimits small;
  small.max_unpacked_bytes = 1u << 20;
  small.ratio_grace_bytes = 64u << 10;
  try {
    store::Manifest m = store::read_manifest(manifest);
    for (const store::ManifestArtifact& artifact : m.artifacts) store::check_artifact(artifact.source, artifact, small);
    (void)store::manifest_facts(m.json);
    (void)m.json.dump();  // what publish stores: must not recurse past the reader's depth limit
  } catch (const RegistryError&) {
    // Refusals are the expected outcome for most inputs; crashes and leaks are what we hunt.
  }
  try {
    nlohmann::json doc = read_json(text, "fuzz", 16);
    (void)store::manifest_facts(doc);
  } catch (const RegistryError&) {
  }
  // Published text on its way to a terminal: no control byte and no C1 control may survive.
  std::string shown = terminal_safe(text);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    auto c = static_cast<unsigned char>(shown[i]);
    if (c < 0x20 || c == 0x7f) std::abort();
    if (c == 0xc2 && i + 1 < shown.size() && static_cast<unsigned char>(shown[i + 1]) <= 0x9f) std::abort();
  }
  return 0;
}

// libFuzzer target for the archive check `mcpc registry publish` runs on every artifact whose
// bytes look like an archive (libarchive reading untrusted bytes: tar, gzip and the other
// filters, zip, cpio, 7-Zip, ...): sniffing, the ZIP central-directory walk, and the entry
// checks under small limits, so the size, ratio, entry-count and nesting refusals are reached
// often. It must refuse or accept, never crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "../../registry/store/src/manifest.h"
#include "mcpc/registry/registry.h"

namespace fs = std::filesystem;
using namespace mcpc::registry;

namespace {

// A private temp file (mkstemp), rewritten for every input.
const std::string& scratch_file() {
  static const std::string path = [] {
    std::string pattern = (fs::temp_directory_path() / "mcpc-archive-fuzz-XXXXXX").string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) std::abort();
    ::close(fd);
    return pattern;
  }();
  return path;
}

void write_input(const std::uint8_t* data, std::size_t size) {
  FILE* f = std::fopen(scratch_file().c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  write_input(data, size);
  ArchiveLimits small;
  small.max_unpacked_bytes = 4u << 20;
  small.max_entry_bytes = 1u << 20;
  small.ratio_grace_bytes = 64u << 10;
  small.max_ratio = 50;
  small.max_entries = 1000;
  try {
    (void)store::sniff_archive(scratch_file());
  } catch (const RegistryError&) {
  }
  // As publish does (by content), and also unconditionally, so libarchive sees every input.
  store::ManifestArtifact artifact;
  artifact.role = size % 2 ? "file" : "tarball";
  artifact.file = "fuzz.bin";
  artifact.media_type = "application/octet-stream";
  try {
    store::check_artifact(scratch_file(), artifact, small);
  } catch (const RegistryError&) {
  }
  try {
    store::check_archive(scratch_file(), "fuzz.tgz", small);
  } catch (const RegistryError&) {
  }
  return 0;
}

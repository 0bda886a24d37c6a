// libFuzzer target for the archive check `mcpc registry publish` runs on every tarball and
// bundle it is given (libarchive reading untrusted bytes: tar, gzip, zip): it must refuse or
// accept, never crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "../../registry/src/store/manifest.h"
#include "mcpc/registry/registry.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path file = fs::temp_directory_path() / ("mcpc-archive-fuzz-" + std::to_string(::getpid()) + ".tgz");
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    mcpc::registry::store::check_archive(file, "fuzz.tgz");
  } catch (const mcpc::registry::RegistryError&) {
  }
  return 0;
}

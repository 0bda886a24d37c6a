// libFuzzer target for what `mcpc registry publish` reads from untrusted hands before storing
// anything: manifest.json (read_manifest: names, versions, artifact paths under the manifest's
// directory, the archives they name), the facts pulled from a stored manifest, and the name,
// version and semver rules. The scratch directory holds a real tarball and a server.json, so
// inputs that name them get as far as the archive checks.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "../../registry/src/store/manifest.h"
#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"

namespace fs = std::filesystem;
using namespace mcpc::registry;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("mcpc-manifest-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    // A gzip of a tar holding one file "bin/x" is not needed byte for byte: any small file
    // will do for the size and digest checks, and the archive checks see it as corrupt.
    std::ofstream(d / "server.tgz", std::ios::binary) << "not really a tarball";
    std::ofstream(d / "server.json", std::ios::binary) << R"({"name":"io.x/y"})";
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
  try {
    store::Manifest m = store::read_manifest(manifest);
    for (const store::ManifestArtifact& artifact : m.artifacts) {
      if (store::is_archive(artifact)) store::check_archive(artifact.source, artifact.file);
    }
  } catch (const RegistryError&) {
    // Refusals are the expected outcome for most inputs; crashes and leaks are what we hunt.
  }
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) (void)store::manifest_facts(doc);
  return 0;
}

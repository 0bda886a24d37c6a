// Reading and checking a manifest.json (docs/packaging.md, or seed 000's shape) before
// anything is stored: names, versions, artifact paths, and archive entry paths.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mcpc::registry::store {

struct ManifestArtifact {
  std::string role, file, media_type;
  std::optional<std::uint64_t> size;   ///< as declared; absent in seed-000 manifests
  std::optional<std::string> sha256;   ///< as declared; absent in seed-000 manifests
  std::filesystem::path source;        ///< resolved, checked to lie under the manifest's directory
};

struct Manifest {
  nlohmann::json json;  ///< as read
  std::string name, version;
  std::vector<ManifestArtifact> artifacts;
};

/// Reads and checks `file`. Throws RegistryError(invalid) naming the first problem.
Manifest read_manifest(const std::filesystem::path& file);

/// True when the artifact is an archive whose entries must be checked (tar, tar.gz, mcpb, zip).
bool is_archive(const ManifestArtifact& artifact);

/// Refuses (RegistryError(invalid)) an archive with an absolute path, a `..` component, or a
/// link pointing outside, in any entry. `shown` names the artifact in messages.
void check_archive(const std::filesystem::path& archive, const std::string& shown);

/// Searchable and displayable fields pulled from a stored manifest (robust to missing fields).
struct ManifestFacts {
  std::string title, description, runtime, server_type, registry_name, endpoint_url;
  std::string author, repository_url, documentation_url;
  std::vector<std::string> tags;
  struct Tool {
    std::string name, description, input_schema, category;
  };
  std::vector<Tool> tools;
};
ManifestFacts manifest_facts(const nlohmann::json& manifest);

}  // namespace mcpc::registry::store

// Reading and checking a manifest.json (docs/packaging.md, or a minimal one) before
// anything is stored: names, versions, artifact paths, and archive entry paths.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mcpc/registry/registry.h"

namespace mcpc::registry::store {

struct ManifestArtifact {
  std::string role, file, media_type;
  std::optional<std::uint64_t> size;  ///< as declared; absent in minimal manifests
  std::optional<std::string> sha256;  ///< as declared; absent in minimal manifests
  std::filesystem::path source;       ///< resolved, checked to lie under the manifest's directory
};

struct Manifest {
  nlohmann::json json;  ///< as read
  std::string name, version;
  std::vector<ManifestArtifact> artifacts;
};

/// Reads and checks `file`. Throws RegistryError(invalid) naming the first problem.
Manifest read_manifest(const std::filesystem::path& file);

/// True when the manifest declares the artifact an archive (role tarball or mcpb, an archive
/// media type or file name). Declarations only add checks: content decides (sniff_archive).
bool declared_archive(const ManifestArtifact& artifact);

/// What a file's bytes are, when they are an archive or a compressed stream that tar, unzip or
/// bsdtar would unpack: "gzip", "bzip2", "xz", "lzma", "zstd", "lz4", "compress", "lzip", "tar",
/// "zip", "zip with data before it", "7-Zip", "RAR", "cpio", "ar", "xar", "cab", "ISO 9660".
/// std::nullopt for anything else (binaries, JSON, text). Decided by magic numbers and, for tar,
/// the header checksum; never by name or declared type.
std::optional<std::string> sniff_archive(const std::filesystem::path& file);

/// Reads the archive through to its end and refuses (RegistryError(invalid)) an entry with an
/// absolute path, a `..` component, a link pointing outside, a device, FIFO or socket, or a
/// set-user/group-ID file; an archive it cannot read; and one past `limits` (unpacked size in
/// total and per entry, unpacked/packed ratio, entry count, nested compression). A ZIP is read
/// twice, by its central directory and by its local headers, since unpackers differ in which
/// they trust. `shown` names the artifact in messages.
void check_archive(const std::filesystem::path& archive, const std::string& shown, const ArchiveLimits& limits = {});

/// The content check publish runs on every artifact: sniff_archive, then check_archive when
/// the bytes are archive-like; an artifact declared an archive whose bytes are not one is refused.
void check_artifact(const std::filesystem::path& staged, const ManifestArtifact& artifact,
                    const ArchiveLimits& limits = {});

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

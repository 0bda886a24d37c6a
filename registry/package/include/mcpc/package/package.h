// mcpc package: a checked server (its IR plus a built binary or a generated TypeScript package)
// in, publishable artifacts out: manifest.json, server.json, a reproducible tarball, an MCP
// Bundle (.mcpb) and client configuration snippets. docs/packaging.md is the contract.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/ir/module.h"
#include "mcpc/package/error.h"
#include "mcpc/sema/check.h"

namespace mcpc::package {

enum class Runtime { Native, Node };

/// Publisher-supplied facts the spec does not carry (or, for the author, overrides).
struct Metadata {
  std::string author;         ///< "Name" or "Name <email>"; empty: the spec's author
  std::string repository;     ///< an http(s) URL; github.com / gitlab.com set server.json's source
  std::string documentation;  ///< a URL
  std::string license;        ///< an SPDX expression
  std::vector<std::string> tags;
};

/// The registry namespace used when PackageRequest::registry_namespace is empty.
inline constexpr std::string_view kDefaultNamespace = "local.mcpc";
/// The archive mtime used when neither source_date_epoch nor $SOURCE_DATE_EPOCH is given
/// (2000-01-01T00:00:00Z; ZIP cannot store times before 1980).
inline constexpr std::int64_t kDefaultEpoch = 946684800;
/// The server.json schema every server.json names.
inline constexpr std::string_view kServerJsonSchema =
    "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

struct PackageRequest {
  /// The server, as the checks passed it: a module that did not pass them cannot be packaged.
  const sema::CheckedModule* module = nullptr;
  Runtime runtime = Runtime::Native;
  std::filesystem::path binary;  ///< Native: the built server executable
  /// Node: a generated TypeScript package dir (mcpc compile --target ts); built (npm install/ci
  /// + npm run build) if dist/ is missing or stale.
  std::filesystem::path node_package;
  std::filesystem::path output_dir;
  std::string registry_namespace;  ///< server.json name = NAMESPACE/NAME; empty = kDefaultNamespace
  /// MCPB identifier URL prefix ("https://host/releases/v1" -> ".../NAME-VERSION.mcpb"); empty:
  /// the bare file name, relative to server.json.
  std::string identifier_base_url;
  Metadata metadata;
  std::optional<std::int64_t> source_date_epoch;  ///< fixed mtime; default: $SOURCE_DATE_EPOCH else kDefaultEpoch
  /// Native: package the binary as built, with its symbols and debug info. By default the
  /// archives get a copy without them (`strip`), a fraction of the size of a RelWithDebInfo
  /// build; the binary itself is left alone either way.
  bool keep_debug = false;
  /// Node: NAME@VERSION is on the npm registry, so the client snippets' `npx -y NAME@VERSION`
  /// works. Otherwise they come with a warning, and local-* snippets that run the packaged
  /// tarball are written beside them.
  bool npm_published = false;
  std::function<void(std::string_view)> progress;  ///< may be empty
};

struct PackageResult {
  std::filesystem::path manifest_path;
  Json manifest;
  std::vector<std::filesystem::path> files;  ///< every file written, absolute, manifest.json first
  /// What will be refused or will not work somewhere as packaged (the official registry, npm,
  /// a client), one sentence each naming the file; the caller shows them.
  std::vector<std::string> warnings;
};

/// Builds every artifact in a staging directory inside output_dir and renames them into place
/// only when all were written. Throws PackageError with a message meant for the user.
PackageResult make_package(const PackageRequest& request);

// ---- Pieces, exposed for tests and for other tools -------------------------------------------

/// `text` cut to at most `max_bytes` UTF-8 bytes (hence at most that many characters), at a
/// word boundary when one is near, ending in "..." when it was cut.
std::string shorten(std::string_view text, std::size_t max_bytes);

/// Checks a server.json name (NAMESPACE/NAME): the 2025-12-11 pattern, 3-200 characters, each
/// part starting and ending with a letter or digit. Returns an error message or "".
std::string check_registry_name(std::string_view name);

/// The four client snippets for a server launched as `command args...` with the spec's env.
/// A default value a client's variable syntax cannot express safely (Claude Code's
/// `${VAR:-default}` has no escape for `}`) is left out of that snippet, and `warnings` says so.
struct ClientConfigs {
  OrderedJson claude_desktop, claude_code, vscode, cursor;
};
ClientConfigs make_client_configs(const ir::Module& module, const std::string& command,
                                  const std::vector<std::string>& args, std::vector<std::string>* warnings = nullptr);

}  // namespace mcpc::package

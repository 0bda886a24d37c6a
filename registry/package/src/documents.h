// The JSON documents of a package (documents.cc). Internal to mcpc_package.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/package/package.h"

namespace mcpc::package {

/// A value that names files (server name, version, executable): letters, digits, '.', '_',
/// '-', '+', starting with a letter or digit, no "..". Returns an error or "".
std::string check_plain_name(std::string_view what, std::string_view value, std::size_t max);
/// server.json repository.source for a repository URL: github, gitlab, else the host's name.
std::string repository_source(std::string_view url);
bool is_http_url(std::string_view url);
/// The arguments every packaged launch passes: generated servers default to their spec's
/// first transport, and a package is launched over stdio.
std::vector<std::string> stdio_args();
/// Why the official MCP registry would refuse an .mcpb package identifier, or "" when it takes
/// it: the https URL of a GitHub or GitLab release asset (it also wants "mcp" in the URL, which
/// the .mcpb file name provides).
std::string official_mcpb_identifier_problem(std::string_view identifier);
/// package.json's text with "mcpName" (which the official registry checks against server.json's
/// name) set to `name`; the text unchanged when it already says so. Throws PackageError when the
/// text is no JSON object.
std::string with_mcp_name(const std::string& package_json, const std::string& name);

struct ServerJsonInputs {
  std::string registry_name;
  Runtime runtime = Runtime::Native;
  std::string identifier;       ///< mcpb: the bundle URL or file name; npm: the package name
  std::string file_sha256;      ///< mcpb
  std::string package_version;  ///< npm: package.json's version
  Metadata metadata;
  std::string mcpc_version;
};
OrderedJson make_server_json(const ir::Module& module, const ServerJsonInputs& in, std::vector<std::string>& warnings);

struct McpbInputs {
  Runtime runtime = Runtime::Native;
  std::string entry;  ///< native: the executable's name; node: "dist/main.js"
  Metadata metadata;
  std::string fallback_author;  ///< author.name when metadata.author (from --author or the spec) is empty
  std::string platform;         ///< native: darwin, linux or win32
  std::string node_engine;      ///< node: package.json engines.node
};
OrderedJson make_mcpb_manifest(const ir::Module& module, const McpbInputs& in);

struct Artifact {
  std::string role;  ///< tarball, mcpb, server.json, client-config
  std::string file;  ///< relative to the output directory
  std::uintmax_t size = 0;
  std::string sha256;
  std::string media_type;
};

struct ManifestInputs {
  std::string registry_name;
  Runtime runtime = Runtime::Native;
  Metadata metadata;
  std::vector<Artifact> artifacts;  ///< the tarball first
  OrderedJson claude_config;
  std::string mcpc_version;
};
OrderedJson make_manifest(const ir::Module& module, const ManifestInputs& in);

}  // namespace mcpc::package

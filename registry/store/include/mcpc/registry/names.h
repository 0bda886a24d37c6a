// What the registry accepts as a server name and a version, and how versions are ordered.
// Names and versions become path-like keys (URLs, file names, CLI arguments), so the rules are
// strict and every refusal says why.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpc::registry {

/// Longest accepted server name and version (bytes).
inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxVersionLength = 128;

/// Why `name` is not a valid server name, or std::nullopt when it is.
/// A name is one or two segments separated by a single `/` (`inventory-mcp`,
/// `io.github.acme/inventory-mcp`); each segment starts with a lowercase letter or digit and
/// holds only lowercase letters, digits, `.`, `_` and `-`; `..` never appears.
std::optional<std::string> name_problem(std::string_view name);

/// Why `version` is not a valid version string, or std::nullopt when it is. Any
/// `[A-Za-z0-9._+-]` string starting with a letter or digit; never `latest` (any case), never a range
/// (`^1.2`, `1.x`, `*`, `>=1`), never `..`.
std::optional<std::string> version_problem(std::string_view version);

/// True for `latest` in any letter case: the alias of a server's newest version, which no
/// published version may take (`LATEST` would otherwise be a version `get X latest` never finds).
bool is_latest_alias(std::string_view version);

/// A parsed Semantic Versioning 2.0.0 version.
struct Semver {
  std::uint64_t major = 0, minor = 0, patch = 0;
  std::vector<std::string> prerelease;  ///< dot-separated identifiers; empty for a release
  std::string build;                    ///< ignored by precedence

  /// Semver precedence (build metadata ignored; a prerelease sorts before its release).
  std::strong_ordering operator<=>(const Semver& other) const;
  bool operator==(const Semver& other) const { return (*this <=> other) == 0; }
};

/// `text` as strict semver (no leading `v`, no leading zeros), or std::nullopt.
std::optional<Semver> parse_semver(std::string_view text);

/// Orders two versions of one server the way `latest` is chosen: any semver version beats any
/// non-semver one; semver versions compare by precedence; otherwise (non-semver pair or equal
/// precedence) the one published later (`a_seq` vs `b_seq`) is greater.
std::strong_ordering compare_versions(std::string_view a, std::int64_t a_seq, std::string_view b, std::int64_t b_seq);

}  // namespace mcpc::registry

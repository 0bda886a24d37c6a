// The registry store: an index (SQLite at ROOT/index.sqlite by default, or a PostgreSQL
// database) and content-addressed blobs (ROOT/blobs/sha256/ab/cdef...). docs/registry.md
// describes the layout, the rules and the crash-safety argument. The CLI (`mcpc registry`), `mcpc publish` and the
// future HTTP API are thin layers over this class; all SQL stays inside its implementation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mcpc::registry {

namespace sql {
class Db;
}

/// Every refusal and failure of the store. what() is a complete, user-facing sentence.
class RegistryError : public std::runtime_error {
 public:
  enum class Kind {
    Invalid,   ///< hostile or malformed input (names, paths, manifests, archives, digests)
    NotFound,  ///< no such server or version
    Conflict,  ///< the version exists with different content (immutable without force)
    Io,        ///< the file system or the index failed
  };
  RegistryError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// $MCPC_REGISTRY, else $XDG_DATA_HOME/mcpc/registry, else ~/.local/share/mcpc/registry.
std::filesystem::path default_registry_root();

struct OpenOptions {
  /// false skips every fsync and lowers SQLite's synchronous level: for bulk imports and
  /// benchmarks that rebuild the registry anyway. A crash may then lose recent publishes.
  bool durable = true;
  /// false: refuse (RegistryError not_found) a root that holds no registry yet instead of
  /// creating one there; for readers, so a mistyped root leaves nothing behind.
  bool create = true;
  /// Where the index lives. Empty: ROOT/index.sqlite. `sqlite:PATH`: that SQLite file.
  /// `postgresql://...` (or `postgres://...`, libpq's URL): that PostgreSQL database, shared by
  /// every process that opens it; the blobs stay under ROOT either way.
  std::string database_url;
};

/// What publish lets one archive artifact unpack to. Every artifact whose bytes look like an
/// archive or a compressed stream (by magic number, whatever its declared role or media type) is
/// read through to the end before anything is stored, so these bound the CPU and memory one
/// publish can cost, and they refuse archives that would fill a consumer's disk.
inline constexpr std::uint64_t kMaxArchiveUnpackedBytes = 2ull << 30;  ///< all entries together
inline constexpr std::uint64_t kMaxArchiveEntryBytes = 1ull << 30;     ///< one entry
/// Unpacked bytes per packed byte, enforced once more than kArchiveRatioGraceBytes are
/// unpacked (small archives of text legitimately compress far better).
inline constexpr std::uint64_t kMaxArchiveRatio = 100;
inline constexpr std::uint64_t kArchiveRatioGraceBytes = 64ull << 20;
inline constexpr std::uint64_t kMaxArchiveEntries = 200'000;
/// Compression layers around the archive (tar.gz is 1). Nested compression has no honest use
/// and is the classic way to multiply a decompression bomb.
inline constexpr unsigned kMaxCompressionLayers = 1;

struct ArchiveLimits {
  std::uint64_t max_unpacked_bytes = kMaxArchiveUnpackedBytes;
  std::uint64_t max_entry_bytes = kMaxArchiveEntryBytes;
  std::uint64_t max_ratio = kMaxArchiveRatio;
  std::uint64_t ratio_grace_bytes = kArchiveRatioGraceBytes;
  std::uint64_t max_entries = kMaxArchiveEntries;
  unsigned max_compression_layers = kMaxCompressionLayers;
};

struct PublishOptions {
  bool force = false;  ///< replace an existing name@version whose content differs
  ArchiveLimits archive_limits;
};

struct PublishResult {
  std::string name, version;
  bool unchanged = false;  ///< the identical content was already published: nothing changed
  bool replaced = false;   ///< --force replaced different content
  bool is_latest = false;  ///< this version is now the server's latest
  std::string manifest_sha256;
};

struct ArtifactRecord {
  std::string role;  ///< tarball, mcpb, server.json, client-config, ...
  std::string file;  ///< file name as the manifest gave it (relative to the manifest)
  std::uint64_t size = 0;
  std::string sha256;
  std::string media_type;
  std::filesystem::path blob_path;  ///< where the bytes are in the registry
};

struct ToolRecord {
  std::string name, description, category;
  std::string input_schema;  ///< JSON text
};

struct VersionRecord {
  std::string name, version;
  std::string display_name, description, runtime, server_type, registry_name;
  std::string status;               ///< active, deprecated or deleted
  std::string deprecation_message;  ///< why it is deprecated (or broken, after verify --repair)
  bool is_latest = false;
  std::string published_at, updated_at;  ///< ISO 8601 UTC
  std::string manifest_json;             ///< the stored manifest (artifact digests filled in)
  std::string server_json;               ///< the server.json artifact's text, or empty
  std::string manifest_sha256;
  std::vector<ArtifactRecord> artifacts;
  std::vector<ToolRecord> tools;
};

/// One version in a server's history (newest first, as `versions()` returns them).
struct VersionSummary {
  std::string version, status, published_at;
  bool is_latest = false;
  std::string deprecation_message;  ///< why it is deprecated (or broken), or empty
  std::string updated_at;           ///< last status change (ISO 8601 UTC)
  std::string manifest_sha256;      ///< identifies the version's content
};

struct ListFilter {
  std::string status;       ///< active or deprecated (of the latest version), deleted; empty: not deleted
  std::string runtime;      ///< native, node
  std::string tag;          ///< one tag of the server's metadata
  std::string name_prefix;  ///< names starting with this
  std::size_t limit = 50;   ///< page size, 1..1000
  std::string cursor;       ///< from the previous page's next_cursor; empty for the first page
};

struct ServerSummary {
  std::string name, display_name, description, latest_version, runtime, status, updated_at;
  std::vector<std::string> tags;
};

struct ListPage {
  std::vector<ServerSummary> servers;  ///< ordered by name
  std::string next_cursor;             ///< empty on the last page; opaque and URL-safe
};

struct SearchHit {
  ServerSummary server;
  double score = 0;  ///< bm25: lower is better
};

struct RemoveResult {
  std::size_t versions_removed = 0;
  std::size_t blobs_deleted = 0;
};

/// What verify found. Every list holds one line per problem, ready to print.
struct VerifyReport {
  std::size_t versions_checked = 0, blobs_checked = 0;
  std::vector<std::string> missing_blobs;  ///< rows whose blob is absent
  std::vector<std::string> corrupt_blobs;  ///< blobs whose bytes do not hash to their name
  std::vector<std::string> orphan_blobs;   ///< blobs no row references (gc removes them)
  std::vector<std::string> temp_files;     ///< leftovers of interrupted publishes (gc removes them)
  std::vector<std::string> index_drift;    ///< wrong latest flags, empty servers, FTS mismatch, SQLite checks
  std::vector<std::string> repairs;        ///< what --repair changed
  /// No row without its blob, no corrupt blob, no drift. Orphans and temp files are harmless.
  bool consistent() const { return missing_blobs.empty() && corrupt_blobs.empty() && index_drift.empty(); }
  bool clean() const { return consistent() && orphan_blobs.empty() && temp_files.empty(); }
};

struct GcResult {
  std::size_t blobs_deleted = 0, temp_files_deleted = 0;
  std::uint64_t bytes_freed = 0;
};

// --- What the registry service keeps besides published versions (service_tables.cc) --------

/// One health check of a server's endpoint.
struct HealthSample {
  bool healthy = false;
  std::int64_t response_time_ms = 0;
  int status_code = 0;  ///< HTTP status seen; 0 when none
  std::string error;    ///< why it is unhealthy; empty when healthy
  std::string checked_at;
};

/// A server as the service lists it: the servers row, its latest version and metadata, and its
/// last health check.
struct ServerRecord {
  std::int64_t id = 0;
  std::string name, display_name, description, server_type, status, endpoint_url;
  std::string latest_version, version_status, runtime, created_at, updated_at, last_health_check;
  std::string author, repository_url, documentation_url;
  std::vector<std::string> tags;
  std::size_t tools_count = 0;         ///< of the latest version
  std::optional<HealthSample> health;  ///< the newest sample, if any
};

struct ServerQuery {
  std::string status;            ///< servers.status: active, inactive or error; empty: any
  std::string server_type;       ///< local, official, community, mock, remote; empty: any
  std::string search;            ///< case-insensitive substring of the name or display name
  std::string tag;               ///< one tag of the metadata
  bool include_deleted = false;  ///< servers whose every version is deleted
  /// The status a listing shows: error or inactive from the health checks, else the latest
  /// version's (active, deprecated); empty: any.
  std::string shown_status;
  std::size_t limit = 1000, offset = 0;
};

/// A server due for a health check, claimed by one checker until its next turn.
struct HealthTarget {
  std::int64_t id = 0;
  std::string name, endpoint_url;
};

/// A background job (generate, ...) and its lease.
struct JobRecord {
  std::string id, kind, status;  ///< status: pending, processing, complete or failed
  std::string input;             ///< JSON text
  std::string result;            ///< JSON text, when complete
  std::string error;             ///< why it failed
  std::string owner;             ///< the instance holding the lease while processing
  int attempts = 0;
  std::string created_at, started_at, completed_at;
};

struct JobCounts {
  std::size_t pending = 0, processing = 0;
};

/// An API key as listed: never its secret.
struct ApiKeyRecord {
  std::string id, name, created_at, last_used_at, revoked_at;
};

/// A new API key: `token` is shown once and stored only as a SHA-256 digest.
struct NewApiKey {
  ApiKeyRecord record;
  std::string token;
};

/// One row of the official registry API's lists: a version with what the API shows of it.
struct EntryRecord {
  std::string name, version, status, deprecation_message, published_at, updated_at;
  bool is_latest = false;
  std::string server_json;  ///< the published server.json text, or empty
  std::string manifest_json;
};

struct EntryQuery {
  std::string after_name, after_version;  ///< keyset cursor: rows strictly after (name, version)
  std::string name;                       ///< one server's entries only (exact name); empty: every server
  std::string search;                     ///< case-insensitive substring of the name
  std::string updated_since;              ///< ISO 8601 UTC: updated_at strictly later (includes deleted)
  std::string version;                    ///< "latest": latest entries only; else an exact version; empty: all
  bool include_deleted = false;
  std::size_t limit = 30;
};

class Registry {
 public:
  /// Opens (creating when missing) the registry at `root` and applies pending schema
  /// migrations. Throws RegistryError when the directory or the index cannot be used.
  static Registry open(const std::filesystem::path& root, const OpenOptions& options = {});

  Registry(Registry&&) noexcept;
  Registry& operator=(Registry&&) noexcept;
  ~Registry();

  const std::filesystem::path& root() const;

  /// Publishes the manifest at `manifest_json` (docs/packaging.md) and every artifact it names.
  /// Atomic: on any refusal or failure nothing becomes visible, and no temp file is left. When
  /// no other publish is in flight, temp files of publishes that died (killed, power loss) are
  /// removed first.
  PublishResult publish(const std::filesystem::path& manifest_json, const PublishOptions& options = {});

  /// name@version, or the latest version when `version` is absent or `latest` (in any case);
  /// std::nullopt when missing.
  std::optional<VersionRecord> get(std::string_view name, std::optional<std::string_view> version = std::nullopt) const;
  /// Every stored version of `name`, deleted ones included, newest first by the order that picks
  /// latest (semver precedence, then publish order); empty when the server does not exist.
  std::vector<VersionSummary> versions(std::string_view name) const;

  ListPage list(const ListFilter& filter = {}) const;
  /// Full-text search over names, titles, descriptions, tool names and tool descriptions,
  /// best match first. Any user text is safe: it is split into quoted terms.
  std::vector<SearchHit> search(std::string_view query, std::size_t limit = 20) const;

  /// Removes one version, or the whole server when `version` is absent, and deletes the blobs
  /// nothing references any more. Throws RegistryError(not_found) when absent.
  RemoveResult remove(std::string_view name, std::optional<std::string_view> version = std::nullopt);
  /// Marks name@version deprecated with `message` (latest moves to an active version if any).
  void deprecate(std::string_view name, std::string_view version, std::string_view message);
  /// Makes a deprecated version active again.
  void undeprecate(std::string_view name, std::string_view version);

  /// Re-hashes every blob and cross-checks blobs, rows, latest flags and the search index.
  /// With `repair`: versions whose blobs are missing or corrupt become status `deleted`,
  /// latest flags are recomputed, empty servers dropped and the search index rebuilt.
  VerifyReport verify(bool repair = false);
  /// Deletes unreferenced blobs and temp files left by interrupted publishes.
  GcResult gc();

  // --- The registry service's tables (service_tables.cc) ----------------------------------

  /// Servers with their latest version, metadata and newest health sample, oldest first.
  std::vector<ServerRecord> servers(const ServerQuery& query = {}) const;
  /// How many servers `query` selects (its limit and offset aside).
  std::size_t count_servers(const ServerQuery& query) const;
  std::optional<ServerRecord> server(std::int64_t id) const;
  std::optional<ServerRecord> server(std::string_view name) const;

  /// The server whose server.json name (registry name) is `registry_name`, by its store name.
  std::optional<std::string> name_for_registry_name(std::string_view registry_name) const;
  /// An artifact stored with this digest (any version naming it), with its blob's path;
  /// nullopt for a digest no row names (malformed digests included).
  std::optional<ArtifactRecord> artifact(std::string_view sha256) const;

  /// Versions for the official registry API, ordered by (name, version) as strings.
  std::vector<EntryRecord> entries(const EntryQuery& query) const;

  /// Records one check and sets the server's status: active when healthy, else error.
  void record_health(std::int64_t server_id, const HealthSample& sample);
  /// Newest first, at most `limit`.
  std::vector<HealthSample> health_history(std::int64_t server_id, std::size_t limit = 20) const;
  /// Claims every server with an endpoint URL (status active or error) whose next check is due at
  /// `now_ms` (epoch milliseconds), moving its next check to now_ms + interval_ms: several checkers
  /// on one index never check a server twice in one round. At most `limit`.
  std::vector<HealthTarget> claim_health_checks(std::int64_t now_ms, std::int64_t interval_ms, std::size_t limit = 100);
  /// Makes every server due now (the health-check trigger).
  void make_health_checks_due();

  /// Adds a pending job with a caller-chosen unique id.
  void create_job(std::string_view id, std::string_view kind, std::string_view input_json);
  std::optional<JobRecord> job(std::string_view id) const;
  JobCounts job_counts() const;
  /// The oldest pending job, now processing under `owner` until now_ms + lease_ms; nullopt when none.
  std::optional<JobRecord> claim_job(std::string_view owner, std::int64_t now_ms, std::int64_t lease_ms);
  /// Extends the lease while the job runs; false when `owner` no longer holds it.
  bool renew_job(std::string_view id, std::string_view owner, std::int64_t until_ms);
  /// Ends a job held by `owner`; false when it no longer holds it (the result is then dropped).
  bool complete_job(std::string_view id, std::string_view owner, std::string_view result_json);
  bool fail_job(std::string_view id, std::string_view owner, std::string_view error);
  /// Fails every processing job whose lease ended before now_ms, or (with `owner`) every one that
  /// owner holds, with `reason`: a job is never left processing by an instance that died.
  std::size_t fail_abandoned_jobs(std::int64_t now_ms, std::string_view reason, std::string_view owner = {});

  /// API keys for the service's bearer auth. The token is "mcpc_<id>_<secret>".
  NewApiKey create_api_key(std::string_view name);
  std::vector<ApiKeyRecord> api_keys() const;
  /// Marks a key revoked; false when there is no such active key.
  bool revoke_api_key(std::string_view id);
  /// The active key `token` names, compared in constant time by digest; nullopt otherwise.
  std::optional<ApiKeyRecord> check_api_key(std::string_view token);

 private:
  struct Impl;
  explicit Registry(std::unique_ptr<Impl> impl);
  // The index, for the service tables' implementation (service_tables.cc).
  sql::Db& index_db() const;
  std::unique_ptr<Impl> impl_;
};

/// Copies every artifact of `version` into `dir` (created when missing) under its manifest file
/// name, re-hashing each copy: what leaves the registry is what was published, or nothing.
/// Each copy is written to a new temp file in its target directory (created exclusively, never
/// through a symlink planted there) and renamed over the target; directories inside `dir`
/// are never followed when they are symlinks. Throws RegistryError(io) naming the artifact.
void copy_artifacts(const VersionRecord& version, const std::filesystem::path& dir);

}  // namespace mcpc::registry

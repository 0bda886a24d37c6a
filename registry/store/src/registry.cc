// The registry operations over the index (SQLite or PostgreSQL) and the blob store. Ordering rules that make a
// crash at any point safe (docs/registry.md, "Crash safety"): blobs become visible (rename)
// before any row names them, rows appear in one transaction, and blobs are deleted only after
// the rows that named them are gone, under the exclusive store lock.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "blobs.h"
#include "clock.h"
#include "manifest.h"
#include "mcpc/registry/json.h"
#include "mcpc/registry/names.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"
#include "schema.h"
#include "search_rank.h"
#include "sqlite.h"

namespace mcpc::registry {
namespace fs = std::filesystem;
using nlohmann::json;
using store::crash_point;
using store::now_iso;

namespace {

constexpr std::size_t kMaxServerJsonBytes = 4u << 20;

[[noreturn]] void not_found(std::string_view name, std::optional<std::string_view> version) {
  std::string what = version ? std::string(name) + "@" + std::string(*version) : "server '" + std::string(name) + "'";
  throw RegistryError(RegistryError::Kind::NotFound,
                      "no such " + std::string(version ? "version " : "") + what + " in the registry");
}

// Base64url without padding: cursors travel in URLs and shells unchanged.
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
std::string base64url(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kB64[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kB64[(acc << (6 - bits)) & 63];
  return out;
}
std::optional<std::string> unbase64url(std::string_view in) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::char_traits<char>::find(kB64, 64, c);
    if (p == nullptr) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

// Deletes staged temps that were not committed, whatever way publish leaves.
struct StagedSet {
  const store::BlobStore& blobs;
  std::vector<store::StagedBlob> items;
  ~StagedSet() {
    for (const store::StagedBlob& b : items) blobs.discard(b);
  }
};

// What a word is to search (FTS5's unicode61 tokenizer, approximately): a run of ASCII
// letters and digits and non-ASCII bytes.
bool word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The user's search text as terms: every run of word bytes, at most 16 of 64 bytes each.
std::vector<std::string> search_terms(std::string_view text) {
  std::vector<std::string> terms;
  std::string term;
  auto flush = [&] {
    if (!term.empty() && terms.size() < 16) terms.push_back(term.substr(0, 64));
    term.clear();
  };
  for (char c : text) {
    if (word_byte(c)) {
      term += c;
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

// The terms as an FTS5 query: every term quoted, so FTS syntax (", -, *, AND, NEAR, column
// filters) in the input is just text. Only the last term matches as a prefix (search as you
// type): prefix terms expand to many index entries.
std::string fts_query(const std::vector<std::string>& terms) {
  std::string query;
  for (const std::string& t : terms) {
    if (!query.empty()) query += ' ';
    query += '"' + t + '"';
  }
  if (!query.empty()) query += '*';
  return query;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

// The same terms as a PostgreSQL tsquery (to_tsquery syntax): every term quoted, all must
// match, the last as a prefix. Terms hold only word bytes, so nothing needs escaping. Empty
// when a term is not UTF-8: stored text always is, so such a term can match nothing.
std::string tsquery(const std::vector<std::string>& terms) {
  std::string query;
  for (const std::string& t : terms) {
    if (!valid_utf8(t)) return {};
    if (!query.empty()) query += " & ";
    query += '\'' + t + '\'';
  }
  if (!query.empty()) query += ":*";
  return query;
}

// `text` reduced to its words separated by spaces: what PostgreSQL's parser then splits
// exactly as the query terms were split (no URL, e-mail or hyphenated-word tokens).
std::string words_of(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    if (word_byte(c)) {
      if (gap && !out.empty()) out += ' ';
      out += c;
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

}  // namespace

// Creates ROOT when missing; throws when it cannot be a registry directory.
const fs::path& make_root(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec || !fs::is_directory(root, ec)) {
    throw RegistryError(RegistryError::Kind::Io, "cannot use '" + root.string() + "' as a registry directory" +
                                                     (ec ? ": " + ec.message() : ": not a directory"));
  }
  return root;
}

struct Registry::Impl {
  fs::path root;
  OpenOptions options;
  sql::Db db;  // before blobs: a reader of a PostgreSQL database without a registry creates nothing
  std::unique_ptr<store::BlobStore> blobs;

  template <class Target>
  Impl(fs::path r, const OpenOptions& o, const Target& index)
      : root(std::move(r)),
        options(o),
        db(index),
        blobs(std::make_unique<store::DirectoryBlobStore>(make_root(checked(root)), o.durable)) {
    schema::open_and_migrate(db, o.durable);
    // Bulk imports: commits return before the server's WAL flush (the server stays consistent).
    if (db.postgres() && !o.durable) db.exec("SET synchronous_commit = off");
    if (!db.postgres() && store::register_search_rank(db.handle()) != SQLITE_OK) {
      throw RegistryError(RegistryError::Kind::Io,
                          "cannot register the search ranking function (SQLite without FTS5?)");
    }
  }

  // A reader (create = false) refuses a PostgreSQL database that holds no registry.
  const fs::path& checked(const fs::path& dir) {
    if (db.postgres() && !options.create && !schema::has_schema(db)) {
      throw RegistryError(RegistryError::Kind::NotFound,
                          "there is no registry in that PostgreSQL database (nothing published there yet)");
    }
    return dir;
  }

  std::optional<std::int64_t> server_id(std::string_view name) const {
    sql::Stmt q(db, "SELECT id FROM servers WHERE name = ?");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
  }

  // The version that should be latest: the greatest active one (by compare_versions), else the
  // greatest deprecated one; deleted versions never.
  std::optional<std::int64_t> pick_latest(std::int64_t server) const {
    sql::Stmt q(db, "SELECT id, version, status FROM versions WHERE server_id = ? AND status != 'deleted'");
    q.bind(1, server);
    std::optional<std::int64_t> best;
    std::string best_version;
    bool best_active = false;
    while (q.step()) {
      std::int64_t id = q.integer(0);
      std::string v = q.text(1);
      bool active = q.text(2) == "active";
      if (!best || (active && !best_active) ||
          (active == best_active && compare_versions(v, id, best_version, *best) > 0)) {
        best = id;
        best_version = v;
        best_active = active;
      }
    }
    return best;
  }

  // Recomputes the latest flag and everything derived from the latest version: the servers row,
  // its metadata and its search row. Deletes a server left with no versions. Inside a write
  // transaction.
  void refresh_server(std::int64_t server) {
    sql::Stmt(
        db, db.postgres() ? "DELETE FROM search_index WHERE server_id = ?" : "DELETE FROM search_index WHERE rowid = ?")
        .bind(1, server)
        .run();
    std::optional<std::int64_t> latest = pick_latest(server);
    sql::Stmt clear(
        db, "UPDATE versions SET is_latest = FALSE WHERE server_id = ? AND is_latest AND id IS DISTINCT FROM ?");
    clear.bind(1, server);
    if (latest) {
      clear.bind(2, *latest);
    } else {
      clear.bind_null(2);
    }
    clear.run();
    if (!latest) {
      sql::Stmt any(db, "SELECT 1 FROM versions WHERE server_id = ? LIMIT 1");
      any.bind(1, server);
      if (!any.step()) sql::Stmt(db, "DELETE FROM servers WHERE id = ?").bind(1, server).run();
      return;
    }
    sql::Stmt(db, "UPDATE versions SET is_latest = TRUE WHERE id = ? AND NOT is_latest").bind(1, *latest).run();

    sql::Stmt q(db, "SELECT manifest FROM versions WHERE id = ?");
    q.bind(1, *latest);
    q.step();
    store::ManifestFacts f =
        store::manifest_facts(read_json(q.text(0), "the stored manifest of version " + std::to_string(*latest)));
    std::string name;
    {
      sql::Stmt n(db, "SELECT name FROM servers WHERE id = ?");
      n.bind(1, server);
      n.step();
      name = n.text(0);
    }
    sql::Stmt up(db,
                 "UPDATE servers SET display_name = ?, description = ?, server_type = ?, endpoint_url = ?, "
                 "registry_name = ?, updated_at = ? WHERE id = ?");
    up.bind(1, f.title.empty() ? name : f.title).bind(2, f.description).bind(3, f.server_type);
    up.bind(4, f.endpoint_url.empty() ? std::nullopt : std::optional(f.endpoint_url));
    up.bind(5, f.registry_name.empty() ? std::nullopt : std::optional(f.registry_name));
    up.bind(6, now_iso()).bind(7, server).run();

    sql::Stmt meta(db,
                   "INSERT INTO server_metadata(server_id, author, repository_url, documentation_url, tags) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT(server_id) DO UPDATE SET author = excluded.author, "
                   "repository_url = excluded.repository_url, documentation_url = excluded.documentation_url, "
                   "tags = excluded.tags");
    auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); };
    meta.bind(1, server).bind(2, opt(f.author)).bind(3, opt(f.repository_url)).bind(4, opt(f.documentation_url));
    meta.bind(5, json(f.tags).dump()).run();

    std::string tool_names, tool_descriptions;
    sql::Stmt tools(db, "SELECT name, description FROM tools WHERE version_id = ? ORDER BY id");
    tools.bind(1, *latest);
    while (tools.step()) {
      tool_names += tools.text(0) + ' ';
      tool_descriptions += tools.text(1) + '\n';
    }
    if (db.postgres()) {
      // Weights: A name, B title, C tool names, D descriptions (search() ranks by them).
      sql::Stmt fts(db,
                    "INSERT INTO search_index(server_id, name, title, description, tool_names, tool_descriptions, "
                    "document) VALUES (?, ?, ?, ?, ?, ?, setweight(to_tsvector('simple', ?), 'A') || "
                    "setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'C') || "
                    "setweight(to_tsvector('simple', ?), 'D'))");
      fts.bind(1, server).bind(2, name).bind(3, f.title).bind(4, f.description).bind(5, tool_names);
      fts.bind(6, tool_descriptions).bind(7, words_of(name)).bind(8, words_of(f.title));
      fts.bind(9, words_of(tool_names)).bind(10, words_of(f.description + '\n' + tool_descriptions)).run();
      return;
    }
    sql::Stmt fts(db,
                  "INSERT INTO search_index(rowid, name, title, description, tool_names, tool_descriptions) "
                  "VALUES (?, ?, ?, ?, ?, ?)");
    fts.bind(1, server).bind(2, name).bind(3, f.title).bind(4, f.description).bind(5, tool_names);
    fts.bind(6, tool_descriptions).run();
  }

  // Deletes the blobs among `candidates` that no row references. Caller holds the exclusive lock
  // and has committed the deletion of the rows.
  std::pair<std::size_t, std::uint64_t> collect(const std::set<std::string>& candidates) {
    std::size_t deleted = 0;
    std::uint64_t bytes = 0;
    sql::Stmt used(db, "SELECT 1 FROM artifacts WHERE sha256 = ? LIMIT 1");
    for (const std::string& sha : candidates) {
      used.bind(1, sha);
      bool referenced = used.step();
      used.reset();
      if (referenced) continue;
      if (std::optional<std::uint64_t> freed = blobs->remove(blobs->path_of(sha))) {
        ++deleted;
        bytes += *freed;
      }
    }
    return {deleted, bytes};
  }

  void set_status(std::string_view name, std::string_view version, const char* status,
                  const std::optional<std::string>& message) {
    sql::retry_transient([&] { set_status_once(name, version, status, message); });
  }
  void set_status_once(std::string_view name, std::string_view version, const char* status,
                       const std::optional<std::string>& message) {
    sql::WriteTransaction tx(db, name);
    sql::Stmt q(db,
                "SELECT v.id, v.server_id, v.status FROM versions v JOIN servers s ON s.id = v.server_id "
                "WHERE s.name = ? AND v.version = ?");
    q.bind(1, name).bind(2, version);
    if (!q.step()) not_found(name, version);
    if (q.text(2) == "deleted") {
      throw RegistryError(RegistryError::Kind::Invalid, std::string(name) + "@" + std::string(version) +
                                                            " is deleted (its blobs are gone): publish it again");
    }
    std::int64_t id = q.integer(0), server = q.integer(1);
    sql::Stmt(db, "UPDATE versions SET status = ?, deprecation_message = ?, updated_at = ? WHERE id = ?")
        .bind(1, status)
        .bind(2, message)
        .bind(3, now_iso())
        .bind(4, id)
        .run();
    refresh_server(server);
    tx.commit();
  }

  std::vector<ArtifactRecord> artifacts_of(std::int64_t version_id) const {
    std::vector<ArtifactRecord> out;
    sql::Stmt q(db, "SELECT role, file_name, size, sha256, media_type FROM artifacts WHERE version_id = ? ORDER BY id");
    q.bind(1, version_id);
    while (q.step()) {
      ArtifactRecord a{q.text(0), q.text(1), static_cast<std::uint64_t>(q.integer(2)), q.text(3), q.text(4), {}};
      a.blob_path = blobs->path_of(a.sha256);
      out.push_back(std::move(a));
    }
    return out;
  }
};

std::filesystem::path default_registry_root() {
  if (const char* r = std::getenv("MCPC_REGISTRY"); r != nullptr && *r != '\0') return r;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x != nullptr && *x != '\0')
    return fs::path(x) / "mcpc" / "registry";
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr && *home != '\0' ? home : ".") / ".local" / "share" / "mcpc" / "registry";
}

Registry::Registry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Registry::Registry(Registry&&) noexcept = default;
Registry& Registry::operator=(Registry&&) noexcept = default;
Registry::~Registry() = default;

const fs::path& Registry::root() const { return impl_->root; }
sql::Db& Registry::index_db() const { return impl_->db; }

std::optional<ArtifactRecord> Registry::artifact(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) return std::nullopt;
  sql::Stmt q(impl_->db, "SELECT role, file_name, size, sha256, media_type FROM artifacts WHERE sha256 = ? LIMIT 1");
  q.bind(1, sha256);
  if (!q.step()) return std::nullopt;
  ArtifactRecord a{q.text(0), q.text(1), static_cast<std::uint64_t>(q.integer(2)), q.text(3), q.text(4), {}};
  a.blob_path = impl_->blobs->path_of(a.sha256);
  return a;
}

Registry Registry::open(const fs::path& root, const OpenOptions& options) {
  std::error_code ec;
  // Where the index lives: ROOT/index.sqlite, another SQLite file, or a PostgreSQL database.
  const std::string& url = options.database_url;
  std::optional<fs::path> sqlite_file;
  if (url.empty()) {
    sqlite_file = root / "index.sqlite";
  } else if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) {
    sqlite_file = fs::path(url.substr(7));
  } else if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
    throw RegistryError(RegistryError::Kind::Invalid,
                        "the registry database must be sqlite:PATH or a postgresql:// URL");
  }
  if (!options.create && sqlite_file && !fs::exists(*sqlite_file, ec)) {
    throw RegistryError(RegistryError::Kind::NotFound,
                        "there is no registry at " + root.string() +
                            " (nothing published there yet; --root or $MCPC_REGISTRY pick another)");
  }
  if (sqlite_file) {
    make_root(root);
    // A relative sqlite:PATH is relative to the working directory, like ROOT.
    return Registry(std::make_unique<Impl>(fs::absolute(root, ec), options, *sqlite_file));
  }
  return Registry(std::make_unique<Impl>(fs::absolute(root, ec), options, sql::PostgresUrl{url}));
}

PublishResult Registry::publish(const fs::path& manifest_file, const PublishOptions& options) {
  Impl& r = *impl_;
  store::Manifest m = store::read_manifest(manifest_file);
  crash_point("validated");

  // No other publish in flight (the exclusive lock is free): every temp file is the leftover of
  // one that died, and this one cleans up after it.
  if (auto alone = store::StoreLock::try_exclusive(r.root)) r.blobs->remove_temp_files();
  std::optional<store::StoreLock> lock(std::in_place, r.root, store::StoreLock::Mode::Shared);
  // 1. Copy every artifact into ROOT/tmp, hashing the copy: what is checked is what is stored.
  StagedSet staged{*r.blobs, {}};
  json artifacts = json::array();
  std::string server_json;
  for (const store::ManifestArtifact& a : m.artifacts) {
    staged.items.push_back(r.blobs->stage(a.source));
    const store::StagedBlob& b = staged.items.back();
    if (a.size && *a.size != b.size) {
      throw RegistryError(RegistryError::Kind::Invalid, "artifact '" + a.file + "' is " + std::to_string(b.size) +
                                                            " bytes but the manifest says " + std::to_string(*a.size) +
                                                            ": refusing to publish");
    }
    if (a.sha256 && *a.sha256 != b.sha256) {
      throw RegistryError(RegistryError::Kind::Invalid, "artifact '" + a.file + "' has sha256 " + b.sha256 +
                                                            " but the manifest says " + *a.sha256 +
                                                            ": refusing to publish");
    }
    // By content: what the publisher declares (role, media type, name) can only add checks.
    store::check_artifact(b.temp, a, options.archive_limits);
    if (a.role == "server.json") {
      if (b.size > kMaxServerJsonBytes) {
        throw RegistryError(RegistryError::Kind::Invalid, "server.json artifact '" + a.file + "' is larger than 4 MiB");
      }
      std::ifstream in(b.temp, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      server_json = read_json(text.str(), "server.json artifact '" + a.file + "'").dump();
    }
    artifacts.push_back(
        {{"role", a.role}, {"file", a.file}, {"size", b.size}, {"sha256", b.sha256}, {"media_type", a.media_type}});
  }

  // 2. The stored manifest: as given, with every artifact's digest filled in. Its hash decides
  // "identical republish" (minimal manifests carry no digests, so the file's bytes cannot).
  json stored = m.json;
  stored["artifacts"] = artifacts;
  if (stored.contains("artifact") && stored["artifact"].is_object()) {
    for (const json& a : artifacts) {
      if (a["file"] == stored["artifact"].value("file", "")) {
        stored["artifact"]["size"] = a["size"];
        stored["artifact"]["sha256"] = a["sha256"];
      }
    }
  }
  std::string manifest_text = stored.dump();
  PublishResult result{m.name, m.version, false, false, false, sha256_hex(manifest_text)};
  store::ManifestFacts facts = store::manifest_facts(stored);

  // Cheap early answer for the common CI re-run (re-checked inside the transaction).
  // A version marked deleted by `verify --repair` lost its bytes: publishing it again restores it.
  auto existing_digest = [&]() -> std::optional<std::string> {
    sql::Stmt q(r.db,
                "SELECT v.manifest_sha256 FROM versions v JOIN servers s ON s.id = v.server_id "
                "WHERE s.name = ? AND v.version = ? AND v.status != 'deleted'");
    q.bind(1, m.name).bind(2, m.version);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  };
  auto refuse_conflict = [&] {
    throw RegistryError(RegistryError::Kind::Conflict,
                        m.name + "@" + m.version +
                            " is already published with different content: versions are immutable; publish a new "
                            "version, or use --force to replace it");
  };
  if (auto d = existing_digest()) {
    if (*d == result.manifest_sha256) {
      result.unchanged = true;
      return result;
    }
    if (!options.force) refuse_conflict();
  }

  // 3. Blobs become visible (fsynced, renamed, directory fsynced) before any row names them.
  for (const store::StagedBlob& b : staged.items) r.blobs->commit(b);
  staged.items.clear();
  crash_point("before-transaction");

  // 4. All rows in one transaction.
  std::set<std::string> replaced_blobs;
  // PostgreSQL may ask to run the transaction again (deadlock): it starts from scratch.
  bool raced = sql::retry_transient([&]() -> bool {
    replaced_blobs.clear();
    result.replaced = false;
    sql::WriteTransaction tx(r.db, m.name);
    std::string now = now_iso();
    sql::Stmt(r.db, "INSERT INTO servers(name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING")
        .bind(1, m.name)
        .bind(2, now)
        .bind(3, now)
        .run();
    std::int64_t server = *r.server_id(m.name);
    {
      sql::Stmt q(r.db, "SELECT id, manifest_sha256, status FROM versions WHERE server_id = ? AND version = ?");
      q.bind(1, server).bind(2, m.version);
      if (q.step()) {
        bool deleted = q.text(2) == "deleted";
        if (!deleted && q.text(1) == result.manifest_sha256) {
          result.unchanged = true;  // a concurrent publisher stored the same content first
          result.is_latest = false;
          return true;
        }
        if (!options.force && !deleted) refuse_conflict();
        std::int64_t old = q.integer(0);
        sql::Stmt blobs(r.db, "SELECT sha256 FROM artifacts WHERE version_id = ?");
        blobs.bind(1, old);
        while (blobs.step()) replaced_blobs.insert(blobs.text(0));
        sql::Stmt(r.db, "DELETE FROM versions WHERE id = ?").bind(1, old).run();
        result.replaced = !deleted;
      }
    }
    std::optional<Semver> sv = parse_semver(m.version);
    sql::Stmt ins(r.db,
                  "INSERT INTO versions(server_id, version, is_semver, semver_major, semver_minor, semver_patch, "
                  "semver_prerelease, runtime, display_name, description, published_at, updated_at, manifest, "
                  "server_json, manifest_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    ins.bind(1, server).bind(2, m.version).bind(3, std::int64_t{sv.has_value()});
    if (sv) {
      std::string pre;
      for (const std::string& id : sv->prerelease) pre += (pre.empty() ? "" : ".") + id;
      ins.bind(4, static_cast<std::int64_t>(sv->major)).bind(5, static_cast<std::int64_t>(sv->minor));
      ins.bind(6, static_cast<std::int64_t>(sv->patch)).bind(7, pre);
    } else {
      ins.bind_null(4).bind_null(5).bind_null(6).bind_null(7);
    }
    ins.bind(8, facts.runtime.empty() ? std::nullopt : std::optional(facts.runtime));
    ins.bind(9, facts.title).bind(10, facts.description).bind(11, now).bind(12, now).bind(13, manifest_text);
    ins.bind(14, server_json.empty() ? std::nullopt : std::optional(server_json)).bind(15, result.manifest_sha256);
    ins.step();
    std::int64_t version_id = ins.integer(0);
    ins.reset();

    sql::Stmt art(
        r.db, "INSERT INTO artifacts(version_id, role, file_name, size, sha256, media_type) VALUES (?, ?, ?, ?, ?, ?)");
    for (const json& a : artifacts) {
      art.bind(1, version_id).bind(2, a["role"].get<std::string>()).bind(3, a["file"].get<std::string>());
      art.bind(4, a["size"].get<std::int64_t>()).bind(5, a["sha256"].get<std::string>());
      art.bind(6, a["media_type"].get<std::string>()).run();
    }
    sql::Stmt tool(r.db,
                   "INSERT INTO tools(version_id, name, description, input_schema, category) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    for (const store::ManifestFacts::Tool& t : facts.tools) {
      tool.bind(1, version_id).bind(2, t.name).bind(3, t.description).bind(4, t.input_schema);
      tool.bind(5, t.category.empty() ? std::nullopt : std::optional(t.category)).run();
    }
    r.refresh_server(server);
    result.is_latest = r.pick_latest(server) == version_id;
    crash_point("in-transaction");
    tx.commit();
    return false;
  });
  if (raced) return result;
  crash_point("after-commit");

  if (!replaced_blobs.empty()) {
    // Upgrading the shared lock in place could deadlock against another upgrader: drop, retake.
    lock.reset();
    lock.emplace(r.root, store::StoreLock::Mode::Exclusive);
    r.collect(replaced_blobs);
  }
  return result;
}

std::optional<VersionRecord> Registry::get(std::string_view name, std::optional<std::string_view> version) const {
  Impl& r = *impl_;
  sql::ReadTransaction tx(r.db);
  bool latest = !version || is_latest_alias(*version);
  sql::Stmt q(r.db, latest
                        ? "SELECT v.id, s.name, v.version, v.display_name, v.description, v.runtime, s.server_type, "
                          "s.registry_name, v.status, v.deprecation_message, v.is_latest, v.published_at, "
                          "v.updated_at, v.manifest, v.server_json, v.manifest_sha256 FROM versions v JOIN servers s "
                          "ON s.id = v.server_id WHERE s.name = ? AND v.is_latest"
                        : "SELECT v.id, s.name, v.version, v.display_name, v.description, v.runtime, s.server_type, "
                          "s.registry_name, v.status, v.deprecation_message, v.is_latest, v.published_at, "
                          "v.updated_at, v.manifest, v.server_json, v.manifest_sha256 FROM versions v JOIN servers s "
                          "ON s.id = v.server_id WHERE s.name = ? AND v.version = ?");
  q.bind(1, name);
  if (!latest) q.bind(2, *version);
  if (!q.step()) return std::nullopt;
  VersionRecord v;
  std::int64_t id = q.integer(0);
  v.name = q.text(1);
  v.version = q.text(2);
  v.display_name = q.text(3);
  v.description = q.text(4);
  v.runtime = q.text(5);
  v.server_type = q.text(6);
  v.registry_name = q.text(7);
  v.status = q.text(8);
  v.deprecation_message = q.text(9);
  v.is_latest = q.integer(10) != 0;
  v.published_at = q.text(11);
  v.updated_at = q.text(12);
  v.manifest_json = q.text(13);
  v.server_json = q.text(14);
  v.manifest_sha256 = q.text(15);
  v.artifacts = r.artifacts_of(id);
  sql::Stmt t(r.db, "SELECT name, description, category, input_schema FROM tools WHERE version_id = ? ORDER BY id");
  t.bind(1, id);
  while (t.step()) v.tools.push_back({t.text(0), t.text(1), t.text(2), t.text(3)});
  return v;
}

std::vector<VersionSummary> Registry::versions(std::string_view name) const {
  Impl& r = *impl_;
  sql::Stmt q(r.db,
              "SELECT v.id, v.version, v.status, v.published_at, v.is_latest, v.deprecation_message, v.updated_at, "
              "v.manifest_sha256 FROM versions v JOIN servers s ON s.id = v.server_id WHERE s.name = ?");
  q.bind(1, name);
  std::vector<std::pair<std::int64_t, VersionSummary>> rows;
  while (q.step()) {
    rows.push_back(
        {q.integer(0), {q.text(1), q.text(2), q.text(3), q.integer(4) != 0, q.text(5), q.text(6), q.text(7)}});
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return compare_versions(a.second.version, a.first, b.second.version, b.first) > 0;
  });
  std::vector<VersionSummary> out;
  for (auto& [id, s] : rows) out.push_back(std::move(s));
  return out;
}

namespace {
// Columns shared by list and search: a server with its shown version (latest, else the most
// recently published one, which is then deleted).
constexpr const char* kSummaryColumns =
    "s.name, s.display_name, s.description, v.version, coalesce(v.runtime, ''), v.status, s.updated_at, "
    "coalesce(m.tags, '[]')";

ServerSummary summary_from(const sql::Stmt& q, int first) {
  ServerSummary s{q.text(first),     q.text(first + 1), q.text(first + 2), q.text(first + 3),
                  q.text(first + 4), q.text(first + 5), q.text(first + 6), {}};
  try {
    for (const json& t : read_json(q.text(first + 7), "the stored tags of '" + s.name + "'")) {
      if (t.is_string()) s.tags.push_back(t.get<std::string>());
    }
  } catch (const RegistryError&) {
    // Tags are decoration: a damaged row still lists its server.
  }
  return s;
}
}  // namespace

ListPage Registry::list(const ListFilter& filter) const {
  Impl& r = *impl_;
  if (filter.limit == 0 || filter.limit > 1000) {
    throw RegistryError(RegistryError::Kind::Invalid, "list: the page size must be between 1 and 1000");
  }
  if (!filter.status.empty() && filter.status != "active" && filter.status != "deprecated" &&
      filter.status != "deleted") {
    throw RegistryError(RegistryError::Kind::Invalid, "list: status must be active, deprecated or deleted");
  }
  std::string after;
  if (!filter.cursor.empty()) {
    // The cursor is the last name of the previous page and its server id: (name) is unique and
    // ordered, so new servers inserted while paginating never shift or repeat a page.
    std::optional<std::string> decoded = unbase64url(filter.cursor);
    std::size_t sep = decoded ? decoded->rfind('\n') : std::string::npos;
    if (sep == std::string::npos || name_problem(decoded->substr(0, sep))) {
      throw RegistryError(RegistryError::Kind::Invalid, "list: the cursor is not one this registry handed out");
    }
    after = decoded->substr(0, sep);
  }
  std::string sqltext = std::string("SELECT s.id, ") + kSummaryColumns +
                        " FROM servers s JOIN versions v ON v.id = coalesce("
                        "(SELECT id FROM versions WHERE server_id = s.id AND is_latest), "
                        "(SELECT max(id) FROM versions WHERE server_id = s.id)) "
                        "LEFT JOIN server_metadata m ON m.server_id = s.id "
                        "WHERE s.name > ?1 AND s.name >= ?2 AND s.name < ?3 "
                        "AND (?4 = '' AND v.status != 'deleted' OR v.status = ?4) "
                        "AND (?5 = '' OR v.runtime = ?5) "
                        "AND (?6 = '' OR EXISTS (SELECT 1 FROM " +
                        sql::json_array_values(r.db, "m.tags") + " WHERE value = ?6)) ORDER BY s.name LIMIT ?7";
  sql::Stmt q(r.db, sqltext.c_str());
  // Names use only characters below 0x7f, so PREFIX + "\x7f" bounds every name with PREFIX.
  q.bind(1, after).bind(2, filter.name_prefix).bind(3, filter.name_prefix + "\x7f");
  q.bind(4, filter.status).bind(5, filter.runtime).bind(6, filter.tag);
  q.bind(7, static_cast<std::int64_t>(filter.limit + 1));
  ListPage page;
  std::int64_t last_id = 0;
  while (q.step()) {
    if (page.servers.size() == filter.limit) {
      page.next_cursor = base64url(page.servers.back().name + "\n" + std::to_string(last_id));
      break;
    }
    last_id = q.integer(0);
    page.servers.push_back(summary_from(q, 1));
  }
  return page;
}

std::vector<SearchHit> Registry::search(std::string_view text, std::size_t limit) const {
  Impl& r = *impl_;
  std::vector<std::string> terms = search_terms(text);
  std::string query = r.db.postgres() ? tsquery(terms) : fts_query(terms);
  if (query.empty() || limit == 0) return {};
  // The top hits are chosen inside the search index first, so only they are joined with the
  // server rows. PostgreSQL: ts_rank over the weighted document (weights {D, C, B, A}:
  // descriptions, tool names, title, name), negated so that lower is better as with SQLite's
  // rank. SQLite: column weights name, title, description, tool names, tool descriptions.
  // Ties by server id on both.
  const char* hits_cte =
      r.db.postgres() ? "WITH hits AS (SELECT server_id AS id, -ts_rank('{0.1, 0.4, 0.6, 1.0}', document, q) "
                        "AS score FROM search_index, to_tsquery('simple', ?1) AS q WHERE document @@ q "
                        "ORDER BY score, server_id LIMIT ?2) "
                      : "WITH hits AS (SELECT rowid AS id, mcpc_rank(search_index, 10.0, 6.0, 2.0, 4.0, 1.0) "
                        "AS score FROM search_index WHERE search_index MATCH ?1 ORDER BY score, rowid LIMIT ?2) ";
  std::string sqltext = std::string(hits_cte) + "SELECT hits.score, " + kSummaryColumns +
                        " FROM hits JOIN servers s ON s.id = hits.id "
                        "JOIN versions v ON v.server_id = s.id AND v.is_latest "
                        "LEFT JOIN server_metadata m ON m.server_id = s.id "
                        "ORDER BY hits.score, hits.id";
  sql::Stmt q(r.db, sqltext.c_str());
  q.bind(1, query).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1000)));
  std::vector<SearchHit> hits;
  while (q.step()) hits.push_back({summary_from(q, 1), q.real(0)});
  return hits;
}

RemoveResult Registry::remove(std::string_view name, std::optional<std::string_view> version) {
  Impl& r = *impl_;
  store::StoreLock lock(r.root, store::StoreLock::Mode::Exclusive);
  RemoveResult result;
  std::set<std::string> candidates;
  sql::retry_transient([&] {
    candidates.clear();
    sql::WriteTransaction tx(r.db, name);
    std::optional<std::int64_t> server = r.server_id(name);
    if (!server) not_found(name, version);
    sql::Stmt q(r.db, version ? "SELECT id FROM versions WHERE server_id = ? AND version = ?"
                              : "SELECT id FROM versions WHERE server_id = ?");
    q.bind(1, *server);
    if (version) q.bind(2, *version);
    std::vector<std::int64_t> ids;
    while (q.step()) ids.push_back(q.integer(0));
    if (version && ids.empty()) not_found(name, version);
    sql::Stmt blobs(r.db, "SELECT sha256 FROM artifacts WHERE version_id = ?");
    sql::Stmt del(r.db, "DELETE FROM versions WHERE id = ?");
    for (std::int64_t id : ids) {
      blobs.bind(1, id);
      while (blobs.step()) candidates.insert(blobs.text(0));
      blobs.reset();
      del.bind(1, id).run();
    }
    result.versions_removed = ids.size();
    r.refresh_server(*server);  // deletes the server when nothing is left
    tx.commit();
  });
  result.blobs_deleted = r.collect(candidates).first;
  return result;
}

void Registry::deprecate(std::string_view name, std::string_view version, std::string_view message) {
  impl_->set_status(name, version, "deprecated", std::string(message));
}

void Registry::undeprecate(std::string_view name, std::string_view version) {
  impl_->set_status(name, version, "active", std::nullopt);
}

VerifyReport Registry::verify(bool repair) {
  Impl& r = *impl_;
  store::StoreLock lock(r.root, store::StoreLock::Mode::Exclusive);
  VerifyReport report;

  // SQLite's own checks first: nothing else is meaningful on a damaged file. (PostgreSQL keeps
  // its own pages and foreign keys consistent.)
  if (!r.db.postgres()) {
    sql::Stmt q(r.db, "PRAGMA integrity_check");
    while (q.step()) {
      if (q.text(0) != "ok") report.index_drift.push_back("index: " + q.text(0));
    }
    sql::Stmt fk(r.db, "PRAGMA foreign_key_check");
    while (fk.step())
      report.index_drift.push_back("index: row " + fk.text(1) + " of " + fk.text(0) + " references a missing row");
  }

  // Referenced blobs, with who references them.
  struct Ref {
    std::int64_t version_id;
    std::string who;
  };
  std::map<std::string, std::vector<Ref>> refs;
  {
    sql::Stmt q(r.db,
                "SELECT a.sha256, v.id, s.name || '@' || v.version || ': ' || a.file_name FROM artifacts a "
                "JOIN versions v ON v.id = a.version_id JOIN servers s ON s.id = v.server_id");
    while (q.step()) refs[q.text(0)].push_back({q.integer(1), q.text(2)});
    sql::Stmt n(r.db, "SELECT count(*) FROM versions");
    n.step();
    report.versions_checked = static_cast<std::size_t>(n.integer(0));
  }

  std::set<std::int64_t> broken_versions;
  std::set<std::string> present, corrupt;
  for (const store::BlobStore::Entry& e : r.blobs->list_blobs()) {
    if (e.sha256.empty()) {
      report.orphan_blobs.push_back(e.path.string() + " (not a blob name)");
      continue;
    }
    ++report.blobs_checked;
    std::optional<std::string> actual = sha256_file(e.path);
    if (actual != e.sha256) {
      corrupt.insert(e.sha256);
      report.corrupt_blobs.push_back(e.path.string() + ": content hashes to " + actual.value_or("(unreadable)"));
      if (auto it = refs.find(e.sha256); it != refs.end()) {
        for (const Ref& ref : it->second) broken_versions.insert(ref.version_id);
      }
      continue;
    }
    present.insert(e.sha256);
    if (!refs.count(e.sha256)) report.orphan_blobs.push_back(e.path.string());
  }
  for (const auto& [sha, users] : refs) {
    if (present.count(sha) || corrupt.count(sha)) continue;
    for (const Ref& ref : users) {
      report.missing_blobs.push_back(ref.who + " (sha256 " + sha + ")");
      broken_versions.insert(ref.version_id);
    }
  }
  for (const fs::path& t : r.blobs->list_temp_files()) report.temp_files.push_back(t.string());

  // Derived state: latest flags, empty servers, the search index.
  std::vector<std::int64_t> servers;
  {
    sql::Stmt q(r.db, "SELECT id, name FROM servers ORDER BY id");
    sql::Stmt flagged(r.db, "SELECT id FROM versions WHERE server_id = ? AND is_latest");
    sql::Stmt count(r.db, "SELECT count(*) FROM versions WHERE server_id = ?");
    while (q.step()) {
      std::int64_t id = q.integer(0);
      servers.push_back(id);
      count.bind(1, id);
      count.step();
      bool empty = count.integer(0) == 0;
      count.reset();
      if (empty) {
        report.index_drift.push_back("server '" + q.text(1) + "' has no versions");
        continue;
      }
      flagged.bind(1, id);
      std::optional<std::int64_t> actual;
      if (flagged.step()) actual = flagged.integer(0);
      flagged.reset();
      if (actual != r.pick_latest(id)) report.index_drift.push_back("server '" + q.text(1) + "': wrong latest flag");
    }
    sql::Stmt fts(r.db, r.db.postgres()
                            ? "SELECT (SELECT count(*) FROM search_index WHERE server_id NOT IN "
                              "(SELECT server_id FROM versions WHERE is_latest)) + (SELECT count(*) FROM versions "
                              "WHERE is_latest AND server_id NOT IN (SELECT server_id FROM search_index))"
                            : "SELECT (SELECT count(*) FROM search_index WHERE rowid NOT IN "
                              "(SELECT server_id FROM versions WHERE is_latest)) + (SELECT count(*) FROM versions "
                              "WHERE is_latest AND server_id NOT IN (SELECT rowid FROM search_index))");
    fts.step();
    if (fts.integer(0) != 0) {
      report.index_drift.push_back("search index: " + std::to_string(fts.integer(0)) +
                                   " rows out of step with the servers");
    }
    try {
      if (!r.db.postgres()) r.db.exec("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 0)");
    } catch (const RegistryError& e) {
      report.index_drift.push_back(std::string("search index: ") + e.what());
    }
  }

  if (repair) {
    sql::WriteTransaction tx(r.db);
    std::string now = now_iso();
    sql::Stmt mark(r.db,
                   "UPDATE versions SET status = 'deleted', is_latest = FALSE, updated_at = ?, "
                   "deprecation_message = 'broken: an artifact blob was missing or corrupt (verify --repair)' "
                   "WHERE id = ?");
    sql::Stmt drop(r.db, "DELETE FROM artifacts WHERE version_id = ?");
    sql::Stmt who(
        r.db, "SELECT s.name || '@' || v.version FROM versions v JOIN servers s ON s.id = v.server_id WHERE v.id = ?");
    for (std::int64_t id : broken_versions) {
      who.bind(1, id);
      if (who.step()) report.repairs.push_back("marked " + who.text(0) + " deleted (broken artifacts)");
      who.reset();
      mark.bind(1, now).bind(2, id).run();
      drop.bind(1, id).run();  // its bytes are gone; rows must not point at them
    }
    r.db.exec("DELETE FROM search_index");
    for (std::int64_t id : servers) r.refresh_server(id);
    tx.commit();
    report.repairs.push_back("recomputed latest flags and rebuilt the search index for " +
                             std::to_string(servers.size()) + " servers");
    for (const std::string& sha : corrupt) {
      if (r.blobs->remove(r.blobs->path_of(sha))) report.repairs.push_back("deleted corrupt blob " + sha);
    }
  }
  return report;
}

GcResult Registry::gc() {
  Impl& r = *impl_;
  // Exclusive: no publish is between staging and commit, so every temp file is a leftover.
  store::StoreLock lock(r.root, store::StoreLock::Mode::Exclusive);
  GcResult result;
  std::set<std::string> referenced;
  {
    sql::Stmt q(r.db, "SELECT DISTINCT sha256 FROM artifacts");
    while (q.step()) referenced.insert(q.text(0));
  }
  for (const store::BlobStore::Entry& e : r.blobs->list_blobs()) {
    if (!e.sha256.empty() && referenced.count(e.sha256)) continue;
    if (std::optional<std::uint64_t> freed = r.blobs->remove(e.path)) {
      ++result.blobs_deleted;
      result.bytes_freed += *freed;
    }
  }
  for (const fs::path& t : r.blobs->list_temp_files()) {
    if (std::optional<std::uint64_t> freed = r.blobs->remove(t)) {
      ++result.temp_files_deleted;
      result.bytes_freed += *freed;
    }
  }
  return result;
}

}  // namespace mcpc::registry

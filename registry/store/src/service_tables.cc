// The registry service's tables over the same index: servers as the service lists them, the
// official registry API's version rows, health samples and their schedule, job leases and API
// keys. SQL here stays portable (numbered parameters, RETURNING, LIKE ... ESCAPE, epoch
// milliseconds from the caller) so the PostgreSQL index runs the same statements.
#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "clock.h"
#include "mcpc/registry/json.h"
#include "mcpc/registry/registry.h"
#include "mcpc/registry/sha256.h"
#include "sqlite.h"

namespace mcpc::registry {
namespace {
using nlohmann::json;
using store::now_iso;

// Health samples kept per server: the newest ones; older rows go as new ones arrive.
constexpr std::int64_t kHealthSamplesKept = 1000;

// `text` as a LIKE pattern matching it anywhere, case-insensitively (the caller lowers both).
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  out += '%';
  return out;
}

std::vector<std::string> tags_of(const std::string& text) {
  std::vector<std::string> tags;
  try {
    for (const json& t : read_json(text, "stored tags")) {
      if (t.is_string()) tags.push_back(t.get<std::string>());
    }
  } catch (const RegistryError&) {
    // Tags are decoration: a damaged row still lists its server.
  }
  return tags;
}

constexpr const char* kServerSelect =
    "SELECT s.id, s.name, s.display_name, s.description, s.server_type, s.status, coalesce(s.endpoint_url, ''), "
    "coalesce(v.version, ''), coalesce(v.status, ''), coalesce(v.runtime, ''), s.created_at, s.updated_at, "
    "coalesce(s.last_health_check, ''), coalesce(m.author, ''), coalesce(m.repository_url, ''), "
    "coalesce(m.documentation_url, ''), coalesce(m.tags, '[]'), "
    "(SELECT count(*) FROM tools t WHERE t.version_id = v.id), "
    "h.id, h.healthy, coalesce(h.response_time_ms, 0), coalesce(h.status_code, 0), coalesce(h.error_message, ''), "
    "coalesce(h.checked_at, '') "
    "FROM servers s "
    "LEFT JOIN versions v ON v.id = coalesce((SELECT id FROM versions WHERE server_id = s.id AND is_latest), "
    "(SELECT max(id) FROM versions WHERE server_id = s.id)) "
    "LEFT JOIN server_metadata m ON m.server_id = s.id "
    "LEFT JOIN server_health_metrics h ON h.id = (SELECT max(id) FROM server_health_metrics WHERE server_id = s.id) ";

ServerRecord server_from(const sql::Stmt& q) {
  ServerRecord r;
  r.id = q.integer(0);
  r.name = q.text(1);
  r.display_name = q.text(2);
  r.description = q.text(3);
  r.server_type = q.text(4);
  r.status = q.text(5);
  r.endpoint_url = q.text(6);
  r.latest_version = q.text(7);
  r.version_status = q.text(8);
  r.runtime = q.text(9);
  r.created_at = q.text(10);
  r.updated_at = q.text(11);
  r.last_health_check = q.text(12);
  r.author = q.text(13);
  r.repository_url = q.text(14);
  r.documentation_url = q.text(15);
  r.tags = tags_of(q.text(16));
  r.tools_count = static_cast<std::size_t>(q.integer(17));
  if (!q.is_null(18)) {
    r.health = HealthSample{q.integer(19) != 0, q.integer(20), static_cast<int>(q.integer(21)), q.text(22), q.text(23)};
  }
  return r;
}

constexpr const char* kJobColumns =
    "id, kind, status, input, coalesce(result, ''), coalesce(error, ''), coalesce(owner, ''), attempts, created_at, "
    "coalesce(started_at, ''), coalesce(completed_at, '')";

JobRecord job_from(const sql::Stmt& q) {
  return JobRecord{q.text(0), q.text(1), q.text(2), q.text(3),
                   q.text(4), q.text(5), q.text(6), static_cast<int>(q.integer(7)),
                   q.text(8), q.text(9), q.text(10)};
}

}  // namespace

namespace {
// The servers a query selects (numbered parameters 1 to 6), shared by servers() and count_servers().
constexpr const char* kServerFrom =
    "FROM servers s "
    "LEFT JOIN versions v ON v.id = coalesce((SELECT id FROM versions WHERE server_id = s.id AND is_latest), "
    "(SELECT max(id) FROM versions WHERE server_id = s.id)) "
    "LEFT JOIN server_metadata m ON m.server_id = s.id ";

std::string server_filter(const sql::Db& db) {
  return "WHERE (?1 = '' OR s.status = ?1) AND (?2 = '' OR s.server_type = ?2) "
         "AND (?3 = '' OR lower(s.name) LIKE ?3 ESCAPE '\\' OR lower(s.display_name) LIKE ?3 ESCAPE '\\') "
         "AND (?4 = '' OR EXISTS (SELECT 1 FROM " +
         sql::json_array_values(db, "m.tags") +
         " WHERE value = ?4)) "
         "AND (?5 = 1 OR v.status IS NULL OR v.status != 'deleted') "
         "AND (?6 = '' OR (CASE WHEN s.status IN ('error', 'inactive') THEN s.status "
         "ELSE coalesce(v.status, s.status) END) = ?6) ";
}

void bind_filter(sql::Stmt& q, const ServerQuery& query) {
  q.bind(1, query.status).bind(2, query.server_type);
  q.bind(3, query.search.empty() ? std::string() : contains_pattern(query.search));
  q.bind(4, query.tag).bind(5, std::int64_t{query.include_deleted ? 1 : 0}).bind(6, query.shown_status);
}
}  // namespace

std::vector<ServerRecord> Registry::servers(const ServerQuery& query) const {
  sql::Db& db = index_db();
  std::string text = std::string(kServerSelect) + server_filter(db) + "ORDER BY s.id LIMIT ?7 OFFSET ?8";
  sql::Stmt q(db, text.c_str());
  bind_filter(q, query);
  q.bind(7, static_cast<std::int64_t>(std::min<std::size_t>(query.limit, 10000)));
  q.bind(8, static_cast<std::int64_t>(query.offset));
  std::vector<ServerRecord> out;
  while (q.step()) out.push_back(server_from(q));
  return out;
}

std::size_t Registry::count_servers(const ServerQuery& query) const {
  sql::Db& db = index_db();
  std::string text = std::string("SELECT count(*) ") + kServerFrom + server_filter(db);
  sql::Stmt q(db, text.c_str());
  bind_filter(q, query);
  q.step();
  return static_cast<std::size_t>(q.integer(0));
}

std::optional<ServerRecord> Registry::server(std::int64_t id) const {
  sql::Stmt q(index_db(), (std::string(kServerSelect) + "WHERE s.id = ?1").c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return server_from(q);
}

std::optional<ServerRecord> Registry::server(std::string_view name) const {
  sql::Stmt q(index_db(), (std::string(kServerSelect) + "WHERE s.name = ?1").c_str());
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return server_from(q);
}

std::optional<std::string> Registry::name_for_registry_name(std::string_view registry_name) const {
  sql::Stmt q(index_db(), "SELECT name FROM servers WHERE registry_name = ?1 ORDER BY id LIMIT 1");
  q.bind(1, registry_name);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

std::vector<EntryRecord> Registry::entries(const EntryQuery& query) const {
  // One server's entries (the official API's get and versions routes) by its name alone, so that
  // the name index finds them instead of a walk over every later server.
  std::string text =
      "SELECT s.name, v.version, v.status, coalesce(v.deprecation_message, ''), v.published_at, v.updated_at, "
      "v.is_latest, coalesce(v.server_json, ''), v.manifest FROM versions v JOIN servers s ON s.id = v.server_id "
      "WHERE " +
      std::string(query.name.empty() ? "" : "s.name = ?8 AND ") +
      "(s.name > ?1 OR (s.name = ?1 AND v.version > ?2)) "
      "AND (?3 = '' OR lower(s.name) LIKE ?3 ESCAPE '\\') "
      "AND (?4 = '' OR v.updated_at > ?4) "
      "AND (?5 = '' OR (?5 = 'latest' AND v.is_latest) OR v.version = ?5) "
      "AND (?6 = 1 OR v.status != 'deleted') "
      "ORDER BY s.name, v.version LIMIT ?7";
  sql::Stmt q(index_db(), text.c_str());
  q.bind(1, query.after_name).bind(2, query.after_version);
  q.bind(3, query.search.empty() ? std::string() : contains_pattern(query.search));
  q.bind(4, query.updated_since).bind(5, query.version);
  q.bind(6, std::int64_t{query.include_deleted ? 1 : 0});
  q.bind(7, static_cast<std::int64_t>(std::min<std::size_t>(query.limit, 10000)));
  if (!query.name.empty()) q.bind(8, query.name);
  std::vector<EntryRecord> out;
  while (q.step()) {
    out.push_back(
        {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.integer(6) != 0, q.text(7), q.text(8)});
  }
  return out;
}

void Registry::record_health(std::int64_t server_id, const HealthSample& sample) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  std::string at = sample.checked_at.empty() ? now_iso() : sample.checked_at;
  sql::Stmt(db,
            "INSERT INTO server_health_metrics(server_id, response_time_ms, status_code, error_message, checked_at, "
            "healthy) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, server_id)
      .bind(2, sample.response_time_ms)
      .bind(3, std::int64_t{sample.status_code})
      .bind(4, sample.error.empty() ? std::nullopt : std::optional(sample.error))
      .bind(5, at)
      .bind(6, std::int64_t{sample.healthy ? 1 : 0})
      .run();
  sql::Stmt(db,
            "DELETE FROM server_health_metrics WHERE server_id = ?1 AND id <= (SELECT id FROM server_health_metrics "
            "WHERE server_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)")
      .bind(1, server_id)
      .bind(2, kHealthSamplesKept)
      .run();
  sql::Stmt(db, "UPDATE servers SET status = ?1, last_health_check = ?2 WHERE id = ?3 AND status != 'inactive'")
      .bind(1, sample.healthy ? "active" : "error")
      .bind(2, at)
      .bind(3, server_id)
      .run();
  tx.commit();
}

std::vector<HealthSample> Registry::health_history(std::int64_t server_id, std::size_t limit) const {
  sql::Stmt q(index_db(),
              "SELECT healthy, coalesce(response_time_ms, 0), coalesce(status_code, 0), coalesce(error_message, ''), "
              "checked_at FROM server_health_metrics WHERE server_id = ?1 ORDER BY id DESC LIMIT ?2");
  q.bind(1, server_id).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1000)));
  std::vector<HealthSample> out;
  while (q.step()) {
    out.push_back({q.integer(0) != 0, q.integer(1), static_cast<int>(q.integer(2)), q.text(3), q.text(4)});
  }
  return out;
}

std::vector<HealthTarget> Registry::claim_health_checks(std::int64_t now_ms, std::int64_t interval_ms,
                                                        std::size_t limit) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  std::vector<HealthTarget> due;
  {
    // PostgreSQL: rows another checker is claiming right now are skipped, not waited for.
    std::string text =
        std::string(
            "SELECT id, name, endpoint_url FROM servers WHERE endpoint_url IS NOT NULL AND endpoint_url != '' "
            "AND status != 'inactive' AND next_health_check_ms <= ?1 ORDER BY next_health_check_ms, id LIMIT ?2") +
        sql::skip_locked(db);
    sql::Stmt q(db, text.c_str());
    q.bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit));
    while (q.step()) due.push_back({q.integer(0), q.text(1), q.text(2)});
  }
  sql::Stmt next(db, "UPDATE servers SET next_health_check_ms = ?1 WHERE id = ?2");
  for (const HealthTarget& t : due) next.bind(1, now_ms + interval_ms).bind(2, t.id).run();
  tx.commit();
  return due;
}

void Registry::make_health_checks_due() {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  db.exec("UPDATE servers SET next_health_check_ms = 0");
  tx.commit();
}

void Registry::create_job(std::string_view id, std::string_view kind, std::string_view input_json) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt(db,
            "INSERT INTO jobs(id, kind, status, input, created_at, seq) "
            "VALUES (?1, ?2, 'pending', ?3, ?4, (SELECT coalesce(max(seq), 0) + 1 FROM jobs))")
      .bind(1, id)
      .bind(2, kind)
      .bind(3, input_json)
      .bind(4, now_iso())
      .run();
  tx.commit();
}

std::optional<JobRecord> Registry::job(std::string_view id) const {
  sql::Stmt q(index_db(), (std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?1").c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return job_from(q);
}

JobCounts Registry::job_counts() const {
  sql::Stmt q(index_db(),
              "SELECT coalesce(sum(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), "
              "coalesce(sum(CASE WHEN status = 'processing' THEN 1 ELSE 0 END), 0) FROM jobs");
  q.step();
  return {static_cast<std::size_t>(q.integer(0)), static_cast<std::size_t>(q.integer(1))};
}

std::optional<JobRecord> Registry::claim_job(std::string_view owner, std::int64_t now_ms, std::int64_t lease_ms) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  std::string id;
  {
    // PostgreSQL: a job another instance is claiming right now is skipped, not waited for.
    std::string text =
        std::string("SELECT id FROM jobs WHERE status = 'pending' ORDER BY seq, created_at, id LIMIT 1") +
        sql::skip_locked(db);
    sql::Stmt q(db, text.c_str());
    if (!q.step()) return std::nullopt;
    id = q.text(0);
  }
  sql::Stmt up(
      db, (std::string("UPDATE jobs SET status = 'processing', owner = ?1, lease_until_ms = ?2, "
                       "attempts = attempts + 1, started_at = ?3 WHERE id = ?4 AND status = 'pending' RETURNING ") +
           kJobColumns)
              .c_str());
  up.bind(1, owner).bind(2, now_ms + lease_ms).bind(3, store::iso_of_epoch_ms(now_ms)).bind(4, id);
  if (!up.step()) return std::nullopt;
  JobRecord job = job_from(up);
  up.reset();
  tx.commit();
  return job;
}

namespace {
// Runs an UPDATE ... RETURNING id inside its own transaction; the number of rows it changed.
std::size_t run_update(sql::Stmt& update) {
  std::size_t n = 0;
  while (update.step()) ++n;
  update.reset();
  return n;
}
}  // namespace

bool Registry::renew_job(std::string_view id, std::string_view owner, std::int64_t until_ms) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt up(db,
               "UPDATE jobs SET lease_until_ms = ?1 WHERE id = ?2 AND owner = ?3 AND status = 'processing' "
               "RETURNING id");
  up.bind(1, until_ms).bind(2, id).bind(3, owner);
  bool held = run_update(up) == 1;
  tx.commit();
  return held;
}

namespace {
// Ends a job `owner` holds with `status` and `text` in `column` (result or error).
bool end_job(sql::Db& db, std::string_view id, std::string_view owner, bool complete, std::string_view text) {
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt up(db, complete
                       ? "UPDATE jobs SET status = 'complete', result = ?1, completed_at = ?2, lease_until_ms = NULL "
                         "WHERE id = ?3 AND owner = ?4 AND status = 'processing' RETURNING id"
                       : "UPDATE jobs SET status = 'failed', error = ?1, completed_at = ?2, lease_until_ms = NULL "
                         "WHERE id = ?3 AND owner = ?4 AND status = 'processing' RETURNING id");
  up.bind(1, text).bind(2, now_iso()).bind(3, id).bind(4, owner);
  bool held = run_update(up) == 1;
  tx.commit();
  return held;
}
}  // namespace

bool Registry::complete_job(std::string_view id, std::string_view owner, std::string_view result_json) {
  return end_job(index_db(), id, owner, true, result_json);
}

bool Registry::fail_job(std::string_view id, std::string_view owner, std::string_view error) {
  return end_job(index_db(), id, owner, false, error);
}

std::size_t Registry::fail_abandoned_jobs(std::int64_t now_ms, std::string_view reason, std::string_view owner) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt up(db,
               "UPDATE jobs SET status = 'failed', error = ?1, completed_at = ?2, lease_until_ms = NULL "
               "WHERE status = 'processing' AND (lease_until_ms < ?3 OR (?4 != '' AND owner = ?4)) RETURNING id");
  up.bind(1, reason).bind(2, now_iso()).bind(3, now_ms).bind(4, owner);
  std::size_t n = run_update(up);
  tx.commit();
  return n;
}

NewApiKey Registry::create_api_key(std::string_view name) {
  if (name.empty() || name.size() > 100) {
    throw RegistryError(RegistryError::Kind::Invalid, "an API key's name must be 1 to 100 characters");
  }
  NewApiKey key;
  key.record.id = random_hex(6);
  std::string secret = random_hex(32);
  key.token = "mcpc_" + key.record.id + "_" + secret;
  key.record.name = std::string(name);
  key.record.created_at = now_iso();
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt(db, "INSERT INTO api_keys(id, name, secret_sha256, created_at) VALUES (?1, ?2, ?3, ?4)")
      .bind(1, key.record.id)
      .bind(2, key.record.name)
      .bind(3, sha256_hex(secret))
      .bind(4, key.record.created_at)
      .run();
  tx.commit();
  return key;
}

std::vector<ApiKeyRecord> Registry::api_keys() const {
  sql::Stmt q(index_db(),
              "SELECT id, name, created_at, coalesce(last_used_at, ''), coalesce(revoked_at, '') FROM api_keys "
              "ORDER BY created_at, id");
  std::vector<ApiKeyRecord> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  return out;
}

bool Registry::revoke_api_key(std::string_view id) {
  sql::Db& db = index_db();
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt up(db, "UPDATE api_keys SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL RETURNING id");
  up.bind(1, now_iso()).bind(2, id);
  bool revoked = run_update(up) == 1;
  tx.commit();
  return revoked;
}

std::optional<ApiKeyRecord> Registry::check_api_key(std::string_view token) {
  // mcpc_<12 hex id>_<64 hex secret>: anything else is refused before the index is read.
  constexpr std::string_view kPrefix = "mcpc_";
  if (token.size() != kPrefix.size() + 12 + 1 + 64 || token.substr(0, kPrefix.size()) != kPrefix ||
      token[kPrefix.size() + 12] != '_') {
    return std::nullopt;
  }
  std::string id(token.substr(kPrefix.size(), 12));
  std::string digest = sha256_hex(token.substr(kPrefix.size() + 13));
  sql::Db& db = index_db();
  std::optional<ApiKeyRecord> found;
  {
    sql::Stmt q(db,
                "SELECT secret_sha256, name, created_at, coalesce(last_used_at, '') FROM api_keys "
                "WHERE id = ?1 AND revoked_at IS NULL");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    std::string stored = q.text(0);
    if (stored.size() != digest.size() || CRYPTO_memcmp(stored.data(), digest.data(), digest.size()) != 0) {
      return std::nullopt;
    }
    found = ApiKeyRecord{id, q.text(1), q.text(2), q.text(3), {}};
  }
  // Last use to the minute: a key sent with every read must not make every read a write.
  std::int64_t now = store::now_epoch_ms();
  if (!found->last_used_at.empty() && found->last_used_at > store::iso_of_epoch_ms(now - 60'000)) return found;
  found->last_used_at = store::iso_of_epoch_ms(now);
  sql::WriteTransaction tx(db, sql::WriteTransaction::Lock::Rows);
  sql::Stmt(db, "UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2").bind(1, found->last_used_at).bind(2, id).run();
  tx.commit();
  return found;
}

}  // namespace mcpc::registry

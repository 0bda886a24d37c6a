#include "schema.h"

#include <string>

#include "mcpc/registry/registry.h"

namespace mcpc::registry::schema {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Append-only: a released migration never changes; new needs get a new entry.
// The tables of a registry with health checks, metrics and jobs (servers, tools,
// server_metadata, server_health_metrics, tool_invocations, jobs) plus what a versioned,
// content-addressed store needs.
constexpr Migration kMigrations[] = {
    {1, "initial",
     R"sql(
CREATE TABLE servers (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  description   TEXT NOT NULL DEFAULT '',
  server_type   TEXT NOT NULL DEFAULT 'local',
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'error')),
  endpoint_url  TEXT,
  registry_name TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE versions (
  id                  INTEGER PRIMARY KEY,  -- also the publish sequence (non-semver ordering)
  server_id           INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  version             TEXT NOT NULL,
  is_semver           INTEGER NOT NULL,
  semver_major        INTEGER,
  semver_minor        INTEGER,
  semver_patch        INTEGER,
  semver_prerelease   TEXT,
  is_latest           INTEGER NOT NULL DEFAULT 0,
  status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deprecated', 'deleted')),
  deprecation_message TEXT,
  runtime             TEXT,
  display_name        TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL DEFAULT '',
  published_at        TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  manifest            TEXT NOT NULL,  -- JSON, digests filled in
  server_json         TEXT,           -- JSON of the server.json artifact
  manifest_sha256     TEXT NOT NULL,
  UNIQUE (server_id, version)
);
-- At most one latest version per server, enforced by the index itself.
CREATE UNIQUE INDEX versions_one_latest ON versions(server_id) WHERE is_latest;

CREATE TABLE artifacts (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  role        TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  media_type  TEXT NOT NULL DEFAULT 'application/octet-stream',
  UNIQUE (version_id, file_name)
);
-- Blob reference counts are computed by query over this index (no counter to drift).
CREATE INDEX artifacts_sha256 ON artifacts(sha256);

CREATE TABLE tools (
  id           INTEGER PRIMARY KEY,
  version_id   INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  input_schema TEXT NOT NULL DEFAULT '{}',
  category     TEXT,
  UNIQUE (version_id, name)
);

CREATE TABLE server_metadata (
  server_id         INTEGER PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  author            TEXT,
  repository_url    TEXT,
  documentation_url TEXT,
  tags              TEXT NOT NULL DEFAULT '[]'  -- JSON array
);

CREATE TABLE server_health_metrics (
  id               INTEGER PRIMARY KEY,
  server_id        INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  response_time_ms INTEGER,
  status_code      INTEGER,
  error_message    TEXT,
  checked_at       TEXT NOT NULL
);
CREATE INDEX server_health_metrics_server ON server_health_metrics(server_id, checked_at);

CREATE TABLE tool_invocations (
  id          INTEGER PRIMARY KEY,
  server_id   INTEGER NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  tool_id     INTEGER REFERENCES tools(id) ON DELETE SET NULL,
  tool_name   TEXT NOT NULL,
  invoked_at  TEXT NOT NULL,
  duration_ms INTEGER,
  success     INTEGER NOT NULL
);
CREATE INDEX tool_invocations_server ON tool_invocations(server_id, invoked_at);

CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  status       TEXT NOT NULL DEFAULT 'pending',
  description  TEXT,
  result       TEXT,  -- JSON
  error        TEXT,
  created_at   TEXT NOT NULL,
  completed_at TEXT
);

-- One row per server (rowid = servers.id), holding its latest version's searchable text.
CREATE VIRTUAL TABLE search_index USING fts5(
  name, title, description, tool_names, tool_descriptions,
  tokenize = 'unicode61', prefix = '2 3'
);
)sql"},
    {2, "service",
     R"sql(
-- The registry service: job leases, health-check schedule, API keys. Times compared in SQL are
-- epoch milliseconds passed in by the caller, so no dialect's date functions are needed.
ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'generate';
ALTER TABLE jobs ADD COLUMN input TEXT NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until_ms INTEGER;
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN started_at TEXT;
ALTER TABLE jobs ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_queue ON jobs(status, seq);

ALTER TABLE servers ADD COLUMN last_health_check TEXT;
ALTER TABLE servers ADD COLUMN next_health_check_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE server_health_metrics ADD COLUMN healthy INTEGER NOT NULL DEFAULT 0;

CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  revoked_at    TEXT
);
)sql"},
};

// The same migrations for PostgreSQL, with the same version numbers: the same tables and
// columns, in PostgreSQL's types. Names compare byte-wise (COLLATE "C") as in SQLite, so list
// order and prefix ranges agree. The search index is a table with a weighted tsvector (GIN).
constexpr Migration kPostgresMigrations[] = {
    {1, "initial",
     R"sql(
CREATE TABLE servers (
  id            BIGSERIAL PRIMARY KEY,
  name          TEXT COLLATE "C" NOT NULL UNIQUE,
  display_name  TEXT NOT NULL DEFAULT '',
  description   TEXT NOT NULL DEFAULT '',
  server_type   TEXT NOT NULL DEFAULT 'local',
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'error')),
  endpoint_url  TEXT,
  registry_name TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE versions (
  id                  BIGSERIAL PRIMARY KEY,
  server_id           BIGINT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  version             TEXT COLLATE "C" NOT NULL,
  is_semver           INTEGER NOT NULL,
  semver_major        BIGINT,
  semver_minor        BIGINT,
  semver_patch        BIGINT,
  semver_prerelease   TEXT,
  is_latest           BOOLEAN NOT NULL DEFAULT FALSE,
  status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deprecated', 'deleted')),
  deprecation_message TEXT,
  runtime             TEXT,
  display_name        TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL DEFAULT '',
  published_at        TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  manifest            TEXT NOT NULL,
  server_json         TEXT,
  manifest_sha256     TEXT NOT NULL,
  UNIQUE (server_id, version)
);
CREATE UNIQUE INDEX versions_one_latest ON versions(server_id) WHERE is_latest;

CREATE TABLE artifacts (
  id          BIGSERIAL PRIMARY KEY,
  version_id  BIGINT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  role        TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  size        BIGINT NOT NULL,
  sha256      TEXT NOT NULL,
  media_type  TEXT NOT NULL DEFAULT 'application/octet-stream',
  UNIQUE (version_id, file_name)
);
CREATE INDEX artifacts_sha256 ON artifacts(sha256);

CREATE TABLE tools (
  id           BIGSERIAL PRIMARY KEY,
  version_id   BIGINT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  input_schema TEXT NOT NULL DEFAULT '{}',
  category     TEXT,
  UNIQUE (version_id, name)
);

CREATE TABLE server_metadata (
  server_id         BIGINT PRIMARY KEY REFERENCES servers(id) ON DELETE CASCADE,
  author            TEXT,
  repository_url    TEXT,
  documentation_url TEXT,
  tags              TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE server_health_metrics (
  id               BIGSERIAL PRIMARY KEY,
  server_id        BIGINT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  response_time_ms BIGINT,
  status_code      INTEGER,
  error_message    TEXT,
  checked_at       TEXT NOT NULL
);
CREATE INDEX server_health_metrics_server ON server_health_metrics(server_id, checked_at);

CREATE TABLE tool_invocations (
  id          BIGSERIAL PRIMARY KEY,
  server_id   BIGINT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  tool_id     BIGINT REFERENCES tools(id) ON DELETE SET NULL,
  tool_name   TEXT NOT NULL,
  invoked_at  TEXT NOT NULL,
  duration_ms BIGINT,
  success     INTEGER NOT NULL
);
CREATE INDEX tool_invocations_server ON tool_invocations(server_id, invoked_at);

CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  status       TEXT NOT NULL DEFAULT 'pending',
  description  TEXT,
  result       TEXT,
  error        TEXT,
  created_at   TEXT NOT NULL,
  completed_at TEXT
);

-- One row per server (server_id = servers.id), holding its latest version's searchable text
-- and, in `document`, its words weighted by column: A name, B title, C tool names,
-- D descriptions.
CREATE TABLE search_index (
  server_id         BIGINT PRIMARY KEY,
  name              TEXT NOT NULL,
  title             TEXT NOT NULL,
  description       TEXT NOT NULL,
  tool_names        TEXT NOT NULL,
  tool_descriptions TEXT NOT NULL,
  document          TSVECTOR NOT NULL
);
CREATE INDEX search_index_document ON search_index USING GIN (document);
)sql"},
    {2, "service",
     R"sql(
ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'generate';
ALTER TABLE jobs ADD COLUMN input TEXT NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until_ms BIGINT;
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN started_at TEXT;
ALTER TABLE jobs ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX jobs_queue ON jobs(status, seq);

ALTER TABLE servers ADD COLUMN last_health_check TEXT;
ALTER TABLE servers ADD COLUMN next_health_check_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE server_health_metrics ADD COLUMN healthy INTEGER NOT NULL DEFAULT 0;

CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  revoked_at    TEXT
);
)sql"},
};

static_assert(std::size(kMigrations) == std::size(kPostgresMigrations),
              "every migration exists for both backends, with the same version numbers");

void migrate_postgres(sql::Db& db) {
  // The exclusive writer lock serialises concurrent openers of a fresh database.
  sql::WriteTransaction tx(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  std::int64_t current = 0;
  {
    sql::Stmt q(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (q.step()) current = q.integer(0);
  }
  constexpr int kLatest = kPostgresMigrations[std::size(kPostgresMigrations) - 1].version;
  if (current > kLatest) {
    throw RegistryError(RegistryError::Kind::Io, "the registry database has schema version " + std::to_string(current) +
                                                     ", newer than this mcpc understands (" + std::to_string(kLatest) +
                                                     "): upgrade mcpc");
  }
  for (const Migration& m : kPostgresMigrations) {
    if (m.version <= current) continue;
    db.exec(m.sql);
    sql::Stmt ins(db,
                  "INSERT INTO schema_migrations(version, name, applied_at) "
                  "VALUES (?, ?, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))");
    ins.bind(1, std::int64_t{m.version}).bind(2, m.name).run();
  }
  tx.commit();
}

}  // namespace

bool has_schema(sql::Db& db) {
  sql::Stmt q(db, "SELECT to_regclass('schema_migrations') IS NOT NULL");
  return q.step() && q.integer(0) != 0;
}

void open_and_migrate(sql::Db& db, bool durable) {
  if (db.postgres()) {
    migrate_postgres(db);
    return;
  }
  // WAL lets readers run during a publish; the mode is persistent in the file.
  bool wal = false;
  {
    sql::Stmt mode(db, "PRAGMA journal_mode");
    wal = mode.step() && mode.text(0) == "wal";
  }
  if (!wal) db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA foreign_keys = ON");
  // FULL: a publish that returned is on disk. OFF only for bulk imports (OpenOptions::durable).
  db.exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF");

  sql::WriteTransaction tx(db);
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  std::int64_t current = 0;
  {
    sql::Stmt q(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (q.step()) current = q.integer(0);
  }
  constexpr int kLatest = kMigrations[std::size(kMigrations) - 1].version;
  if (current > kLatest) {
    throw RegistryError(RegistryError::Kind::Io, "the registry index has schema version " + std::to_string(current) +
                                                     ", newer than this mcpc understands (" + std::to_string(kLatest) +
                                                     "): upgrade mcpc");
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= current) continue;
    db.exec(m.sql);
    sql::Stmt ins(db,
                  "INSERT INTO schema_migrations(version, name, applied_at) "
                  "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    ins.bind(1, std::int64_t{m.version}).bind(2, m.name).run();
  }
  if (current < kLatest) {
    // Mirrors the schema version where `sqlite3 index.sqlite 'PRAGMA user_version'` shows it.
    std::string pragma = "PRAGMA user_version = " + std::to_string(kLatest);
    db.exec(pragma.c_str());
  }
  tx.commit();
}

}  // namespace mcpc::registry::schema

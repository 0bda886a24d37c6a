#include "sqlite.h"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "mcpc/registry/registry.h"

namespace mcpc::registry::sql {
namespace {
constexpr int kBusyTimeoutMs = 60000;
// pg_advisory_xact_lock keys: every registry writer takes kWriterLock (shared when it names a
// key, exclusive when not); keyed writers also take (kKeyLockSpace, hashtext(key)).
constexpr std::int64_t kWriterLock = 0x6d637063'72656700;  // "mcpcreg\0"
constexpr int kKeyLockSpace = 0x6d637063;                  // "mcpc"

// `?` and `?N` parameters as PostgreSQL's `$n`, outside string literals and quoted names.
std::string postgres_params(const char* sql, int* count) {
  std::string out;
  int next = 0, highest = 0;
  char quote = 0;
  for (const char* p = sql; *p != '\0'; ++p) {
    char c = *p;
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      int n = 0;
      bool numbered = false;
      while (p[1] >= '0' && p[1] <= '9') {
        n = n * 10 + (*++p - '0');
        numbered = true;
      }
      if (!numbered) n = ++next;
      highest = std::max(highest, n);
      out += '$' + std::to_string(n);
    } else {
      out += c;
    }
  }
  *count = highest;
  return out;
}

// Throws the failure `res` describes (and clears it): TransientError for what a retry fixes.
[[noreturn]] void pg_throw(pg_result* res, pg_conn* conn) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res != nullptr ? PQresultErrorMessage(res) : "";
  if (msg.empty()) msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  bool transient = state != nullptr && (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0);
  PQclear(res);
  if (transient) throw TransientError("registry index: " + msg);
  throw RegistryError(RegistryError::Kind::Io, "registry index: " + msg);
}

void pg_exec(pg_conn* conn, const char* sql) {
  pg_result* res = PQexec(conn, sql);
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) pg_throw(res, conn);
  PQclear(res);
}
}  // namespace

Db::Db(const std::filesystem::path& file) : dialect_(Dialect::Sqlite) {
  int rc =
      sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw RegistryError(RegistryError::Kind::Io, "cannot open the registry index '" + file.string() + "': " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Writers queue for up to a minute: 8 concurrent publishers each fsync several times.
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // Keep the WAL file when the last connection closes, so that a process opening the index
  // at that moment never races its deletion.
  int persist = 1;
  sqlite3_file_control(db_, nullptr, SQLITE_FCNTL_PERSIST_WAL, &persist);
}

Db::Db(const PostgresUrl& url) : dialect_(Dialect::Postgres) {
  pg_ = PQconnectdb(url.url.c_str());
  if (PQstatus(pg_) != CONNECTION_OK) {
    std::string msg = pg_ != nullptr ? PQerrorMessage(pg_) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(pg_);
    pg_ = nullptr;
    // The URL may carry a password: name the database by what is safe to print.
    throw RegistryError(RegistryError::Kind::Io, "cannot connect to the registry database: " + msg);
  }
  // Notices (CREATE ... IF NOT EXISTS skipping) are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      pg_, [](void*, const char*) {}, nullptr);
  pg_exec(pg_, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

Db::~Db() {
  if (db_ != nullptr) sqlite3_close(db_);
  if (pg_ != nullptr) PQfinish(pg_);
}

const std::string& Db::prepared(const std::string& sql, int params) const {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  std::string name = "mcpc_" + std::to_string(statements_.size());
  pg_result* res = PQprepare(pg_, name.c_str(), sql.c_str(), params, nullptr);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) pg_throw(res, pg_);
  PQclear(res);
  return statements_.emplace(sql, std::move(name)).first->second;
}

void Db::fail(const char* what) const {
  if (pg_ != nullptr) {
    std::string msg = PQerrorMessage(pg_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw RegistryError(RegistryError::Kind::Io, std::string("registry index: ") + what + ": " + msg);
  }
  throw RegistryError(RegistryError::Kind::Io, std::string("registry index: ") + what + ": " + sqlite3_errmsg(db_));
}

void Db::exec(const char* sql) {
  if (pg_ != nullptr) {
    pg_exec(pg_, sql);
    return;
  }
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  // The busy handler does not cover every lock SQLite takes: a connection opening while the
  // last one closes (and checkpoints the WAL away) can get SQLITE_BUSY at once, on the pragmas
  // or on BEGIN IMMEDIATE. Those statements are safe to repeat, so wait and retry, as long as
  // the busy timeout would have.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (int attempt = 0; (rc & 0xff) == SQLITE_BUSY && std::chrono::steady_clock::now() < deadline; ++attempt) {
    sqlite3_free(err);
    err = nullptr;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 + attempt, 20)));
    rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  }
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw RegistryError(RegistryError::Kind::Io, "registry index: " + msg);
  }
}

Stmt::Stmt(const Db& db, const char* sql) : db_(db) {
  if (db.postgres()) {
    int count = 0;
    std::string text = postgres_params(sql, &count);
    name_ = &db.prepared(text, count);
    params_.resize(static_cast<std::size_t>(count));
    return;
  }
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK) db.fail("prepare");
}

Stmt::~Stmt() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
  PQclear(result_);
}

namespace {
std::optional<std::string>& param(std::vector<std::optional<std::string>>& params, int i, const Db& db) {
  if (i < 1 || static_cast<std::size_t>(i) > params.size()) db.fail("bind: no such parameter");
  return params[static_cast<std::size_t>(i - 1)];
}
}  // namespace

Stmt& Stmt::bind(int i, std::string_view text) {
  if (name_ != nullptr) {
    // Text parameters end at a NUL byte on the wire; PostgreSQL text cannot hold one anyway.
    param(params_, i, db_) = std::string(text.substr(0, text.find('\0')));
    return *this;
  }
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    db_.fail("bind");
  return *this;
}
Stmt& Stmt::bind(int i, std::int64_t value) {
  if (name_ != nullptr) {
    param(params_, i, db_) = std::to_string(value);
    return *this;
  }
  if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK) db_.fail("bind");
  return *this;
}
Stmt& Stmt::bind(int i, double value) {
  if (name_ != nullptr) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    param(params_, i, db_) = std::string(buf);
    return *this;
  }
  if (sqlite3_bind_double(stmt_, i, value) != SQLITE_OK) db_.fail("bind");
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  if (name_ != nullptr) {
    param(params_, i, db_).reset();
    return *this;
  }
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) db_.fail("bind");
  return *this;
}

bool Stmt::step() {
  if (name_ != nullptr) {
    if (result_ == nullptr) {
      std::vector<const char*> values;
      values.reserve(params_.size());
      for (const std::optional<std::string>& p : params_) values.push_back(p ? p->c_str() : nullptr);
      result_ =
          PQexecPrepared(db_.pg(), name_->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
      ExecStatusType st = PQresultStatus(result_);
      if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        pg_result* failed = result_;
        result_ = nullptr;
        pg_throw(failed, db_.pg());
      }
      rows_ = PQntuples(result_);
      row_ = 0;
    } else if (row_ < rows_) {
      ++row_;
    }
    return row_ < rows_;
  }
  int rc = sqlite3_step(stmt_);
  // As in Db::exec: a statement that got SQLITE_BUSY before producing anything is repeated
  // (reset keeps its bindings) until the busy timeout would have run out.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (int attempt = 0; (rc & 0xff) == SQLITE_BUSY && !produced_rows_ && std::chrono::steady_clock::now() < deadline;
       ++attempt) {
    sqlite3_reset(stmt_);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 + attempt, 20)));
    rc = sqlite3_step(stmt_);
  }
  produced_rows_ = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg = sqlite3_errmsg(db_.handle());
  sqlite3_reset(stmt_);
  throw RegistryError(RegistryError::Kind::Io, "registry index: " + msg);
}

void Stmt::reset() {
  if (name_ != nullptr) {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    rows_ = 0;
    for (std::optional<std::string>& p : params_) p.reset();
    return;
  }
  produced_rows_ = false;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Stmt::text(int col) const {
  if (name_ != nullptr) {
    if (PQgetisnull(result_, row_, col)) return {};
    return std::string(PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col)));
  }
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

std::int64_t Stmt::pg_integer(int col) const {
  if (PQgetisnull(result_, row_, col)) return 0;
  const char* v = PQgetvalue(result_, row_, col);
  if (v[0] == 't' && v[1] == '\0') return 1;  // boolean columns (is_latest)
  if (v[0] == 'f' && v[1] == '\0') return 0;
  return std::strtoll(v, nullptr, 10);
}

double Stmt::pg_real(int col) const {
  return PQgetisnull(result_, row_, col) ? 0.0 : std::strtod(PQgetvalue(result_, row_, col), nullptr);
}

bool Stmt::pg_is_null(int col) const { return PQgetisnull(result_, row_, col) != 0; }

WriteTransaction::WriteTransaction(Db& db, std::string_view key) : db_(db) { begin(key, Lock::Registry); }
WriteTransaction::WriteTransaction(Db& db, Lock lock) : db_(db) { begin({}, lock); }

void WriteTransaction::begin(std::string_view key, Lock lock) {
  if (!db_.postgres()) {
    db_.exec("BEGIN IMMEDIATE");
    return;
  }
  db_.exec("BEGIN");
  if (lock == Lock::Rows) return;
  try {
    if (key.empty()) {
      Stmt(db_, "SELECT pg_advisory_xact_lock(?)").bind(1, kWriterLock).run();
    } else {
      Stmt(db_, "SELECT pg_advisory_xact_lock_shared(?), pg_advisory_xact_lock(?, hashtext(?))")
          .bind(1, kWriterLock)
          .bind(2, std::int64_t{kKeyLockSpace})
          .bind(3, key)
          .run();
    }
  } catch (...) {
    pg_exec(db_.pg(), "ROLLBACK");
    throw;
  }
}

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  if (db_.postgres()) {
    PQclear(PQexec(db_.pg(), "ROLLBACK"));
  } else {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}
void WriteTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

ReadTransaction::ReadTransaction(Db& db) : db_(db) {
  db_.exec(db_.postgres() ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
}
ReadTransaction::~ReadTransaction() {
  if (db_.postgres()) {
    PQclear(PQexec(db_.pg(), "COMMIT"));
  } else {
    sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
  }
}

}  // namespace mcpc::registry::sql

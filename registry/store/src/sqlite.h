// A minimal RAII layer over the index database: a connection, prepared statements,
// transactions. One call shape for both backends: SQLite (a file) and PostgreSQL (libpq). SQL is
// written with `?` or `?N` parameters; on PostgreSQL they become `$n` and statements are
// prepared once per connection. Errors become RegistryError(io) carrying the database's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/registry/registry.h"

struct pg_conn;
struct pg_result;

namespace mcpc::registry::sql {

enum class Dialect { Sqlite, Postgres };

/// A PostgreSQL failure that is safe to retry from the start of its transaction (SQLSTATE
/// 40001 serialization failure, 40P01 deadlock detected).
class TransientError : public RegistryError {
 public:
  explicit TransientError(const std::string& message) : RegistryError(Kind::Io, message) {}
};

/// A libpq connection string: postgresql://... or postgres://... (or key=value pairs).
struct PostgresUrl {
  std::string url;
};

class Db {
 public:
  explicit Db(const std::filesystem::path& file);  ///< SQLite
  explicit Db(const PostgresUrl& url);             ///< PostgreSQL
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Dialect dialect() const { return dialect_; }
  bool postgres() const { return dialect_ == Dialect::Postgres; }
  sqlite3* handle() const { return db_; }  ///< SQLite only
  pg_conn* pg() const { return pg_; }      ///< PostgreSQL only
  void exec(const char* sql);              ///< runs one or more statements without results
  [[noreturn]] void fail(const char* what) const;

  /// PostgreSQL: the name of `sql` (already in `$n` form) prepared on this connection.
  const std::string& prepared(const std::string& sql, int params) const;

 private:
  Dialect dialect_;
  sqlite3* db_ = nullptr;
  pg_conn* pg_ = nullptr;
  mutable std::map<std::string, std::string, std::less<>> statements_;  // PostgreSQL: SQL -> name
};

/// A prepared statement; bind parameters are 1-based, columns 0-based.
class Stmt {
 public:
  Stmt(const Db& db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::string_view text);
  Stmt& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
  Stmt& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  Stmt& bind(int i, std::int64_t value);
  Stmt& bind(int i, double value);
  Stmt& bind_null(int i);
  Stmt& bind(int i, const std::optional<std::string>& text) {
    return text ? bind(i, std::string_view(*text)) : bind_null(i);
  }

  bool step();  ///< true while a row is available
  void run() {  ///< for statements without results; resets for reuse
    step();
    reset();
  }
  void reset();

  std::string text(int col) const;
  /// PostgreSQL booleans read as 1 and 0.
  std::int64_t integer(int col) const { return name_ ? pg_integer(col) : sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return name_ ? pg_real(col) : sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return name_ ? pg_is_null(col) : sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  const Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool produced_rows_ = false;  // since the last reset: a BUSY after rows is not retried
  // PostgreSQL: the prepared statement's name, the bound values, the result and its cursor.
  const std::string* name_ = nullptr;
  std::vector<std::optional<std::string>> params_;
  pg_result* result_ = nullptr;
  int row_ = -1, rows_ = 0;
  std::int64_t pg_integer(int col) const;
  double pg_real(int col) const;
  bool pg_is_null(int col) const;
};

/// SQLite: BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed uncommitted (exceptions, early
/// returns). IMMEDIATE takes the write lock up front, so concurrent writers wait in busy_timeout
/// instead of failing with SQLITE_BUSY on lock upgrade.
/// PostgreSQL: BEGIN plus transaction-scoped advisory locks with the same effect. Without `key`
/// the transaction excludes every other registry writer (like SQLite's write lock); with a key
/// (a server name) it excludes only writers of that key, and the keyless ones.
class WriteTransaction {
 public:
  /// What a PostgreSQL write transaction excludes beyond the rows it locks itself.
  enum class Lock {
    Registry,  ///< every other registry writer (the default, as on SQLite)
    Rows,      ///< nothing: its statements lock rows (FOR UPDATE SKIP LOCKED, UPDATE)
  };
  explicit WriteTransaction(Db& db, std::string_view key = {});
  WriteTransaction(Db& db, Lock lock);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  void begin(std::string_view key, Lock lock);
  Db& db_;
  bool done_ = false;
};

/// BEGIN (deferred; on PostgreSQL a read-only repeatable-read snapshot) for consistent
/// multi-statement reads.
class ReadTransaction {
 public:
  explicit ReadTransaction(Db& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Db& db_;
};

/// The values of the JSON array in `column` as a table with one column `value`
/// (SQLite's json_each, PostgreSQL's jsonb_array_elements_text).
inline std::string json_array_values(const Db& db, const char* column) {
  return db.postgres() ? std::string("jsonb_array_elements_text(") + column + "::jsonb) AS j(value)"
                       : std::string("json_each(") + column + ")";
}

/// `FOR UPDATE SKIP LOCKED` on PostgreSQL, where several instances claim rows of one queue
/// at once; empty on SQLite, whose write transaction already excludes the others.
inline const char* skip_locked(const Db& db) { return db.postgres() ? " FOR UPDATE SKIP LOCKED" : ""; }

/// Runs `body` (which opens and commits its own transaction) again when PostgreSQL reports a
/// serialization failure or deadlock, up to a few times. SQLite never throws TransientError.
template <class F>
auto retry_transient(F&& body) {
  for (int attempt = 1;; ++attempt) {
    try {
      return body();
    } catch (const TransientError&) {
      if (attempt == 5) throw;
    }
  }
}

}  // namespace mcpc::registry::sql

// A minimal RAII layer over the SQLite C API: a connection, prepared statements, transactions.
// Errors become RegistryError(io) carrying SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mcpc::registry::sql {

class Db {
 public:
  explicit Db(const std::filesystem::path& file);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* handle() const { return db_; }
  void exec(const char* sql);  ///< runs one or more statements without results
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  [[noreturn]] void fail(const char* what) const;

 private:
  sqlite3* db_ = nullptr;
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
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  const Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool produced_rows_ = false;  // since the last reset: a BUSY after rows is not retried
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed uncommitted (exceptions, early returns).
/// IMMEDIATE takes the write lock up front, so concurrent writers wait in busy_timeout instead
/// of failing with SQLITE_BUSY on lock upgrade.
class WriteTransaction {
 public:
  explicit WriteTransaction(Db& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

/// BEGIN (deferred) for consistent multi-statement reads.
class ReadTransaction {
 public:
  explicit ReadTransaction(Db& db);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Db& db_;
};

}  // namespace mcpc::registry::sql

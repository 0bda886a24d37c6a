#include "sqlite.h"

#include "mcpc/registry/registry.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace mcpc::registry::sql {
namespace {
constexpr int kBusyTimeoutMs = 60000;
}  // namespace

Db::Db(const std::filesystem::path& file) {
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

Db::~Db() { sqlite3_close(db_); }

void Db::fail(const char* what) const {
  throw RegistryError(RegistryError::Kind::Io, std::string("registry index: ") + what + ": " + sqlite3_errmsg(db_));
}

void Db::exec(const char* sql) {
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
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr) != SQLITE_OK) db.fail("prepare");
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    db_.fail("bind");
  return *this;
}
Stmt& Stmt::bind(int i, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK) db_.fail("bind");
  return *this;
}
Stmt& Stmt::bind(int i, double value) {
  if (sqlite3_bind_double(stmt_, i, value) != SQLITE_OK) db_.fail("bind");
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) db_.fail("bind");
  return *this;
}

bool Stmt::step() {
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
  produced_rows_ = false;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

WriteTransaction::WriteTransaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
WriteTransaction::~WriteTransaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}
void WriteTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

ReadTransaction::ReadTransaction(Db& db) : db_(db) { db_.exec("BEGIN"); }
ReadTransaction::~ReadTransaction() { sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr); }

}  // namespace mcpc::registry::sql

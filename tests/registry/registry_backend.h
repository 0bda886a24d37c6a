// The index backends the registry tests run on: SQLite always; PostgreSQL when the test run has
// a server, named by $MCPC_TEST_POSTGRES_URL or by the file $MCPC_TEST_POSTGRES_URL_FILE holds
// (the CTest fixture writes it: scripts/pg-cluster). Every PostgreSQL test gets a fresh
// database of its own, created with a random name and dropped afterwards.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "mcpc/registry/registry.h"

namespace mcpc::registry::testing {

enum class Backend { Sqlite, Postgres };

/// The server's URL (its maintenance database), or empty when the run has no server.
inline std::string postgres_server_url() {
  if (const char* u = std::getenv("MCPC_TEST_POSTGRES_URL"); u != nullptr && *u != '\0') return u;
  if (const char* f = std::getenv("MCPC_TEST_POSTGRES_URL_FILE"); f != nullptr && *f != '\0') {
    std::ifstream in(f);
    std::string url;
    if (in && std::getline(in, url)) return url;
  }
  return {};
}

/// The PostgreSQL instantiation's values: one when there is a server, none otherwise.
/// Also one when the URL file is named but unreadable: the tests then fail rather than pass
/// with nothing run.
inline std::vector<Backend> postgres_backends() {
  const char* file = std::getenv("MCPC_TEST_POSTGRES_URL_FILE");
  if (postgres_server_url().empty() && (file == nullptr || *file == '\0')) return {};
  return {Backend::Postgres};
}

/// How gtest (and CTest's test names) print a Backend.
// NOLINTNEXTLINE(readability-identifier-naming): gtest finds the printer by this name
inline void PrintTo(Backend backend, std::ostream* os) { *os << (backend == Backend::Sqlite ? "sqlite" : "postgres"); }

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "sqlite" : "postgres";
}

/// `url` with its database name replaced by `database` (postgresql://user@host:port/db?opts).
inline std::string with_database(const std::string& url, const std::string& database) {
  std::size_t scheme = url.find("://");
  std::size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::size_t query = url.find('?', scheme == std::string::npos ? 0 : scheme + 3);
  std::string base = url.substr(0, std::min(slash, query));
  return base + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

/// Runs one statement on the server's maintenance database; throws on failure.
inline void postgres_admin(const std::string& sql) {
  PGconn* conn = PQconnectdb(postgres_server_url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test PostgreSQL server: " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  std::string msg = PQresultStatus(res) == PGRES_COMMAND_OK ? "" : PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!msg.empty()) throw std::runtime_error(sql + ": " + msg);
}

/// A fresh, empty PostgreSQL database for one test, dropped (connections and all) when destroyed.
class TestDatabase {
 public:
  TestDatabase() {
    if (postgres_server_url().empty())
      throw std::runtime_error("no PostgreSQL server for the tests (scripts/pg-cluster)");
    std::random_device rd;
    std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
    name_ = "mcpc_test_" + std::to_string(gen());
    postgres_admin("CREATE DATABASE " + name_ + " STRATEGY FILE_COPY");  // faster than WAL_LOG for a tiny template
    url_ = with_database(postgres_server_url(), name_);
  }
  ~TestDatabase() {
    try {
      postgres_admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string name_, url_;
};

/// Where one test's index lives: nothing to set up for SQLite (ROOT/index.sqlite), a fresh
/// database for PostgreSQL.
class TestIndex {
 public:
  explicit TestIndex(Backend backend) {
    if (backend == Backend::Postgres) database_.emplace();
  }
  bool postgres() const { return database_.has_value(); }
  /// The PostgreSQL database's URL (empty for SQLite).
  std::string url() const { return database_ ? database_->url() : std::string(); }
  /// OpenOptions pointing at this index.
  OpenOptions options(OpenOptions o = {}) const {
    if (database_) o.database_url = database_->url();
    return o;
  }
  /// `mcpc registry` arguments that select this index (none for SQLite).
  std::vector<std::string> cli_args() const {
    if (!database_) return {};
    return {"--db", database_->url()};
  }

 private:
  std::optional<TestDatabase> database_;
};

}  // namespace mcpc::registry::testing

// Handlers of the inventory example, over a SQLite database file.
//
// The file is INVENTORY_DB (default inventory.db in the working directory, from the spec's
// env section). On first use the handlers create the schema and seed a few products; after
// that the file is the state: sync_catalog updates it from a built-in catalog, refresh_cache
// records refreshes in it, search_products queries it.
//
// Handlers run on worker threads, possibly several at once: one mutex guards the connection.
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc-inventory.h"

namespace inventory_mcp {
namespace {

struct Product {
  std::string_view sku;
  std::string_view name;
  std::string_view category;
  double price;
  std::int64_t stock;
};

// What a new database starts with.
constexpr Product kSeedProducts[] = {
    {"EL-USBC-1M", "USB-C cable, 1 m", "electronics", 9.99, 120},
    {"EL-MOUSE-01", "Wireless mouse", "electronics", 24.50, 40},
    {"EL-HEAD-NC", "Noise-cancelling headphones", "electronics", 199.00, 12},
    {"CL-TSHIRT-M", "Cotton T-shirt, size M", "clothing", 14.00, 75},
    {"CL-SOCKS-WL", "Wool socks", "clothing", 8.50, 200},
    {"CL-RAIN-JKT", "Rain jacket", "clothing", 89.00, 9},
    {"FD-CHOC-DK", "Dark chocolate bar", "food", 2.49, 300},
    {"FD-TEA-GRN", "Green tea, 20 bags", "food", 3.99, 150},
};

// "The latest product catalog" sync_catalog pulls. A real server would fetch it from a
// supplier; against the seed it changes two prices, adds two products and drops the rain jacket.
constexpr Product kCatalog[] = {
    {"EL-USBC-1M", "USB-C cable, 1 m", "electronics", 8.99, 0},
    {"EL-MOUSE-01", "Wireless mouse", "electronics", 24.50, 0},
    {"EL-HEAD-NC", "Noise-cancelling headphones", "electronics", 179.00, 0},
    {"EL-KBD-MECH", "Mechanical keyboard", "electronics", 89.90, 0},
    {"CL-TSHIRT-M", "Cotton T-shirt, size M", "clothing", 14.00, 0},
    {"CL-SOCKS-WL", "Wool socks", "clothing", 8.50, 0},
    {"FD-CHOC-DK", "Dark chocolate bar", "food", 2.49, 0},
    {"FD-TEA-GRN", "Green tea, 20 bags", "food", 3.99, 0},
    {"FD-COFFEE-1K", "Organic coffee beans, 1 kg", "food", 21.00, 0},
};

class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// One prepared statement; parameters count from 1, columns from 0.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
      fail(db, "prepare");
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind_text(int index, std::string_view value) {
    return check(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  Statement& bind_real(int index, double value) { return check(sqlite3_bind_double(stmt_, index, value)); }
  Statement& bind_int(int index, std::int64_t value) { return check(sqlite3_bind_int64(stmt_, index, value)); }

  /// True while there is a row to read.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step");
  }
  /// Runs a statement that returns no rows; returns the number of rows it changed.
  std::int64_t run() {
    while (step()) {
    }
    return sqlite3_changes(db_);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(stmt_, column);
    return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
  }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  Statement& check(int rc) {
    if (rc != SQLITE_OK) fail(db_, "bind");
    return *this;
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw DbError(text);
  }
}

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() ran.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS products (
    sku      TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('electronics', 'clothing', 'food')),
    price    REAL NOT NULL CHECK (price >= 0),
    stock    INTEGER NOT NULL DEFAULT 0);
  CREATE INDEX IF NOT EXISTS products_category ON products (category);
  -- When each product's cached stock level was last dropped, and how often.
  CREATE TABLE IF NOT EXISTS cache_refresh (
    sku          TEXT PRIMARY KEY REFERENCES products (sku) ON DELETE CASCADE,
    refreshed_at TEXT NOT NULL,
    refreshes    INTEGER NOT NULL DEFAULT 1);
)sql";

// "%word%" for LIKE ... ESCAPE '\', with the word's own % _ \ taken literally.
std::string like_pattern(std::string_view word, bool prefix_only = false) {
  std::string out = prefix_only ? "" : "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

class Inventory final : public Handlers {
 public:
  ~Inventory() override {
    if (db_) sqlite3_close(db_);
  }

  Outcome<SearchProductsResult> search_products(const SearchProductsParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    try {
      sqlite3* db = open();
      // Every word must appear in the name, SKU or category; names starting with the whole
      // query come first.
      std::vector<std::string> words = split_words(params.query);
      std::string sql = "SELECT sku, name, price FROM products WHERE 1";
      int next = 1;
      for (std::size_t i = 0; i < words.size(); ++i, ++next) {
        std::string p = "?" + std::to_string(next);
        sql += " AND (name LIKE " + p + " ESCAPE '\\' OR sku LIKE " + p + " ESCAPE '\\' OR category LIKE " + p +
               " ESCAPE '\\')";
      }
      const int category_param = params.category ? next++ : 0;
      if (category_param) sql += " AND category = ?" + std::to_string(category_param);
      const int prefix_param = next++;
      const int limit_param = next++;
      sql += " ORDER BY name LIKE ?" + std::to_string(prefix_param) + " ESCAPE '\\' DESC, name, sku LIMIT ?" +
             std::to_string(limit_param);

      Statement query(db, sql);
      for (std::size_t i = 0; i < words.size(); ++i) query.bind_text(static_cast<int>(i) + 1, like_pattern(words[i]));
      if (category_param) query.bind_text(category_param, to_string(*params.category));
      std::string whole;
      for (const std::string& word : words) whole += (whole.empty() ? "" : " ") + word;
      query.bind_text(prefix_param, like_pattern(whole, /*prefix_only=*/true));
      query.bind_int(limit_param, std::clamp<std::int64_t>(params.limit, 1, 200));

      std::vector<SearchProductsItem> found;
      while (query.step()) found.push_back({query.text(0), query.text(1), query.real(2)});
      return SearchProductsResult{.result = std::move(found)};
    } catch (const DbError& e) {
      return ToolResult::error(std::string("inventory database error: ") + e.what());
    }
  }

  Outcome<SyncCatalogResult> sync_catalog(const SyncCatalogParams&, Context& ctx) override {
    std::lock_guard lock(mutex_);
    try {
      sqlite3* db = open();
      Transaction tx(db);
      std::int64_t updated = 0;
      // Insert new products; update name, category and price of changed ones (the stock level
      // is ours, not the catalog's). A row that did not change is not counted.
      Statement upsert(db, R"sql(
        INSERT INTO products (sku, name, category, price, stock) VALUES (?1, ?2, ?3, ?4, 0)
        ON CONFLICT (sku) DO UPDATE SET
          name = excluded.name, category = excluded.category, price = excluded.price
        WHERE name IS NOT excluded.name OR category IS NOT excluded.category
           OR price IS NOT excluded.price)sql");
      const auto total = static_cast<double>(std::size(kCatalog));
      double done = 0;
      for (const Product& p : kCatalog) {
        upsert.reset();
        upsert.bind_text(1, p.sku).bind_text(2, p.name).bind_text(3, p.category).bind_real(4, p.price);
        updated += upsert.run();
        ctx.progress(++done, total, "synced " + std::string(p.sku));
      }
      // Remove what the catalog no longer lists.
      std::string sql = "DELETE FROM products WHERE sku NOT IN (";
      for (std::size_t i = 0; i < std::size(kCatalog); ++i) sql += i ? ", ?" : "?";
      sql += ")";
      Statement remove(db, sql);
      int index = 1;
      for (const Product& p : kCatalog) remove.bind_text(index++, p.sku);
      std::int64_t removed = remove.run();
      tx.commit();
      ctx.log(mcpc::runtime::LogLevel::Info, Json{{"updated", updated}, {"removed", removed}}, "sync_catalog");
      // Every field the output schema requires must be given: a result without one does not compile.
      return SyncCatalogResult{.updated = updated, .removed = removed};
    } catch (const DbError& e) {
      return ToolResult::error(std::string("catalog sync failed: ") + e.what());
    }
  }

  ToolResult refresh_cache(const RefreshCacheParams& params, Context&) override {
    std::lock_guard lock(mutex_);
    try {
      sqlite3* db = open();
      Transaction tx(db);
      // "WHERE true" lets SQLite's parser tell the upsert's ON CONFLICT from a join's ON.
      std::string sql = R"sql(
        INSERT INTO cache_refresh (sku, refreshed_at)
        SELECT sku, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM products WHERE true)sql";
      if (params.sku) sql += " AND sku = ?1";
      sql += " ON CONFLICT (sku) DO UPDATE SET refreshed_at = excluded.refreshed_at, refreshes = refreshes + 1";
      Statement refresh(db, sql);
      if (params.sku) refresh.bind_text(1, *params.sku);
      std::int64_t refreshed = refresh.run();
      if (params.sku && refreshed == 0) return ToolResult::error("no product has SKU " + *params.sku);
      tx.commit();
      if (params.sku) return ToolResult::text("Dropped the cached stock level of " + *params.sku + ".");
      return ToolResult::text("Dropped the cached stock levels of " + std::to_string(refreshed) + " product(s).");
    } catch (const DbError& e) {
      return ToolResult::error(std::string("cache refresh failed: ") + e.what());
    }
  }

 private:
  // The connection, opened (and the database created and seeded) on first use. INVENTORY_DB
  // is read here, not in the constructor: the generated main applies the spec's default after
  // make_handlers() ran. Callers hold mutex_.
  sqlite3* open() {
    if (db_) return db_;
    const char* env = std::getenv("INVENTORY_DB");
    std::string path = env && *env ? env : "inventory.db";
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = "cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
      sqlite3_close(db);
      throw DbError(message);
    }
    try {
      sqlite3_busy_timeout(db, 5000);  // another server process may share the file
      exec(db, "PRAGMA foreign_keys = ON");
      Transaction tx(db);
      bool is_new = false;
      {
        Statement exists(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'products'");
        is_new = exists.step() && exists.integer(0) == 0;
      }
      exec(db, kSchema);
      if (is_new) {
        Statement insert(db, "INSERT INTO products (sku, name, category, price, stock) VALUES (?1, ?2, ?3, ?4, ?5)");
        for (const Product& p : kSeedProducts) {
          insert.reset();
          insert.bind_text(1, p.sku).bind_text(2, p.name).bind_text(3, p.category);
          insert.bind_real(4, p.price).bind_int(5, p.stock);
          insert.run();
        }
      }
      tx.commit();
    } catch (...) {
      sqlite3_close(db);
      throw;
    }
    db_ = db;
    return db_;
  }

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Handlers> make_handlers() { return std::make_unique<Inventory>(); }

}  // namespace inventory_mcp

#include "search_rank.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace mcpc::registry::store {
namespace {

// Per-query data, computed on the first row and kept by FTS5 (xSetAuxdata) for the rest.
struct PhraseStats {
  std::vector<double> idf;  // one per query phrase
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  ++*static_cast<std::int64_t*>(user);
  return SQLITE_OK;
}

PhraseStats* phrase_stats(const Fts5ExtensionApi* api, Fts5Context* fts, int* rc) {
  auto* stats = static_cast<PhraseStats*>(api->xGetAuxdata(fts, 0));
  if (stats != nullptr) return stats;
  sqlite3_int64 rows = 0;
  *rc = api->xRowCount(fts, &rows);
  if (*rc != SQLITE_OK) return nullptr;
  auto owned = new PhraseStats;
  int phrases = api->xPhraseCount(fts);
  for (int i = 0; i < phrases; ++i) {
    std::int64_t hits = 0;
    *rc = api->xQueryPhrase(fts, i, &hits, count_row);
    if (*rc != SQLITE_OK) {
      delete owned;
      return nullptr;
    }
    // bm25's IDF, floored the same way so that a term in every row still counts a little.
    double idf = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    owned->idf.push_back(idf <= 0.0 ? 1e-6 : idf);
  }
  *rc = api->xSetAuxdata(fts, owned, [](void* p) { delete static_cast<PhraseStats*>(p); });
  return *rc == SQLITE_OK ? owned : nullptr;
}

void mcpc_rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int nargs, sqlite3_value** args) {
  int rc = SQLITE_OK;
  PhraseStats* stats = phrase_stats(api, fts, &rc);
  if (stats == nullptr) {
    sqlite3_result_error_code(ctx, rc == SQLITE_OK ? SQLITE_NOMEM : rc);
    return;
  }
  double score = 0.0;
  for (int phrase = 0; phrase < static_cast<int>(stats->idf.size()); ++phrase) {
    Fts5PhraseIter iter;
    int column = -1;
    double weight = 0.0;
    for (api->xPhraseFirstColumn(fts, phrase, &iter, &column); column >= 0;
         api->xPhraseNextColumn(fts, &iter, &column)) {
      weight += column < nargs ? sqlite3_value_double(args[column]) : 1.0;
    }
    score += stats->idf[static_cast<std::size_t>(phrase)] * weight;
  }
  sqlite3_result_double(ctx, -score);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

int register_search_rank(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateFunction(api, "mcpc_rank", nullptr, mcpc_rank, nullptr);
}

}  // namespace mcpc::registry::store

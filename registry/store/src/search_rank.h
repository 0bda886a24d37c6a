// mcpc_rank(): the FTS5 ranking function registry search orders by. bm25 looks up every
// matching row's column sizes, which for a word found in nearly every server costs more than
// the 10 ms search budget on 10,000 servers; mcpc_rank scores a row from the columns each
// query term occurs in (weighted) and the term's rarity (bm25's IDF), and reads nothing else.
#pragma once

#include <sqlite3.h>

namespace mcpc::registry::store {

/// Registers mcpc_rank(fts_table, weight_col0, weight_col1, ...) on `db`. Lower is better,
/// like bm25. Returns an SQLite result code.
int register_search_rank(sqlite3* db);

}  // namespace mcpc::registry::store

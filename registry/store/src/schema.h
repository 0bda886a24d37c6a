// The index schema as versioned migrations (table schema_migrations), applied on open.
#pragma once

#include "sqlite.h"

namespace mcpc::registry::schema {

/// Sets the connection's pragmas (WAL, foreign keys, synchronous) and applies every pending
/// migration in one write transaction. Concurrent openers serialise on the write lock.
/// On PostgreSQL: applies pending migrations (kept in step with SQLite's, version by version)
/// under the exclusive writer lock; `durable` is the server's business there.
void open_and_migrate(sql::Db& db, bool durable);

/// PostgreSQL: whether the database holds a registry schema (schema_migrations exists).
bool has_schema(sql::Db& db);

}  // namespace mcpc::registry::schema

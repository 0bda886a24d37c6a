// The index schema as versioned migrations (table schema_migrations), applied on open.
#pragma once

#include "sqlite.h"

namespace mcpc::registry::schema {

/// Sets the connection's pragmas (WAL, foreign keys, synchronous) and applies every pending
/// migration in one write transaction. Concurrent openers serialise on the write lock.
void open_and_migrate(sql::Db& db, bool durable);

}  // namespace mcpc::registry::schema

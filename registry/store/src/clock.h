// The store's timestamps: ISO 8601 UTC with milliseconds, one fixed width, so text order is
// time order in every index and query.
#pragma once

#include <cstdint>
#include <string>

namespace mcpc::registry::store {

/// Now as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string now_iso();
/// `epoch_ms` in the same format.
std::string iso_of_epoch_ms(std::int64_t epoch_ms);
/// Milliseconds since the Unix epoch, now.
std::int64_t now_epoch_ms();

}  // namespace mcpc::registry::store

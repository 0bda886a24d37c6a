// JSON Schema 2020-12 validation of tool arguments and structured output.
#pragma once

#include <string>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

/// Validates `instance` against `schema` (2020-12; a draft-07 `$schema` is accepted for the
/// keywords the drafts share). Returns "" when valid, else the first violation as
/// "<instance pointer>: <why>", e.g. "/limit: must be <= 100".
std::string validate_json_schema(const Json& schema, const Json& instance);

/// The dialects accepted in `$schema`; an absent `$schema` means 2020-12.
bool supported_schema_dialect(const Json& schema);

}  // namespace mcpc::runtime

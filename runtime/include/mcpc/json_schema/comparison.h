// Structural comparison of JSON Schemas: does the schema a server lists say what its spec says?
// (`mcpc validate`; see docs/validate.md.)
#pragma once

#include <string>
#include <vector>

#include "mcpc/json.h"

namespace mcpc::json_schema {

/// Structural differences between the JSON Schema a spec declares (`expected`) and the one
/// a server lists (`actual`), one message each; empty when they agree. Property names,
/// required sets, types, enums and constraints are compared, recursively through
/// properties, items, prefixItems, additionalProperties and anyOf/oneOf/allOf. Annotations
/// (description, title, default, examples, $schema), `additionalProperties: false` on the
/// server side, the ±(2^53-1) bounds zod puts on integers are ignored; `integer` equals
/// `number` with an integral multipleOf; a two-branch anyOf with `{type: "null"}` equals a
/// nullable type; local $refs are resolved.
std::vector<std::string> compare_schemas(const OrderedJson& expected, const OrderedJson& actual);

}  // namespace mcpc::json_schema

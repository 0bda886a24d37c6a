// JSON Schema 2020-12 validation of tool arguments and structured output.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

/// Work one validation may do before it gives up (a step is one schema applied to one value, or
/// one value compared or hashed). Bounds schemas whose combinators re-apply themselves (anyOf of
/// two self-$refs is exponential in the value's depth) and quadratic keywords on large values.
/// A 4 MiB argument of small items validates in a few million steps.
inline constexpr std::size_t kDefaultValidationSteps = 10'000'000;
/// How often (in steps) the cancellation predicate is polled.
inline constexpr std::size_t kCancellationPollSteps = 4096;
/// Subschema nesting one validation follows (a $ref to itself without progress stops here).
inline constexpr int kMaxSchemaDepth = 64;

struct ValidationLimits {
  std::size_t max_steps = kDefaultValidationSteps;
  /// When set, polled every kCancellationPollSteps steps; validation stops once it returns true.
  std::function<bool()> cancelled;
};

/// Validates `instance` against `schema` (2020-12; a draft-07 `$schema` is accepted for the
/// keywords the drafts share). Returns "" when valid, else the first violation as
/// "<instance pointer>: <why>", e.g. "/limit: must be <= 100". Past the step budget, or once
/// cancelled, it stops and returns why (never "" then).
///
/// `pattern` and `patternProperties` are ECMA-262 regular expressions run on RE2 (linear time,
/// no recursion; see ecma_regex.h), each compiled once per process. A pattern RE2 cannot compile
/// (lookaround, backreferences) fails every value it applies to, with the reason: a value that
/// cannot be checked is not accepted. `mcpc check` reports such patterns in a spec.
std::string validate_json_schema(const Json& schema, const Json& instance, const ValidationLimits& limits = {});

/// The dialects accepted in `$schema`; an absent `$schema` means 2020-12.
bool supported_schema_dialect(const Json& schema);

/// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// "" if `value` can be written as JSON faithfully, else "<pointer>: why" for the first part that
/// cannot: a non-finite number (nlohmann would write null) or a string or key that is not UTF-8
/// (nlohmann would throw). Iterative, so any depth is fine.
std::string unrepresentable_in_json(const Json& value);

}  // namespace mcpc::runtime

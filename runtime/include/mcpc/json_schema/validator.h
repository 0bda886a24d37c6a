// JSON Schema 2020-12 validation: what servers check tool arguments, results and resource
// template variables with, and what `mcpc check` checks a spec's defaults and enum members with,
// so that both read a schema the same way.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "mcpc/json.h"

namespace mcpc::json_schema {

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

/// What a value failed on: a keyword, or why validation could not go on.
enum class Keyword {
  FalseSchema,   // the schema `false`
  Ref,           // a $ref that does not resolve (detail: the reference)
  NestingLimit,  // subschemas nested past kMaxSchemaDepth
  StepBudget,    // the step budget is spent (first: the budget)
  Cancelled,     // the cancellation predicate said so
  Type,
  Enum,
  Const,
  Minimum,
  Maximum,
  ExclusiveMinimum,
  ExclusiveMaximum,
  MultipleOf,
  MinLength,
  MaxLength,
  Pattern,
  UncheckablePattern,  // a pattern RE2 refuses (name: the pattern, detail: why, in words)
  MinItems,
  MaxItems,
  UniqueItems,  // first, second: the equal items
  MinContains,  // first: the least number of matches, second: how many matched
  MaxContains,  // first: the most, second: how many matched
  Required,     // name: the missing property
  MinProperties,
  MaxProperties,
  DependentRequired,     // name: the property present, detail: the one it requires
  PropertyNames,         // name: the property whose name fails
  AdditionalProperties,  // name: the property `additionalProperties: false` forbids
  AnyOf,                 // detail: the first branch's failure (shortened)
  OneOf,                 // first: how many branches matched
  Not,
  Format,  // a `format` asserted (ValidationOptions::assert_formats) that the value does not have
};

/// One failure as the validator found it. A Wording turns it into text.
template <class J>
struct Failure {
  Keyword keyword;
  std::string_view at;       ///< JSON Pointer of the value the keyword applies to ("" for the instance)
  const J* value = nullptr;  ///< that value (nullptr for StepBudget and Cancelled)
  const J* bound = nullptr;  ///< the keyword's value in the schema, where the keyword has one
  std::string_view name;
  std::string_view detail;
  std::size_t first = 0;
  std::size_t second = 0;
};

/// Words failures for a reader. validate() returns what it says about the first failure.
template <class J>
class Wording {
 public:
  virtual ~Wording() = default;
  virtual std::string operator()(const Failure<J>& failure) const = 0;
};

template <class J>
struct ValidationOptions {
  /// The document the schema is part of, which `$ref`s resolve against. Default: the schema.
  const J* document = nullptr;
  /// Default: "<instance pointer>: <why>", e.g. "/limit: must be <= 100".
  const Wording<J>* wording = nullptr;
  /// Parts of a schema that cannot be applied (a pattern RE2 refuses, a $ref that does not
  /// resolve, a `type` that is neither a string nor an array, nesting past kMaxSchemaDepth) fail
  /// every value they apply to: a value that cannot be checked is not accepted. A checker that
  /// reports those parts on their own sets this, to skip them and check the rest.
  bool skip_unusable_parts = false;
  /// Asserts `format` as the official MCP SDK clients do (ajv with ajv-formats): date-time, date,
  /// time, iso-date-time, iso-time, duration, email, hostname, ipv4, ipv6, uri, uri-reference,
  /// uri-template, uuid, json-pointer, relative-json-pointer, json-pointer-uri-fragment and byte
  /// on strings; int32, int64, float and double on numbers. Other formats stay annotations, as
  /// every format is by default (2020-12).
  bool assert_formats = false;
};

/// Validates `instance` against `schema` (2020-12; the keywords draft-07 shares with it read the
/// same). Returns "" when valid, else the first failure in the options' wording. Past the step
/// budget, or once cancelled, it stops and says why (never "" then).
///
/// `pattern` and `patternProperties` are ECMA-262 regular expressions run on RE2 (linear time,
/// no recursion; see ecma_regex.h), each compiled once per process. Keywords not listed in
/// Keyword (title, default...) are annotations, and so is `format` unless asserted.
template <class J>
std::string validate(const J& schema, const J& instance, const ValidationLimits& limits = {},
                     const ValidationOptions<J>& options = {});

extern template std::string validate(const Json&, const Json&, const ValidationLimits&, const ValidationOptions<Json>&);
extern template std::string validate(const OrderedJson&, const OrderedJson&, const ValidationLimits&,
                                     const ValidationOptions<OrderedJson>&);

/// `key` as one JSON Pointer token (RFC 6901: '~' is "~0", '/' is "~1").
std::string pointer_token(std::string_view key);

}  // namespace mcpc::json_schema

// JSON encoding and decoding for the structs generated servers declare. Generated code calls
// these out-of-line functions field by field, so a generated file instantiates none of the JSON
// library's conversion templates: that keeps generated servers quick to compile and small. The
// few templates here (vectors, optionals, required fields) only loop and call the functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/runtime/typed.h"

namespace mcpc::runtime::codec {

// Encoding: the value into `json`, which it replaces.
void encode(Json& json, const std::string& value);
void encode(Json& json, std::string_view value);
/// (Without it, a string literal would pick the bool overload.)
inline void encode(Json& json, const char* value) { encode(json, std::string_view(value)); }
void encode(Json& json, std::int64_t value);
void encode(Json& json, double value);
void encode(Json& json, bool value);
void encode_json(Json& json, const Json& value);
/// A Json value as it is (a template, so that other types do not try converting to Json).
template <typename T>
requires std::same_as<T, Json>
void encode(Json& json, const T& value) { encode_json(json, value); }
void encode_null(Json& json);
/// Makes `json` an empty object.
void begin_object(Json& json);
/// Makes `json` an empty array with room for `size` elements.
void begin_array(Json& json, std::size_t size);
/// The member `key` of object `json`, created null.
Json& member(Json& json, std::string_view key);
/// A new null element at the end of array `json`.
Json& append(Json& json);

// The templates call each other (a vector of optionals, an optional struct): all are declared
// first. A generated struct or enum is encoded by its to_json(), found by argument-dependent
// lookup in the generated namespace.
template <typename T>
void encode(Json& json, const std::vector<T>& values);
template <typename T>
void encode(Json& json, const std::optional<T>& value);
template <typename T, FieldName Name, bool IsClass>
void encode(Json& json, const Required<T, Name, IsClass>& value);
template <typename T>
requires requires(Json& json, const T& value) { to_json(json, value); }
void encode(Json& json, const T& value);
template <typename T>
void decode(const Json& json, std::vector<T>& values);
template <typename T>
void decode(const Json& json, std::optional<T>& value);
template <typename T>
requires requires(const Json& json, T& value) { from_json(json, value); }
void decode(const Json& json, T& value);

template <typename T>
void encode(Json& json, const std::vector<T>& values) {
  begin_array(json, values.size());
  for (const T& value : values) encode(append(json), value);
}

template <typename T>
void encode(Json& json, const std::optional<T>& value) {
  if (value)
    encode(json, *value);
  else
    encode_null(json);
}

template <typename T, FieldName Name, bool IsClass>
void encode(Json& json, const Required<T, Name, IsClass>& value) {
  encode(json, static_cast<const T&>(value));
}

template <typename T>
requires requires(Json& json, const T& value) { to_json(json, value); }
void encode(Json& json, const T& value) { to_json(json, value); }

// Members of the scalar types, out of line (most fields are one of these): the generated code is
// one call per field, with nothing to instantiate or inline.
void put(Json& json, std::string_view key, const std::string& value);
void put(Json& json, std::string_view key, std::int64_t value);
void put(Json& json, std::string_view key, double value);
void put(Json& json, std::string_view key, bool value);
void put_optional(Json& json, std::string_view key, const std::optional<std::string>& value);
void put_optional(Json& json, std::string_view key, const std::optional<std::int64_t>& value);
void put_optional(Json& json, std::string_view key, const std::optional<double>& value);
void put_optional(Json& json, std::string_view key, const std::optional<bool>& value);
void get(const Json& json, std::string_view key, std::string& value);
void get(const Json& json, std::string_view key, std::int64_t& value);
void get(const Json& json, std::string_view key, double& value);
void get(const Json& json, std::string_view key, bool& value);
void get_optional(const Json& json, std::string_view key, std::string& value);
void get_optional(const Json& json, std::string_view key, std::int64_t& value);
void get_optional(const Json& json, std::string_view key, double& value);
void get_optional(const Json& json, std::string_view key, bool& value);
void get_optional(const Json& json, std::string_view key, std::optional<std::string>& value);
void get_optional(const Json& json, std::string_view key, std::optional<std::int64_t>& value);
void get_optional(const Json& json, std::string_view key, std::optional<double>& value);
void get_optional(const Json& json, std::string_view key, std::optional<bool>& value);

/// `value` as the member `key` of object `json`.
template <typename T>
void put(Json& json, std::string_view key, const T& value) {
  encode(member(json, key), value);
}

/// As put(), but an empty optional leaves the member out (put() writes null).
template <typename T>
void put_optional(Json& json, std::string_view key, const std::optional<T>& value) {
  if (value) encode(member(json, key), *value);
}

// Decoding: `json` into the value. A mismatch throws McpError(kInvalidParams) saying what was
// expected; get() and get_optional() name the member it came from.
void decode(const Json& json, std::string& value);
void decode(const Json& json, std::int64_t& value);
void decode(const Json& json, double& value);
void decode(const Json& json, bool& value);
void decode(const Json& json, Json& value);
/// The string `json` holds (for enums); throws if it is not a string.
const std::string& string_of(const Json& json);
/// Throws kInvalidParams: "'<text>' is not a valid <type>".
[[noreturn]] void invalid_value(const std::string& text, std::string_view type);
/// Throws kInvalidParams unless `json` is an object.
void expect_object(const Json& json);
/// The number of elements of array `json`; throws if it is not an array.
std::size_t array_size(const Json& json);
const Json& element(const Json& json, std::size_t index);
/// The member `key` of object `json`, or nullptr when it is absent.
const Json* find(const Json& json, std::string_view key);
bool is_null(const Json& json);
/// Throws kInvalidParams for a missing member `key`.
[[noreturn]] void missing(std::string_view key);
/// `text` parsed (JSON the generator wrote: schemas).
Json parse(std::string_view text);
/// Rethrows the exception being handled with "member `key`: " in front of its message.
[[noreturn]] void rethrow_in(std::string_view key);

template <typename T>
void decode(const Json& json, std::vector<T>& values) {
  std::size_t size = array_size(json);
  values.clear();
  values.resize(size);
  for (std::size_t i = 0; i < size; ++i) decode(element(json, i), values[i]);
}

template <typename T>
requires requires(const Json& json, T& value) { from_json(json, value); }
void decode(const Json& json, T& value) { from_json(json, value); }

template <typename T>
void decode(const Json& json, std::optional<T>& value) {
  if (is_null(json))
    value.reset();
  else
    decode(json, value.emplace());
}

/// The member `key`, which must be present.
template <typename T>
void get(const Json& json, std::string_view key, T& value) {
  const Json* found = find(json, key);
  if (!found) missing(key);
  try {
    decode(*found, value);
  } catch (...) {
    rethrow_in(key);
  }
}

/// The member `key` if present and not null; else `value` keeps its default.
template <typename T>
void get_optional(const Json& json, std::string_view key, T& value) {
  const Json* found = find(json, key);
  if (!found || is_null(*found)) return;
  try {
    decode(*found, value);
  } catch (...) {
    rethrow_in(key);
  }
}

}  // namespace mcpc::runtime::codec

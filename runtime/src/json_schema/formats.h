// The `format`s the official MCP SDK clients assert (formats.cc): the validator checks them
// when asked to (ValidationOptions::assert_formats), as servers do for structured output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcpc::json_schema::formats {

/// Whether `text` is a valid `format`; nothing for a format not checked on strings (one the
/// clients do not know, or check on numbers only): it is then only an annotation.
std::optional<bool> check_string(std::string_view format, const std::string& text);
/// The same for numbers (int32, int64, float, double).
std::optional<bool> check_number(std::string_view format, double value);

}  // namespace mcpc::json_schema::formats

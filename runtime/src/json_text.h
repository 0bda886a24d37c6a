// What a server may write as JSON (json_text.cc).
#pragma once

#include <string>
#include <string_view>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

/// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// Appends `value` as JSON text: byte for byte what value.dump(-1, ' ', false,
/// Json::error_handler_t::replace) writes (keys in the Json's order, non-ASCII as is, control
/// characters escaped, non-finite numbers as null, invalid UTF-8 replaced by U+FFFD), but
/// strings are copied in runs instead of one character at a time. Every response goes out this
/// way, and long strings (echo, resource text, base64) made nlohmann's writer the hot spot.
void append_json(std::string& out, const Json& value);
/// A string as a JSON string literal, quotes included (as append_json writes it).
void append_json_string(std::string& out, std::string_view s);
std::string to_json_text(const Json& value);

/// "" if `value` can be written as JSON faithfully, else "<pointer>: why" for the first part that
/// cannot: a non-finite number (nlohmann would write null) or a string or key that is not UTF-8
/// (nlohmann would throw). Iterative, so any depth is fine.
std::string unrepresentable_in_json(const Json& value);

}  // namespace mcpc::runtime

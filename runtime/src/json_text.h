// What a server may write as JSON (json_text.cc).
#pragma once

#include <string>
#include <string_view>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

/// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// "" if `value` can be written as JSON faithfully, else "<pointer>: why" for the first part that
/// cannot: a non-finite number (nlohmann would write null) or a string or key that is not UTF-8
/// (nlohmann would throw). Iterative, so any depth is fine.
std::string unrepresentable_in_json(const Json& value);

}  // namespace mcpc::runtime

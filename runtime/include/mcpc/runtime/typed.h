// Support for typed handlers, as generated servers use them: a tool's typed result or an error
// result (Outcome), argument decoding that answers bad input with -32602, and {{placeholder}}
// filling for prompt templates.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "mcpc/runtime/types.h"

namespace mcpc::runtime {

/// What a typed tool handler returns: its result (sent as structuredContent, mirrored as
/// text), or a ToolResult sent as it is, usually ToolResult::error("why").
template <typename T>
class Outcome {
 public:
  Outcome(T value) : value_(std::move(value)) {}              // NOLINT: implicit on purpose
  Outcome(ToolResult result) : result_(std::move(result)) {}  // NOLINT: implicit on purpose

  bool has_value() const { return value_.has_value(); }
  const T& value() const { return *value_; }

  ToolResult to_tool_result() && {
    if (!value_) return std::move(*result_);
    Json structured = std::move(*value_);  // the generated to_json
    return ToolResult::structured_result(std::move(structured));
  }

 private:
  std::optional<T> value_;
  std::optional<ToolResult> result_;
};

/// Arguments (already validated against the tool's schema) as `T`; a mismatch is the
/// client's fault and answers -32602.
template <typename T>
T decode_arguments(const Json& arguments) {
  try {
    return arguments.get<T>();
  } catch (const Json::exception& e) {
    throw McpError(kInvalidParams, std::string("invalid arguments: ") + e.what());
  }
}

/// Replaces each {{name}} (spaces inside the braces allowed) with values[name], or with
/// nothing when there is no such value.
inline std::string fill_placeholders(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find("{{", i);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text, i, open - i);
    std::string_view name = text.substr(open + 2, close - open - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (auto it = values.find(std::string(name)); it != values.end()) out += it->second;
    i = close + 2;
  }
  out.append(text, i, std::string_view::npos);
  return out;
}

}  // namespace mcpc::runtime

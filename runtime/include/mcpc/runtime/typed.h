// Support for typed handlers, as generated servers use them: a tool's typed result or an error
// result (Outcome), the required fields of results (Required), argument decoding that answers
// bad input with -32602, and {{placeholder}} filling for prompt templates.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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
    Json structured;
    to_json(structured, *value_);  // the generated one, found by argument-dependent lookup
    return ToolResult::structured_result(std::move(structured));
  }

 private:
  std::optional<T> value_;
  std::optional<ToolResult> result_;
};

/// A field's name as a template argument: Required<std::string, "title">.
template <std::size_t N>
struct FieldName {
  constexpr FieldName(const char (&name)[N]) { std::copy_n(name, N, text); }  // NOLINT: implicit on purpose
  char text[N];
};

/// A field of a tool's result that its output schema requires, in a generated result struct. It
/// has no default value: a result built without it does not compile, and the error names it
/// (Required<T, "field">), instead of the field going out empty. Otherwise it is its value: a
/// class type (std::string, std::vector, a struct) is that class, with all its members; a
/// number, bool or enum converts to and from it.
template <typename T, FieldName Name, bool = std::is_class_v<T>>
class Required;

template <typename T, FieldName Name>
class Required<T, Name, true> : public T {
 public:
  Required() = delete;  // A required field of the result is not set: set it (its name is Name above).
  using T::T;
  Required(const T& value) : T(value) {}        // NOLINT: implicit on purpose
  Required(T&& value) : T(std::move(value)) {}  // NOLINT: implicit on purpose
  using T::operator=;
};

template <typename T, FieldName Name>
class Required<T, Name, false> {
 public:
  Required() = delete;                  // A required field of the result is not set: set it (its name is Name above).
  Required(T value) : value_(value) {}  // NOLINT: implicit on purpose
  Required& operator=(T value) {
    value_ = value;
    return *this;
  }
  operator T&() & { return value_; }             // NOLINT: implicit on purpose
  operator const T&() const& { return value_; }  // NOLINT: implicit on purpose

 private:
  T value_;
};

template <typename T, FieldName Name, bool IsClass>
void to_json(Json& json, const Required<T, Name, IsClass>& field) {
  const T& value = field;
  if constexpr (requires {
                  typename T::value_type;
                  value.has_value();
                  *value;
                } &&
                !std::is_same_v<T, Json>) {
    if (value)  // std::optional: a required field that may be null
      json = *value;
    else
      json = nullptr;
  } else {
    json = value;
  }
}

/// Throws McpError(kInvalidParams) saying "invalid arguments: " and why (`e`).
[[noreturn]] void invalid_arguments(const McpError& e);

/// Arguments (already validated against the tool's schema) as `T`; a mismatch is the
/// client's fault and answers -32602.
template <typename T>
T decode_arguments(const Json& arguments) {
  T value;
  try {
    from_json(arguments, value);  // the generated one, found by argument-dependent lookup
  } catch (const McpError& e) {
    invalid_arguments(e);
  }
  return value;
}

/// A resource template's variables, as matched (text), as JSON: each read as the type
/// `variables_schema` gives it (integer, number, boolean; else a string), as the runtime reads
/// them to validate them before the handler runs (ResourceTemplate::variables_schema).
Json typed_variables(const Json& variables_schema, const std::map<std::string, std::string>& variables);

/// The same, as `T` (a generated variables struct).
template <typename T>
T decode_variables(const Json& variables_schema, const std::map<std::string, std::string>& variables) {
  return decode_arguments<T>(typed_variables(variables_schema, variables));
}

class Server;

/// One tool of a generated server, as an entry of its constant table: the schemas stay text
/// until add_tools() parses them, and `call` decodes the arguments and calls the handler. A
/// table of these (rather than code per tool) keeps the generated registration quick to compile.
struct ToolEntry {
  std::string_view name{};
  std::string_view title{};
  std::string_view description{};
  std::string_view input_schema = "{}";  ///< JSON text
  std::string_view output_schema{};      ///< JSON text; empty: none
  bool has_annotations = false;
  std::optional<bool> read_only{};
  std::optional<bool> destructive{};
  std::optional<bool> idempotent{};
  std::optional<bool> open_world{};
  std::string_view content_types{};  ///< separated by spaces; empty: any
  bool runs_inline = false;
  ToolResult (*call)(void* handlers, const Json& arguments, Context& ctx) = nullptr;
};

/// Adds `count` tools of `tools` to `server`, their calls given `handlers`.
void add_tools(Server& server, void* handlers, const ToolEntry* tools, std::size_t count);

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

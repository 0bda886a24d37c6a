// The handler interface: what the user's handler code is written against (each handler's
// signature, and the members of the types it takes and returns), as a backend spells it.
// Generation records it next to the generated files; the next generation compares with that
// record and says what changed, so a spec change reads as what it does to the user's code
// ("delete_bookmark now returns ToolResult") instead of a cascade of compiler errors.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcpc::codegen {

struct InterfaceHandler {
  std::string kind;         ///< "tool", "resource", "resource template", "prompt"
  std::string name;         ///< the spec's name
  std::string function;     ///< the function the user writes: "delete_bookmark"
  std::string returns;      ///< "ToolResult"
  std::string parameters;   ///< "const DeleteBookmarkParams& params, Context& ctx"
  std::string params_type;  ///< one of `types`, or ""
  std::string result_type;  ///< one of `types`, or ""
};

/// A type of the interface; an enum's members are its values, with an empty type.
struct InterfaceType {
  std::string name;
  std::vector<std::pair<std::string, std::string>> members;  ///< (member, type)
};

struct HandlerInterface {
  std::string target;  ///< the backend's name: a record of another backend is not compared
  std::vector<InterfaceHandler> handlers;
  std::vector<InterfaceType> types;
};

/// The record written next to the generated files (a line-based text file).
std::string format_interface(const HandlerInterface& interface);
/// nullopt when `text` is not a record this version writes: hand-edited, truncated, another
/// format. Never throws; bounded by the size of `text`.
std::optional<HandlerInterface> parse_interface(std::string_view text);

/// What changed from `before` to `after`, one line per handler or type, at most
/// `max_lines` (the last then says how many more there are). Empty when the targets differ.
std::vector<std::string> interface_changes(const HandlerInterface& before, const HandlerInterface& after,
                                           std::size_t max_lines = 20);

/// interface_changes() against the record `relative_path` in `dir` (call before writing the
/// new output over it). Empty when there is no readable record of the same target there.
std::vector<std::string> interface_changes_since(const std::filesystem::path& dir, const std::string& relative_path,
                                                 const HandlerInterface& now);

}  // namespace mcpc::codegen

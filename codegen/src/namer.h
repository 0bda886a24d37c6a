// Identifiers from arbitrary names: "list-orders" -> list_orders / ListOrders, keywords
// escaped, leading digits guarded, and collisions resolved within a scope.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mcpc::codegen {

/// Words split at non-alphanumerics and lower->upper case changes: "getHTTPStatus v2" ->
/// {get, http, status, v2}. Non-ASCII bytes are dropped.
std::vector<std::string> split_words(std::string_view name);

std::string snake_case(std::string_view name);   ///< list_orders
std::string pascal_case(std::string_view name);  ///< ListOrders

/// True for C++20 keywords and alternative tokens.
bool is_cpp_keyword(std::string_view word);

/// A scope of C++ identifiers: `claim` makes a name valid (keywords get a trailing '_',
/// a leading digit gets a prefix, empty becomes `fallback`) and unique (a numeric suffix).
class CppScope {
 public:
  explicit CppScope(std::set<std::string> reserved = {}) : taken_(std::move(reserved)) {}
  std::string claim(std::string identifier, std::string_view fallback = "value");

 private:
  std::set<std::string> taken_;
};

/// One line of comment text: newlines folded, trailing backslashes dropped.
std::string comment_text(std::string_view text);

/// A C++ string literal for arbitrary UTF-8 text: "..." with escapes, split into chunks so
/// long text stays under compiler limits.
std::string cpp_string_literal(std::string_view text);

}  // namespace mcpc::codegen

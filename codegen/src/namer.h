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

/// A scope of identifiers: `claim` makes a name valid (escape.h: cpp_identifier or
/// js_identifier; empty becomes `fallback`) and unique (a numeric suffix).
class IdentifierScope {
 public:
  enum class Language { Cpp, JavaScript };
  explicit IdentifierScope(Language language, std::set<std::string> reserved = {})
      : language_(language), taken_(std::move(reserved)) {}
  std::string claim(std::string_view name, std::string_view fallback = "value");

 private:
  Language language_;
  std::set<std::string> taken_;
};

/// C++ identifiers (types, members, methods, namespaces).
class CppScope : public IdentifierScope {
 public:
  explicit CppScope(std::set<std::string> reserved = {}) : IdentifierScope(Language::Cpp, std::move(reserved)) {}
};

/// JavaScript identifiers (functions, types, module bindings).
class JsScope : public IdentifierScope {
 public:
  explicit JsScope(std::set<std::string> reserved = {}) : IdentifierScope(Language::JavaScript, std::move(reserved)) {}
};

}  // namespace mcpc::codegen

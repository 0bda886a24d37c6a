// JSON Schema -> C++ types for the native backend: structs for objects with properties,
// enum classes for string enums, std::vector for arrays, std::optional for optional members,
// and the runtime's Json for anything a plain type cannot say (unions, $ref, free-form).
#pragma once

#include <string>
#include <vector>

#include "../namer.h"
#include "../templates.h"
#include "mcpc/ir/module.h"

namespace mcpc::codegen::cpp {

struct EnumValue {
  std::string identifier;  ///< Celsius
  std::string json;        ///< "celsius"
};

// Comments hold the spec's text as it is: the view model escapes them (escape.h).
struct EnumDecl {
  std::string name;
  std::string comment;
  std::vector<EnumValue> values;
};

struct FieldDecl {
  std::string key;          ///< the JSON property name
  std::string member;       ///< the C++ member name
  std::string type;         ///< the member's full type, std::optional<...> included
  std::string value_type;   ///< the type inside std::optional (== type when not optional)
  std::string initializer;  ///< " = 20", "{}" or ""
  std::string comment;
  bool optional = false;  ///< std::optional member: absent or null -> nullopt
  bool required = false;  ///< must be present (read with at())
};

struct StructDecl {
  std::string name;
  std::string comment;
  std::vector<FieldDecl> fields;
};

/// The `description` of a schema, or "" (also when it is not a string).
std::string description_of(const OrderedJson& schema);

/// Collects the declarations a module's schemas need, in dependency order (a struct comes
/// after every struct and enum its members use).
class TypeCollector {
 public:
  TypeCollector();

  /// The C++ type for `schema`; `hint` names the struct or enum it may create ("AddParams").
  /// `nullable` is set when the schema also allows null.
  std::string type_for(const OrderedJson& schema, const std::string& hint, const std::string& comment,
                       bool* nullable = nullptr);

  /// A struct for an object schema even when it has no properties (tool parameters);
  /// falls back to type_for for anything else.
  std::string root_type(const OrderedJson& schema, const std::string& hint, const std::string& comment);

  /// Claims a type name for something that is not a schema (e.g. prompt arguments).
  std::string claim_type_name(const std::string& hint) { return types_.claim(hint, "Type"); }
  void add_struct(StructDecl decl);

  const std::vector<EnumDecl>& enums() const { return enums_; }
  const std::vector<StructDecl>& structs() const { return structs_; }
  /// Declarations in the order a header must list them.
  struct Decl {
    bool is_enum;
    std::size_t index;
  };
  const std::vector<Decl>& order() const { return order_; }

 private:
  std::string make_struct(const OrderedJson& schema, const std::string& hint, const std::string& comment);
  std::string make_enum(const OrderedJson& values, const std::string& hint, const std::string& comment);
  std::string default_initializer(const OrderedJson& value, const std::string& type) const;

  CppScope types_;
  std::vector<EnumDecl> enums_;
  std::vector<StructDecl> structs_;
  std::vector<Decl> order_;
};

}  // namespace mcpc::codegen::cpp

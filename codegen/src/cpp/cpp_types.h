// JSON Schema -> C++ types for the native backend: structs for objects with properties,
// enum classes for string enums, std::vector for arrays, std::optional for optional members,
// and the runtime's Json for anything a plain type cannot say (unions, $ref, free-form).
#pragma once

#include <map>
#include <optional>
#include <set>
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
  /// Part of a tool's result: its required fields are Required<T, "name"> (no default value, so
  /// a result without one does not compile), and it is only encoded, never decoded.
  bool result = false;
};

/// The `description` of a schema, or "" (also when it is not a string).
std::string description_of(const OrderedJson& schema);

/// Collects the declarations a module's schemas need, in dependency order (a struct comes
/// after every struct and enum its members use). A named type of the module (ir::NamedType) is
/// declared once, under its own name, however many schemas use it.
class TypeCollector {
 public:
  /// `module` (optional) holds the named types that schemas given as ir::Schema may use.
  explicit TypeCollector(const ir::Module* module = nullptr);

  /// The C++ type for `schema`; `hint` names the struct or enum it may create ("AddParams").
  /// `nullable` is set when the schema also allows null.
  std::string type_for(const OrderedJson& schema, const std::string& hint, const std::string& comment,
                       bool* nullable = nullptr);

  /// A struct for an object schema even when it has no properties (tool parameters);
  /// falls back to type_for for anything else.
  std::string root_type(const OrderedJson& schema, const std::string& hint, const std::string& comment);
  /// root_type for a schema whose uses of named types (Schema::named) become those types.
  std::string root_type(const ir::Schema& schema, const std::string& hint, const std::string& comment);

  /// root_type for a tool's result: the structs it makes are results (StructDecl::result),
  /// except those of named types that an input uses too, which must be decodable.
  std::string result_type(const ir::Schema& schema, const std::string& hint, const std::string& comment);

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
  /// A hint that is a name already claimed (a named type's): used as it is.
  struct Hint {
    std::string text;
    bool claimed = false;
  };
  std::string root_at(const OrderedJson& schema, const Hint& hint, const std::string& comment);
  /// The type for the node at `pointer` of the schema whose named uses are `named_`.
  std::string type_at(const OrderedJson& schema, const std::string& pointer, const Hint& hint,
                      const std::string& comment, bool* nullable);
  std::string named_type(const std::string& name);
  const std::string* named_at(const std::string& pointer) const {
    if (!named_) return nullptr;
    auto it = named_->find(pointer);
    return it == named_->end() ? nullptr : &it->second;
  }
  std::string make_struct(const OrderedJson& schema, const std::string& pointer, const Hint& hint,
                          const std::string& comment);
  std::string make_enum(const OrderedJson& values, const Hint& hint, const std::string& comment);
  std::string take_name(const Hint& hint) { return hint.claimed ? hint.text : types_.claim(hint.text, "Type"); }
  std::string default_initializer(const OrderedJson& value, const std::string& type) const;

  const ir::Module* module_;
  std::optional<ir::TypeIndex> named_index_;                   ///< of module_
  const std::map<std::string, std::string>* named_ = nullptr;  ///< of the schema being typed
  std::map<std::string, std::string> named_names_;             ///< a named type -> its claimed name
  std::map<std::string, std::string> named_types_;             ///< a named type -> its C++ type
  CppScope types_;
  std::vector<EnumDecl> enums_;
  std::vector<StructDecl> structs_;
  std::vector<Decl> order_;
  bool in_result_ = false;               ///< making the types of a tool's result
  std::set<std::string> decoded_named_;  ///< named types some input uses (directly or within another)
};

}  // namespace mcpc::codegen::cpp

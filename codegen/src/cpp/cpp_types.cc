#include "cpp_types.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "../escape.h"

namespace mcpc::codegen::cpp {
namespace {

// Type names the generated header declares itself.
std::set<std::string> reserved_type_names() {
  return {"Handlers",     "Json",
          "Context",      "ToolResult",
          "Outcome",      "ResourceContents",
          "PromptResult", "UnimplementedHandlers",
          "Server",       "ServerOptions",
          "Required"};
}

}  // namespace

std::string description_of(const OrderedJson& schema) {
  if (!schema.is_object()) return "";
  auto d = schema.find("description");
  return d != schema.end() && d->is_string() ? d->get<std::string>() : "";
}

namespace {

bool has_any(const OrderedJson& s, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (s.contains(k)) return true;
  }
  return false;
}

}  // namespace

TypeCollector::TypeCollector(const ir::Module* module) : module_(module), types_(reserved_type_names()) {
  // Named types are the spec's own names for its shapes: they get them first, as written.
  if (module_) {
    named_index_.emplace(*module_);
    for (const ir::NamedType& t : module_->types) {
      if (!named_names_.count(t.name)) named_names_[t.name] = types_.claim(pascal_case(t.name), "Type");
    }
    // A named type that an input uses is decoded, so never a result type (Required fields
    // have no default to decode into), wherever else it is used.
    std::vector<const ir::Schema*> todo;
    for (const ir::Tool& t : module_->tools) todo.push_back(&t.input_schema);
    for (const ir::ResourceTemplate& t : module_->resource_templates) {
      for (const ir::TemplateVariable& v : t.variables) todo.push_back(&v.schema);
    }
    while (!todo.empty()) {
      const ir::Schema* schema = todo.back();
      todo.pop_back();
      for (const auto& [pointer, name] : schema->named) {
        const ir::NamedType* type = named_index_->find(name);
        if (type && decoded_named_.insert(name).second) todo.push_back(&type->schema);
      }
    }
  }
}

void TypeCollector::add_struct(StructDecl decl) {
  structs_.push_back(std::move(decl));
  order_.push_back({false, structs_.size() - 1});
}

std::string TypeCollector::root_type(const ir::Schema& schema, const std::string& hint, const std::string& comment) {
  named_ = &schema.named;
  std::string type = root_at(schema.json, {hint}, comment);
  named_ = nullptr;
  return type;
}

std::string TypeCollector::root_type(const OrderedJson& schema, const std::string& hint, const std::string& comment) {
  return root_at(schema, {hint}, comment);
}

std::string TypeCollector::root_at(const OrderedJson& schema, const Hint& hint, const std::string& comment) {
  if (named_at("")) return type_at(schema, "", hint, comment, nullptr);
  if (schema.is_object() && schema.value("type", OrderedJson()) == "object" &&
      !has_any(schema, {"$ref", "anyOf", "oneOf", "allOf", "not", "if", "patternProperties"}) &&
      (!schema.contains("additionalProperties") || schema["additionalProperties"] == false ||
       schema.contains("properties"))) {
    return make_struct(schema, "", hint, comment);
  }
  return type_at(schema, "", hint, comment, nullptr);
}

std::string TypeCollector::result_type(const ir::Schema& schema, const std::string& hint, const std::string& comment) {
  in_result_ = true;
  std::string type = root_type(schema, hint, comment);
  in_result_ = false;
  return type;
}

std::string TypeCollector::type_for(const OrderedJson& s, const std::string& hint, const std::string& comment,
                                    bool* nullable) {
  return type_at(s, "", {hint}, comment, nullable);
}

namespace {

bool allows_null(const OrderedJson& schema) {
  auto t = schema.find("type");
  return t != schema.end() && (*t == "null" || (t->is_array() && std::find(t->begin(), t->end(), "null") != t->end()));
}

}  // namespace

std::string TypeCollector::named_type(const std::string& name) {
  if (auto it = named_types_.find(name); it != named_types_.end()) return it->second;
  const ir::NamedType* type = named_index_ ? named_index_->find(name) : nullptr;
  if (!type) return "Json";     // sema refuses a use of an undeclared type; stay safe
  named_types_[name] = "Json";  // while it is declared: a type within itself (refused by sema) ends here
  const std::map<std::string, std::string>* outer = named_;
  named_ = &type->schema.named;
  // Declared once for every use: a result type only if no input uses it.
  bool outer_in_result = in_result_;
  in_result_ = !decoded_named_.count(name);
  std::string cpp =
      type_at(type->schema.json, "", {named_names_[name], true}, description_of(type->schema.json), nullptr);
  in_result_ = outer_in_result;
  named_ = outer;
  named_types_[name] = cpp;
  return cpp;
}

std::string TypeCollector::type_at(const OrderedJson& s, const std::string& pointer, const Hint& hint,
                                   const std::string& comment, bool* nullable) {
  if (nullable) *nullable = false;
  if (const std::string* name = named_at(pointer)) {
    const ir::NamedType* type = named_index_ ? named_index_->find(*name) : nullptr;
    std::string cpp = named_type(*name);
    // A use may allow null where the type does not: std::optional of it, where there is room.
    if (type && allows_null(s) && !allows_null(type->schema.json)) {
      if (!nullable) return "Json";
      *nullable = true;
    }
    return cpp;
  }
  if (!s.is_object() || has_any(s, {"$ref", "anyOf", "oneOf", "allOf", "not", "if", "const", "prefixItems"})) {
    return "Json";
  }
  std::string type;
  if (auto it = s.find("type"); it != s.end()) {
    if (it->is_string()) {
      type = it->get<std::string>();
    } else if (it->is_array()) {
      std::vector<std::string> types;
      bool has_null = false;
      for (const OrderedJson& t : *it) {
        if (!t.is_string()) return "Json";
        if (t == "null") {
          has_null = true;
        } else {
          types.push_back(t.get<std::string>());
        }
      }
      if (types.size() != 1) return "Json";
      type = types[0];
      if (has_null && nullable) *nullable = true;
      if (has_null && !nullable) return "Json";  // nowhere to say "or null": keep it JSON
    }
  }
  if (auto it = s.find("enum"); it != s.end() && it->is_array() && !it->empty()) {
    bool all_strings = true;
    bool all_integers = true;
    for (const OrderedJson& v : *it) {
      all_strings = all_strings && v.is_string();
      all_integers = all_integers && v.is_number_integer();
    }
    if (all_strings && (type.empty() || type == "string")) return make_enum(*it, hint, comment);
    if (all_integers && (type.empty() || type == "integer")) return "std::int64_t";
    return "Json";
  }
  if (type == "string") return "std::string";
  if (type == "integer") return "std::int64_t";
  if (type == "number") return "double";
  if (type == "boolean") return "bool";
  if (type == "array") {
    auto items = s.find("items");
    if (items == s.end() || !items->is_object()) return "std::vector<Json>";
    return "std::vector<" + type_at(*items, pointer + "/items", {hint.text + "Item"}, description_of(*items), nullptr) +
           ">";
  }
  if (type == "object") {
    auto props = s.find("properties");
    if (props == s.end() || !props->is_object() || props->empty()) return "Json";
    return make_struct(s, pointer, hint, comment);
  }
  return "Json";
}

std::string TypeCollector::make_struct(const OrderedJson& s, const std::string& pointer, const Hint& hint,
                                       const std::string& comment) {
  StructDecl decl;
  decl.name = take_name(hint);
  decl.comment = comment;
  decl.result = in_result_;
  std::set<std::string> required;
  if (auto r = s.find("required"); r != s.end() && r->is_array()) {
    for (const OrderedJson& k : *r) {
      if (k.is_string()) required.insert(k.get<std::string>());
    }
  }
  CppScope members;
  if (auto props = s.find("properties"); props != s.end() && props->is_object()) {
    for (const auto& [key, prop] : props->items()) {
      FieldDecl f;
      f.key = key;
      f.member = members.claim(snake_case(key), "field");
      f.comment = description_of(prop);
      bool nullable = false;
      // A wrapped result ({"result": value}) names its inner types after the struct.
      const std::string& h = hint.text;
      std::string child_hint = key == "result" && h.size() > 6 && h.ends_with("Result") ? h.substr(0, h.size() - 6)
                                                                                        : decl.name + pascal_case(key);
      f.value_type =
          type_at(prop, pointer + "/properties/" + ir::pointer_token(key), {child_hint}, f.comment, &nullable);
      f.required = required.count(key) != 0 && !nullable;
      std::string init;
      if (!f.required && !nullable && prop.is_object() && prop.contains("default")) {
        init = default_initializer(prop["default"], f.value_type);
      }
      if (in_result_ && required.count(key) != 0) {
        // Must be set, null included when the schema allows it: no default to fall back on.
        std::string value = nullable ? "std::optional<" + f.value_type + ">" : f.value_type;
        f.type = "Required<" + value + ", " + cpp_string_literal(f.member) + ">";
      } else if (f.required || !init.empty()) {
        f.type = f.value_type;
        f.initializer = init.empty() ? "{}" : init;
      } else {
        f.optional = true;
        f.type = "std::optional<" + f.value_type + ">";
        if (in_result_) f.initializer = "{}";  // left out of a result's initialiser without a warning
      }
      decl.fields.push_back(std::move(f));
    }
  }
  std::string name = decl.name;
  add_struct(std::move(decl));
  return name;
}

std::string TypeCollector::make_enum(const OrderedJson& values, const Hint& hint, const std::string& comment) {
  EnumDecl decl;
  decl.name = take_name(hint);
  decl.comment = comment;
  CppScope ids;
  for (const OrderedJson& v : values) {
    std::string json = v.get<std::string>();
    // Duplicates are caught by the checker, but stay safe: one enumerator per value.
    bool seen = false;
    for (const EnumValue& e : decl.values) seen = seen || e.json == json;
    if (seen) continue;
    decl.values.push_back({ids.claim(pascal_case(json), "Value"), json});
  }
  std::string name = decl.name;
  enums_.push_back(std::move(decl));
  order_.push_back({true, enums_.size() - 1});
  return name;
}

std::string TypeCollector::default_initializer(const OrderedJson& v, const std::string& type) const {
  if (type == "std::string" && v.is_string()) return " = " + cpp_string_literal(v.get<std::string>());
  if (type == "bool" && v.is_boolean()) return v.get<bool>() ? " = true" : " = false";
  if (type == "std::int64_t" && v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return "";
    std::int64_t n = v.get<std::int64_t>();
    if (n == INT64_MIN) return "";
    return " = " + std::to_string(n);
  }
  if (type == "double" && v.is_number()) {
    double d = v.get<double>();
    if (!std::isfinite(d)) return "";
    // The shortest text that reads back as the same double.
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc()) return "";
    *end = '\0';
    std::string text = buf;
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return " = " + text;
  }
  if (v.is_string()) {
    for (const EnumDecl& e : enums_) {
      if (e.name != type) continue;
      for (const EnumValue& value : e.values) {
        if (value.json == v.get<std::string>()) return " = " + e.name + "::" + value.identifier;
      }
    }
  }
  return "";
}

}  // namespace mcpc::codegen::cpp

// Schema consistency: every default and enum member satisfies its own schema, enums hold one
// type, patterns compile, bounds are ordered, local $refs resolve, tool schemas are objects.
#include <algorithm>
#include <regex>
#include <set>

#include "checks.h"

namespace mcpc::sema {
namespace {

// The "kind" for the mixed-type check: integers and numbers are one kind.
std::string value_kind(const ir::Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

const std::set<std::string> kTypeNames = {"string", "number", "integer", "boolean", "array", "object", "null"};

class SchemaChecker {
 public:
  SchemaChecker(const ir::Schema& s, std::string what, DiagnosticEngine& diags)
      : s_(s), what_(std::move(what)), diags_(diags) {}

  void run() { node(s_.json, ""); }

 private:
  SourceLoc at(const std::string& pointer) const { return s_.loc_of(pointer); }

  void bounds(const ir::Json& n, const std::string& p, const char* lo, const char* hi) {
    auto a = n.find(lo);
    auto b = n.find(hi);
    if (a != n.end() && b != n.end() && a->is_number() && b->is_number() && a->get<double>() > b->get<double>()) {
      diags_.report(Check::kSchema, at(p + "/" + lo),
                    std::string(lo) + " " + a->dump() + " is greater than " + hi + " " + b->dump() + " in " + where(p));
    }
  }

  std::string where(const std::string& p) const {
    // "/properties/limit/items" -> "parameter 'limit' of tool 'x'" is nicer, but the pointer is exact.
    return p.empty() ? what_ : what_ + " at " + p;
  }

  void node(const ir::Json& n, const std::string& p) {
    if (!n.is_object()) return;
    if (auto t = n.find("type"); t != n.end()) {
      auto check_type = [&](const ir::Json& v) {
        if (!v.is_string() || !kTypeNames.count(v.get<std::string>())) {
          diags_.report(Check::kSchema, at(p + "/type"), "invalid type " + v.dump() + " in " + where(p));
        }
      };
      if (t->is_array()) for (const auto& v : *t) check_type(v);
      else check_type(*t);
      if (t->is_array() && t->empty()) {
        diags_.report(Check::kSchema, at(p + "/type"), "empty type list in " + where(p) + "; no value could match");
      }
      auto req = n.find("required");
      bool object_type = *t == "object" || (t->is_array() && std::find(t->begin(), t->end(), "object") != t->end());
      if (req != n.end() && req->is_array() && !object_type) {
        diags_.report(Check::kSchema, at(p + "/required"),
                      "a 'required' list names properties, so it applies only to object schemas; to require this "
                      "value itself write 'required: true'");
      }
    }
    if (auto pat = n.find("pattern"); pat != n.end() && pat->is_string()) {
      if (!compiled_pattern(pat->get_ref<const std::string&>())) {
        std::string why;
        try {
          std::regex re(pat->get<std::string>(), std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
          why = e.what();
        }
        diags_.report(Check::kSchema, at(p + "/pattern"),
                      "pattern " + pat->dump() + " is not a valid regular expression (" + why + ")");
      }
    }
    bounds(n, p, "minimum", "maximum");
    bounds(n, p, "minLength", "maxLength");
    bounds(n, p, "minItems", "maxItems");
    bounds(n, p, "minProperties", "maxProperties");

    // The schema a default or enum member must satisfy: this node without its subschemas
    // (validate() looks at them only for arrays and objects) and without default/examples.
    auto base_schema = [&n] {
      ir::Json base = ir::Json::object();
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (it.key() != "default" && it.key() != "examples") base[it.key()] = it.value();
      }
      return base;
    };
    if (auto e = n.find("enum"); e != n.end() && e->is_array()) {
      std::set<std::string> kinds;
      for (const auto& v : *e) {
        if (!v.is_null()) kinds.insert(value_kind(v));
      }
      if (kinds.size() > 1) {
        std::string list;
        for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
        diags_.report(Check::kEnumMixedTypes, at(p + "/enum"),
                      "enum in " + where(p) + " mixes value types (" + list + "); use one type");
      } else {
        ir::Json without_enum = base_schema();
        without_enum.erase("enum");
        for (std::size_t i = 0; i < e->size(); ++i) {
          std::string why = validate(without_enum, (*e)[i]);
          if (!why.empty()) {
            diags_.report(Check::kSchemaEnum, at(p + "/enum/" + std::to_string(i)),
                          "enum member " + why);
          }
        }
      }
    }
    if (auto d = n.find("default"); d != n.end()) {
      std::string why = validate(base_schema(), *d);
      if (!why.empty()) diags_.report(Check::kSchemaDefault, at(p + "/default"), "default " + why);
    }

    const ir::Json* props = nullptr;
    if (auto it = n.find("properties"); it != n.end() && it->is_object()) props = &*it;
    if (auto req = n.find("required"); req != n.end() && req->is_array() && props) {
      for (std::size_t i = 0; i < req->size(); ++i) {
        const auto& name = (*req)[i];
        if (!name.is_string()) continue;
        std::string key = name.get<std::string>();
        if (!props->contains(key)) {
          diags_.report(Check::kSchema, at(p + "/required/" + std::to_string(i)),
                        "required property '" + key + "' is not defined under properties in " + where(p));
          continue;
        }
        const ir::Json& prop = (*props)[key];
        if (prop.is_object() && prop.contains("default")) {
          std::string prop_pointer = p + "/properties/" + ir::pointer_token(key);
          SourceLoc loc = s_.locs.count(prop_pointer + "/$required") ? s_.locs.at(prop_pointer + "/$required")
                                                                     : at(prop_pointer + "/default");
          diags_.report(Check::kRequiredWithDefault, loc,
                        "'" + key + "' is required and also has a default; the default is never used");
        }
      }
    }
    if (props) {
      for (auto it = props->begin(); it != props->end(); ++it) node(it.value(), p + "/properties/" + ir::pointer_token(it.key()));
    }
    for (const char* key : {"items", "additionalProperties", "not", "contains", "propertyNames"}) {
      if (auto it = n.find(key); it != n.end() && it->is_object()) node(*it, p + "/" + key);
    }
    for (const char* key : {"anyOf", "oneOf", "allOf", "prefixItems"}) {
      if (auto it = n.find(key); it != n.end() && it->is_array()) {
        for (std::size_t i = 0; i < it->size(); ++i) node((*it)[i], p + "/" + key + "/" + std::to_string(i));
      }
    }
    for (const char* key : {"$defs", "definitions"}) {
      if (auto it = n.find(key); it != n.end() && it->is_object()) {
        for (auto d = it->begin(); d != it->end(); ++d) node(d.value(), p + "/" + key + "/" + ir::pointer_token(d.key()));
      }
    }
    if (auto ref = n.find("$ref"); ref != n.end() && ref->is_string()) {
      const std::string& r = ref->get_ref<const std::string&>();
      if (r.starts_with("#")) {
        try {
          if (!s_.json.contains(ir::Json::json_pointer(r.substr(1)))) {
            diags_.report(Check::kSchema, at(p + "/$ref"), "$ref '" + r + "' does not resolve within " + what_);
          }
        } catch (const ir::Json::exception&) {
          diags_.report(Check::kSchema, at(p + "/$ref"), "$ref '" + r + "' is not a valid JSON pointer");
        }
      }
    }
  }

  const ir::Schema& s_;
  std::string what_;
  DiagnosticEngine& diags_;
};

void check_object_schema(const ir::Schema& s, const std::string& what, DiagnosticEngine& diags) {
  auto t = s.json.find("type");
  if (t == s.json.end() || *t != "object") {
    diags.report(Check::kSchema, t == s.json.end() ? s.loc : s.loc_of("/type"),
                 what + " must be a JSON Schema with type \"object\"");
  }
}

}  // namespace

void check_schemas(const ir::Module& m, DiagnosticEngine& diags) {
  for (const ir::Tool& t : m.tools) {
    std::string who = "tool '" + t.name + "'";
    check_object_schema(t.input_schema, "the input schema of " + who, diags);
    SchemaChecker(t.input_schema, "the input schema of " + who, diags).run();
    if (t.output_schema) {
      check_object_schema(*t.output_schema, "the output schema of " + who, diags);
      SchemaChecker(*t.output_schema, "the output schema of " + who, diags).run();
    }
  }
  for (const ir::ResourceTemplate& rt : m.resource_templates) {
    for (const ir::TemplateVariable& v : rt.variables) {
      SchemaChecker(v.schema, "variable '" + v.name + "' of resource template '" + rt.name + "'", diags).run();
    }
  }
}

}  // namespace mcpc::sema

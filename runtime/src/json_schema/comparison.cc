// Structural comparison of two JSON Schemas: the one a spec declares and the one a server lists
// (`mcpc validate`). Both are normalised node by node, so that spellings of one schema compare
// equal (see comparison.h for which).
#include "mcpc/json_schema/comparison.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "mcpc/json_schema/validator.h"

namespace mcpc::json_schema {
namespace {

std::string dump(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

std::string short_dump(const OrderedJson& j, std::size_t max = 80) {
  std::string s = dump(j);
  return s.size() > max ? s.substr(0, max) + "..." : s;
}

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : sep) + i;
  return s;
}

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1: zod's bounds on z.int()

bool is_annotation(const std::string& key) {
  static const std::set<std::string> keys = {"$schema",        "$id",       "$comment",         "$anchor",
                                             "$dynamicAnchor", "$defs",     "definitions",      "title",
                                             "description",    "default",   "examples",         "deprecated",
                                             "readOnly",       "writeOnly", "contentMediaType", "contentEncoding"};
  return keys.count(key) > 0 || key.rfind("x-", 0) == 0;
}

bool is_integral(const OrderedJson& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool values_equal(const OrderedJson& a, const OrderedJson& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

const OrderedJson* resolve_ref(const OrderedJson& root, const std::string& ref) {
  if (ref.empty() || ref[0] != '#') return nullptr;
  if (ref.size() == 1) return &root;
  try {
    OrderedJson::json_pointer ptr(ref.substr(1));
    if (!root.contains(ptr)) return nullptr;
    return &root.at(ptr);
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool is_null_only(const OrderedJson& s) {
  return s.is_object() && s.size() == 1 && s.contains("type") && s["type"] == OrderedJson::array({"null"});
}
bool is_type_only(const OrderedJson& s) { return s.is_object() && s.size() == 1 && s.contains("type"); }

// One schema node in a canonical form: local $refs resolved, annotations dropped, `type` a
// sorted array, integer-ness and nullability spelt one way, zod's implied keywords removed.
// Subschemas are left as they are (normalized when compared).
OrderedJson normalize(const OrderedJson& in, const OrderedJson& root) {
  if (!in.is_object()) return in;
  OrderedJson node = in;
  for (int hops = 0; hops < 32 && node.contains("$ref") && node["$ref"].is_string(); ++hops) {
    const OrderedJson* target = resolve_ref(root, node["$ref"].get<std::string>());
    if (!target || !target->is_object()) break;
    OrderedJson merged = *target;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (it.key() != "$ref") merged[it.key()] = it.value();
    }
    node = std::move(merged);
  }
  OrderedJson out = OrderedJson::object();
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!is_annotation(it.key())) out[it.key()] = it.value();
  }

  // anyOf/oneOf of plain types, or of one schema and {type: null}: a (nullable) type.
  for (const char* key : {"anyOf", "oneOf"}) {
    if (!out.contains(key) || !out[key].is_array() || out[key].empty()) continue;
    std::vector<OrderedJson> branches;
    for (const OrderedJson& b : out[key]) branches.push_back(normalize(b, root));
    bool all_types = true;
    for (const OrderedJson& b : branches) all_types = all_types && is_type_only(b);
    if (all_types && !out.contains("type")) {
      OrderedJson types = OrderedJson::array();
      for (const OrderedJson& b : branches) {
        for (const OrderedJson& t : b["type"].is_array() ? b["type"] : OrderedJson::array({b["type"]}))
          types.push_back(t);
      }
      out.erase(key);
      out["type"] = types;
      continue;
    }
    if (branches.size() != 2) continue;
    int null_at = is_null_only(branches[0]) ? 0 : is_null_only(branches[1]) ? 1 : -1;
    if (null_at < 0) continue;
    const OrderedJson& other = branches[static_cast<std::size_t>(1 - null_at)];
    if (!other.is_object() || !other.contains("type")) continue;
    bool clash = false;
    for (auto it = other.begin(); it != other.end(); ++it) clash = clash || (out.contains(it.key()) && it.key() != key);
    if (clash) continue;
    out.erase(key);
    for (auto it = other.begin(); it != other.end(); ++it) out[it.key()] = it.value();
    OrderedJson types = out["type"].is_array() ? out["type"] : OrderedJson::array({out["type"]});
    types.push_back("null");
    out["type"] = types;
  }

  if (out.contains("type")) {
    std::set<std::string> types;
    const OrderedJson& t = out["type"];
    for (const OrderedJson& v : t.is_array() ? t : OrderedJson::array({t})) {
      if (v.is_string()) types.insert(v.get<std::string>());
    }
    const OrderedJson* multiple = out.contains("multipleOf") ? &out["multipleOf"] : nullptr;
    if (types.count("number") && multiple && is_integral(*multiple) && multiple->get<double>() >= 1) {
      types.erase("number");
      types.insert("integer");
    }
    if (types.count("number")) types.erase("integer");
    if (types.count("integer") && multiple && multiple->is_number() && multiple->get<double>() == 1)
      out.erase("multipleOf");
    OrderedJson sorted = OrderedJson::array();
    for (const std::string& s : types) sorted.push_back(s);
    out["type"] = sorted;
  }
  for (const char* key : {"minimum", "exclusiveMinimum"}) {
    if (out.contains(key) && out[key].is_number() && out[key].get<double>() <= -kMaxSafeInteger) out.erase(key);
  }
  for (const char* key : {"maximum", "exclusiveMaximum"}) {
    if (out.contains(key) && out[key].is_number() && out[key].get<double>() >= kMaxSafeInteger) out.erase(key);
  }
  if (out.contains("const") && !out.contains("enum")) {
    out["enum"] = OrderedJson::array({out["const"]});
    out.erase("const");
  }
  bool nullable = out.contains("type") && out["type"].is_array() &&
                  std::find(out["type"].begin(), out["type"].end(), OrderedJson("null")) != out["type"].end();
  if (nullable && out.contains("enum") && out["enum"].is_array()) {
    OrderedJson values = OrderedJson::array();
    for (const OrderedJson& v : out["enum"]) {
      if (!v.is_null()) values.push_back(v);
    }
    out["enum"] = values;
  }
  // zod puts propertyNames {type: string} on records: every JSON object key is a string.
  if (out.contains("propertyNames")) {
    OrderedJson names = normalize(out["propertyNames"], root);
    if (names == true || names == OrderedJson::object() ||
        names == OrderedJson({{"type", OrderedJson::array({"string"})}})) {
      out.erase("propertyNames");
    }
  }
  if (out.contains("uniqueItems") && out["uniqueItems"] == false) out.erase("uniqueItems");
  if (out.contains("required") && out["required"].is_array() && out["required"].empty()) out.erase("required");
  return out;
}

// Whether every value of `enum_values` is of one of `types` (a normalized type array).
bool enum_fits(const OrderedJson& enum_values, const OrderedJson& types) {
  if (!enum_values.is_array() || !types.is_array()) return false;
  auto has = [&](const char* t) { return std::find(types.begin(), types.end(), OrderedJson(t)) != types.end(); };
  for (const OrderedJson& v : enum_values) {
    bool fits = (v.is_string() && has("string")) || (v.is_boolean() && has("boolean")) ||
                (v.is_null() && has("null")) || (v.is_object() && has("object")) || (v.is_array() && has("array")) ||
                (v.is_number() && (has("number") || (has("integer") && is_integral(v))));
    if (!fits) return false;
  }
  return true;
}

std::string type_text(const OrderedJson& t) {
  if (t.is_array() && t.size() == 1) return dump(t[0]);
  return dump(t);
}

std::set<std::string> string_set(const OrderedJson& arr) {
  std::set<std::string> s;
  if (arr.is_array()) {
    for (const OrderedJson& v : arr) {
      if (v.is_string()) s.insert(v.get<std::string>());
    }
  }
  return s;
}

class SchemaComparer {
 public:
  SchemaComparer(const OrderedJson& expected_root, const OrderedJson& actual_root, std::vector<std::string>& out)
      : eroot_(expected_root), aroot_(actual_root), out_(out) {}

  void compare(const OrderedJson& e_in, const OrderedJson& a_in, const std::string& path, int depth) {
    if (depth > 32) return;  // recursive $refs: compared this far
    OrderedJson e = normalize(e_in, eroot_);
    OrderedJson a = normalize(a_in, aroot_);
    // Boolean schemas: true is {}, false rejects everything.
    if (e.is_boolean() || a.is_boolean()) {
      bool e_any = e == true || (e.is_object() && e.empty());
      bool a_any = a == true || (a.is_object() && a.empty());
      if (e_any != a_any || (e == false) != (a == false))
        diff(path, "the schema is " + short_dump(e) + " in the spec, " + short_dump(a) + " on the server");
      return;
    }
    if (!e.is_object() || !a.is_object()) {
      if (e != a) diff(path, "the schema is " + short_dump(e) + " in the spec, " + short_dump(a) + " on the server");
      return;
    }

    if (e.contains("type") && a.contains("type")) {
      if (e["type"] != a["type"]) {
        diff(path, "type is " + type_text(e["type"]) + " in the spec, " + type_text(a["type"]) + " on the server");
        return;  // the rest would only repeat it
      }
    } else if (e.contains("type")) {
      // {const: "v1"} and {type: string, const: "v1"} are the same schema.
      if (!enum_fits(a.value("enum", OrderedJson()), e["type"])) {
        diff(path, "type is " + type_text(e["type"]) + " in the spec, unconstrained on the server");
      }
    } else if (a.contains("type")) {
      if (!enum_fits(e.value("enum", OrderedJson()), a["type"])) {
        diff(path, "type is unconstrained in the spec, " + type_text(a["type"]) + " on the server");
      }
    }

    compare_enum(e, a, path);

    for (const char* key : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
                            "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties",
                            "maxProperties", "minContains", "maxContains"}) {
      bool in_e = e.contains(key), in_a = a.contains(key);
      if (in_e && in_a) {
        if (!values_equal(e[key], a[key])) {
          diff(path, std::string(key) + " is " + short_dump(e[key]) + " in the spec, " + short_dump(a[key]) +
                         " on the server");
        }
      } else if (in_e) {
        diff(path, std::string(key) + " is " + short_dump(e[key]) + " in the spec, absent on the server");
      } else if (in_a) {
        diff(path, std::string(key) + " is absent in the spec, " + short_dump(a[key]) + " on the server");
      }
    }
    if (e.contains("format") && a.contains("format") && e["format"] != a["format"]) {
      diff(path,
           "format is " + short_dump(e["format"]) + " in the spec, " + short_dump(a["format"]) + " on the server");
    }

    compare_schema_map(e, a, "properties", "property", path, depth);
    compare_schema_map(e, a, "patternProperties", "pattern property", path, depth);
    compare_schema_map(e, a, "dependentSchemas", "dependent schema", path, depth);

    std::set<std::string> er = string_set(e.value("required", OrderedJson::array()));
    std::set<std::string> ar = string_set(a.value("required", OrderedJson::array()));
    for (const std::string& r : er) {
      if (!ar.count(r)) diff(path, "property '" + r + "' is required in the spec, optional on the server");
    }
    for (const std::string& r : ar) {
      if (!er.count(r)) diff(path, "property '" + r + "' is required on the server, optional in the spec");
    }

    // additionalProperties: zod adds `false` to every object; only the spec's own counts.
    if (e.contains("additionalProperties")) {
      const OrderedJson& ea = e["additionalProperties"];
      const OrderedJson a_ap = a.contains("additionalProperties") ? a["additionalProperties"] : OrderedJson(true);
      if (ea == false && a_ap != false) {
        diff(path, "the spec forbids additional properties, the server allows them");
      } else if (ea != false) {
        compare(ea, a_ap, path + "/additionalProperties", depth + 1);
      }
    } else if (a.contains("additionalProperties") && a["additionalProperties"].is_object() &&
               !a["additionalProperties"].empty()) {
      diff(path, "the server constrains additional properties (" + short_dump(a["additionalProperties"]) +
                     "), the spec does not");
    }

    for (const char* key : {"items", "contains", "not", "propertyNames", "if", "then", "else", "unevaluatedItems",
                            "unevaluatedProperties"}) {
      bool in_e = e.contains(key), in_a = a.contains(key);
      if (in_e && in_a) {
        compare(e[key], a[key], path + "/" + key, depth + 1);
      } else if (in_e != in_a) {
        diff(path, std::string(key) + " is " + (in_e ? short_dump(e[key]) : "absent") + " in the spec, " +
                       (in_a ? short_dump(a[key]) : "absent") + " on the server");
      }
    }
    for (const char* key : {"prefixItems", "anyOf", "oneOf", "allOf"}) {
      bool in_e = e.contains(key) && e[key].is_array(), in_a = a.contains(key) && a[key].is_array();
      if (in_e && in_a) {
        if (e[key].size() != a[key].size()) {
          diff(path, std::string(key) + " has " + std::to_string(e[key].size()) + " schemas in the spec, " +
                         std::to_string(a[key].size()) + " on the server");
          continue;
        }
        for (std::size_t i = 0; i < e[key].size(); ++i) {
          compare(e[key][i], a[key][i], path + "/" + key + "/" + std::to_string(i), depth + 1);
        }
      } else if (in_e != in_a) {
        diff(path, std::string(key) + " is " + (in_e ? short_dump(e[key]) : "absent") + " in the spec, " +
                       (in_a ? short_dump(a[key]) : "absent") + " on the server");
      }
    }
    if (e.contains("$ref") || a.contains("$ref")) {  // refs that could not be resolved locally
      if (e.value("$ref", OrderedJson()) != a.value("$ref", OrderedJson())) {
        diff(path, "$ref is " + short_dump(e.value("$ref", OrderedJson())) + " in the spec, " +
                       short_dump(a.value("$ref", OrderedJson())) + " on the server");
      }
    }
  }

 private:
  void diff(const std::string& path, const std::string& message) {
    out_.push_back(message + (path.empty() ? "" : " (at " + path + ")"));
  }

  void compare_enum(const OrderedJson& e, const OrderedJson& a, const std::string& path) {
    bool in_e = e.contains("enum") && e["enum"].is_array(), in_a = a.contains("enum") && a["enum"].is_array();
    if (!in_e && !in_a) return;
    if (in_e != in_a) {
      diff(path, "enum is " + (in_e ? short_dump(e["enum"]) : std::string("absent")) + " in the spec, " +
                     (in_a ? short_dump(a["enum"]) : std::string("absent")) + " on the server");
      return;
    }
    auto contains = [](const OrderedJson& arr, const OrderedJson& v) {
      for (const OrderedJson& x : arr) {
        if (values_equal(x, v)) return true;
      }
      return false;
    };
    std::vector<std::string> lacks, adds;
    for (const OrderedJson& v : e["enum"]) {
      if (!contains(a["enum"], v)) lacks.push_back(short_dump(v, 40));
    }
    for (const OrderedJson& v : a["enum"]) {
      if (!contains(e["enum"], v)) adds.push_back(short_dump(v, 40));
    }
    if (!lacks.empty()) diff(path, "enum values in the spec but not on the server: " + join(lacks));
    if (!adds.empty()) diff(path, "enum values on the server but not in the spec: " + join(adds));
  }

  void compare_schema_map(const OrderedJson& e, const OrderedJson& a, const char* key, const std::string& what,
                          const std::string& path, int depth) {
    const OrderedJson empty = OrderedJson::object();
    const OrderedJson& em = e.contains(key) && e[key].is_object() ? e[key] : empty;
    const OrderedJson& am = a.contains(key) && a[key].is_object() ? a[key] : empty;
    for (auto it = em.begin(); it != em.end(); ++it) {
      if (!am.contains(it.key())) {
        diff(path, what + " '" + it.key() + "' is in the spec, not in the server's schema");
      } else {
        compare(it.value(), am[it.key()], path + "/" + key + "/" + pointer_token(it.key()), depth + 1);
      }
    }
    for (auto it = am.begin(); it != am.end(); ++it) {
      if (!em.contains(it.key())) diff(path, what + " '" + it.key() + "' is in the server's schema, not in the spec");
    }
  }

  const OrderedJson& eroot_;
  const OrderedJson& aroot_;
  std::vector<std::string>& out_;
};

}  // namespace

std::vector<std::string> compare_schemas(const OrderedJson& expected, const OrderedJson& actual) {
  std::vector<std::string> out;
  SchemaComparer(expected, actual, out).compare(expected, actual, "", 0);
  return out;
}

}  // namespace mcpc::json_schema

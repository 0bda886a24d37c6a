// Lowering of the parameter shorthand. The shorthand is JSON Schema with two conveniences:
// `required: true` on the property itself, and `nullable: true`; everything else maps 1:1.
#include "schema_lowering.h"

#include <algorithm>

#include "keyword_lint.h"
#include "mcpc/frontend/fields.h"

namespace mcpc::frontend {
namespace {

const std::vector<std::string_view> kShorthandKeys = {"type",
                                                      "title",
                                                      "description",
                                                      "required",
                                                      "enum",
                                                      "const",
                                                      "default",
                                                      "examples",
                                                      "format",
                                                      "pattern",
                                                      "minLength",
                                                      "maxLength",
                                                      "minimum",
                                                      "maximum",
                                                      "exclusiveMinimum",
                                                      "exclusiveMaximum",
                                                      "multipleOf",
                                                      "items",
                                                      "minItems",
                                                      "maxItems",
                                                      "uniqueItems",
                                                      "properties",
                                                      "additionalProperties",
                                                      "nullable",
                                                      "minProperties",
                                                      "maxProperties",
                                                      "deprecated",
                                                      "readOnly",
                                                      "writeOnly"};

const std::vector<std::string_view> kTypeNames = {"string", "number", "integer", "boolean", "array", "object", "null"};

bool is_number(const doc::Node& n) { return n.kind == doc::Kind::Int || n.kind == doc::Kind::Float; }

OrderedJson scalar_json(const doc::Node& n) {
  switch (n.kind) {
    case doc::Kind::Null:
      return nullptr;
    case doc::Kind::Bool:
      return n.boolean;
    case doc::Kind::Int:
      return n.integer;
    case doc::Kind::Float:
      return n.number;
    case doc::Kind::String:
      return n.text;
    default:
      return nullptr;
  }
}

bool is_type_string(DiagnosticEngine& diags, const doc::Node& n) {
  if (n.is_string()) return true;
  report_type(diags, n, "type", "a type name");
  return false;
}

/// A name that is no built-in type names a type declared under `types:`; resolve_named_types
/// inlines it later (it may be declared in a file included further on), or reports it unknown.
/// Until then the node holds only what the use adds, with `"type": "null"` for a nullable use.
void use_named_type(const doc::Node& name, const std::string& pointer, ir::Schema& out) {
  out.named[pointer] = name.text;
  out.locs[pointer + "/type"] = name.loc;
}

}  // namespace

bool is_shorthand_key(std::string_view key) {
  return std::find(kShorthandKeys.begin(), kShorthandKeys.end(), key) != kShorthandKeys.end();
}

bool is_type_name(std::string_view name) {
  return std::find(kTypeNames.begin(), kTypeNames.end(), name) != kTypeNames.end();
}

using ir::pointer_token;

std::string unknown_type_message(const std::string& name, const std::vector<std::string>& declared,
                                 bool types_declared) {
  std::string msg = "unknown type '" + name + "'; expected string, number, integer, boolean, array, object or null";
  if (types_declared) msg += ", or a type declared under 'types'";
  std::vector<std::string_view> candidates = {"string", "number", "integer", "boolean", "array", "object", "null",
                                              "int",    "bool",   "float",   "str",     "list",  "dict",   "map"};
  candidates.insert(candidates.end(), declared.begin(), declared.end());
  std::string guess = closest_match(name, candidates);
  static const std::vector<std::pair<std::string_view, std::string_view>> aliases = {
      {"int", "integer"}, {"bool", "boolean"}, {"float", "number"}, {"str", "string"},
      {"list", "array"},  {"dict", "object"},  {"map", "object"}};
  for (auto [alias, real] : aliases) {
    if (guess == alias && std::find(declared.begin(), declared.end(), guess) == declared.end()) guess = real;
  }
  if (!guess.empty()) msg += " (did you mean '" + guess + "'?)";
  return msg;
}

OrderedJson to_json(const doc::Node& node, const std::string& pointer, ir::Schema& locs) {
  locs.locs[pointer] = node.loc;
  if (node.is_map()) {
    OrderedJson obj = OrderedJson::object();
    for (const doc::Entry& e : node.entries) {
      std::string child = pointer + "/" + pointer_token(e.key);
      obj[e.key] = to_json(e.value, child, locs);
    }
    return obj;
  }
  if (node.is_seq()) {
    OrderedJson arr = OrderedJson::array();
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      arr.push_back(to_json(node.items[i], pointer + "/" + std::to_string(i), locs));
    }
    return arr;
  }
  return scalar_json(node);
}

OrderedJson lower_shorthand(const doc::Node& node, const std::string& pointer, std::string_view what, ir::Schema& out,
                            DiagnosticEngine& diags, bool* required) {
  out.locs[pointer] = node.loc;
  OrderedJson schema = OrderedJson::object();
  if (node.is_string()) {  // `limit: integer` is short for `limit: {type: integer}`
    if (is_type_name(node.text))
      schema["type"] = node.text;
    else
      use_named_type(node, pointer, out);
    return schema;
  }
  Fields f(node, std::string(what), kShorthandKeys, diags);
  if (!f.ok()) return schema;

  std::vector<std::string> required_children;
  bool nullable = false;
  SourceLoc nullable_loc;
  for (const doc::Entry& e : node.entries) {
    const std::string& key = e.key;
    const doc::Node& v = e.value;
    std::string child = pointer + "/" + pointer_token(key);
    if (std::find(kShorthandKeys.begin(), kShorthandKeys.end(), key) == kShorthandKeys.end()) continue;
    f.entry(key);  // mark used
    if (key == "type") {
      if (v.is_seq()) {
        OrderedJson types = OrderedJson::array();
        const doc::Node* named = nullptr;
        for (const doc::Node& t : v.items) {
          if (!is_type_string(diags, t)) continue;
          if (is_type_name(t.text)) {
            types.push_back(t.text);
          } else if (!named) {
            named = &t;
          } else {
            diags.report(Check::Schema, t.loc,
                         "a list of types may name one declared type, with \"null\": '" + named->text + "' and '" +
                             t.text + "' cannot both be");
          }
        }
        if (!named) {
          schema["type"] = types;
          out.locs[child] = v.loc;
        } else if (types.size() > 1 || (types.size() == 1 && types[0] != "null")) {
          diags.report(Check::Schema, v.loc,
                       "a list of types may name one declared type only with \"null\"; '" + named->text +
                           "' is declared under 'types'");
        } else {
          use_named_type(*named, pointer, out);
          nullable = nullable || !types.empty();
          if (!nullable_loc.valid()) nullable_loc = v.loc;
        }
      } else if (is_type_string(diags, v)) {
        if (is_type_name(v.text)) {
          schema["type"] = v.text;
          out.locs[child] = v.loc;
        } else {
          use_named_type(v, pointer, out);
        }
      }
    } else if (key == "required") {
      if (v.kind == doc::Kind::Bool) {
        if (required) *required = v.boolean;
        out.locs[pointer + "/$required"] = v.loc;  // where `required: true` was written
      } else if (v.is_seq()) {
        OrderedJson names = OrderedJson::array();
        for (const doc::Node& n : v.items) {
          if (n.is_string())
            names.push_back(n.text);
          else
            report_type(diags, n, "required", "a property name");
        }
        schema["required"] = names;
        out.locs[child] = v.loc;
      } else {
        report_type(diags, v, "required", "a boolean or a list of property names");
      }
    } else if (key == "nullable") {
      if (v.kind == doc::Kind::Bool) {
        nullable = v.boolean;
        nullable_loc = v.loc;
      } else {
        report_type(diags, v, key, "a boolean");
      }
    } else if (key == "title" || key == "description" || key == "format" || key == "pattern") {
      if (v.is_string()) {
        schema[key] = v.text;
        out.locs[child] = v.loc;
      } else {
        report_type(diags, v, key, "a string");
      }
    } else if (key == "enum" || key == "examples") {
      if (!v.is_seq()) {
        report_type(diags, v, key, "a list");
      } else if (key == "enum" && v.items.empty()) {
        diags.report(Check::Schema, v.loc, "enum must list at least one value");
      } else {
        schema[key] = to_json(v, child, out);
      }
    } else if (key == "const" || key == "default") {
      schema[key] = to_json(v, child, out);
    } else if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems" ||
               key == "minProperties" || key == "maxProperties") {
      if (v.kind != doc::Kind::Int || v.integer < 0) {
        if (v.kind == doc::Kind::Int)
          diags.report(Check::Schema, v.loc, "'" + key + "' must not be negative");
        else
          report_type(diags, v, key, "a non-negative integer");
      } else {
        schema[key] = v.integer;
        out.locs[child] = v.loc;
      }
    } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" || key == "exclusiveMaximum" ||
               key == "multipleOf") {
      if (!is_number(v)) {
        report_type(diags, v, key, "a number");
      } else if (key == "multipleOf" && (v.kind == doc::Kind::Int ? v.integer <= 0 : v.number <= 0)) {
        diags.report(Check::Schema, v.loc, "'multipleOf' must be greater than 0");
      } else {
        schema[key] = scalar_json(v);
        out.locs[child] = v.loc;
      }
    } else if (key == "uniqueItems" || key == "deprecated" || key == "readOnly" || key == "writeOnly") {
      if (v.kind == doc::Kind::Bool) {
        schema[key] = v.boolean;
        out.locs[child] = v.loc;
      } else {
        report_type(diags, v, key, "a boolean");
      }
    } else if (key == "items") {
      schema["items"] = lower_shorthand(v, child, "items", out, diags, nullptr);
    } else if (key == "properties") {
      if (!v.is_map()) {
        report_type(diags, v, key, "a mapping of property names to schemas");
        continue;
      }
      out.locs[child] = v.loc;
      OrderedJson props = OrderedJson::object();
      for (const doc::Entry& p : v.entries) {
        bool child_required = false;
        std::string prop_pointer = child + "/" + pointer_token(p.key);
        props[p.key] = lower_shorthand(p.value, prop_pointer, "property '" + p.key + "'", out, diags, &child_required);
        out.locs[prop_pointer] = p.key_loc;
        if (child_required) required_children.push_back(p.key);
      }
      schema["properties"] = std::move(props);
    } else if (key == "additionalProperties") {
      if (v.kind == doc::Kind::Bool) {
        schema[key] = v.boolean;
        out.locs[child] = v.loc;
      } else if (!yaml11_boolean_note(v).empty()) {  // `no` would otherwise be an unknown type name
        report_type(diags, v, key, "a boolean or a schema");
      } else {
        schema[key] = lower_shorthand(v, child, "additionalProperties", out, diags, nullptr);
      }
    }
  }
  if (!required_children.empty()) {
    OrderedJson& req = schema["required"];
    if (!req.is_array()) req = OrderedJson::array();
    for (const std::string& name : required_children) {
      if (std::find(req.begin(), req.end(), name) == req.end()) req.push_back(name);
    }
  }
  if (nullable && out.named.count(pointer)) {
    schema["type"] = "null";  // the use adds null to the named type's own
  } else if (nullable) {
    auto it = schema.find("type");
    if (it == schema.end()) {
      diags.report(Check::Schema, nullable_loc, "'nullable' needs a 'type' to add null to");
    } else if (it->is_string()) {
      if (*it != "null") *it = OrderedJson::array({*it, "null"});
    } else if (it->is_array() && std::find(it->begin(), it->end(), "null") == it->end()) {
      it->push_back("null");
    }
  }
  return schema;
}

void lower_parameters(const doc::Node& params, ir::Schema& out, DiagnosticEngine& diags) {
  out.loc = params.loc;
  out.locs[""] = params.loc;
  out.json = OrderedJson::object();
  out.json["type"] = "object";
  OrderedJson props = OrderedJson::object();
  OrderedJson required = OrderedJson::array();
  if (report_schema_as_parameters(params, diags)) {
    out.json["properties"] = std::move(props);  // one error says it all; its keys are no parameters
    return;
  }
  if (params.is_map()) {
    lint_keyword_members(params, "parameter", diags);
    out.locs["/properties"] = params.loc;
    for (const doc::Entry& p : params.entries) {
      bool is_required = false;
      std::string pointer = "/properties/" + pointer_token(p.key);
      props[p.key] = lower_shorthand(p.value, pointer, "parameter '" + p.key + "'", out, diags, &is_required);
      out.locs[pointer] = p.key_loc;
      if (is_required) required.push_back(p.key);
    }
  } else if (params.kind != doc::Kind::Null) {
    report_type(diags, params, "parameters", "a mapping of parameter names to schemas");
  }
  out.json["properties"] = std::move(props);
  if (!required.empty()) out.json["required"] = std::move(required);
}

}  // namespace mcpc::frontend

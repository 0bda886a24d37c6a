// The TypeScript backend: an npm package on the official SDK's v2 line
// (@modelcontextprotocol/server) with zod schemas equivalent to the IR's JSON Schemas, one
// handler file per tool, resource template and prompt (the user's, never overwritten), a
// generated test, README and PM2 file. As in the C++ backend, the view model decides every
// name and literal; the templates only lay them out.
#include "ts_backend.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>

#include "../escape.h"
#include "../namer.h"
#include "../server_view.h"
#include "../templates.h"
#include "mcpc/ir/ir_json.h"
#include "mcpc/json_schema/ecma_regex.h"

namespace mcpc::codegen::ts {
namespace {

std::string lit(std::string_view s) { return js_string_literal(s); }
std::string comment(std::string_view s) { return js_comment(s); }
constexpr Spelling kJs{&js_string_literal, &js_comment};

std::string camel_case(std::string_view name) {
  std::string p = pascal_case(name);
  if (!p.empty() && p[0] >= 'A' && p[0] <= 'Z') p[0] = static_cast<char>(p[0] - 'A' + 'a');
  return p;
}

bool has_any(const OrderedJson& s, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (s.contains(k)) return true;
  }
  return false;
}

// ---- JSON Schema -> zod ----------------------------------------------------------------

/// A zod expression in parts, so that .optional()/.default() can go before .describe().
struct Zod {
  std::string core;       ///< type, constraints, .nullable()
  std::string defaulted;  ///< ".default(v)" or ""
  std::string describe;   ///< ".describe(...)" or ""
  std::string render(bool optional) const {
    return core + (defaulted.empty() && optional ? ".optional()" : defaulted) + describe;
  }
};

std::string num(const OrderedJson& v) { return v.dump(); }

class NamedZod;

/// Where the schema being spelled uses named types, and who declares their zod constants.
struct ZodContext {
  NamedZod* types = nullptr;
  const std::map<std::string, std::string>* named = nullptr;
};

Zod zod_of(const OrderedJson& s, int indent, const ZodContext& cx = {}, const std::string& pointer = "");

/// The zod constants of the named types a module uses (ir::NamedType), one per type, each
/// declared on first use and after the types it uses: a constant must exist before it is read.
class NamedZod {
 public:
  NamedZod(const ir::Module& m, JsScope& names) : index_(m) {
    // The spec's own names for its shapes get them first, as written.
    for (const ir::NamedType& t : m.types) {
      if (names_.count(t.name)) continue;
      std::string pascal = pascal_case(t.name).empty() ? "Type" : pascal_case(t.name);
      names_[t.name] = {names.claim(pascal, "Type"), names.claim(pascal + "Schema", "Schema")};
    }
  }

  /// The constant of type `name`, declared now if it is not yet.
  std::string schema_const(const std::string& name) {
    auto it = names_.find(name);
    const ir::NamedType* type = index_.find(name);
    if (it == names_.end() || !type) return "z.unknown()";  // sema refuses undeclared names
    if (!declared_.insert(name).second) return it->second.schema;
    Zod z = zod_of(type->schema.json, 0, {this, &type->schema.named});
    // A default belongs to each use (it is inlined there): the constant has none.
    View v = object();
    v.set("name_comment", js_comment(name));
    v.set("type_name", it->second.type);
    v.set("schema_name", it->second.schema);
    v.set("type_zod", z.core + z.describe);
    views_.push_back(v);
    return it->second.schema;
  }

  const ir::NamedType* type(const std::string& name) const { return index_.find(name); }
  View declarations() const {
    View out = list();
    for (const View& v : views_) out.push_back(v);
    return out;
  }

 private:
  struct Names {
    std::string type;
    std::string schema;
  };
  ir::TypeIndex index_;
  std::map<std::string, Names> names_;
  std::set<std::string> declared_;  ///< declared, or being declared (a type within itself is refused by sema)
  std::vector<View> views_;
};

bool allows_null(const OrderedJson& schema) {
  auto t = schema.find("type");
  return t != schema.end() && (*t == "null" || (t->is_array() && std::find(t->begin(), t->end(), "null") != t->end()));
}

/// A use of a named type: its constant, with what the use adds (null, a default, its own
/// description).
Zod named_zod(const OrderedJson& s, const std::string& name, NamedZod& types) {
  Zod z;
  z.core = types.schema_const(name);
  const ir::NamedType* type = types.type(name);
  const OrderedJson& declared = type ? type->schema.json : s;
  if (allows_null(s) && !allows_null(declared)) z.core += ".nullable()";
  if (auto d = s.find("default"); d != s.end()) z.defaulted = ".default(" + js_json_inline(*d) + ")";
  auto d = s.find("description");
  if (d != s.end() && d->is_string() && declared.value("description", OrderedJson()) != *d)
    z.describe = ".describe(" + lit(d->get<std::string>()) + ")";
  return z;
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(n) * 2, ' '); }

std::string zod_object_core(const OrderedJson& s, int indent, const ZodContext& cx, const std::string& pointer) {
  std::vector<std::string> required;
  if (auto r = s.find("required"); r != s.end() && r->is_array()) {
    for (const OrderedJson& k : *r) {
      if (k.is_string()) required.push_back(k.get<std::string>());
    }
  }
  auto props = s.find("properties");
  // additionalProperties: false -> a strict object; a schema -> .catchall(); absent -> extra
  // keys allowed (z.looseObject keeps them, as JSON Schema does).
  auto extra = s.find("additionalProperties");
  bool strict = extra != s.end() && extra->is_boolean() && !extra->get<bool>();
  std::string catchall;
  if (extra != s.end() && extra->is_object())
    catchall = ".catchall(" + zod_of(*extra, indent, cx, pointer + "/additionalProperties").render(false) + ")";
  std::string ctor = strict ? "z.strictObject({" : catchall.empty() ? "z.looseObject({" : "z.object({";
  if (props == s.end() || !props->is_object() || props->empty()) return ctor + "})" + catchall;
  std::string out = ctor + "\n";
  for (const auto& [key, prop] : props->items()) {
    bool req = std::find(required.begin(), required.end(), key) != required.end();
    std::string at = pointer + "/properties/" + ir::pointer_token(key);
    out += spaces(indent + 1) + js_property_key(key) + ": " + zod_of(prop, indent + 1, cx, at).render(!req) + ",\n";
  }
  out += spaces(indent) + "})" + catchall;
  return out;
}

/// Schemas zod cannot spell out are handed to z.fromJSONSchema, which validates them at run
/// time (their type in TypeScript is then `unknown`).
std::string from_json_schema(const OrderedJson& s) { return "z.fromJSONSchema(" + js_json_inline(s) + ")"; }

Zod zod_of(const OrderedJson& s, int indent, const ZodContext& cx, const std::string& pointer) {
  if (cx.types && cx.named) {
    if (auto it = cx.named->find(pointer); it != cx.named->end()) return named_zod(s, it->second, *cx.types);
  }
  Zod z;
  if (!s.is_object()) {
    z.core = s.is_boolean() && !s.get<bool>() ? "z.never()" : "z.unknown()";
    return z;
  }
  if (auto d = s.find("description"); d != s.end() && d->is_string())
    z.describe = ".describe(" + lit(d->get<std::string>()) + ")";
  if (auto d = s.find("default"); d != s.end()) z.defaulted = ".default(" + js_json_inline(*d) + ")";
  if (has_any(s, {"$ref", "anyOf", "oneOf", "allOf", "not", "if", "prefixItems", "patternProperties", "$defs"})) {
    z.core = from_json_schema(s);
    z.defaulted.clear();
    z.describe.clear();
    return z;
  }
  std::string type;
  bool nullable = false;
  if (auto t = s.find("type"); t != s.end()) {
    if (t->is_string()) {
      type = t->get<std::string>();
    } else if (t->is_array()) {
      std::vector<std::string> types;
      for (const OrderedJson& x : *t) {
        if (!x.is_string()) continue;
        if (x == "null") {
          nullable = true;
        } else {
          types.push_back(x.get<std::string>());
        }
      }
      if (types.size() != 1) {
        z.core = from_json_schema(s);
        z.defaulted.clear();
        z.describe.clear();
        return z;
      }
      type = types[0];
    }
  }
  std::string core;
  if (auto e = s.find("enum"); e != s.end() && e->is_array() && !e->empty()) {
    bool all_strings = std::all_of(e->begin(), e->end(), [](const OrderedJson& v) { return v.is_string(); });
    if (all_strings) {
      core = "z.enum([";
      for (std::size_t i = 0; i < e->size(); ++i) core += (i ? ", " : "") + js_json_inline((*e)[i]);
      core += "])";
    } else {
      core = "z.union([";
      for (std::size_t i = 0; i < e->size(); ++i)
        core += std::string(i ? ", " : "") + "z.literal(" + js_json_inline((*e)[i]) + ")";
      core += "])";
      if (e->size() == 1) core = "z.literal(" + js_json_inline((*e)[0]) + ")";
    }
  } else if (auto c = s.find("const"); c != s.end()) {
    core = c->is_primitive() && !c->is_null() ? "z.literal(" + js_json_inline(*c) + ")" : from_json_schema(s);
  } else if (type == "string") {
    core = "z.string()";
    if (s.contains("minLength")) core += ".min(" + num(s["minLength"]) + ")";
    if (s.contains("maxLength")) core += ".max(" + num(s["maxLength"]) + ")";
    if (auto p = s.find("pattern"); p != s.end() && p->is_string())
      core += ".regex(" + js_regexp(p->get<std::string>()) + ")";
    if (auto f = s.find("format"); f != s.end() && f->is_string())
      core += ".meta({ format: " + lit(f->get<std::string>()) + " })";
  } else if (type == "integer" || type == "number") {
    core = type == "integer" ? "z.int()" : "z.number()";
    if (s.contains("minimum")) core += ".min(" + num(s["minimum"]) + ")";
    if (s.contains("maximum")) core += ".max(" + num(s["maximum"]) + ")";
    if (s.contains("exclusiveMinimum")) core += ".gt(" + num(s["exclusiveMinimum"]) + ")";
    if (s.contains("exclusiveMaximum")) core += ".lt(" + num(s["exclusiveMaximum"]) + ")";
    if (s.contains("multipleOf")) core += ".multipleOf(" + num(s["multipleOf"]) + ")";
  } else if (type == "boolean") {
    core = "z.boolean()";
  } else if (type == "null") {
    core = "z.null()";
  } else if (type == "array") {
    auto items = s.find("items");
    core =
        "z.array(" +
        (items != s.end() ? zod_of(*items, indent, cx, pointer + "/items").render(false) : std::string("z.unknown()")) +
        ")";
    if (s.contains("minItems")) core += ".min(" + num(s["minItems"]) + ")";
    if (s.contains("maxItems")) core += ".max(" + num(s["maxItems"]) + ")";
    if (s.value("uniqueItems", false)) {
      core +=
          ".refine((items) => new Set(items.map((item) => JSON.stringify(item))).size === items.length, "
          "\"items must be unique\").meta({ uniqueItems: true })";
    }
  } else if (type == "object" || (type.empty() && s.contains("properties"))) {
    core = zod_object_core(s, indent, cx, pointer);
  } else {
    core = "z.unknown()";
  }
  if (nullable) core += ".nullable()";
  z.core = core;
  return z;
}

// ---- example arguments (for the generated test) --------------------------------------------

/// A value the schema accepts, or nullopt when none is found with little effort (a string
/// pattern that none of a few candidates matches).
std::optional<OrderedJson> example_of(const OrderedJson& s) {
  if (!s.is_object()) return OrderedJson(nullptr);
  if (auto d = s.find("default"); d != s.end()) return *d;
  if (auto e = s.find("examples"); e != s.end() && e->is_array() && !e->empty()) return (*e)[0];
  if (auto e = s.find("enum"); e != s.end() && e->is_array() && !e->empty()) return (*e)[0];
  if (auto c = s.find("const"); c != s.end()) return *c;
  if (has_any(s, {"$ref", "anyOf", "oneOf", "allOf", "not", "if"})) return std::nullopt;
  std::string type;
  if (auto t = s.find("type"); t != s.end()) {
    if (t->is_string()) type = t->get<std::string>();
    if (t->is_array()) {
      for (const OrderedJson& x : *t) {
        if (x.is_string() && x != "null") type = x.get<std::string>();
      }
    }
  }
  if (type == "string") {
    std::size_t min = s.value("minLength", 0u);
    std::size_t max = s.value("maxLength", 1000u);
    std::vector<std::string> candidates = {
        "example",    "example-1", "a", "1", "A", "EXAMPLE", "example@example.com", "https://example.com",
        "2025-01-01", "x"};
    // RE2, as servers match patterns: linear time, no recursion, whatever minLength pads to.
    std::unique_ptr<re2::RE2> re;
    if (auto p = s.find("pattern"); p != s.end() && p->is_string()) {
      re = json_schema::compile_ecma_pattern(p->get_ref<const std::string&>(), nullptr);
      if (!re) return std::nullopt;
    }
    for (std::string c : candidates) {
      while (c.size() < min) c += "x";
      if (c.size() > max) continue;
      if (re && !re2::RE2::PartialMatch(c, *re)) continue;
      return OrderedJson(c);
    }
    return std::nullopt;
  }
  if (type == "integer" || type == "number") {
    double v = 1;
    if (s.contains("minimum") && s["minimum"].is_number()) v = s["minimum"].get<double>();
    if (s.contains("exclusiveMinimum") && s["exclusiveMinimum"].is_number())
      v = s["exclusiveMinimum"].get<double>() + 1;
    if (s.contains("maximum") && s["maximum"].is_number() && v > s["maximum"].get<double>())
      v = s["maximum"].get<double>();
    if (type == "integer") return OrderedJson(static_cast<std::int64_t>(v));
    return OrderedJson(v);
  }
  if (type == "boolean") return OrderedJson(false);
  if (type == "null") return OrderedJson(nullptr);
  if (type == "array") {
    OrderedJson arr = OrderedJson::array();
    std::size_t min = s.value("minItems", 0u);
    for (std::size_t i = 0; i < min; ++i) {
      auto item = example_of(s.value("items", OrderedJson::object()));
      if (!item) return std::nullopt;
      if (s.value("uniqueItems", false) && item->is_string()) *item = item->get<std::string>() + std::to_string(i);
      arr.push_back(*item);
    }
    return arr;
  }
  if (type == "object" || s.contains("properties")) {
    OrderedJson obj = OrderedJson::object();
    if (auto r = s.find("required"); r != s.end() && r->is_array() && s.contains("properties")) {
      for (const OrderedJson& k : *r) {
        if (!k.is_string() || !s["properties"].contains(k.get<std::string>())) continue;
        auto v = example_of(s["properties"][k.get<std::string>()]);
        if (!v) return std::nullopt;
        obj[k.get<std::string>()] = *v;
      }
    }
    return obj;
  }
  return OrderedJson(nullptr);
}

/// A TypeScript union of string literal types, "never" when there are none.
std::string name_union(const OrderedJson& names) {
  std::string out;
  for (const OrderedJson& n : names) out += (out.empty() ? "" : " | ") + lit(n.get<std::string>());
  return out.empty() ? "never" : out;
}

/// 8 hex digits of FNV-1a: enough to notice that a handler's interface changed.
std::string short_hash(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 7; i >= 0; --i) out.push_back(hex[(h >> (i * 4)) & 15]);
  return out;
}

/// A short TypeScript spelling of what a schema accepts, for reports ("string", "number[]").
std::string ts_type(const OrderedJson& s, int depth = 0) {
  if (!s.is_object() || depth > 2) return "unknown";
  if (auto e = s.find("enum"); e != s.end() && e->is_array() && !e->empty() && e->size() <= 8) {
    std::string out;
    for (const OrderedJson& v : *e) out += (out.empty() ? "" : " | ") + v.dump();
    return out;
  }
  std::string out;
  auto t = s.find("type");
  for (const OrderedJson& x : t == s.end() ? OrderedJson::array() : t->is_array() ? *t : OrderedJson::array({*t})) {
    if (!x.is_string()) continue;
    std::string name = x.get<std::string>();
    if (name == "integer") name = "number";
    if (name == "array") name = ts_type(s.value("items", OrderedJson::object()), depth + 1) + "[]";
    out += (out.empty() ? "" : " | ") + name;
  }
  return out.empty() ? "unknown" : out;
}

/// The properties of an object schema, as interface members ("limit": "number | undefined").
std::vector<std::pair<std::string, std::string>> members_of(const OrderedJson& schema) {
  std::vector<std::pair<std::string, std::string>> out;
  auto props = schema.find("properties");
  if (props == schema.end() || !props->is_object()) return out;
  OrderedJson required = schema.value("required", OrderedJson::array());
  for (const auto& [key, prop] : props->items()) {
    bool req = required.is_array() && std::find(required.begin(), required.end(), key) != required.end();
    out.emplace_back(key, ts_type(prop) + (req ? "" : " | undefined"));
  }
  return out;
}

class ViewBuilder {
 public:
  ViewBuilder(const ir::Module& m, const GenerateOptions& o, DiagnosticEngine& diags)
      : m_(m), o_(o), diags_(diags), named_(m, types_) {}

  View build() {
    View v = server_view(m_, o_, kJs);
    // npm names are lower case; spec names already are URL-safe (checked by sema).
    std::string package = m_.server.name;
    std::transform(package.begin(), package.end(), package.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    v.set("package_name_lit", lit(package));
    v.set("package_name_json", json_string(package));
    v.set("package_name_sh", shell_word(package));
    v.set("server_version_json", json_string(m_.server.version));
    v.set("server_description_json", json_string(m_.server.description));
    v.set("server_website_json", json_string(m_.server.website));
    // server.json's name under mcpc package's default namespace (local.mcpc): the official registry
    // checks it against package.json's mcpName. mcpc package --namespace rewrites the packaged copy.
    v.set("mcp_name_json", json_string("local.mcpc/" + m_.server.name));
    v.set("has_author", flag(!m_.server.author.empty()));
    v.set("server_author_json", json_string(m_.server.author));
    std::string main_path = "/path/to/" + package + "/dist/main.js";
    v.set("main_path_json", json_string(main_path));
    v.set("main_path_sh", shell_word(main_path));

    OrderedJson tool_names = OrderedJson::array(), resource_uris = OrderedJson::array(),
                template_uris = OrderedJson::array(), prompt_names = OrderedJson::array();
    View tools = list();
    bool content_types = false;
    for (const ir::Tool& t : m_.tools) {
      if (t.native) {
        diags_.report(Check::Generate, t.native->loc,
                      "tool '" + js_comment(t.name) +
                          "' calls a C++ function: it can be generated for the cpp target only (--target cpp)");
      }
      tools.push_back(tool(t));
      tool_names.push_back(t.name);
      content_types = content_types || !t.content_types.empty();
    }
    v.set("has_tool_content_types", flag(content_types));
    View resources = list();
    bool handler_resources = false;
    for (const ir::Resource& r : m_.resources) {
      resources.push_back(resource(r));
      resource_uris.push_back(r.uri);
      handler_resources = handler_resources || r.kind == ir::ResourceContentKind::Handler;
    }
    v.set("has_handler_resources", flag(handler_resources));
    View templates = list();
    for (const ir::ResourceTemplate& t : m_.resource_templates) {
      templates.push_back(resource_template(t));
      template_uris.push_back(t.uri_template);
    }
    View prompts = list();
    for (const ir::Prompt& p : m_.prompts) {
      prompts.push_back(prompt(p));
      prompt_names.push_back(p.name);
    }
    v.set("tools", tools);
    v.set("resources", resources);
    v.set("resource_templates", templates);
    v.set("prompts", prompts);
    v.set("tool_names_json", js_json_inline(tool_names));
    v.set("resource_uris_json", js_json_inline(resource_uris));
    v.set("template_uris_json", js_json_inline(template_uris));
    v.set("prompt_names_json", js_json_inline(prompt_names));
    v.set("named_types", named_.declarations());  // those the entities above used
    env(v);
    return v;
  }

  std::vector<GeneratedFile>& handler_files() { return handlers_; }
  const HandlerInterface& handler_interface() const { return interface_; }
  std::vector<std::string>& inputs() { return inputs_; }

 private:
  void add_handler(const std::string& path, const std::string& signature) {
    handlers_.push_back(GeneratedFile(path, "", true, signature));
  }

  /// A handler's entry in the interface record, with the members of the types it takes and returns.
  void record(InterfaceHandler h, const OrderedJson& params, const OrderedJson* result = nullptr) {
    h.returns = "Promise<" + h.returns + ">";
    h.parameters += ", ctx: ServerContext";
    interface_.types.push_back({h.params_type, members_of(params)});
    if (result) interface_.types.push_back({h.result_type, members_of(*result)});
    interface_.handlers.push_back(std::move(h));
  }

  View tool(const ir::Tool& t) {
    View v = tool_view(t, kJs);
    std::string pascal = pascal_case(t.name).empty() ? "Tool" : pascal_case(t.name);
    v.set("not_implemented_lit", lit("tool " + t.name + " is not implemented yet"));
    std::string args_type = types_.claim(pascal + "Args", "Args");
    v.set("args_type", args_type);
    v.set("args_schema", types_.claim(pascal + "ArgsSchema", "Schema"));
    v.set("args_zod", zod_of(t.input_schema.json, 0, {&named_, &t.input_schema.named}).render(false));
    // tools/list shows the IR's JSON Schemas exactly (as the native runtime does); zod validates.
    v.set("args_json_schema", types_.claim(pascal + "ArgsJsonSchema", "JsonSchema"));
    v.set("args_json", js_json(t.input_schema.json, 0));
    std::string handler = functions_.claim(camel_case(t.name), "tool");
    v.set("handler_fn", handler);
    std::string file = files_.claim(snake_case(t.name), "tool");
    v.set("file", file);
    bool has_output = t.output_schema.has_value();
    v.set("wrapped", flag(t.output_wrapped));
    std::string result_type;
    if (has_output) {
      result_type = types_.claim(pascal + "Result", "Result");
      v.set("result_type", result_type);
      v.set("output_schema", types_.claim(pascal + "OutputSchema", "Schema"));
      v.set("output_zod", zod_of(t.output_schema->json, 0, {&named_, &t.output_schema->named}).render(false));
      v.set("output_json_schema", types_.claim(pascal + "OutputJsonSchema", "JsonSchema"));
      v.set("output_json", js_json(t.output_schema->json, 0));
    }
    std::string annotations;
    if (t.annotations) {
      auto hint = [&](const char* name, const std::optional<bool>& value) {
        if (!value) return;
        annotations += std::string(annotations.empty() ? "" : ", ") + name + ": " + (*value ? "true" : "false");
      };
      hint("readOnlyHint", t.annotations->read_only);
      hint("destructiveHint", t.annotations->destructive);
      hint("idempotentHint", t.annotations->idempotent);
      hint("openWorldHint", t.annotations->open_world);
    }
    v.set("has_annotations", flag(!annotations.empty()));
    v.set("annotations", "{ " + annotations + " }");
    std::optional<OrderedJson> example = example_of(t.input_schema.json);
    v.set("example_args", example && example->is_object() ? js_json_inline(*example) : std::string("{}"));
    v.set("example_valid", flag(example.has_value()));
    bool has_required = t.input_schema.json.contains("required") && !t.input_schema.json["required"].empty();
    v.set("has_required", flag(has_required));
    OrderedJson content_types = OrderedJson::array();
    for (const ir::Ref& type : t.content_types) content_types.push_back(type.name);
    v.set("has_content_types", flag(!content_types.empty()));
    v.set("content_types_json", js_json_inline(content_types));
    v.set("content_types_union_lit", name_union(content_types));
    v.set("content_types_union_comment", comment(name_union(content_types)));
    std::string signature =
        "mcpc-signature: " + handler + "(" + args_type + ")" + (has_output ? " -> " + result_type : std::string()) +
        (content_types.empty() ? "" : " -> ToolResultWith<" + name_union(content_types) + ">") + " #" +
        short_hash(t.input_schema.json.dump() + (has_output ? t.output_schema->json.dump() : "") +
                   (content_types.empty() ? "" : content_types.dump()));
    v.set("signature", signature);
    add_handler("src/handlers/" + file + ".ts", signature);
    record({"tool", t.name, handler, has_output ? result_type : "CallToolResult", "args: " + args_type, args_type,
            result_type},
           t.input_schema.json, has_output ? &t.output_schema->json : nullptr);
    views_.push_back({"tool", v});
    return v;
  }

  View resource(const ir::Resource& r) {
    View v = resource_view(m_, r, kJs, inputs_, diags_);
    // resources/read answers with a MIME type even when the spec gives none.
    v.set("mime_type_lit", lit(r.mime_type.empty() ? "text/plain" : r.mime_type));
    if (r.kind != ir::ResourceContentKind::Handler) return v;
    // The content is the handler's: one file in src/handlers/resources/, as for templates.
    std::string pascal = pascal_case(r.name).empty() ? "Resource" : pascal_case(r.name);
    std::string handler = functions_.claim("read" + pascal + "Resource", "readResource");
    v.set("handler_fn", handler);
    std::string file = template_files_.claim(snake_case(r.name), "resource");
    v.set("file", file);
    v.set("uri_comment", comment(r.uri));
    v.set("not_implemented_tpl", js_template_text("resource " + r.name + " is not implemented yet: "));
    std::string signature = "mcpc-signature: " + handler + "(uri) #" + short_hash(r.uri);
    v.set("signature", signature);
    add_handler("src/handlers/resources/" + file + ".ts", signature);
    interface_.handlers.push_back(
        {"resource", r.name, handler, "Promise<ReadResourceResult>", "uri: string, ctx: ServerContext", "", ""});
    views_.push_back({"resource", v});
    return v;
  }

  View resource_template(const ir::ResourceTemplate& t) {
    View v = resource_template_view(t, kJs);
    std::string pascal = pascal_case(t.name).empty() ? "Template" : pascal_case(t.name);
    v.set("uri_template_key", js_property_key(t.uri_template));
    v.set("not_implemented_tpl", js_template_text("resource template " + t.name + " is not implemented yet: "));
    std::string vars_type = types_.claim(pascal + "Variables", "Variables");
    v.set("variables_type", vars_type);
    v.set("variables_schema", types_.claim(pascal + "VariablesSchema", "Schema"));
    // Variables arrive as text. Each is read as its declared type (uriValue in runtime.ts reads
    // an integer, number or boolean as native servers do) and checked as they check it. A
    // format is an annotation that zod would only carry as metadata, so it is left out.
    OrderedJson schema = {
        {"type", "object"}, {"properties", OrderedJson::object()}, {"required", OrderedJson::array()}};
    std::string zod = "z.looseObject({\n";
    for (const ir::TemplateVariable& var : t.variables) {
      OrderedJson vs = {{"type", "string"}};
      vs.update(variable_checks(var));
      vs.erase("format");
      std::string type = vs["type"].get<std::string>();
      std::string checked = zod_of(vs, 1).render(false);
      zod += "  " + js_property_key(var.name) + ": " +
             (type == "string" ? checked : "z.preprocess(uriValue." + type + ", " + checked + ")") + ",\n";
      schema["properties"][var.name] = vs;
      schema["required"].push_back(var.name);
    }
    v.set("variables_zod", t.variables.empty() ? std::string("z.looseObject({})") : zod + "})");
    std::string handler = functions_.claim("read" + pascal + "Resource", "readResource");
    v.set("handler_fn", handler);
    std::string file = template_files_.claim(snake_case(t.name), "template");
    v.set("file", file);
    v.set("module", functions_.claim(camel_case(t.name) + "TemplateHandlers", "templateHandlers"));
    OrderedJson variable_names = OrderedJson::array();
    OrderedJson allowed = OrderedJson::object();
    for (const ir::TemplateVariable& var : t.variables) {
      variable_names.push_back(var.name);
      OrderedJson checks = variable_checks(var);
      if (checks.contains("enum")) allowed[var.name] = checks["enum"];
    }
    v.set("allowed_values_json", js_json_inline(allowed));
    v.set("has_allowed_values", flag(!allowed.empty()));
    v.set("variable_names_json", js_json_inline(variable_names));
    v.set("variables_union", name_union(variable_names));
    v.set("variables_union_comment", comment(name_union(variable_names)));
    std::string signature = "mcpc-signature: " + handler + "(uri, " + vars_type + ") #" + short_hash(schema.dump());
    v.set("signature", signature);
    add_handler("src/handlers/resources/" + file + ".ts", signature);
    record({"resource template", t.name, handler, "ReadResourceResult", "uri: string, variables: " + vars_type,
            vars_type, ""},
           schema);
    views_.push_back({"resource_template", v});
    return v;
  }

  View prompt(const ir::Prompt& p) {
    View v = prompt_view(p, kJs);
    std::string pascal = pascal_case(p.name).empty() ? "Prompt" : pascal_case(p.name);
    v.set("name_key", js_property_key(p.name));
    std::string args_type = types_.claim(pascal + "PromptArgs", "Args");
    v.set("args_type", args_type);
    v.set("args_schema", types_.claim(pascal + "PromptArgsSchema", "Schema"));
    OrderedJson schema = {
        {"type", "object"}, {"properties", OrderedJson::object()}, {"required", OrderedJson::array()}};
    OrderedJson example = OrderedJson::object();
    OrderedJson allowed = OrderedJson::object();
    for (const ir::PromptArgument& a : p.arguments) {
      OrderedJson as = {{"type", "string"}};
      if (!a.enum_values.empty()) {
        as["enum"] = a.enum_values;
        allowed[a.name] = a.enum_values;
      }
      if (a.default_value) as["default"] = *a.default_value;
      if (!a.description.empty()) as["description"] = a.description;
      schema["properties"][a.name] = as;
      if (a.required) {
        schema["required"].push_back(a.name);
        example[a.name] = "example";
      }
    }
    v.set("args_zod", zod_of(schema, 0).render(false));
    v.set("example_args", js_json_inline(example));
    std::string handler = functions_.claim(camel_case(p.name) + "Prompt", "prompt");
    v.set("handler_fn", handler);
    v.set("default_fn", functions_.claim(camel_case(p.name) + "Default", "promptDefault"));
    std::string file = prompt_files_.claim(snake_case(p.name), "prompt");
    v.set("file", file);
    v.set("module", functions_.claim(camel_case(p.name) + "PromptHandlers", "promptHandlers"));
    OrderedJson argument_names = OrderedJson::array();
    for (const ir::PromptArgument& a : p.arguments) argument_names.push_back(a.name);
    v.set("argument_names_json", js_json_inline(argument_names));
    v.set("allowed_values_json", js_json_inline(allowed));
    v.set("has_allowed_values", flag(!allowed.empty()));
    v.set("arguments_union", name_union(argument_names));
    v.set("arguments_union_comment", comment(name_union(argument_names)));
    std::string signature = "mcpc-signature: " + handler + "(" + args_type + ") #" + short_hash(schema.dump());
    v.set("signature", signature);
    add_handler("src/handlers/prompts/" + file + ".ts", signature);
    record({"prompt", p.name, handler, "GetPromptResult", "args: " + args_type, args_type, ""}, schema);
    views_.push_back({"prompt", v});
    return v;
  }

  void env(View& v) {
    View vars = list();
    for (const ir::EnvVar* e : env_by_name(m_)) {
      View ev = env_var_view(*e, kJs);
      ev.set("name_key", js_property_key(e->name));
      vars.push_back(ev);
    }
    v.set("env", vars);
    v.set("has_env", flag(!m_.env.empty()));
  }

 public:
  struct Entity {
    std::string kind;
    View view;
  };
  const std::vector<Entity>& entities() const { return views_; }

 private:
  const ir::Module& m_;
  const GenerateOptions& o_;
  DiagnosticEngine& diags_;
  JsScope types_{{"z", "JsonSchema", "Record"}};  // what src/schemas.ts names itself
  NamedZod named_;                                // after types_, whose names it claims first
  JsScope functions_;
  CppScope files_;
  CppScope template_files_;
  CppScope prompt_files_;
  std::vector<GeneratedFile> handlers_;
  std::vector<std::string> inputs_;
  std::vector<Entity> views_;
  HandlerInterface interface_{"ts", {}, {}};
};

/// The SDK keeps tools, prompts, resources and templates in plain objects, so a name that is
/// a property of every object ("constructor", "__proto__", ...) reads as already registered and
/// the server fails to start. Refused here, where the spec can still be changed.
void check_sdk_names(const ir::Module& m, DiagnosticEngine& diags) {
  static constexpr std::string_view kObjectMembers[] = {
      "__proto__", "constructor", "hasOwnProperty",   "isPrototypeOf",    "propertyIsEnumerable", "toLocaleString",
      "toString",  "valueOf",     "__defineGetter__", "__defineSetter__", "__lookupGetter__",     "__lookupSetter__"};
  auto check = [&](const char* kind, const std::string& name, SourceLoc loc) {
    if (std::find(std::begin(kObjectMembers), std::end(kObjectMembers), name) == std::end(kObjectMembers)) return;
    diags.report(Check::Generate, loc,
                 std::string(kind) + " '" + name + "' cannot be served by the TypeScript SDK, which " +
                     "mistakes it for a property of every JavaScript object; rename it");
  };
  for (const ir::Tool& t : m.tools) check("tool", t.name, t.name_loc);
  for (const ir::Prompt& p : m.prompts) check("prompt", p.name, p.name_loc);
  for (const ir::Resource& r : m.resources) check("resource", r.uri, r.uri_loc);
  for (const ir::ResourceTemplate& t : m.resource_templates) check("resource template", t.name, t.name_loc);
}

/// Renders every file of the package; handlers (the user's) come last.
std::optional<Output> render(const sema::CheckedModule& module, const GenerateOptions& options,
                             DiagnosticEngine& diags) {
  std::size_t errors = diags.error_count();
  check_sdk_names(module.module(), diags);
  ViewBuilder builder(module.module(), options, diags);
  View view = builder.build();
  TemplateSet templates("ts", options.template_dir, diags);
  Output out;
  // Renders template `name` into `file`, whose path (and for a handler, flags) are set.
  auto add = [&](GeneratedFile file, const std::string& name, const View& v) {
    if (std::optional<std::string> text = templates.render(name, v)) {
      file.content = std::move(*text);
      out.files.push_back(std::move(file));
    }
  };
  for (const auto& [path, name] : {std::pair{"package.json", "package.json"},
                                   {"tsconfig.json", "tsconfig.json"},
                                   {"README.md", "README.md"},
                                   {"ecosystem.config.cjs", "ecosystem.config.cjs"},
                                   {".gitignore", "gitignore"}}) {
    add(GeneratedFile(path, ""), name, view);
  }
  out.files.emplace_back("mcpc.ir.json", ir::dump(module.module()));
  out.handler_interface = builder.handler_interface();
  out.interface_path = "mcpc.interface";
  out.files.emplace_back(out.interface_path, format_interface(out.handler_interface));
  for (const char* file : {"src/main.ts", "src/server.ts", "src/schemas.ts", "src/prompts.ts", "src/runtime.ts",
                           "src/http.ts", "src/server.test.ts"}) {
    add(GeneratedFile(file, ""), file, view);
  }
  std::size_t i = 0;
  for (const ViewBuilder::Entity& e : builder.entities()) {
    add(builder.handler_files()[i++], "src/handlers/" + e.kind + ".ts", e.view);
  }
  if (diags.error_count() > errors) return std::nullopt;
  out.inputs = builder.inputs();
  out.handlers_root = "src/handlers";
  for (const std::string& t : templates.files_read()) out.inputs.push_back(t);
  return out;
}

}  // namespace

std::optional<Output> TsBackend::generate(const sema::CheckedModule& module, const GenerateOptions& options,
                                          DiagnosticEngine& diags) const {
  return render(module, options, diags);
}

std::optional<GeneratedFile> TsBackend::handler_skeleton(const sema::CheckedModule& module,
                                                         const GenerateOptions& options,
                                                         DiagnosticEngine& diags) const {
  if (options.existing_handlers) {
    diags.report(Check::Usage, SourceLoc::none(),
                 "--add-stubs is for --target cpp: a TypeScript package gets the handler file of each new tool, "
                 "resource template and prompt when it is generated");
    return std::nullopt;
  }
  // The package's handler files are its skeleton; the first one stands for them all.
  std::optional<Output> out = render(module, options, diags);
  if (!out) return std::nullopt;
  for (GeneratedFile& f : out->files) {
    if (f.keep_existing) return GeneratedFile(f.path, f.content);
  }
  diags.report(Check::Generate, SourceLoc::none(),
               "the spec declares no tools, resource templates or prompts: there is no handler to write");
  return std::nullopt;
}

}  // namespace mcpc::codegen::ts

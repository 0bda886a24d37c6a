// Schema consistency: every default and enum member satisfies its own schema, enums hold one
// type, patterns compile (as servers compile them: RE2), bounds are ordered, local $refs
// resolve, tool schemas are objects, and no schema re-applies itself in a way that makes
// validation exponential.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "checks.h"
#include "mcpc/json_schema/ecma_regex.h"

namespace mcpc::sema {
namespace {

// The "kind" for the mixed-type check: integers and numbers are one kind.
std::string value_kind(const OrderedJson& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

const std::set<std::string> kTypeNames = {"string", "number", "integer", "boolean", "array", "object", "null"};

// A value that YAML 1.1 read as a boolean, in a schema that wants one: the spec's YAML 1.2
// reader made it a string, which is why it fails. Say so, and what to write.
void note_yaml11_boolean(Diagnostic& d, const OrderedJson& value, const OrderedJson& schema) {
  static const std::map<std::string, bool> words = {{"yes", true}, {"Yes", true},  {"YES", true},  {"y", true},
                                                    {"Y", true},   {"on", true},   {"On", true},   {"ON", true},
                                                    {"no", false}, {"No", false},  {"NO", false},  {"n", false},
                                                    {"N", false},  {"off", false}, {"Off", false}, {"OFF", false}};
  if (!value.is_string()) return;
  auto word = words.find(value.get<std::string>());
  auto type = schema.find("type");
  if (word == words.end() || type == schema.end()) return;
  bool wants_boolean =
      *type == "boolean" || (type->is_array() && std::find(type->begin(), type->end(), "boolean") != type->end());
  if (!wants_boolean) return;
  d.notes.push_back("YAML 1.2 reads '" + word->first +
                    "' as a string (yes/no/on/off were booleans only in YAML 1.1); write " +
                    (word->second ? "true" : "false"));
}

class SchemaChecker {
 public:
  SchemaChecker(const ir::TypeIndex& types, const ir::Schema& s, std::string what, DiagnosticEngine& diags)
      : types_(types), s_(s), what_(std::move(what)), diags_(diags) {}

  void run() { node(s_.json, ""); }

 private:
  SourceLoc at(const std::string& pointer) const { return s_.loc_of(pointer); }

  void bounds(const OrderedJson& n, const std::string& p, const char* lo, const char* hi) {
    auto a = n.find(lo);
    auto b = n.find(hi);
    if (a != n.end() && b != n.end() && a->is_number() && b->is_number() && a->get<double>() > b->get<double>()) {
      diags_.report(Check::Schema, at(p + "/" + lo),
                    std::string(lo) + " " + a->dump() + " is greater than " + hi + " " + b->dump() + " in " + where(p));
    }
  }

  std::string where(const std::string& p) const {
    // "/properties/limit/items" -> "parameter 'limit' of tool 'x'" is nicer, but the pointer is exact.
    return p.empty() ? what_ : what_ + " at " + p;
  }

  void node(const OrderedJson& n, const std::string& p) {
    if (!n.is_object()) return;
    if (auto named = s_.named.find(p); named != s_.named.end()) {
      // A named type, checked once where declared: only a default of the use's own is new here.
      const ir::NamedType* type = types_.find(named->second);
      auto d = n.find("default");
      if (d == n.end()) return;
      if (!type || !type->schema.json.contains("default") || type->schema.json["default"] != *d) check_default(n, p);
      return;
    }
    if (auto t = n.find("type"); t != n.end()) {
      auto check_type = [&](const OrderedJson& v) {
        if (!v.is_string() || !kTypeNames.count(v.get<std::string>())) {
          diags_.report(Check::Schema, at(p + "/type"), "invalid type " + v.dump() + " in " + where(p));
        }
      };
      if (t->is_array())
        for (const auto& v : *t) check_type(v);
      else
        check_type(*t);
      if (t->is_array() && t->empty()) {
        diags_.report(Check::Schema, at(p + "/type"), "empty type list in " + where(p) + "; no value could match");
      }
      auto req = n.find("required");
      bool object_type = *t == "object" || (t->is_array() && std::find(t->begin(), t->end(), "object") != t->end());
      if (req != n.end() && req->is_array() && !object_type) {
        diags_.report(Check::Schema, at(p + "/required"),
                      "a 'required' list names properties, so it applies only to object schemas; to require this "
                      "value itself write 'required: true'");
      }
    }
    if (auto pat = n.find("pattern"); pat != n.end() && pat->is_string()) {
      check_pattern(pat->get_ref<const std::string&>(), p + "/pattern");
    }
    if (auto pp = n.find("patternProperties"); pp != n.end() && pp->is_object()) {
      for (auto it = pp->begin(); it != pp->end(); ++it) {
        std::string pointer = p + "/patternProperties/" + ir::pointer_token(it.key());
        check_pattern(it.key(), pointer);
        node(it.value(), pointer);
      }
    }
    bounds(n, p, "minimum", "maximum");
    bounds(n, p, "minLength", "maxLength");
    bounds(n, p, "minItems", "maxItems");
    bounds(n, p, "minProperties", "maxProperties");

    // A default or enum member must satisfy this node as servers validate it: $refs resolve
    // within the whole schema; default and examples are annotations.
    if (auto e = n.find("enum"); e != n.end() && e->is_array()) {
      std::set<std::string> kinds;
      for (const auto& v : *e) {
        if (!v.is_null()) kinds.insert(value_kind(v));
      }
      if (kinds.size() > 1) {
        std::string list;
        for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
        diags_.report(Check::EnumMixedTypes, at(p + "/enum"),
                      "enum in " + where(p) + " mixes value types (" + list + "); use one type");
      } else {
        OrderedJson without_enum = n;  // each member is in it: the rest is what it must satisfy
        without_enum.erase("enum");
        for (std::size_t i = 0; i < e->size(); ++i) {
          std::string why = validate(without_enum, (*e)[i], &s_.json);
          if (!why.empty()) {
            note_yaml11_boolean(
                diags_.report(Check::SchemaEnum, at(p + "/enum/" + std::to_string(i)), "enum member " + why), (*e)[i],
                n);
          }
        }
      }
    }
    check_default(n, p);

    const OrderedJson* props = nullptr;
    if (auto it = n.find("properties"); it != n.end() && it->is_object()) props = &*it;
    if (auto req = n.find("required"); req != n.end() && req->is_array() && props) {
      for (std::size_t i = 0; i < req->size(); ++i) {
        const auto& name = (*req)[i];
        if (!name.is_string()) continue;
        std::string key = name.get<std::string>();
        if (!props->contains(key)) {
          diags_.report(Check::Schema, at(p + "/required/" + std::to_string(i)),
                        "required property '" + key + "' is not defined under properties in " + where(p));
          continue;
        }
        const OrderedJson& prop = (*props)[key];
        if (prop.is_object() && prop.contains("default")) {
          std::string prop_pointer = p + "/properties/" + ir::pointer_token(key);
          SourceLoc loc = s_.locs.count(prop_pointer + "/$required") ? s_.locs.at(prop_pointer + "/$required")
                                                                     : at(prop_pointer + "/default");
          diags_.report(Check::RequiredWithDefault, loc,
                        "'" + key + "' is required and also has a default; the default is never used");
        }
      }
    }
    if (props) {
      for (auto it = props->begin(); it != props->end(); ++it)
        node(it.value(), p + "/properties/" + ir::pointer_token(it.key()));
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
        for (auto d = it->begin(); d != it->end(); ++d)
          node(d.value(), p + "/" + key + "/" + ir::pointer_token(d.key()));
      }
    }
    if (auto ref = n.find("$ref"); ref != n.end() && ref->is_string()) {
      const std::string& r = ref->get_ref<const std::string&>();
      if (r.starts_with("#")) {
        try {
          if (!s_.json.contains(OrderedJson::json_pointer(r.substr(1)))) {
            diags_.report(Check::Schema, at(p + "/$ref"), "$ref '" + r + "' does not resolve within " + what_);
          }
        } catch (const OrderedJson::exception&) {
          diags_.report(Check::Schema, at(p + "/$ref"), "$ref '" + r + "' is not a valid JSON pointer");
        }
      }
    }
  }

  void check_default(const OrderedJson& n, const std::string& p) {
    if (auto d = n.find("default"); d != n.end()) {
      std::string why = validate(n, *d, &s_.json);
      if (!why.empty()) {
        note_yaml11_boolean(diags_.report(Check::SchemaDefault, at(p + "/default"), "default " + why), *d, n);
      }
    }
  }

  void check_pattern(const std::string& pattern, const std::string& pointer) {
    std::string error;
    if (compiled_pattern(pattern, &error)) return;
    diags_.report(Check::Schema, at(pointer),
                  "pattern " + OrderedJson(pattern).dump() + " " + json_schema::describe_pattern_error(pattern, error));
  }

  const ir::TypeIndex& types_;
  const ir::Schema& s_;
  std::string what_;
  DiagnosticEngine& diags_;
};

// Recursion through combinators. A validator applies a schema's $ref, allOf, anyOf, oneOf, not,
// if/then/else and dependentSchemas to the same value, and its properties, items and the like to
// parts of it. If a schema reaches itself again through two of its same-value branches (anyOf
// of two self-$refs), every level of a nested value doubles the work: exponential in its depth.
// If it reaches itself through same-value branches alone, validation never gets anywhere.
class RecursionChecker {
 public:
  RecursionChecker(const ir::Schema& s, std::string what, DiagnosticEngine& diags)
      : s_(s), what_(std::move(what)), diags_(diags) {}

  void run() {
    collect();
    std::vector<int> all = components(false);
    std::set<int> reported;
    for (std::size_t n = 0; n < nodes_.size(); ++n) {
      std::vector<const Edge*> back;
      for (const Edge& e : nodes_[n].edges) {
        if (e.same_value && all[e.to] == all[n]) back.push_back(&e);
      }
      if (back.size() < 2) continue;
      reported.insert(all[n]);
      std::string branches;
      for (std::size_t i = 0; i < back.size(); ++i) {
        branches += (i == 0 ? "" : i + 1 == back.size() ? " and " : ", ") + back[i]->keyword;
      }
      diags_.report(Check::RecursiveCombinator, s_.loc_of(back[0]->at),
                    where(nodes_[n].pointer) + " reaches itself again through " + branches +
                        ", so validating a nested value takes time exponential in its depth (servers refuse it "
                        "once their step budget is spent); factor the recursion out of the combinator");
    }
    std::vector<int> stuck = components(true);
    std::set<int> seen;
    for (std::size_t n = 0; n < nodes_.size(); ++n) {
      for (const Edge& e : nodes_[n].edges) {
        if (!e.same_value || stuck[e.to] != stuck[n] || reported.count(all[n]) || !seen.insert(stuck[n]).second)
          continue;
        diags_.report(Check::RecursiveCombinator, s_.loc_of(e.at),
                      where(nodes_[n].pointer) + " reaches itself again through " + e.keyword +
                          " without descending into the value, so validating it can never finish (servers stop at "
                          "their nesting limit and reject the value)");
      }
    }
  }

 private:
  struct Edge {
    std::size_t to;
    bool same_value;      // applied to the same value (not to a part of it)
    std::string keyword;  // "anyOf/1", "$ref" ...
    std::string at;       // where the edge is written, for the diagnostic
  };
  struct Node {
    std::string pointer;
    std::vector<Edge> edges;
  };

  std::string where(const std::string& pointer) const {
    return pointer.empty() ? "the root of " + what_ : "the schema at " + pointer + " in " + what_;
  }

  // Every subschema reachable from the root, with its edges. Iterative: nesting depth is the
  // front end's to limit, not the stack's.
  void collect() {
    std::map<std::string, std::size_t> index;
    std::vector<std::size_t> todo;
    auto node_of = [&](const std::string& pointer) {
      auto [it, fresh] = index.emplace(pointer, nodes_.size());
      if (fresh) {
        nodes_.push_back({pointer, {}});
        todo.push_back(it->second);
      }
      return it->second;
    };
    node_of("");
    while (!todo.empty()) {
      std::size_t n = todo.back();
      todo.pop_back();
      std::string p = nodes_[n].pointer;
      const OrderedJson* j = nullptr;
      try {
        j = &s_.json.at(OrderedJson::json_pointer(p));
      } catch (const OrderedJson::exception&) {
        continue;
      }
      if (!j->is_object() || s_.named.count(p)) continue;  // a named type is checked where declared
      auto edge = [&](const std::string& sub, bool same_value, const std::string& keyword) {
        std::size_t to = node_of(sub);
        nodes_[n].edges.push_back({to, same_value, keyword, sub});
      };
      for (const char* key : {"not", "if", "then", "else"}) {
        if (j->contains(key)) edge(p + "/" + key, true, key);
      }
      for (const char* key : {"allOf", "anyOf", "oneOf"}) {
        if (auto it = j->find(key); it != j->end() && it->is_array()) {
          for (std::size_t i = 0; i < it->size(); ++i)
            edge(p + "/" + key + "/" + std::to_string(i), true, std::string(key) + "/" + std::to_string(i));
        }
      }
      for (const char* key : {"dependentSchemas", "properties", "patternProperties", "$defs", "definitions"}) {
        if (auto it = j->find(key); it != j->end() && it->is_object()) {
          bool applied = std::string_view(key) != "$defs" && std::string_view(key) != "definitions";
          for (auto m = it->begin(); m != it->end(); ++m) {
            std::string sub = p + "/" + key + "/" + ir::pointer_token(m.key());
            if (applied)
              edge(sub, std::string_view(key) == "dependentSchemas", std::string(key) + "/" + m.key());
            else
              node_of(sub);  // only reached through $ref, but its own $refs matter
          }
        }
      }
      for (const char* key : {"items", "additionalProperties", "contains", "propertyNames"}) {
        if (j->contains(key)) edge(p + "/" + key, false, key);
      }
      if (auto it = j->find("prefixItems"); it != j->end() && it->is_array()) {
        for (std::size_t i = 0; i < it->size(); ++i)
          edge(p + "/prefixItems/" + std::to_string(i), false, "prefixItems");
      }
      if (auto ref = j->find("$ref"); ref != j->end() && ref->is_string()) {
        const std::string& r = ref->get_ref<const std::string&>();
        if (r.starts_with("#") && (r.size() == 1 || r[1] == '/')) {
          try {
            std::string target = OrderedJson::json_pointer(r.substr(1)).to_string();
            if (s_.json.contains(OrderedJson::json_pointer(target))) {
              std::size_t to = node_of(target);
              nodes_[n].edges.push_back({to, true, "$ref '" + r + "'", p + "/$ref"});
            }
          } catch (const OrderedJson::exception&) {
            // reported by SchemaChecker
          }
        }
      }
    }
  }

  // Strongly connected components (Tarjan, iterative), over every edge or over same-value edges
  // only. An edge inside one component closes a cycle (a single node's only such edge is to itself).
  std::vector<int> components(bool same_value_only) const {
    const std::size_t n = nodes_.size();
    std::vector<int> comp(n, -1), low(n, 0), order(n, -1);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    int counter = 0, next_comp = 0;
    struct Frame {
      std::size_t node;
      std::size_t edge;
    };
    for (std::size_t root = 0; root < n; ++root) {
      if (order[root] != -1) continue;
      std::vector<Frame> frames{{root, 0}};
      order[root] = low[root] = counter++;
      stack.push_back(root);
      on_stack[root] = true;
      while (!frames.empty()) {
        Frame& f = frames.back();
        const auto& edges = nodes_[f.node].edges;
        if (f.edge < edges.size()) {
          const Edge& e = edges[f.edge++];
          if (same_value_only && !e.same_value) continue;
          if (order[e.to] == -1) {
            order[e.to] = low[e.to] = counter++;
            stack.push_back(e.to);
            on_stack[e.to] = true;
            frames.push_back({e.to, 0});
          } else if (on_stack[e.to]) {
            low[f.node] = std::min(low[f.node], order[e.to]);
          }
          continue;
        }
        std::size_t v = f.node;
        frames.pop_back();
        if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
        if (low[v] != order[v]) continue;
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp[w] = next_comp;
        } while (w != v);
        ++next_comp;
      }
    }
    return comp;
  }

  const ir::Schema& s_;
  std::string what_;
  DiagnosticEngine& diags_;
  std::vector<Node> nodes_;
};

void check_object_schema(const ir::Schema& s, const std::string& what, DiagnosticEngine& diags) {
  auto t = s.json.find("type");
  if (t == s.json.end() || *t != "object") {
    diags.report(Check::Schema, t == s.json.end() ? s.loc : s.loc_of("/type"),
                 what + " must be a JSON Schema with type \"object\"");
  }
}

}  // namespace

void check_schemas(const ir::Module& m, DiagnosticEngine& diags) {
  ir::TypeIndex types(m);
  for (const ir::Tool& t : m.tools) {
    std::string who = "tool '" + t.name + "'";
    check_object_schema(t.input_schema, "the input schema of " + who, diags);
    SchemaChecker(types, t.input_schema, "the input schema of " + who, diags).run();
    RecursionChecker(t.input_schema, "the input schema of " + who, diags).run();
    if (t.output_schema) {
      check_object_schema(*t.output_schema, "the output schema of " + who, diags);
      SchemaChecker(types, *t.output_schema, "the output schema of " + who, diags).run();
      RecursionChecker(*t.output_schema, "the output schema of " + who, diags).run();
    }
  }
  for (const ir::NamedType& t : m.types) {
    SchemaChecker(types, t.schema, "type '" + t.name + "'", diags).run();
    RecursionChecker(t.schema, "type '" + t.name + "'", diags).run();
  }
  for (const ir::ResourceTemplate& rt : m.resource_templates) {
    for (const ir::TemplateVariable& v : rt.variables) {
      std::string what = "variable '" + v.name + "' of resource template '" + rt.name + "'";
      SchemaChecker(types, v.schema, what, diags).run();
      RecursionChecker(v.schema, what, diags).run();
    }
  }
}

}  // namespace mcpc::sema

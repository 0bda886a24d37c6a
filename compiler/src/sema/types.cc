// Named types: their names, whether anything uses them, and what backends rely on when they
// declare one type per name: each use recorded in a schema (Schema::named) is the declared
// schema inlined, and no type contains itself, however long the chain. The front end inlines
// them so (and reports a recursive type where it is written); an IR file read back is checked
// here. Problems inside a type's schema are checked once, on the type (schemas.cc).
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "checks.h"

namespace mcpc::sema {
namespace {

/// How many named types may nest in one another; as deep as a spec file may nest.
constexpr std::size_t kMaxTypeNesting = 64;

const std::vector<std::string> kBuiltinTypes = {"string", "number", "integer", "boolean", "array", "object", "null"};

/// Upper case first, as types are named in code, and so that a misspelt built-in type (`strng`)
/// can never be taken for a declared one, also by editors (the spec's JSON Schema).
bool is_type_name(const std::string& name) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.empty() || !(name[0] >= 'A' && name[0] <= 'Z')) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

/// False when the name is refused.
bool check_name(const ir::NamedType& t, DiagnosticEngine& diags) {
  if (t.name.empty()) {
    diags.report(Check::InvalidValue, t.loc, "a type name must not be empty");
    return false;
  }
  std::string folded = lower(t.name);
  if (std::find(kBuiltinTypes.begin(), kBuiltinTypes.end(), folded) != kBuiltinTypes.end()) {
    diags.report(Check::InvalidValue, t.loc,
                 folded == t.name ? "type name '" + t.name + "' is a built-in type; choose another name"
                                  : "type name '" + t.name + "' differs from the built-in type '" + folded +
                                        "' only in case; choose another name");
  } else if (!is_type_name(t.name)) {
    diags.report(
        Check::InvalidValue, t.loc,
        "type name '" + t.name + "' must start with an upper-case letter and hold only letters, digits and '_'");
  } else {
    return true;
  }
  return false;
}

/// The declared schema as a use sees it: a use may add annotations, a default and null.
OrderedJson as_declared(OrderedJson used, const OrderedJson& declared) {
  for (const char* key : {"title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"}) {
    if (auto it = declared.find(key); it != declared.end())
      used[key] = *it;  // in place: key order counts when comparing
    else
      used.erase(key);
  }
  auto t = used.find("type");
  auto d = declared.find("type");
  if (t != used.end() && d != declared.end() && *t != *d && t->is_array()) {
    OrderedJson without_null = OrderedJson::array();
    for (const OrderedJson& x : *t) {
      if (x != "null") without_null.push_back(x);
    }
    *t = without_null.size() == 1 && d->is_string() ? without_null[0] : without_null;
  }
  return used;
}

class TypeChecker {
 public:
  TypeChecker(const ir::Module& m, DiagnosticEngine& diags) : m_(m), diags_(diags) {}

  void run() {
    // After errors, uses the front end could not inline are still marked (their names count as
    // used) but hold no schema: what follows would only repeat those errors.
    consistent_ = !diags_.has_errors();
    std::set<std::string> refused;
    for (const ir::NamedType& t : m_.types) {
      if (!check_name(t, diags_)) refused.insert(t.name);
      index_.emplace(t.name, &t);
    }
    for (const ir::Tool& t : m_.tools) {
      uses(t.input_schema, "the input schema of tool '" + t.name + "'");
      if (t.output_schema) uses(*t.output_schema, "the output schema of tool '" + t.name + "'");
    }
    for (const ir::ResourceTemplate& rt : m_.resource_templates) {
      for (const ir::TemplateVariable& v : rt.variables)
        uses(v.schema, "variable '" + v.name + "' of resource template '" + rt.name + "'");
    }
    for (const ir::NamedType& t : m_.types) uses(t.schema, "type '" + t.name + "'");
    for (const auto& [name, t] : index_) {
      if (!used_.count(name) && !refused.count(name)) {
        diags_.report(
            Check::UnusedType, t->loc,
            "type '" + name + "' is not used by any tool or resource template, so nothing is generated for it");
      }
    }
    if (consistent_) nesting();
  }

 private:
  void uses(const ir::Schema& s, const std::string& what) {
    for (const auto& [pointer, name] : s.named) {
      used_.insert(name);
      // A use within another is part of that one's declared schema, checked with it.
      if (!consistent_ || within_another(s, pointer)) continue;
      std::string where = pointer.empty() ? what : "the schema at " + pointer + " in " + what;
      auto it = index_.find(name);
      if (it == index_.end()) {
        diags_.report(Check::Schema, s.loc_of(pointer),
                      where + " is marked as type '" + name + "', which is not declared");
        continue;
      }
      const OrderedJson* node = nullptr;
      try {
        node = &s.json.at(OrderedJson::json_pointer(pointer));
      } catch (const OrderedJson::exception&) {
        diags_.report(Check::Schema, s.loc, what + " has no schema at " + pointer + " to be type '" + name + "'");
        continue;
      }
      const OrderedJson& declared = it->second->schema.json;
      if (!node->is_object() || as_declared(*node, declared) != declared) {
        diags_.report(Check::Schema, s.loc_of(pointer),
                      where + " is marked as type '" + name + "' but is not its schema as declared");
      }
    }
  }

  static bool within_another(const ir::Schema& s, std::string pointer) {
    for (auto slash = pointer.rfind('/'); slash != std::string::npos && slash > 0; slash = pointer.rfind('/')) {
      pointer.resize(slash);
      if (s.named.count(pointer)) return true;
    }
    return !pointer.empty() && s.named.count("");
  }

  // The longest chain of types within types, walked without recursion (an IR file may hold
  // any number of types): a chain that returns to a type is a cycle.
  void nesting() {
    enum class Color { White, Gray, Black };
    std::map<const ir::NamedType*, Color> color;
    std::map<const ir::NamedType*, std::size_t> depth;  // of the deepest chain below, itself included
    for (const auto& [root_name, root] : index_) {
      if (color[root] != Color::White) continue;
      struct Frame {
        const ir::NamedType* type;
        std::map<std::string, std::string>::const_iterator next;
      };
      std::vector<Frame> stack{{root, root->schema.named.begin()}};
      color[root] = Color::Gray;
      while (!stack.empty()) {
        Frame& f = stack.back();
        if (f.next == f.type->schema.named.end()) {
          color[f.type] = Color::Black;
          std::size_t d = depth[f.type] + 1;
          depth[f.type] = d;
          stack.pop_back();
          if (!stack.empty()) depth[stack.back().type] = std::max(depth[stack.back().type], d);
          if (d == kMaxTypeNesting + 1) {
            diags_.report(Check::Limits, f.type->loc,
                          "named types refer to one another more than " + std::to_string(kMaxTypeNesting) +
                              " levels deep, starting at type '" + f.type->name + "'");
          }
          continue;
        }
        auto it = index_.find((f.next++)->second);
        if (it == index_.end()) continue;
        const ir::NamedType* next = it->second;
        if (color[next] == Color::Gray) {
          diags_.report(Check::RecursiveType, next->loc,
                        "type '" + next->name + "' contains itself; a named type is inlined where it is used");
        } else if (color[next] == Color::White) {
          color[next] = Color::Gray;
          stack.push_back({next, next->schema.named.begin()});
        } else {
          depth[f.type] = std::max(depth[f.type], depth[next]);
        }
      }
    }
  }

  const ir::Module& m_;
  DiagnosticEngine& diags_;
  std::map<std::string, const ir::NamedType*> index_;  ///< the first declaration of each name
  std::set<std::string> used_;
  bool consistent_ = true;
};

}  // namespace

void check_types(const ir::Module& m, DiagnosticEngine& diags) { TypeChecker(m, diags).run(); }

}  // namespace mcpc::sema

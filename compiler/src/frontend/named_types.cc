// Inlining named types. Every schema a client sees must be self-contained (several widely used
// clients refuse $ref and $defs in tool schemas), so a use of a named type becomes a copy of its
// schema; Schema::named remembers where, for backends to declare one type per name. The copies
// keep the locations of the `types:` section, so problems inside a type point there.
#include "named_types.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "schema_lowering.h"

namespace mcpc::frontend {
namespace {

// What a use may say besides the type's name: annotations and its default (null is added
// through the "type" the shorthand left there). Anything else changes the type: declare it.
const std::set<std::string, std::less<>> kUseKeys = {"title",      "description", "default",  "examples",
                                                     "deprecated", "readOnly",    "writeOnly"};

/// The nodes inlining may add, across the module, as a share of the nodes a file may hold: a
/// few lines naming types that use each other twice over would otherwise ask for millions.
constexpr std::size_t kInlineShare = 10;

/// Characters compared (name length times declared names' length) for did-you-mean, in all.
constexpr std::size_t kSuggestionBudget = 50'000'000;

std::size_t pointer_depth(const std::string& pointer) {
  return static_cast<std::size_t>(std::count(pointer.begin(), pointer.end(), '/'));
}

/// The deepest node below `j` (in pointer tokens) and the number of nodes.
void measure(const OrderedJson& j, std::size_t depth, std::size_t& max_depth, std::size_t& nodes) {
  ++nodes;
  max_depth = std::max(max_depth, depth);
  if (j.is_structured()) {
    for (const OrderedJson& child : j) measure(child, depth + 1, max_depth, nodes);
  }
}

/// Adds "null" to the schema's type; false when it has none to add to.
bool add_null(OrderedJson& schema) {
  auto t = schema.find("type");
  if (t == schema.end()) return false;
  if (t->is_string() && *t != "null") *t = OrderedJson::array({*t, "null"});
  if (t->is_array() && std::find(t->begin(), t->end(), "null") == t->end()) t->push_back("null");
  return true;
}

/// The first token of a pointer, as written ("/properties/a" -> "properties").
std::string first_token(const std::string& pointer) {
  auto end = pointer.find('/', 1);
  return pointer.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

class Resolver {
 public:
  Resolver(ir::Module& m, const Limits& limits, DiagnosticEngine& diags) : m_(m), limits_(limits), diags_(diags) {}

  void run() {
    info_.assign(m_.types.size(), Info{});
    for (std::size_t i = 0; i < m_.types.size(); ++i) {
      index_.emplace(m_.types[i].name, i);  // a duplicate is reported by sema; the first counts
      declared_.push_back(m_.types[i].name);
      declared_chars_ += m_.types[i].name.size() + 1;
    }
    for (std::size_t i = 0; i < m_.types.size(); ++i) resolve_type(i);
    for (ir::Tool& t : m_.tools) {
      resolve(t.input_schema);
      if (t.output_schema) resolve(*t.output_schema);
    }
    for (ir::ResourceTemplate& rt : m_.resource_templates) {
      for (ir::TemplateVariable& v : rt.variables) resolve(v.schema);
    }
  }

 private:
  enum class State { Unresolved, InProgress, Done };
  struct Info {
    State state = State::Unresolved;
    bool ok = false;
    std::size_t depth = 0;  ///< of its schema, inlined uses included
    std::size_t nodes = 0;
  };

  void resolve_type(std::size_t i) {
    if (info_[i].state != State::Unresolved) return;
    info_[i].state = State::InProgress;
    stack_.push_back(i);
    bool ok = resolve(m_.types[i].schema);
    stack_.pop_back();
    Info& info = info_[i];
    info.state = State::Done;
    info.ok = ok;
    measure(m_.types[i].schema.json, 0, info.depth, info.nodes);
  }

  /// Inlines every use recorded in `s`; false when one could not be (and was reported). Such a
  /// use stays in `named`, so its type counts as used, with only what the use wrote.
  bool resolve(ir::Schema& s) {
    bool ok = true;
    // Inlining adds the type's own uses to `named`, below the use: those are resolved already.
    std::vector<std::pair<std::string, std::string>> uses(s.named.begin(), s.named.end());
    for (const auto& [pointer, name] : uses) ok = inline_use(s, pointer, name) && ok;
    return ok;
  }

  bool inline_use(ir::Schema& s, const std::string& pointer, const std::string& name) {
    SourceLoc at = s.loc_of(pointer + "/type");
    auto it = index_.find(name);
    if (it == index_.end()) {
      // Suggestions cost an edit distance per declared name: bounded, so that many misspelt
      // names against many declared ones cannot make a hostile spec slow.
      std::size_t cost = name.size() * declared_chars_;
      bool suggest = cost <= suggestion_budget_;
      if (suggest) suggestion_budget_ -= cost;
      diags_.report(Check::InvalidValue, at,
                    unknown_type_message(name, suggest ? declared_ : std::vector<std::string>(), !declared_.empty()));
      return false;
    }
    std::size_t j = it->second;
    if (info_[j].state == State::InProgress) {
      report_cycle(j, at);
      return false;
    }
    if (stack_.size() >= limits_.max_depth) {
      diags_.report(Check::Limits, at,
                    "named types refer to one another more than " + std::to_string(limits_.max_depth) + " levels deep");
      return false;
    }
    resolve_type(j);
    const Info& info = info_[j];
    if (!info.ok) return false;  // reported inside the type
    if (pointer_depth(pointer) + info.depth > limits_.max_depth) {
      diags_.report(Check::Limits, at,
                    "with type '" + name + "' inlined, this schema nests deeper than " +
                        std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    std::size_t budget = limits_.max_nodes / kInlineShare;
    if (info.nodes > budget - std::min(inlined_, budget)) {
      if (!budget_reported_) {
        diags_.report(Check::Limits, at,
                      "inlining the named types where they are used would add more than " + std::to_string(budget) +
                          " schema nodes; use each large type in fewer places");
      }
      budget_reported_ = true;
      return false;
    }
    OrderedJson* node = nullptr;
    try {
      node = &s.json.at(OrderedJson::json_pointer(pointer));
    } catch (const OrderedJson::exception&) {
      return false;  // not reachable from lowering: its pointers are escaped and exist
    }
    const ir::Schema& type = m_.types[j].schema;
    OrderedJson merged = type.json;
    std::set<std::string> own = {"type", "$required"};  // what the use keeps of its own locations
    bool ok = true;
    for (auto kv = node->begin(); kv != node->end(); ++kv) {
      const std::string& key = kv.key();
      own.insert(ir::pointer_token(key));
      if (key == "type") {
        if (!add_null(merged)) {
          diags_.report(Check::Schema, at, "type '" + name + "' has no 'type' to add null to");
          ok = false;
        }
      } else if (kUseKeys.count(key)) {
        merged[key] = kv.value();
      } else {
        diags_.report(Check::Schema, s.loc_of(pointer + "/" + ir::pointer_token(key)),
                      "'" + key + "' cannot be added where type '" + name +
                          "' is used; declare it in the type, or declare another type");
        ok = false;
      }
    }
    if (!ok) return false;
    inlined_ += info.nodes;
    *node = std::move(merged);
    for (const auto& [p, loc] : type.locs) {
      if (!p.empty() && !own.count(first_token(p))) s.locs[pointer + p] = loc;
    }
    for (const auto& [p, n] : type.named) {
      if (!p.empty()) s.named[pointer + p] = n;  // at the root, the use's own name is the one
    }
    return true;
  }

  void report_cycle(std::size_t j, SourceLoc at) {
    std::string chain;
    auto from = std::find(stack_.begin(), stack_.end(), j);
    for (auto i = from; i != stack_.end(); ++i) chain += m_.types[*i].name + " -> ";
    chain += m_.types[j].name;
    diags_.report(Check::RecursiveType, at,
                  "type '" + m_.types[j].name + "' refers to itself (" + chain +
                      "); schemas listed to clients inline every named type, so a named type cannot contain "
                      "itself");
  }

  ir::Module& m_;
  const Limits& limits_;
  DiagnosticEngine& diags_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<std::string> declared_;
  std::size_t declared_chars_ = 0;
  std::size_t suggestion_budget_ = kSuggestionBudget;
  std::vector<Info> info_;
  std::vector<std::size_t> stack_;  ///< the types being resolved, outermost first
  std::size_t inlined_ = 0;         ///< nodes added by inlining, across the module
  bool budget_reported_ = false;
};

}  // namespace

void resolve_named_types(ir::Module& module, const Limits& limits, DiagnosticEngine& diags) {
  Resolver(module, limits, diags).run();
}

}  // namespace mcpc::frontend

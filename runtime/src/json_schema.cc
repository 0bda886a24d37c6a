// A JSON Schema 2020-12 validator over nlohmann::json. Written here rather than taken from
// Debian: valijson 1.0 (Debian 12) implements draft 7 only (no prefixItems, dependentRequired,
// $defs semantics) and its package pulls in Qt and Poco. Covered: type, enum, const, numeric
// and length bounds, multipleOf, pattern, items/prefixItems/contains, properties,
// patternProperties, additionalProperties, propertyNames, required, dependentRequired,
// dependentSchemas, allOf/anyOf/oneOf/not, if/then/else, local $ref (JSON pointers and $anchor),
// boolean schemas. `format` is an annotation (not asserted), as 2020-12 specifies by default.
// All work is bounded: subschema nesting by kMaxSchemaDepth, everything else by the step budget
// of ValidationLimits (which also carries the cancellation predicate); $ref results are memoised,
// so recursive schemas cost time linear in the value; patterns run on RE2 (ecma_regex.h).
#include "json_schema.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <forward_list>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ecma_regex.h"

namespace mcpc::runtime {
namespace {

std::string escape_token(const std::string& t) {
  std::string out;
  for (char c : t) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_integer(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (v.is_number_float()) {
    double d = v.get<double>();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

bool type_is(const std::string& t, const Json& v) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  if (t == "number") return v.is_number();
  if (t == "integer") return is_integer(v);
  return false;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h;
}

// The entries of one schema object, gathered in one pass. Looking keywords up here (a few
// entries, compared by length first) is far cheaper than a std::map find per keyword, which
// dominated validation time.
class Keywords {
 public:
  explicit Keywords(const Json& s) {
    for (auto it = s.begin(); it != s.end(); ++it) {
      if (n_ < inline_.size()) inline_[n_++] = {it.key(), &it.value()};
      else overflow_.emplace_back(it.key(), &it.value());
    }
  }
  const Json* get(std::string_view name) const {
    for (std::size_t i = 0; i < n_; ++i) {
      if (inline_[i].first.size() == name.size() && inline_[i].first == name) return inline_[i].second;
    }
    for (const auto& [key, value] : overflow_) {
      if (key == name) return value;
    }
    return nullptr;
  }

 private:
  // Most schema nodes have a handful of keywords: keep them without a heap allocation.
  std::array<std::pair<std::string_view, const Json*>, 12> inline_{};
  std::size_t n_ = 0;
  std::vector<std::pair<std::string_view, const Json*>> overflow_;
};

class Validator {
 public:
  Validator(const Json& root, const ValidationLimits& limits) : root_(root), limits_(limits) { schedule_event(); }

  std::string run(const Json& instance) {
    std::string e = check(root_, instance, "", 0);
    return stopped_.empty() ? e : stopped_;
  }

 private:
  // Returns "" or the first error. Once stopped, every call fails with the reason, and run()
  // reports that reason whatever the combinators made of the failures.
  std::string check(const Json& s, const Json& v, const std::string& at, int depth) {
    if (!step(at)) return stopped_;
    if (depth > kMaxSchemaDepth) {
      ++depth_limit_hits_;
      return fail(at, "schema nesting too deep (recursive $ref?)");
    }
    if (s.is_boolean()) return s.get<bool>() ? "" : fail(at, "no value is allowed here");
    if (!s.is_object()) return "";
    const Keywords kw(s);
    std::string e;
    if (const Json* r = kw.get("$ref"); r && r->is_string()) {
      const Json* target = resolve(r->get<std::string>());
      if (!target) return fail(at, "cannot resolve $ref " + r->get<std::string>());
      if (!(e = check_ref(*target, v, at, depth + 1)).empty()) return e;
    }
    if (const Json* t = kw.get("type"); t) {
      bool ok = false;
      if (t->is_string()) ok = type_is(t->get<std::string>(), v);
      else if (t->is_array()) for (const auto& x : *t) ok = ok || (x.is_string() && type_is(x.get<std::string>(), v));
      if (!ok) return fail(at, "must be " + (t->is_string() ? t->get<std::string>() : t->dump()));
    }
    if (const Json* en = kw.get("enum"); en && en->is_array()) {
      bool found = false;
      for (const auto& x : *en) found = found || equal(x, v, at);
      if (!found) return fail(at, "must be one of " + en->dump());
    }
    if (const Json* c = kw.get("const"); c && !equal(*c, v, at)) return fail(at, "must be " + c->dump());
    if (v.is_number() && !(e = numbers(kw, v, at)).empty()) return e;
    if (v.is_string() && !(e = strings(kw, v, at)).empty()) return e;
    if (v.is_array() && !(e = arrays(kw, v, at, depth)).empty()) return e;
    if (v.is_object() && !(e = objects(kw, v, at, depth)).empty()) return e;
    if (!(e = combinators(kw, v, at, depth)).empty()) return e;
    return "";
  }

  // A $ref applied to a value: the one place recursion happens, so the one place results are
  // memoised. A self-$ref under anyOf (say) applies the same schema to the same value from each
  // branch; the memo makes that linear instead of exponential in the value's depth. Keyed by
  // schema and value (the value's pointer fixes `at`); a result that met the nesting limit holds
  // only at the depth it was computed at. Direct-mapped with overwriting: fixed memory, and the
  // entry a sibling branch needs is the one just stored.
  std::string check_ref(const Json& target, const Json& v, const std::string& at, int depth) {
    if (memo_.empty()) memo_.resize(kMemoSlots);
    std::uint64_t key = mix(reinterpret_cast<std::uintptr_t>(&target), reinterpret_cast<std::uintptr_t>(&v));
    MemoSlot& slot = memo_[(key * 0x9e3779b97f4a7c15ULL) >> (64 - kMemoSlotBits)];
    if (slot.schema == &target && slot.value == &v && (!slot.depth_limited || slot.depth == depth)) return slot.result;
    std::size_t limit_hits = depth_limit_hits_;
    std::string e = check(target, v, at, depth);
    // memo_ never reallocates, so `slot` is still the entry for this key.
    if (stopped_.empty()) slot = MemoSlot{&target, &v, depth, depth_limit_hits_ != limit_hits, e};
    return e;
  }

  // Nested failures are quoted in their parents' messages (anyOf): keep that quote short, cut at
  // a UTF-8 boundary.
  static std::string shortened(const std::string& s) {
    if (s.size() <= kMaxQuotedError) return s;
    std::size_t cut = kMaxQuotedError;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "...";
  }

  // Counts `n` steps of work; false (with stopped_ set) once the budget is spent or the
  // validation is cancelled.
  // One comparison on the common path: next_event_ is the nearer of the budget's end and the
  // next cancellation poll (0 once stopped).
  bool step(const std::string& at, std::size_t n = 1) {
    steps_ += n;
    return steps_ < next_event_ || event(at);
  }
  bool event(const std::string& at) {
    if (!stopped_.empty()) return false;
    if (steps_ > limits_.max_steps) {
      stopped_ = fail(at, "validation stopped after " + std::to_string(limits_.max_steps) +
                              " steps: the value is too complex to check against this schema");
      next_event_ = 0;
      return false;
    }
    if (limits_.cancelled && limits_.cancelled()) {
      stopped_ = "validation cancelled";
      next_event_ = 0;
      return false;
    }
    schedule_event();
    return true;
  }
  void schedule_event() {
    std::size_t end = limits_.max_steps == SIZE_MAX ? SIZE_MAX : limits_.max_steps + 1;
    next_event_ = limits_.cancelled ? std::min(end, steps_ + kCancellationPollSteps) : end;
  }

  // JSON equality where 1 and 1.0 are equal, as JSON Schema requires for enum/const and
  // uniqueItems. Iterative (instances may nest deeper than the stack allows), one step a node.
  bool equal(const Json& a, const Json& b, const std::string& at) {
    std::vector<std::pair<const Json*, const Json*>> todo{{&a, &b}};
    while (!todo.empty()) {
      auto [x, y] = todo.back();
      todo.pop_back();
      if (!step(at)) return false;
      if (x->is_number() && y->is_number()) {
        if (x->get<double>() != y->get<double>()) return false;
        continue;
      }
      if (x->type() != y->type()) return false;
      if (x->is_array()) {
        if (x->size() != y->size()) return false;
        for (std::size_t i = 0; i < x->size(); ++i) todo.emplace_back(&(*x)[i], &(*y)[i]);
      } else if (x->is_object()) {
        if (x->size() != y->size()) return false;
        for (auto it = x->begin(); it != x->end(); ++it) {
          auto jt = y->find(it.key());
          if (jt == y->end()) return false;
          todo.emplace_back(&it.value(), &*jt);
        }
      } else if (*x != *y) {
        return false;
      }
    }
    return true;
  }

  // A hash consistent with equal() (numbers by value, objects regardless of key order), one step
  // a node. Below kHashDepth a container hashes as its type and size: still consistent, and the
  // recursion stays shallow.
  static constexpr int kHashDepth = 16;
  std::uint64_t hash(const Json& v, const std::string& at, int depth = 0) {
    if (!step(at)) return 0;
    std::uint64_t h = static_cast<std::uint64_t>(v.is_number() ? Json::value_t::number_float : v.type());
    if (v.is_number()) {
      double d = v.get<double>();
      return mix(h, std::hash<double>{}(d == 0 ? 0.0 : d));  // -0 == 0
    }
    if (v.is_string()) return mix(h, std::hash<std::string>{}(v.get_ref<const std::string&>()));
    if (v.is_boolean()) return mix(h, v.get<bool>());
    if (!v.is_array() && !v.is_object()) return h;
    h = mix(h, v.size());
    if (depth >= kHashDepth) return h;
    if (v.is_array()) {
      for (const auto& x : v) h = mix(h, hash(x, at, depth + 1));
      return h;
    }
    std::uint64_t members = 0;  // a sum, so key order does not matter
    for (auto it = v.begin(); it != v.end(); ++it) {
      members += mix(std::hash<std::string>{}(it.key()), hash(it.value(), at, depth + 1));
    }
    return mix(h, members);
  }

  // The first pair of equal items (i < j), in n log n hashing plus comparisons of equal hashes.
  std::optional<std::pair<std::size_t, std::size_t>> duplicate(const Json& v, const std::string& at) {
    std::vector<std::pair<std::uint64_t, std::size_t>> hashed;
    hashed.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) hashed.emplace_back(hash(v[i], at), i);
    if (!stopped_.empty()) return std::nullopt;
    std::sort(hashed.begin(), hashed.end());
    std::optional<std::pair<std::size_t, std::size_t>> best;
    for (std::size_t lo = 0; lo < hashed.size();) {
      std::size_t hi = lo + 1;
      while (hi < hashed.size() && hashed[hi].first == hashed[lo].first) ++hi;
      for (std::size_t a = lo; a < hi; ++a) {
        for (std::size_t b = a + 1; b < hi; ++b) {
          if (!equal(v[hashed[a].second], v[hashed[b].second], at)) continue;
          std::pair<std::size_t, std::size_t> pair{hashed[a].second, hashed[b].second};
          if (!best || pair < *best) best = pair;
        }
        if (!stopped_.empty()) return std::nullopt;
      }
      lo = hi;
    }
    return best;
  }

  static std::string fail(const std::string& at, const std::string& why) { return (at.empty() ? "/" : at) + ": " + why; }

  const Json* resolve(const std::string& ref) {
    if (ref.empty() || ref[0] != '#') return nullptr;  // remote refs are not fetched
    if (ref.size() > 1 && ref[1] != '/') return find_anchor(root_, ref.substr(1));
    try {
      const Json& j = root_.at(Json::json_pointer(ref.substr(1)));
      return &j;
    } catch (const Json::exception&) {
      return nullptr;
    }
  }

  const Json* find_anchor(const Json& node, const std::string& name) {
    if (node.is_object()) {
      if (auto a = node.find("$anchor"); a != node.end() && *a == name) return &node;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (const Json* r = find_anchor(it.value(), name)) return r;
      }
    } else if (node.is_array()) {
      for (const auto& x : node) {
        if (const Json* r = find_anchor(x, name)) return r;
      }
    }
    return nullptr;
  }

  static std::string numbers(const Keywords& s, const Json& v, const std::string& at) {
    double x = v.get<double>();
    auto num = [&](const char* k, double& out) {
      const Json* it = s.get(k);
      if (!it || !it->is_number()) return false;
      out = it->get<double>();
      return true;
    };
    double b = 0;
    if (num("minimum", b) && x < b) return fail(at, "must be >= " + s.get("minimum")->dump());
    if (num("maximum", b) && x > b) return fail(at, "must be <= " + s.get("maximum")->dump());
    if (num("exclusiveMinimum", b) && x <= b) return fail(at, "must be > " + s.get("exclusiveMinimum")->dump());
    if (num("exclusiveMaximum", b) && x >= b) return fail(at, "must be < " + s.get("exclusiveMaximum")->dump());
    if (num("multipleOf", b) && b > 0) {
      double q = x / b;
      if (std::fabs(q - std::round(q)) > 1e-9 * std::max(1.0, std::fabs(q))) {
        return fail(at, "must be a multiple of " + s.get("multipleOf")->dump());
      }
    }
    return "";
  }

  std::string strings(const Keywords& s, const Json& v, const std::string& at) {
    const std::string& str = v.get_ref<const std::string&>();
    std::size_t n = code_points(str);
    if (const Json* it = s.get("minLength"); it && it->is_number() && n < it->get<double>()) {
      return fail(at, "must be at least " + it->dump() + " characters long");
    }
    if (const Json* it = s.get("maxLength"); it && it->is_number() && n > it->get<double>()) {
      return fail(at, "must be at most " + it->dump() + " characters long");
    }
    if (const Json* it = s.get("pattern"); it && it->is_string()) {
      std::string e;
      if (!matches(it->get_ref<const std::string&>(), str, at, e)) return e.empty() ? fail(at, "must match pattern " + it->dump()) : e;
    }
    return "";
  }

  std::string arrays(const Keywords& s, const Json& v, const std::string& at, int depth) {
    std::size_t n = v.size();
    if (const Json* it = s.get("minItems"); it && it->is_number() && n < it->get<double>()) {
      return fail(at, "must have at least " + it->dump() + " items");
    }
    if (const Json* it = s.get("maxItems"); it && it->is_number() && n > it->get<double>()) {
      return fail(at, "must have at most " + it->dump() + " items");
    }
    if (const Json* it = s.get("uniqueItems"); it && *it == true && n > 1) {
      if (auto d = duplicate(v, at)) {
        return fail(at, "items " + std::to_string(d->first) + " and " + std::to_string(d->second) + " are equal");
      }
      if (!stopped_.empty()) return stopped_;
    }
    std::size_t prefix = 0;
    if (const Json* it = s.get("prefixItems"); it && it->is_array()) {
      prefix = std::min(n, it->size());
      for (std::size_t i = 0; i < prefix; ++i) {
        std::string e = check((*it)[i], v[i], at + "/" + std::to_string(i), depth + 1);
        if (!e.empty()) return e;
      }
    }
    if (const Json* it = s.get("items"); it && (it->is_object() || it->is_boolean())) {
      for (std::size_t i = prefix; i < n; ++i) {
        std::string e = check(*it, v[i], at + "/" + std::to_string(i), depth + 1);
        if (!e.empty()) return e;
      }
    }
    if (const Json* it = s.get("contains"); it) {
      std::size_t matches = 0;
      for (std::size_t i = 0; i < n; ++i) matches += check(*it, v[i], at + "/" + std::to_string(i), depth + 1).empty();
      double min = 1, max = INFINITY;
      if (const Json* m = s.get("minContains"); m && m->is_number()) min = m->get<double>();
      if (const Json* m = s.get("maxContains"); m && m->is_number()) max = m->get<double>();
      if (matches < min) return fail(at, "must contain at least " + std::to_string(static_cast<long>(min)) + " matching items");
      if (matches > max) return fail(at, "must contain at most " + std::to_string(static_cast<long>(max)) + " matching items");
    }
    return "";
  }

  std::string objects(const Keywords& s, const Json& v, const std::string& at, int depth) {
    if (const Json* it = s.get("required"); it && it->is_array()) {
      for (const auto& r : *it) {
        if (r.is_string() && !v.contains(r.get<std::string>())) {
          return fail(at, "missing required property '" + r.get<std::string>() + "'");
        }
      }
    }
    std::size_t n = v.size();
    if (const Json* it = s.get("minProperties"); it && it->is_number() && n < it->get<double>()) {
      return fail(at, "must have at least " + it->dump() + " properties");
    }
    if (const Json* it = s.get("maxProperties"); it && it->is_number() && n > it->get<double>()) {
      return fail(at, "must have at most " + it->dump() + " properties");
    }
    if (const Json* it = s.get("dependentRequired"); it && it->is_object()) {
      for (auto d = it->begin(); d != it->end(); ++d) {
        if (!v.contains(d.key()) || !d.value().is_array()) continue;
        for (const auto& r : d.value()) {
          if (r.is_string() && !v.contains(r.get<std::string>())) {
            return fail(at, "property '" + d.key() + "' requires property '" + r.get<std::string>() + "'");
          }
        }
      }
    }
    if (const Json* it = s.get("dependentSchemas"); it && it->is_object()) {
      for (auto d = it->begin(); d != it->end(); ++d) {
        if (!v.contains(d.key())) continue;
        std::string e = check(d.value(), v, at, depth + 1);
        if (!e.empty()) return e;
      }
    }
    const Json* props = nullptr;
    const Json* patterns = nullptr;
    if (const Json* it = s.get("properties"); it && it->is_object()) props = &*it;
    if (const Json* it = s.get("patternProperties"); it && it->is_object()) patterns = &*it;
    const Json* additional = s.get("additionalProperties");
    const Json* names = s.get("propertyNames");
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string child = at + "/" + escape_token(it.key());
      if (names) {
        // Kept for the whole validation: memoised results are keyed by the value's address.
        const Json& name = names_.emplace_front(it.key());
        std::string e = check(*names, name, child, depth + 1);
        if (!e.empty()) return fail(child, "property name is not allowed");
      }
      bool matched = false;
      if (props) {
        if (auto p = props->find(it.key()); p != props->end()) {
          matched = true;
          std::string e = check(*p, it.value(), child, depth + 1);
          if (!e.empty()) return e;
        }
      }
      if (patterns) {
        for (auto p = patterns->begin(); p != patterns->end(); ++p) {
          std::string unchecked;
          bool match = matches(p.key(), it.key(), child, unchecked);
          if (!unchecked.empty()) return unchecked;
          if (match) {
            matched = true;
            std::string e = check(p.value(), it.value(), child, depth + 1);
            if (!e.empty()) return e;
          }
        }
      }
      if (!matched && additional) {
        if (*additional == false) return fail(child, "property '" + it.key() + "' is not allowed");
        std::string e = check(*additional, it.value(), child, depth + 1);
        if (!e.empty()) return e;
      }
    }
    return "";
  }

  std::string combinators(const Keywords& s, const Json& v, const std::string& at, int depth) {
    if (const Json* it = s.get("allOf"); it && it->is_array()) {
      for (const auto& sub : *it) {
        std::string e = check(sub, v, at, depth + 1);
        if (!e.empty()) return e;
      }
    }
    if (const Json* it = s.get("anyOf"); it && it->is_array()) {
      bool any = false;
      std::string first;
      for (const auto& sub : *it) {
        std::string e = check(sub, v, at, depth + 1);
        if (e.empty()) {
          any = true;
          break;
        }
        if (first.empty()) first = e;
      }
      if (!any) return fail(at, "must match at least one schema in anyOf (" + shortened(first) + ")");
    }
    if (const Json* it = s.get("oneOf"); it && it->is_array()) {
      int count = 0;
      for (const auto& sub : *it) count += check(sub, v, at, depth + 1).empty();
      if (count != 1) return fail(at, "must match exactly one schema in oneOf (matched " + std::to_string(count) + ")");
    }
    if (const Json* it = s.get("not"); it && check(*it, v, at, depth + 1).empty()) {
      return fail(at, "must not match the schema in 'not'");
    }
    if (const Json* it = s.get("if"); it) {
      bool cond = check(*it, v, at, depth + 1).empty();
      const Json* branch = s.get(cond ? "then" : "else");
      if (branch) {
        std::string e = check(*branch, v, at, depth + 1);
        if (!e.empty()) return e;
      }
    }
    return "";
  }

  // Whether `text` has a match of the ECMA-262 `pattern`; false with `error` set when the pattern
  // cannot be checked (RE2 refused it), so that such a value is never accepted.
  bool matches(const std::string& pattern, const std::string& text, const std::string& at, std::string& error) {
    std::unique_ptr<CompiledPattern> uncached;
    const CompiledPattern* p = pattern_cache().get(pattern, uncached);
    if (!p->re) {
      error = fail(at, "cannot check pattern " + Json(pattern).dump() + ": it " + describe_pattern_error(pattern, p->error));
      return false;
    }
    // RE2 runs in time linear in the text; charge it like the nodes it stands for.
    if (!step(at, text.size() / 64)) {
      error = stopped_;
      return false;
    }
    return re2::RE2::PartialMatch(text, *p->re);
  }

  static constexpr int kMemoSlotBits = 10;
  static constexpr std::size_t kMemoSlots = std::size_t{1} << kMemoSlotBits;
  static constexpr std::size_t kMaxQuotedError = 300;
  struct MemoSlot {
    const Json* schema = nullptr;
    const Json* value = nullptr;
    int depth = -1;
    bool depth_limited = false;  // the nesting limit was met while computing `result`
    std::string result;
  };

  const Json& root_;
  const ValidationLimits& limits_;
  std::vector<MemoSlot> memo_;  // allocated on the first $ref
  std::forward_list<Json> names_;  // property names checked by propertyNames, at stable addresses
  std::size_t steps_ = 0;
  std::size_t next_event_ = 0;
  std::size_t depth_limit_hits_ = 0;
  std::string stopped_;  // why validation stopped early, if it did
};

}  // namespace

std::string validate_json_schema(const Json& schema, const Json& instance, const ValidationLimits& limits) {
  return Validator(schema, limits).run(instance);
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) len = 2, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF) len = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4) len = 4, cp = b & 0x07;
    else return false;
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string unrepresentable_in_json(const Json& value) {
  auto why_not = [](const Json& j) -> std::string {
    if (j.is_number_float() && !std::isfinite(j.get<double>())) {
      return std::isnan(j.get<double>()) ? "NaN is not a JSON number" : "an infinite number is not a JSON number";
    }
    if (j.is_string() && !is_valid_utf8(j.get_ref<const std::string&>())) return "the string is not valid UTF-8";
    return "";
  };
  // Depth-first with an explicit stack; each frame's iterator is at the child being visited,
  // so the frames spell the current pointer.
  struct Frame {
    const Json* json;
    Json::const_iterator it;
    std::size_t index;
  };
  std::vector<Frame> stack;
  auto pointer = [&](std::size_t frames) {
    std::string out;
    for (std::size_t i = 0; i < frames; ++i) {
      const Frame& f = stack[i];
      out += "/" + (f.json->is_array() ? std::to_string(f.index) : escape_token(f.it.key()));
    }
    return out.empty() ? std::string("/") : out;
  };
  if (std::string w = why_not(value); !w.empty()) return "/: " + w;
  if (value.is_structured()) stack.push_back({&value, value.cbegin(), 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.it == f.json->cend()) {
      stack.pop_back();
      if (!stack.empty()) ++stack.back().it, ++stack.back().index;
      continue;
    }
    if (f.json->is_object() && !is_valid_utf8(f.it.key())) return pointer(stack.size() - 1) + ": a property name is not valid UTF-8";
    const Json& child = *f.it;
    if (std::string w = why_not(child); !w.empty()) return pointer(stack.size()) + ": " + w;
    if (child.is_structured()) {
      stack.push_back({&child, child.cbegin(), 0});  // the parent moves on when this frame is done
      continue;
    }
    ++f.it;
    ++f.index;
  }
  return "";
}

bool supported_schema_dialect(const Json& schema) {
  if (!schema.is_object()) return true;
  auto it = schema.find("$schema");
  if (it == schema.end()) return true;
  if (!it->is_string()) return false;
  const std::string& d = it->get_ref<const std::string&>();
  return d.find("json-schema.org/draft/2020-12/schema") != std::string::npos ||
         d.find("json-schema.org/draft/2019-09/schema") != std::string::npos ||
         d.find("json-schema.org/draft-07/schema") != std::string::npos;
}

}  // namespace mcpc::runtime

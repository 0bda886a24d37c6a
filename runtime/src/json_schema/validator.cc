// A JSON Schema 2020-12 validator over nlohmann's JSON types (the runtime's Json and the IR's
// OrderedJson: one template, instantiated for both below). Written here rather than taken from
// Debian: valijson 1.0 (Debian 12) implements draft 7 only (no prefixItems, dependentRequired,
// $defs semantics) and its package pulls in Qt and Poco. Covered: type, enum, const, numeric
// and length bounds, multipleOf, pattern, items/prefixItems/contains, properties,
// patternProperties, additionalProperties, propertyNames, required, dependentRequired,
// dependentSchemas, allOf/anyOf/oneOf/not, if/then/else, local $ref (JSON pointers and $anchor),
// boolean schemas. `format` is an annotation, as 2020-12 specifies by default, unless the options
// ask to assert it (formats.cc: what the official SDK clients check).
// All work is bounded: subschema nesting by kMaxSchemaDepth, everything else by the step budget
// of ValidationLimits (which also carries the cancellation predicate); $ref results are memoised,
// so recursive schemas cost time linear in the value; patterns run on RE2 (ecma_regex.h).
#include "mcpc/json_schema/validator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <forward_list>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "formats.h"
#include "mcpc/json_schema/ecma_regex.h"

namespace mcpc::json_schema {

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

template <class J>
bool is_integer(const J& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (v.is_number_float()) {
    double d = v.template get<double>();
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

template <class J>
bool type_is(const std::string& t, const J& v) {
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

// The servers' wording: "<instance pointer>: <why>", the pointer "/" for the whole instance.
template <class J>
class PointerWording final : public Wording<J> {
 public:
  std::string operator()(const Failure<J>& f) const override {
    auto dump = [&] { return f.bound->dump(); };
    switch (f.keyword) {
      case Keyword::FalseSchema:
        return at(f, "no value is allowed here");
      case Keyword::Ref:
        return at(f, "cannot resolve $ref " + std::string(f.detail));
      case Keyword::NestingLimit:
        return at(f, "schema nesting too deep (recursive $ref?)");
      case Keyword::StepBudget:
        return at(f, "validation stopped after " + std::to_string(f.first) +
                         " steps: the value is too complex to check against this schema");
      case Keyword::Cancelled:
        return "validation cancelled";
      case Keyword::Type:
        return at(f, "must be " + (f.bound->is_string() ? f.bound->template get<std::string>() : dump()));
      case Keyword::Enum:
        return at(f, "must be one of " + dump());
      case Keyword::Const:
        return at(f, "must be " + dump());
      case Keyword::Minimum:
        return at(f, "must be >= " + dump());
      case Keyword::Maximum:
        return at(f, "must be <= " + dump());
      case Keyword::ExclusiveMinimum:
        return at(f, "must be > " + dump());
      case Keyword::ExclusiveMaximum:
        return at(f, "must be < " + dump());
      case Keyword::MultipleOf:
        return at(f, "must be a multiple of " + dump());
      case Keyword::MinLength:
        return at(f, "must be at least " + dump() + " characters long");
      case Keyword::MaxLength:
        return at(f, "must be at most " + dump() + " characters long");
      case Keyword::Pattern:
        return at(f, "must match pattern " + dump());
      case Keyword::UncheckablePattern:
        return at(f, "cannot check pattern " + J(std::string(f.name)).dump() + ": it " + std::string(f.detail));
      case Keyword::MinItems:
        return at(f, "must have at least " + dump() + " items");
      case Keyword::MaxItems:
        return at(f, "must have at most " + dump() + " items");
      case Keyword::UniqueItems:
        return at(f, "items " + std::to_string(f.first) + " and " + std::to_string(f.second) + " are equal");
      case Keyword::MinContains:
        return at(f, "must contain at least " + std::to_string(f.first) + " matching items");
      case Keyword::MaxContains:
        return at(f, "must contain at most " + std::to_string(f.first) + " matching items");
      case Keyword::Required:
        return at(f, "missing required property '" + std::string(f.name) + "'");
      case Keyword::MinProperties:
        return at(f, "must have at least " + dump() + " properties");
      case Keyword::MaxProperties:
        return at(f, "must have at most " + dump() + " properties");
      case Keyword::DependentRequired:
        return at(f, "property '" + std::string(f.name) + "' requires property '" + std::string(f.detail) + "'");
      case Keyword::PropertyNames:
        return at_property(f, "property name is not allowed");
      case Keyword::AdditionalProperties:
        return at_property(f, "property '" + std::string(f.name) + "' is not allowed");
      case Keyword::AnyOf:
        return at(f, "must match at least one schema in anyOf (" + std::string(f.detail) + ")");
      case Keyword::OneOf:
        return at(f, "must match exactly one schema in oneOf (matched " + std::to_string(f.first) + ")");
      case Keyword::Not:
        return at(f, "must not match the schema in 'not'");
      case Keyword::Format:
        return at(f, "must match format " + dump());
    }
    return at(f, "is not valid");
  }

 private:
  static std::string at(const Failure<J>& f, const std::string& why) {
    return (f.at.empty() ? std::string("/") : std::string(f.at)) + ": " + why;
  }
  // Failures about one property are reported at that property.
  static std::string at_property(const Failure<J>& f, const std::string& why) {
    return std::string(f.at) + "/" + pointer_token(f.name) + ": " + why;
  }
};

// The entries of one schema object, gathered in one pass. Looking keywords up here (a few
// entries, compared by length first) is far cheaper than a std::map find per keyword, which
// dominated validation time.
template <class J>
class Keywords {
 public:
  explicit Keywords(const J& s) {
    for (auto it = s.begin(); it != s.end(); ++it) {
      if (n_ < inline_.size())
        inline_[n_++] = {it.key(), &it.value()};
      else
        overflow_.emplace_back(it.key(), &it.value());
    }
  }
  const J* get(std::string_view name) const {
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
  std::array<std::pair<std::string_view, const J*>, 12> inline_{};
  std::size_t n_ = 0;
  std::vector<std::pair<std::string_view, const J*>> overflow_;
};

template <class J>
class Validator {
 public:
  Validator(const J& schema, const ValidationLimits& limits, const ValidationOptions<J>& options)
      : root_(options.document ? *options.document : schema),
        limits_(limits),
        wording_(options.wording ? *options.wording : kPointerWording),
        skip_unusable_(options.skip_unusable_parts),
        assert_formats_(options.assert_formats) {
    schedule_event();
  }

  std::string run(const J& schema, const J& instance) {
    std::string e = check(schema, instance, "", 0);
    return stopped_.empty() ? e : stopped_;
  }

 private:
  using Keywords = json_schema::Keywords<J>;

  // Returns "" or the first error. Once stopped, every call fails with the reason, and run()
  // reports that reason whatever the combinators made of the failures.
  std::string check(const J& s, const J& v, const std::string& at, int depth) {
    if (!step(at)) return stopped_;
    if (depth > kMaxSchemaDepth) {
      ++depth_limit_hits_;
      return skip_unusable_ ? "" : fail({Keyword::NestingLimit, at, &v});
    }
    if (s.is_boolean()) return s.template get<bool>() ? "" : fail({Keyword::FalseSchema, at, &v, &s});
    if (!s.is_object()) return "";
    const Keywords kw(s);
    std::string e;
    if (const J* r = kw.get("$ref"); r && r->is_string()) {
      const std::string& ref = r->template get_ref<const std::string&>();
      if (const J* target = resolve(ref)) {
        if (!(e = check_ref(*target, v, at, depth + 1)).empty()) return e;
      } else if (!skip_unusable_) {
        return fail({.keyword = Keyword::Ref, .at = at, .value = &v, .bound = r, .detail = ref});
      }
    }
    if (const J* t = kw.get("type"); t && (!skip_unusable_ || t->is_string() || t->is_array())) {
      bool ok = false;
      if (t->is_string())
        ok = type_is(t->template get_ref<const std::string&>(), v);
      else if (t->is_array())
        for (const auto& x : *t) ok = ok || (x.is_string() && type_is(x.template get_ref<const std::string&>(), v));
      if (!ok) return fail({Keyword::Type, at, &v, t});
    }
    if (const J* en = kw.get("enum"); en && en->is_array()) {
      bool found = false;
      for (const auto& x : *en) found = found || equal(x, v, at);
      if (!found) return fail({Keyword::Enum, at, &v, en});
    }
    if (const J* c = kw.get("const"); c && !equal(*c, v, at)) return fail({Keyword::Const, at, &v, c});
    if (v.is_number() && !(e = numbers(kw, v, at)).empty()) return e;
    if (v.is_string() && !(e = strings(kw, v, at)).empty()) return e;
    if (assert_formats_ && !(e = format(kw, v, at)).empty()) return e;
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
  std::string check_ref(const J& target, const J& v, const std::string& at, int depth) {
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
      stopped_ = fail({.keyword = Keyword::StepBudget, .at = at, .first = limits_.max_steps});
      next_event_ = 0;
      return false;
    }
    if (limits_.cancelled && limits_.cancelled()) {
      stopped_ = fail({Keyword::Cancelled, at});
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
  // uniqueItems, and objects are equal whatever their key order. Iterative (instances may nest
  // deeper than the stack allows), one step a node.
  bool equal(const J& a, const J& b, const std::string& at) {
    std::vector<std::pair<const J*, const J*>> todo{{&a, &b}};
    while (!todo.empty()) {
      auto [x, y] = todo.back();
      todo.pop_back();
      if (!step(at)) return false;
      if (x->is_number() && y->is_number()) {
        if (x->template get<double>() != y->template get<double>()) return false;
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
  std::uint64_t hash(const J& v, const std::string& at, int depth = 0) {
    if (!step(at)) return 0;
    std::uint64_t h = static_cast<std::uint64_t>(v.is_number() ? J::value_t::number_float : v.type());
    if (v.is_number()) {
      double d = v.template get<double>();
      return mix(h, std::hash<double>{}(d == 0 ? 0.0 : d));  // -0 == 0
    }
    if (v.is_string()) return mix(h, std::hash<std::string>{}(v.template get_ref<const std::string&>()));
    if (v.is_boolean()) return mix(h, v.template get<bool>());
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
  std::optional<std::pair<std::size_t, std::size_t>> duplicate(const J& v, const std::string& at) {
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

  std::string fail(const Failure<J>& f) const { return wording_(f); }

  const J* resolve(const std::string& ref) {
    if (ref.empty() || ref[0] != '#') return nullptr;  // remote refs are not fetched
    if (ref.size() > 1 && ref[1] != '/') return find_anchor(root_, ref.substr(1));
    try {
      const J& j = root_.at(typename J::json_pointer(ref.substr(1)));
      return &j;
    } catch (const typename J::exception&) {
      return nullptr;
    }
  }

  const J* find_anchor(const J& node, const std::string& name) {
    if (node.is_object()) {
      if (auto a = node.find("$anchor"); a != node.end() && *a == name) return &node;
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (const J* r = find_anchor(it.value(), name)) return r;
      }
    } else if (node.is_array()) {
      for (const auto& x : node) {
        if (const J* r = find_anchor(x, name)) return r;
      }
    }
    return nullptr;
  }

  std::string numbers(const Keywords& s, const J& v, const std::string& at) const {
    double x = v.template get<double>();
    const J* bound = nullptr;
    auto num = [&](const char* k, double& out) {
      bound = s.get(k);
      if (!bound || !bound->is_number()) return false;
      out = bound->template get<double>();
      return true;
    };
    double b = 0;
    if (num("minimum", b) && x < b) return fail({Keyword::Minimum, at, &v, bound});
    if (num("maximum", b) && x > b) return fail({Keyword::Maximum, at, &v, bound});
    if (num("exclusiveMinimum", b) && x <= b) return fail({Keyword::ExclusiveMinimum, at, &v, bound});
    if (num("exclusiveMaximum", b) && x >= b) return fail({Keyword::ExclusiveMaximum, at, &v, bound});
    if (num("multipleOf", b) && b > 0) {
      double q = x / b;
      if (std::fabs(q - std::round(q)) > 1e-9 * std::max(1.0, std::fabs(q)))
        return fail({Keyword::MultipleOf, at, &v, bound});
    }
    return "";
  }

  std::string strings(const Keywords& s, const J& v, const std::string& at) {
    const std::string& str = v.template get_ref<const std::string&>();
    std::size_t n = code_points(str);
    if (const J* it = s.get("minLength"); it && it->is_number() && n < it->template get<double>()) {
      return fail({Keyword::MinLength, at, &v, it});
    }
    if (const J* it = s.get("maxLength"); it && it->is_number() && n > it->template get<double>()) {
      return fail({Keyword::MaxLength, at, &v, it});
    }
    if (const J* it = s.get("pattern"); it && it->is_string()) {
      std::string e;
      std::optional<bool> match = matches(it->template get_ref<const std::string&>(), str, v, at, e);
      if (!e.empty()) return e;
      if (match == false) return fail({Keyword::Pattern, at, &v, it});
    }
    return "";
  }

  std::string format(const Keywords& s, const J& v, const std::string& at) {
    const J* f = s.get("format");
    if (!f || !f->is_string() || !(v.is_string() || v.is_number())) return "";
    const std::string& name = f->template get_ref<const std::string&>();
    std::optional<bool> valid;
    if (v.is_string()) {
      const std::string& text = v.template get_ref<const std::string&>();
      if (!step(at, text.size() / 64)) return stopped_;  // linear in the text, as patterns
      valid = formats::check_string(name, text);
    } else {
      valid = formats::check_number(name, v.template get<double>());
    }
    return valid == false ? fail({Keyword::Format, at, &v, f}) : "";
  }

  std::string arrays(const Keywords& s, const J& v, const std::string& at, int depth) {
    std::size_t n = v.size();
    if (const J* it = s.get("minItems"); it && it->is_number() && n < it->template get<double>()) {
      return fail({Keyword::MinItems, at, &v, it});
    }
    if (const J* it = s.get("maxItems"); it && it->is_number() && n > it->template get<double>()) {
      return fail({Keyword::MaxItems, at, &v, it});
    }
    if (const J* it = s.get("uniqueItems"); it && *it == true && n > 1) {
      if (auto d = duplicate(v, at)) {
        return fail({.keyword = Keyword::UniqueItems,
                     .at = at,
                     .value = &v,
                     .bound = it,
                     .first = d->first,
                     .second = d->second});
      }
      if (!stopped_.empty()) return stopped_;
    }
    std::size_t prefix = 0;
    if (const J* it = s.get("prefixItems"); it && it->is_array()) {
      prefix = std::min(n, it->size());
      for (std::size_t i = 0; i < prefix; ++i) {
        std::string e = check((*it)[i], v[i], at + "/" + std::to_string(i), depth + 1);
        if (!e.empty()) return e;
      }
    }
    if (const J* it = s.get("items"); it && (it->is_object() || it->is_boolean())) {
      for (std::size_t i = prefix; i < n; ++i) {
        std::string e = check(*it, v[i], at + "/" + std::to_string(i), depth + 1);
        if (!e.empty()) return e;
      }
    }
    if (const J* it = s.get("contains"); it) {
      std::size_t matches = 0;
      for (std::size_t i = 0; i < n; ++i) matches += check(*it, v[i], at + "/" + std::to_string(i), depth + 1).empty();
      double min = 1, max = INFINITY;
      const J* min_bound = s.get("minContains");
      const J* max_bound = s.get("maxContains");
      if (min_bound && min_bound->is_number()) min = min_bound->template get<double>();
      if (max_bound && max_bound->is_number()) max = max_bound->template get<double>();
      if (matches < min) {
        return fail({.keyword = Keyword::MinContains,
                     .at = at,
                     .value = &v,
                     .bound = min_bound,
                     .first = static_cast<std::size_t>(static_cast<long>(min)),
                     .second = matches});
      }
      if (matches > max) {
        return fail({.keyword = Keyword::MaxContains,
                     .at = at,
                     .value = &v,
                     .bound = max_bound,
                     .first = static_cast<std::size_t>(static_cast<long>(max)),
                     .second = matches});
      }
    }
    return "";
  }

  std::string objects(const Keywords& s, const J& v, const std::string& at, int depth) {
    if (const J* it = s.get("required"); it && it->is_array()) {
      for (const auto& r : *it) {
        if (r.is_string() && !v.contains(r.template get_ref<const std::string&>())) {
          return fail({.keyword = Keyword::Required,
                       .at = at,
                       .value = &v,
                       .bound = it,
                       .name = r.template get_ref<const std::string&>()});
        }
      }
    }
    std::size_t n = v.size();
    if (const J* it = s.get("minProperties"); it && it->is_number() && n < it->template get<double>()) {
      return fail({Keyword::MinProperties, at, &v, it});
    }
    if (const J* it = s.get("maxProperties"); it && it->is_number() && n > it->template get<double>()) {
      return fail({Keyword::MaxProperties, at, &v, it});
    }
    if (const J* it = s.get("dependentRequired"); it && it->is_object()) {
      for (auto d = it->begin(); d != it->end(); ++d) {
        if (!v.contains(d.key()) || !d.value().is_array()) continue;
        for (const auto& r : d.value()) {
          if (r.is_string() && !v.contains(r.template get_ref<const std::string&>())) {
            return fail({.keyword = Keyword::DependentRequired,
                         .at = at,
                         .value = &v,
                         .bound = it,
                         .name = d.key(),
                         .detail = r.template get_ref<const std::string&>()});
          }
        }
      }
    }
    if (const J* it = s.get("dependentSchemas"); it && it->is_object()) {
      for (auto d = it->begin(); d != it->end(); ++d) {
        if (!v.contains(d.key())) continue;
        std::string e = check(d.value(), v, at, depth + 1);
        if (!e.empty()) return e;
      }
    }
    const J* props = nullptr;
    const J* patterns = nullptr;
    if (const J* it = s.get("properties"); it && it->is_object()) props = &*it;
    if (const J* it = s.get("patternProperties"); it && it->is_object()) patterns = &*it;
    const J* additional = s.get("additionalProperties");
    const J* names = s.get("propertyNames");
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string child = at + "/" + pointer_token(it.key());
      if (names) {
        // Kept for the whole validation: memoised results are keyed by the value's address.
        const J& name = names_.emplace_front(it.key());
        std::string e = check(*names, name, child, depth + 1);
        if (!e.empty())
          return fail({.keyword = Keyword::PropertyNames, .at = at, .value = &v, .bound = names, .name = it.key()});
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
          std::optional<bool> match = matches(p.key(), it.key(), it.value(), child, unchecked);
          if (!unchecked.empty()) return unchecked;
          if (match == true) {
            matched = true;
            std::string e = check(p.value(), it.value(), child, depth + 1);
            if (!e.empty()) return e;
          }
        }
      }
      if (!matched && additional) {
        if (*additional == false) {
          return fail(
              {.keyword = Keyword::AdditionalProperties, .at = at, .value = &v, .bound = additional, .name = it.key()});
        }
        std::string e = check(*additional, it.value(), child, depth + 1);
        if (!e.empty()) return e;
      }
    }
    return "";
  }

  std::string combinators(const Keywords& s, const J& v, const std::string& at, int depth) {
    if (const J* it = s.get("allOf"); it && it->is_array()) {
      for (const auto& sub : *it) {
        std::string e = check(sub, v, at, depth + 1);
        if (!e.empty()) return e;
      }
    }
    if (const J* it = s.get("anyOf"); it && it->is_array()) {
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
      if (!any)
        return fail({.keyword = Keyword::AnyOf, .at = at, .value = &v, .bound = it, .detail = shortened(first)});
    }
    if (const J* it = s.get("oneOf"); it && it->is_array()) {
      std::size_t count = 0;
      for (const auto& sub : *it) count += check(sub, v, at, depth + 1).empty();
      if (count != 1) return fail({.keyword = Keyword::OneOf, .at = at, .value = &v, .bound = it, .first = count});
    }
    if (const J* it = s.get("not"); it && check(*it, v, at, depth + 1).empty()) {
      return fail({Keyword::Not, at, &v, it});
    }
    if (const J* it = s.get("if"); it) {
      bool cond = check(*it, v, at, depth + 1).empty();
      const J* branch = s.get(cond ? "then" : "else");
      if (branch) {
        std::string e = check(*branch, v, at, depth + 1);
        if (!e.empty()) return e;
      }
    }
    return "";
  }

  // Whether `text` (`value` or its name) has a match of the ECMA-262 `pattern`. Nothing if it
  // cannot be told: with `error` set when validation stopped, or when RE2 refused the pattern (so
  // that such a value is never accepted), unless unusable parts are skipped.
  std::optional<bool> matches(const std::string& pattern, const std::string& text, const J& value,
                              const std::string& at, std::string& error) {
    std::unique_ptr<CompiledPattern> uncached;
    const CompiledPattern* p = pattern_cache().get(pattern, uncached);
    if (!p->re) {
      if (skip_unusable_) return std::nullopt;
      std::string why = describe_pattern_error(pattern, p->error);
      error = fail({.keyword = Keyword::UncheckablePattern, .at = at, .value = &value, .name = pattern, .detail = why});
      return std::nullopt;
    }
    // RE2 runs in time linear in the text; charge it like the nodes it stands for.
    if (!step(at, text.size() / 64)) {
      error = stopped_;
      return std::nullopt;
    }
    return re2::RE2::PartialMatch(text, *p->re);
  }

  static constexpr int kMemoSlotBits = 10;
  static constexpr std::size_t kMemoSlots = std::size_t{1} << kMemoSlotBits;
  static constexpr std::size_t kMaxQuotedError = 300;
  static inline const PointerWording<J> kPointerWording{};
  struct MemoSlot {
    const J* schema = nullptr;
    const J* value = nullptr;
    int depth = -1;
    bool depth_limited = false;  // the nesting limit was met while computing `result`
    std::string result;
  };

  const J& root_;
  const ValidationLimits& limits_;
  const Wording<J>& wording_;
  const bool skip_unusable_;
  const bool assert_formats_;
  std::vector<MemoSlot> memo_;  // allocated on the first $ref
  std::forward_list<J> names_;  // property names checked by propertyNames, at stable addresses
  std::size_t steps_ = 0;
  std::size_t next_event_ = 0;
  std::size_t depth_limit_hits_ = 0;
  std::string stopped_;  // why validation stopped early, if it did
};

}  // namespace

template <class J>
std::string validate(const J& schema, const J& instance, const ValidationLimits& limits,
                     const ValidationOptions<J>& options) {
  return Validator<J>(schema, limits, options).run(schema, instance);
}

template std::string validate(const Json&, const Json&, const ValidationLimits&, const ValidationOptions<Json>&);
template std::string validate(const OrderedJson&, const OrderedJson&, const ValidationLimits&,
                              const ValidationOptions<OrderedJson>&);

}  // namespace mcpc::json_schema

// A JSON Schema 2020-12 validator over nlohmann::json. Written here rather than taken from
// Debian: valijson 1.0 (Debian 12) implements draft 7 only (no prefixItems, dependentRequired,
// $defs semantics) and its package pulls in Qt and Poco. Covered: type, enum, const, numeric
// and length bounds, multipleOf, pattern, items/prefixItems/contains, properties,
// patternProperties, additionalProperties, propertyNames, required, dependentRequired,
// dependentSchemas, allOf/anyOf/oneOf/not, if/then/else, local $ref (JSON pointers and $anchor),
// boolean schemas. `format` is an annotation (not asserted), as 2020-12 specifies by default.
#include "json_schema.h"

#include <array>
#include <cmath>
#include <regex>
#include <string_view>
#include <vector>
#include <unordered_map>

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

// JSON equality where 1 and 1.0 are equal, as JSON Schema requires for enum/const.
bool json_equal(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!json_equal(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto jt = b.find(it.key());
      if (jt == b.end() || !json_equal(it.value(), *jt)) return false;
    }
    return true;
  }
  return a == b;
}

const std::regex* cached_regex(const std::string& pattern) {
  static thread_local std::unordered_map<std::string, std::unique_ptr<std::regex>> cache;
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second.get();
  std::unique_ptr<std::regex> re;
  try {
    re = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
  }
  return cache.emplace(pattern, std::move(re)).first->second.get();
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
  explicit Validator(const Json& root) : root_(root) {}

  // Returns "" or the first error.
  std::string check(const Json& s, const Json& v, const std::string& at, int depth) {
    if (depth > 64) return at + ": schema nesting too deep (recursive $ref?)";
    if (s.is_boolean()) return s.get<bool>() ? "" : fail(at, "no value is allowed here");
    if (!s.is_object()) return "";
    const Keywords kw(s);
    std::string e;
    if (const Json* r = kw.get("$ref"); r && r->is_string()) {
      const Json* target = resolve(r->get<std::string>());
      if (!target) return fail(at, "cannot resolve $ref " + r->get<std::string>());
      if (!(e = check(*target, v, at, depth + 1)).empty()) return e;
    }
    if (const Json* t = kw.get("type"); t) {
      bool ok = false;
      if (t->is_string()) ok = type_is(t->get<std::string>(), v);
      else if (t->is_array()) for (const auto& x : *t) ok = ok || (x.is_string() && type_is(x.get<std::string>(), v));
      if (!ok) return fail(at, "must be " + (t->is_string() ? t->get<std::string>() : t->dump()));
    }
    if (const Json* en = kw.get("enum"); en && en->is_array()) {
      bool found = false;
      for (const auto& x : *en) found = found || json_equal(x, v);
      if (!found) return fail(at, "must be one of " + en->dump());
    }
    if (const Json* c = kw.get("const"); c && !json_equal(*c, v)) return fail(at, "must be " + c->dump());
    if (v.is_number() && !(e = numbers(kw, v, at)).empty()) return e;
    if (v.is_string() && !(e = strings(kw, v, at)).empty()) return e;
    if (v.is_array() && !(e = arrays(kw, v, at, depth)).empty()) return e;
    if (v.is_object() && !(e = objects(kw, v, at, depth)).empty()) return e;
    if (!(e = combinators(kw, v, at, depth)).empty()) return e;
    return "";
  }

 private:
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

  static std::string strings(const Keywords& s, const Json& v, const std::string& at) {
    const std::string& str = v.get_ref<const std::string&>();
    std::size_t n = code_points(str);
    if (const Json* it = s.get("minLength"); it && it->is_number() && n < it->get<double>()) {
      return fail(at, "must be at least " + it->dump() + " characters long");
    }
    if (const Json* it = s.get("maxLength"); it && it->is_number() && n > it->get<double>()) {
      return fail(at, "must be at most " + it->dump() + " characters long");
    }
    if (const Json* it = s.get("pattern"); it && it->is_string()) {
      const std::regex* re = cached_regex(it->get<std::string>());
      if (re && !std::regex_search(str, *re)) return fail(at, "must match pattern " + it->dump());
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
    if (const Json* it = s.get("uniqueItems"); it && *it == true) {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
          if (json_equal(v[i], v[j])) return fail(at, "items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
        }
      }
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
      for (const auto& x : v) matches += check(*it, x, at, depth + 1).empty();
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
        std::string e = check(*names, Json(it.key()), child, depth + 1);
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
          const std::regex* re = cached_regex(p.key());
          if (re && std::regex_search(it.key(), *re)) {
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
      if (!any) return fail(at, "must match at least one schema in anyOf (" + first + ")");
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

  const Json& root_;
};

}  // namespace

std::string validate_json_schema(const Json& schema, const Json& instance) {
  return Validator(schema).check(schema, instance, "", 0);
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

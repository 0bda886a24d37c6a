// A small JSON Schema validator for the keywords the spec language lowers to. It checks the
// spec's own defaults and enum members at compile time; the runtime uses a full validator.
#include <cmath>
#include <memory>

#include "checks.h"
#include "ecma_regex.h"

namespace mcpc::sema {
namespace {

std::string type_of(const ir::Json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number_float()) return std::floor(v.get<double>()) == v.get<double>() ? "integer" : "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

bool type_matches(const std::string& want, const ir::Json& v) {
  std::string have = type_of(v);
  if (want == have) return true;
  return want == "number" && have == "integer";
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string show(const ir::Json& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

}  // namespace

const re2::RE2* compiled_pattern(const std::string& pattern, std::string* error) {
  // The servers' own cache (ecma_regex.h): one compilation per pattern, the same reading.
  static thread_local std::unique_ptr<runtime::CompiledPattern> uncached;  // used once the cache is full
  const runtime::CompiledPattern* c = runtime::pattern_cache().get(pattern, uncached);
  if (error) *error = c->error;
  return c->re.get();
}

std::string validate(const ir::Json& schema, const ir::Json& value) {
  if (!schema.is_object()) return "";
  if (auto it = schema.find("type"); it != schema.end()) {
    bool ok = false;
    std::string wanted;
    if (it->is_string()) {
      ok = type_matches(it->get<std::string>(), value);
      wanted = it->get<std::string>();
    } else if (it->is_array()) {
      for (const auto& t : *it) {
        if (t.is_string() && type_matches(t.get<std::string>(), value)) ok = true;
        if (t.is_string()) wanted += (wanted.empty() ? "" : " or ") + t.get<std::string>();
      }
    } else {
      ok = true;
    }
    if (!ok) return "is " + type_of(value) + ", not " + wanted;
  }
  if (auto it = schema.find("enum"); it != schema.end() && it->is_array()) {
    bool found = false;
    for (const auto& e : *it) found = found || e == value;
    if (!found) return show(value) + " is not one of the enum values " + show(*it);
  }
  if (auto it = schema.find("const"); it != schema.end() && *it != value) {
    return show(value) + " is not the const value " + show(*it);
  }
  if (value.is_number()) {
    double x = value.get<double>();
    auto num = [&](const char* key, double& out) {
      auto it = schema.find(key);
      if (it == schema.end() || !it->is_number()) return false;
      out = it->get<double>();
      return true;
    };
    double bound = 0;
    if (num("minimum", bound) && x < bound) return show(value) + " is less than minimum " + show(schema["minimum"]);
    if (num("maximum", bound) && x > bound) return show(value) + " is greater than maximum " + show(schema["maximum"]);
    if (num("exclusiveMinimum", bound) && x <= bound) {
      return show(value) + " is not greater than exclusiveMinimum " + show(schema["exclusiveMinimum"]);
    }
    if (num("exclusiveMaximum", bound) && x >= bound) {
      return show(value) + " is not less than exclusiveMaximum " + show(schema["exclusiveMaximum"]);
    }
    if (num("multipleOf", bound) && bound > 0) {
      double q = x / bound;
      if (std::fabs(q - std::round(q)) > 1e-9) return show(value) + " is not a multiple of " + show(schema["multipleOf"]);
    }
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    std::size_t len = code_points(s);
    if (auto it = schema.find("minLength"); it != schema.end() && it->is_number_integer() && len < it->get<std::size_t>()) {
      return show(value) + " is shorter than minLength " + it->dump();
    }
    if (auto it = schema.find("maxLength"); it != schema.end() && it->is_number_integer() && len > it->get<std::size_t>()) {
      return show(value) + " is longer than maxLength " + it->dump();
    }
    if (auto it = schema.find("pattern"); it != schema.end() && it->is_string()) {
      const re2::RE2* re = compiled_pattern(it->get_ref<const std::string&>());
      // An invalid pattern (nullptr) is reported on its own by the schema checks.
      if (re && !re2::RE2::PartialMatch(s, *re)) return show(value) + " does not match pattern " + show(*it);
    }
  }
  if (value.is_array()) {
    std::size_t n = value.size();
    if (auto it = schema.find("minItems"); it != schema.end() && it->is_number_integer() && n < it->get<std::size_t>()) {
      return "has " + std::to_string(n) + " items, fewer than minItems " + it->dump();
    }
    if (auto it = schema.find("maxItems"); it != schema.end() && it->is_number_integer() && n > it->get<std::size_t>()) {
      return "has " + std::to_string(n) + " items, more than maxItems " + it->dump();
    }
    if (auto it = schema.find("uniqueItems"); it != schema.end() && *it == true) {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
          if (value[i] == value[j]) return "has duplicate items but uniqueItems is true";
        }
      }
    }
    if (auto it = schema.find("items"); it != schema.end() && it->is_object()) {
      for (std::size_t i = 0; i < n; ++i) {
        std::string why = validate(*it, value[i]);
        if (!why.empty()) return "item " + std::to_string(i) + " " + why;
      }
    }
  }
  if (value.is_object()) {
    if (auto it = schema.find("required"); it != schema.end() && it->is_array()) {
      for (const auto& r : *it) {
        if (r.is_string() && !value.contains(r.get<std::string>())) return "is missing required property '" + r.get<std::string>() + "'";
      }
    }
    const ir::Json* props = nullptr;
    if (auto it = schema.find("properties"); it != schema.end() && it->is_object()) props = &*it;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (props && props->contains(it.key())) {
        std::string why = validate((*props)[it.key()], it.value());
        if (!why.empty()) return "property '" + it.key() + "' " + why;
        continue;
      }
      auto ap = schema.find("additionalProperties");
      if (ap != schema.end()) {
        if (*ap == false) return "has property '" + it.key() + "', which additionalProperties forbids";
        if (ap->is_object()) {
          std::string why = validate(*ap, it.value());
          if (!why.empty()) return "property '" + it.key() + "' " + why;
        }
      }
    }
    std::size_t n = value.size();
    if (auto it = schema.find("minProperties"); it != schema.end() && it->is_number_integer() && n < it->get<std::size_t>()) {
      return "has fewer than minProperties " + it->dump() + " properties";
    }
    if (auto it = schema.find("maxProperties"); it != schema.end() && it->is_number_integer() && n > it->get<std::size_t>()) {
      return "has more than maxProperties " + it->dump() + " properties";
    }
  }
  return "";
}

}  // namespace mcpc::sema

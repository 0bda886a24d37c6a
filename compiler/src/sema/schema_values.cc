// A spec's own values (defaults, enum members) checked against their schemas by the servers'
// validator (mcpc/json_schema/validator.h), and its failures worded for diagnostics.
#include <cmath>
#include <memory>

#include "checks.h"
#include "mcpc/json_schema/ecma_regex.h"
#include "mcpc/json_schema/validator.h"

namespace mcpc::sema {
namespace {

using json_schema::Keyword;

std::string type_of(const OrderedJson& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
  if (v.is_number_float()) return std::floor(v.get<double>()) == v.get<double>() ? "integer" : "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

std::string show(const OrderedJson& v) {
  std::string s = v.dump();
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// "property 'tags' item 1 ": where in `value` a failure is, from its JSON Pointer.
std::string where(const OrderedJson& value, std::string_view pointer) {
  std::string out;
  const OrderedJson* node = &value;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // the '/'
    std::size_t end = pointer.find('/');
    std::string token;
    for (std::size_t i = 0; i < std::min(end, pointer.size()); ++i) {
      if (pointer[i] == '~' && i + 1 < pointer.size())
        token += pointer[++i] == '1' ? '/' : '~';
      else
        token += pointer[i];
    }
    pointer.remove_prefix(std::min(end, pointer.size()));
    if (node && node->is_array()) {
      out += "item " + token + " ";
      std::size_t index = std::stoul(token);
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else {
      out += "property '" + token + "' ";
      const OrderedJson* next = nullptr;
      if (node && node->is_object()) {
        if (auto it = node->find(token); it != node->end()) next = &*it;
      }
      node = next;
    }
  }
  return out;
}

class DiagnosticWording final : public json_schema::Wording<OrderedJson> {
 public:
  explicit DiagnosticWording(const OrderedJson& value) : value_(value) {}

  std::string operator()(const json_schema::Failure<OrderedJson>& f) const override {
    return where(value_, f.at) + why(f);
  }

 private:
  static std::string why(const json_schema::Failure<OrderedJson>& f) {
    const OrderedJson& v = *f.value;
    auto shown = [&] { return show(v) + " "; };
    switch (f.keyword) {
      case Keyword::FalseSchema:
        return "is not allowed: its schema is false";
      case Keyword::Ref:
        return "cannot be checked: $ref " + std::string(f.detail) + " does not resolve";
      case Keyword::NestingLimit:
        return "cannot be checked: its schema nests too deep";
      case Keyword::StepBudget:
        return "cannot be checked in " + std::to_string(f.first) + " steps";
      case Keyword::Cancelled:
        return "was not checked";
      case Keyword::Type: {
        std::string wanted;
        if (f.bound->is_string()) wanted = f.bound->get<std::string>();
        if (f.bound->is_array()) {
          for (const auto& t : *f.bound) {
            if (t.is_string()) wanted += (wanted.empty() ? "" : " or ") + t.get<std::string>();
          }
        }
        return "is " + type_of(v) + ", not " + wanted;
      }
      case Keyword::Enum:
        return shown() + "is not one of the enum values " + show(*f.bound);
      case Keyword::Const:
        return shown() + "is not the const value " + show(*f.bound);
      case Keyword::Minimum:
        return shown() + "is less than minimum " + show(*f.bound);
      case Keyword::Maximum:
        return shown() + "is greater than maximum " + show(*f.bound);
      case Keyword::ExclusiveMinimum:
        return shown() + "is not greater than exclusiveMinimum " + show(*f.bound);
      case Keyword::ExclusiveMaximum:
        return shown() + "is not less than exclusiveMaximum " + show(*f.bound);
      case Keyword::MultipleOf:
        return shown() + "is not a multiple of " + show(*f.bound);
      case Keyword::MinLength:
        return shown() + "is shorter than minLength " + f.bound->dump();
      case Keyword::MaxLength:
        return shown() + "is longer than maxLength " + f.bound->dump();
      case Keyword::Pattern:
        return shown() + "does not match pattern " + show(*f.bound);
      case Keyword::UncheckablePattern:
        return "cannot be checked: pattern " + std::string(f.name) + " " + std::string(f.detail);
      case Keyword::MinItems:
        return "has " + std::to_string(v.size()) + " items, fewer than minItems " + f.bound->dump();
      case Keyword::MaxItems:
        return "has " + std::to_string(v.size()) + " items, more than maxItems " + f.bound->dump();
      case Keyword::UniqueItems:
        return "has duplicate items but uniqueItems is true";
      case Keyword::MinContains:
        return "has " + std::to_string(f.second) + " items matching contains, fewer than " + std::to_string(f.first);
      case Keyword::MaxContains:
        return "has " + std::to_string(f.second) + " items matching contains, more than maxContains " +
               std::to_string(f.first);
      case Keyword::Required:
        return "is missing required property '" + std::string(f.name) + "'";
      case Keyword::MinProperties:
        return "has fewer than minProperties " + f.bound->dump() + " properties";
      case Keyword::MaxProperties:
        return "has more than maxProperties " + f.bound->dump() + " properties";
      case Keyword::DependentRequired:
        return "has property '" + std::string(f.name) + "' but not property '" + std::string(f.detail) +
               "', which dependentRequired asks for";
      case Keyword::PropertyNames:
        return "has property '" + std::string(f.name) + "', whose name propertyNames forbids";
      case Keyword::AdditionalProperties:
        return "has property '" + std::string(f.name) + "', which additionalProperties forbids";
      case Keyword::AnyOf:
        return "matches none of the anyOf schemas (" + std::string(f.detail) + ")";
      case Keyword::OneOf:
        return "matches " + std::to_string(f.first) + " of the oneOf schemas, not exactly one";
      case Keyword::Not:
        return "matches the schema under 'not'";
      case Keyword::Format:
        return shown() + "is not a valid " + show(*f.bound);
    }
    return "is not valid";
  }

  const OrderedJson& value_;
};

}  // namespace

const re2::RE2* compiled_pattern(const std::string& pattern, std::string* error) {
  // The servers' own cache (ecma_regex.h): one compilation per pattern, the same reading.
  static thread_local std::unique_ptr<json_schema::CompiledPattern> uncached;  // used once the cache is full
  const json_schema::CompiledPattern* c = json_schema::pattern_cache().get(pattern, uncached);
  if (error) *error = c->error;
  return c->re.get();
}

std::string validate(const OrderedJson& schema, const OrderedJson& value, const OrderedJson* document) {
  const DiagnosticWording wording(value);
  json_schema::ValidationOptions<OrderedJson> options;
  options.document = document;
  options.wording = &wording;
  options.skip_unusable_parts = true;  // check_schemas reports them on its own
  return json_schema::validate(schema, value, {}, options);
}

}  // namespace mcpc::sema

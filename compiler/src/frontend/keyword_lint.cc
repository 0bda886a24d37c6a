// Keywords where names belong. A line such as `items: string` written one level too shallow under
// the parameter `tags` is, to YAML, a second parameter named `items`. Only `type`, `items`,
// `properties` and `additionalProperties` can pass for a parameter's schema, and only they are
// warned about; even then only when the member just before could own the keyword (its schema is
// a mapping that lacks it, of a type the keyword applies to) and the member has no description,
// which a real parameter would carry. Any other keyword cannot be a parameter at all: lowering
// reports the error, and a note here says where the line belongs.
#include "keyword_lint.h"

#include <cstdint>
#include <string>

#include "schema_lowering.h"

namespace mcpc::frontend {
namespace {

bool is_type_string(const doc::Node& n) { return n.is_string() && is_type_name(n.text); }

// What a parameter's schema may be: a mapping of shorthand keys, or a type name.
bool lowers_as_schema(const doc::Node& n) {
  if (is_type_string(n)) return true;
  if (!n.is_map()) return false;
  for (const doc::Entry& e : n.entries) {
    if (!is_shorthand_key(e.key)) return false;
  }
  return true;
}

// Whether `value` reads as the value of the keyword `key` while also passing for a schema.
bool keyword_value_passes_as_schema(std::string_view key, const doc::Node& value) {
  if (key == "type") return is_type_string(value);
  if (key == "items" || key == "additionalProperties") return lowers_as_schema(value);
  if (key == "properties" && value.is_map() && !value.entries.empty()) {
    for (const doc::Entry& e : value.entries) {
      if (!e.value.is_map() && !is_type_string(e.value)) return false;
    }
    return lowers_as_schema(value);
  }
  return false;
}

// The type a keyword applies to ("" for any).
std::string_view applies_to(std::string_view key, const doc::Node& value) {
  for (std::string_view k : {"items", "minItems", "maxItems", "uniqueItems"}) {
    if (key == k) return "array";
  }
  for (std::string_view k : {"properties", "additionalProperties", "minProperties", "maxProperties"}) {
    if (key == k) return "object";
  }
  if (key == "required" && value.is_seq()) return "object";
  for (std::string_view k : {"minLength", "maxLength", "pattern", "format"}) {
    if (key == k) return "string";
  }
  for (std::string_view k : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}) {
    if (key == k) return "number";
  }
  return "";
}

bool has_type(const doc::Node& schema, std::string_view wanted) {
  const doc::Entry* t = schema.find("type");
  if (wanted.empty() || !t) return true;
  auto fits = [&](const doc::Node& n) {
    return n.is_string() && (n.text == wanted || (wanted == "number" && n.text == "integer"));
  };
  if (t->value.is_seq()) {
    for (const doc::Node& n : t->value.items) {
      if (fits(n)) return true;
    }
    return false;
  }
  return fits(t->value);
}

// The member a keyword written at `index` most likely belongs to: the one before it (past other
// keywords, which were probably moved with it), if its schema is a mapping that can take it.
const doc::Entry* owner_of(const doc::Node& members, std::size_t index) {
  const doc::Entry& keyword = members.entries[index];
  for (std::size_t j = index; j-- > 0;) {
    const doc::Entry& candidate = members.entries[j];
    if (is_shorthand_key(candidate.key)) continue;
    const doc::Node& schema = candidate.value;
    if (!schema.is_map() || schema.entries.empty() || schema.find(keyword.key)) return nullptr;
    return has_type(schema, applies_to(keyword.key, keyword.value)) ? &candidate : nullptr;
  }
  return nullptr;
}

// "indent it by 2 more spaces (to column 9) to put it in 'tags'", or for a flow mapping
// (`tags: {type: array}`), which indentation cannot reach, "move it into the schema of 'tags'".
std::string where_it_goes(const doc::Entry& keyword, const doc::Entry& owner) {
  const doc::Node& schema = owner.value;
  std::uint32_t column = schema.entries.front().key_loc.column;
  bool block = schema.loc == schema.entries.front().key_loc;
  if (!block || column <= keyword.key_loc.column || column - keyword.key_loc.column > 40) {
    return "move it into the schema of '" + owner.key + "'";
  }
  std::uint32_t more = column - keyword.key_loc.column;
  return "indent it by " + std::to_string(more) + (more == 1 ? " more space" : " more spaces") + " (to column " +
         std::to_string(column) + ") to put it in '" + owner.key + "'";
}

void check_member(const doc::Node& members, std::size_t index, std::string_view kind, DiagnosticEngine& diags) {
  const doc::Entry& e = members.entries[index];
  if (!is_shorthand_key(e.key)) return;
  const doc::Entry* owner = owner_of(members, index);
  if (!lowers_as_schema(e.value)) {
    // Lowering reports that this is no schema; say what the line probably is.
    std::string msg = "'" + e.key + "' is a JSON Schema keyword, not a " + std::string(kind) + " name; ";
    msg +=
        owner ? where_it_goes(e, *owner) : "it belongs inside the schema of the " + std::string(kind) + " it describes";
    diags.report(Severity::Note, Check::KeywordParameter, e.value.loc, std::move(msg));
    return;
  }
  if (!owner || !keyword_value_passes_as_schema(e.key, e.value) || e.value.find("description")) return;
  Diagnostic& d = diags.report(Check::KeywordParameter, e.key_loc,
                               "'" + e.key + "' here declares a " + std::string(kind) + " named '" + e.key +
                                   "'; if it belongs to '" + owner->key + "', it is indented one level too shallow");
  d.length = static_cast<std::uint32_t>(e.key.size());
  d.notes.push_back(where_it_goes(e, *owner));
  std::string how = e.value.is_string() ? "'" + e.key + ": {type: " + e.value.text + ", description: ...}'"
                                        : "a 'description:' in its schema";
  d.notes.push_back("if a " + std::string(kind) + " named '" + e.key + "' is meant, give it a description: " + how);
}

}  // namespace

bool report_schema_as_parameters(const doc::Node& params, DiagnosticEngine& diags) {
  if (!params.is_map() || params.entries.empty()) return false;
  const doc::Entry& first = params.entries.front();
  bool schema = (first.key == "type" && first.value.is_string() && first.value.text == "object") ||
                first.key == "$schema" || (first.key == "required" && first.value.is_seq()) ||
                (first.key == "properties" && first.value.is_map() && !lowers_as_schema(first.value));
  if (!schema) return false;
  std::string start = first.key == "type" ? "type: object" : first.key + ":";
  Diagnostic& d = diags.report(Severity::Error, Check::KeywordParameter, first.key_loc,
                               "'parameters' is written as a JSON Schema object (it starts with '" + start +
                                   "'), but it names the parameters themselves; for raw JSON Schema write "
                                   "'inputSchema:' instead of 'parameters:'");
  d.length = static_cast<std::uint32_t>(first.key.size());
  d.notes.push_back("or name each parameter under 'parameters:', e.g. 'query: {type: string, required: true}'");
  return true;
}

void lint_keyword_members(const doc::Node& members, std::string_view kind, DiagnosticEngine& diags) {
  if (!members.is_map()) return;
  for (std::size_t i = 0; i < members.entries.size(); ++i) {
    check_member(members, i, kind, diags);
    lint_keyword_schema(members.entries[i].value, diags);
  }
}

void lint_keyword_schema(const doc::Node& schema, DiagnosticEngine& diags) {
  if (!schema.is_map()) return;
  if (const doc::Entry* p = schema.find("properties")) lint_keyword_members(p->value, "property", diags);
  for (std::string_view key : {"items", "additionalProperties"}) {
    if (const doc::Entry* e = schema.find(key)) lint_keyword_schema(e->value, diags);
  }
}

}  // namespace mcpc::frontend

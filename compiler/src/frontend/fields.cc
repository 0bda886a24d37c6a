// Fields: typed access to one mapping with unknown-key and missing-field reporting.
#include "mcpc/frontend/fields.h"

#include <algorithm>

namespace mcpc::frontend {

std::string yaml11_boolean_note(const doc::Node& value) {
  if (!value.is_string()) return {};
  static const std::vector<std::pair<std::string_view, bool>> words = {
      {"yes", true}, {"Yes", true},  {"YES", true},  {"y", true},   {"Y", true},   {"on", true},
      {"On", true},  {"ON", true},   {"no", false},  {"No", false}, {"NO", false}, {"n", false},
      {"N", false},  {"off", false}, {"Off", false}, {"OFF", false}};
  for (auto [word, meaning] : words) {
    if (value.text == word) {
      return "YAML 1.2 reads '" + value.text + "' as a string (yes/no/on/off were booleans only in YAML 1.1); write " +
             (meaning ? "true" : "false");
    }
  }
  return {};
}

Diagnostic& report_type(DiagnosticEngine& diags, const doc::Node& value, std::string_view key,
                        std::string_view expected) {
  std::string msg = "expected " + std::string(expected);
  if (!key.empty()) msg += " for '" + std::string(key) + "'";
  msg += ", got " + std::string(doc::kind_name(value.kind));
  if (value.is_scalar() && !value.text.empty() && value.text.size() <= 40) msg += " '" + value.text + "'";
  Diagnostic& d = diags.report(Check::Type, value.loc, std::move(msg));
  if (std::string note = yaml11_boolean_note(value);
      !note.empty() && expected.find("boolean") != std::string_view::npos)
    d.notes.push_back(std::move(note));
  return d;
}

Fields::Fields(const doc::Node& node, std::string what, std::vector<std::string_view> allowed, DiagnosticEngine& diags)
    : node_(node), what_(std::move(what)), allowed_(std::move(allowed)), diags_(diags) {
  ok_ = node.is_map();
  if (!ok_) {
    report_type(diags, node, "", "a mapping for " + what_);
    finished_ = true;
  }
  used_.assign(node.entries.size(), false);
}

Fields::~Fields() { finish(); }

const doc::Entry* Fields::entry(std::string_view key) {
  if (!ok_) return nullptr;
  for (std::size_t i = 0; i < node_.entries.size(); ++i) {
    if (node_.entries[i].key == key) {
      used_[i] = true;
      return &node_.entries[i];
    }
  }
  return nullptr;
}

const doc::Node* Fields::get(std::string_view key) {
  const doc::Entry* e = entry(key);
  return e ? &e->value : nullptr;
}

void Fields::missing(std::string_view key) {
  diags_.report(Check::MissingField, node_.loc, what_ + " is missing required field '" + std::string(key) + "'");
}

const doc::Node* Fields::typed(std::string_view key, doc::Kind kind, std::string_view expected, bool required) {
  if (!ok_) return nullptr;
  const doc::Node* v = get(key);
  if (!v) {
    if (required) missing(key);
    return nullptr;
  }
  if (v->kind != kind) {
    report_type(diags_, *v, key, expected);
    return nullptr;
  }
  return v;
}

std::optional<std::string> Fields::string(std::string_view key, bool required) {
  if (!ok_) return std::nullopt;
  const doc::Node* v = get(key);
  if (!v) {
    if (required) missing(key);
    return std::nullopt;
  }
  // A plain number where a string is expected (e.g. "version: 1.0") is still a mistake:
  // the reader resolved it as a number, so say so rather than guess.
  if (!v->is_string()) {
    report_type(diags_, *v, key, "a string");
    return std::nullopt;
  }
  if (required && v->text.empty()) {
    diags_.report(Check::MissingField, v->loc, "'" + std::string(key) + "' of " + what_ + " must not be empty");
    return std::nullopt;
  }
  return v->text;
}

std::optional<bool> Fields::boolean(std::string_view key) {
  const doc::Node* v = typed(key, doc::Kind::Bool, "a boolean (true or false)", false);
  if (!v) return std::nullopt;
  return v->boolean;
}

std::optional<std::int64_t> Fields::integer(std::string_view key) {
  const doc::Node* v = typed(key, doc::Kind::Int, "an integer", false);
  if (!v) return std::nullopt;
  return v->integer;
}

const doc::Node* Fields::mapping(std::string_view key, bool required) {
  return typed(key, doc::Kind::Map, "a mapping", required);
}

const doc::Node* Fields::list(std::string_view key, bool required) {
  return typed(key, doc::Kind::Seq, "a list", required);
}

std::optional<std::string> Fields::choice(std::string_view key, const std::vector<std::string_view>& choices,
                                          bool required) {
  std::optional<std::string> s = string(key, required);
  if (!s) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *s) != choices.end()) return s;
  std::string list;
  for (std::string_view c : choices) {
    if (!list.empty()) list += ", ";
    list += c;
  }
  std::string msg = "invalid " + std::string(key) + " '" + *s + "' for " + what_ + "; expected one of: " + list;
  std::string guess = closest_match(*s, choices);
  if (!guess.empty()) msg += " (did you mean '" + guess + "'?)";
  diags_.report(Check::InvalidValue, get(key)->loc, std::move(msg));
  return std::nullopt;
}

void Fields::finish() {
  if (finished_) return;
  finished_ = true;
  for (std::size_t i = 0; i < node_.entries.size(); ++i) {
    if (used_[i]) continue;
    const doc::Entry& e = node_.entries[i];
    if (std::find(allowed_.begin(), allowed_.end(), e.key) != allowed_.end()) continue;
    std::string msg = "unknown key '" + e.key + "' in " + what_;
    std::string guess = closest_match(e.key, allowed_);
    if (!guess.empty()) msg += "; did you mean '" + guess + "'?";
    diags_.report(Check::UnknownKey, e.key_loc, std::move(msg)).length =
        static_cast<std::uint32_t>(std::max<std::size_t>(1, e.key.size()));
  }
}

}  // namespace mcpc::frontend

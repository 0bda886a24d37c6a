// Reading one mapping of the spec: typed getters that report wrong types and missing fields,
// and a final pass that reports every key nobody asked for, with a did-you-mean.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/frontend/document.h"

namespace mcpc::frontend {

class Fields {
 public:
  /// `what` names the object in messages ("tool 'search'", "connection"). Reports a type
  /// error when `node` is not a mapping; the getters then return nothing.
  Fields(const doc::Node& node, std::string what, std::vector<std::string_view> allowed, DiagnosticEngine& diags);
  ~Fields();
  Fields(const Fields&) = delete;
  Fields& operator=(const Fields&) = delete;

  bool ok() const { return ok_; }
  const doc::Node& node() const { return node_; }

  /// The entry for `key` (marked as used), or nullptr. No type check.
  const doc::Entry* entry(std::string_view key);
  const doc::Node* get(std::string_view key);

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::int64_t> integer(std::string_view key);
  /// A mapping or list value, type-checked; nullptr when absent or mistyped.
  const doc::Node* mapping(std::string_view key, bool required = false);
  const doc::Node* list(std::string_view key, bool required = false);
  /// A string that must be one of `choices`.
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string_view>& choices,
                                    bool required = false);

  /// Reports a missing required field at the mapping.
  void missing(std::string_view key);
  /// Reports keys that were neither read nor allowed. Runs from the destructor if not called.
  void finish();

 private:
  const doc::Node* typed(std::string_view key, doc::Kind kind, std::string_view expected, bool required);

  const doc::Node& node_;
  std::string what_;
  std::vector<std::string_view> allowed_;
  DiagnosticEngine& diags_;
  std::vector<bool> used_;
  bool ok_ = false;
  bool finished_ = false;
};

/// Reports a type error for a value: "expected <expected> for '<key>', got <kind>". Where a
/// boolean is expected and the value is a YAML 1.1 boolean (yes, no, on, off, y, n), a note says
/// that YAML 1.2 reads it as a string and what to write instead.
Diagnostic& report_type(DiagnosticEngine& diags, const doc::Node& value, std::string_view key,
                        std::string_view expected);

/// For a string that YAML 1.1 read as a boolean (and YAML 1.2, as mcpc does, reads as a string):
/// "YAML 1.2 reads 'no' as a string, not a boolean; write false". Empty for any other value.
std::string yaml11_boolean_note(const doc::Node& value);

}  // namespace mcpc::frontend

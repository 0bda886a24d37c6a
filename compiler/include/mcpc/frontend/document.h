// The located document tree: what the YAML and JSON readers produce and the lowering reads.
// Both formats meet here, so every later check works the same for either.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/frontend/frontend.h"
#include "mcpc/support/diagnostic.h"
#include "mcpc/support/source.h"

namespace mcpc::frontend::doc {

enum class Kind { Null, Bool, Int, Float, String, Seq, Map };

struct Entry;

struct Node {
  Kind kind = Kind::Null;
  SourceLoc loc;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;  ///< string value, or the scalar as written for other scalars
  std::vector<Node> items;
  std::vector<Entry> entries;

  bool is_map() const { return kind == Kind::Map; }
  bool is_seq() const { return kind == Kind::Seq; }
  bool is_string() const { return kind == Kind::String; }
  bool is_scalar() const { return kind != Kind::Seq && kind != Kind::Map; }
  /// The entry for a key in a mapping, or nullptr.
  const Entry* find(std::string_view key) const;
  /// Number of nodes in this subtree, counting itself.
  std::size_t size() const;
};

struct Entry {
  std::string key;
  SourceLoc key_loc;
  Node value;
};

/// "string", "integer", "mapping", ... for messages.
std::string_view kind_name(Kind kind);

/// Reads a YAML (1.2 core schema) document. Returns false after reporting a diagnostic when
/// the file cannot be read into a tree; limits bound depth and alias expansion.
bool read_yaml(const SourceManager& sm, std::uint32_t file, const Limits& limits, DiagnosticEngine& diags, Node& out);
/// Reads a strict RFC 8259 JSON document.
bool read_json(const SourceManager& sm, std::uint32_t file, const Limits& limits, DiagnosticEngine& diags, Node& out);

/// Reports the first invalid UTF-8 sequence, if any; returns true when the text is valid.
bool check_utf8(const SourceManager& sm, std::uint32_t file, DiagnosticEngine& diags);

}  // namespace mcpc::frontend::doc
